"""The history screen (``h``): shown over a session without stopping it, whatever the file holds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Static

from backcare_tui.core.loader import parse_routine
from backcare_tui.data.history import open_history
from backcare_tui.data.settings import Settings
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens.history import HistoryScreen
from backcare_tui.ui.screens.session import SessionScreen
from tests.fakes import FakeClock
from tests.ui.test_app import rendered_text

ROUTINE = parse_routine(
    'name = "Brief"\nlead_in = 2\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 60\n',
    "brief.toml",
)


def app_with(store_path: Path, clock: FakeClock) -> BackcareApp:
    return BackcareApp(
        ROUTINE,
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
        await pilot.pause()
        shown = rendered_text(app.screen.query_one("#history-report", Static).content)
        assert "Far past" in shown and "Far future" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, SessionScreen)
    assert app.return_code in (None, 0)
