"""The history screen (``h``): shown over a session without stopping it, whatever the file holds."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from backcare_tui.core.loader import parse_routine
from backcare_tui.data.history import open_history
from backcare_tui.data.history_summary import summarize
from backcare_tui.data.settings import Settings
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens import history as history_screen
from backcare_tui.ui.screens.history import LOADING, HistoryScreen
from backcare_tui.ui.screens.session import SessionScreen
from tests.fakes import FakeClock
from tests.ui.test_app import rendered_text

ROUTINE = parse_routine(
    'name = "Brief"\nlead_in = 2\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 60\n',
    "brief.toml",
)


def app_with(store_path: Path, clock: FakeClock, *, session: bool = True) -> BackcareApp:
    return BackcareApp(
        ROUTINE if session else None,
        settings=Settings(safety_acknowledged=True),
        remember_settings=False,
        clock=clock,
        wake=False,
        history=open_history(store_path),
    )


async def test_dates_at_the_edges_of_the_calendar_do_not_end_the_app(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "history.sqlite3"
    open_history(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO sessions (routine_id, routine_name, started_at, status, steps_total,"
            " steps_done, seconds) VALUES ('x', ?, ?, 'finished', 1, 1, 60)",
            [
                ("Far past", "0001-01-01T00:00:00+00:00"),
                ("Far future", "9999-12-31T23:59:59-12:00"),
            ],
        )
    conn.close()
    app = app_with(path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        text = await shown(app, pilot)
        assert "Far past" in text and "Far future" in text
        await pilot.press("escape")
        assert isinstance(app.screen, SessionScreen)
    assert app.return_code in (None, 0)


async def shown(app: BackcareApp, pilot: object) -> str:
    """The report's text once the thread working it out has handed it over."""
    for _ in range(200):
        text = rendered_text(app.screen.query_one("#history-report", Static).content)
        if LOADING not in text:
            return text
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError("the report never came")


async def test_the_report_loads_off_the_event_loop_while_the_app_goes_on(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The report is held back in its thread until the test lets it go: meanwhile the screen
    # says so, and keys, timers and the session's wake-ups all go on.
    go_on = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        assert go_on.wait(10)
        return summarize(*args, **kwargs)

    monkeypatch.setattr(history_screen, "summarize", slow)
    app = app_with(tmp_path / "history.sqlite3", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        session = app.session
        assert session is not None
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert LOADING in rendered_text(app.screen.query_one("#history-report", Static).content)
        fired: list[bool] = []
        app.set_timer(0.01, lambda: fired.append(True))
        await pilot.pause(0.1)
        assert fired, "a timer fired while the report was still being worked out"
        await pilot.press("escape")  # not interested after all: back to the stretch
        assert isinstance(app.screen, SessionScreen) and not session.paused
        before = session.elapsed
        for _ in range(3):
            clock.advance(1)
            app.tick()
        assert session.elapsed == pytest.approx(before + 3)
        go_on.set()  # the report arrives for a screen that has gone: nothing breaks
        await pilot.pause(0.1)
        await pilot.press("h")
        assert "Brief" in await shown(app, pilot)
        await pilot.press("escape")
    assert app.return_code in (None, 0)


async def test_a_damaged_file_met_by_the_report_is_repaired_and_read_again(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcare_tui.data import history_schema
    from tests.data.test_history import fill, pages, scribble

    monkeypatch.setattr(history_schema, "QUICK_CHECK_LIMIT", 0)  # not checked on opening
    path = tmp_path / "history.sqlite3"
    store = open_history(path)
    fill(store, 300)
    store.close()
    scribble(path, pages(path, 2, 10)[0])
    app = app_with(path, clock, session=False)  # from the picker: nothing written before h
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("h")
        text = await shown(app, pilot)
        assert "Session 0" in text and "could not be read" not in text
        assert any("300 sessions were saved" in n.message for n in app._notifications)


async def test_at_80_columns_the_report_fits_beside_the_scroll_bar(
    tmp_path: Path, clock: FakeClock
) -> None:
    import io

    from rich.console import Console

    from tests.data.test_history import fill

    path = tmp_path / "history.sqlite3"
    store = open_history(path)
    fill(store, 30)  # taller than the screen: the scroll bar takes two columns
    store.close()
    app = app_with(path, clock, session=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await shown(app, pilot)
        await pilot.pause()
        report = app.screen.query_one("#history-report", Static)
        room = app.screen.query_one("#history").scrollable_content_region
        assert report.region.right <= room.right
        console = Console(file=io.StringIO(), width=report.content_region.width, color_system=None)
        console.print(report.content)
        header = next(line for line in console.file.getvalue().splitlines() if "When" in line)  # type: ignore[attr-defined]
        assert header.rstrip().endswith("Stiffness")
