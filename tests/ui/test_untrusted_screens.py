"""The screens, fed hostile text: control characters shown as escapes, markup shown as written.

The loader refuses control characters in routine files, so these routines are made in code (as a
bug or a future importer might make them) or come from a tampered history file: the screens must
not rely on the loader. What is checked is the screen as Textual exports it, the same cells it
sends to the terminal.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import OptionList

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import Routine
from backcare_tui.core.safety import reading_time
from backcare_tui.data.history import open_history
from backcare_tui.data.locations import user_routines_dir
from backcare_tui.data.settings import Settings
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens.editor import EditorScreen
from backcare_tui.ui.screens.history import HistoryScreen
from backcare_tui.ui.screens.picker import PickerScreen
from backcare_tui.ui.screens.summary import SummaryScreen
from backcare_tui.ui.session_view import view_of
from tests.fakes import FakeClock
from tests.hostile import HOSTILE, SHOWN, assert_clean, hostile_routine, tamper_history


def make_app(clock: FakeClock, routine: Routine | None = None, **extra: object) -> BackcareApp:
    return BackcareApp(
        routine,
        settings=Settings(safety_acknowledged=True),
        remember_settings=False,
        clock=clock,
        wake=False,
        **extra,  # type: ignore[arg-type]
    )


def screen_text(app: BackcareApp) -> str:
    """What the screen shows, as text; raw control characters left in, if any got through."""
    svg = app.export_screenshot()
    lines = re.findall(r"<text [^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(lines)).replace("\xa0", " ")


def test_the_session_view_has_no_control_in_any_line(clock: FakeClock) -> None:
    from backcare_tui.core.session import Session

    session = Session(hostile_routine(), clock)
    session.start()
    clock.advance(3)
    session.update()
    view = view_of(session)
    for line in (view.title, view.detail, view.instructions, view.next_up, view.label):
        assert_clean(line)
    assert view.title == f"Ice{SHOWN}"
    assert f"Check{SHOWN}" in view.detail


async def test_the_session_and_summary_screens_show_hostile_text_escaped(clock: FakeClock) -> None:
    app = make_app(clock, hostile_routine())
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        shown = screen_text(app)  # the routine's safety notes come up first
        assert_clean(shown)
        assert f"Careful{SHOWN}" in shown
        clock.advance(3 + reading_time(hostile_routine().safety))
        app.tick()
        await pilot.pause()
        shown = screen_text(app)
        assert_clean(shown)
        assert f"Ice{SHOWN}" in shown
        assert f"Lie down{SHOWN}" in shown
        assert f"Check{SHOWN}" in shown
        for _ in range(70):  # a look at least every 10 s: a longer silence is a sleeping machine
            clock.advance(10)
            app.tick()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        shown = screen_text(app)
        assert_clean(shown)
        assert f"Hill{SHOWN}" in shown


async def test_the_history_screen_shows_a_tampered_name_escaped(clock: FakeClock) -> None:
    tamper_history(f"Core{HOSTILE}")
    history = open_history()
    app = make_app(clock, history=history)
    try:
        async with app.run_test(size=(200, 40)) as pilot:
            await pilot.pause()
            await pilot.press("h")
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            shown = screen_text(app)
            assert_clean(shown)
            assert f"Core{SHOWN}" in shown
    finally:
        history.close()


def _user_routine(text: str, name: str = "mine.toml") -> Path:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


MARKUP = """
name = "Short [bold]test[/] [/x]"
description = "See [link=http://x]this[/link]."

[[steps]]
name = "Hip [red]flexor"
kind = "hold"
duration = 6
"""


async def test_the_picker_shows_a_user_file_from_home_and_no_path_for_a_builtin(
    clock: FakeClock,
) -> None:
    _user_routine(MARKUP)
    app = make_app(clock)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        routines = app.screen.query_one("#routines", OptionList)
        ids = [routines.get_option_at_index(i).id for i in range(routines.option_count)]
        routines.highlighted = ids.index("quick-relief")
        await pilot.pause()
        shown = screen_text(app)
        assert "built-in" in shown
        assert str(Path(__file__).parents[2]) not in shown  # never the checkout's path
        routines.highlighted = ids.index("mine")
        await pilot.pause()
        shown = screen_text(app)
        assert "~/config/backcare-tui/routines/mine.toml" in shown
        assert "Short [bold]test[/] [/x]" in shown
        assert "See [link=http://x]this[/link]." in shown
        assert "Hip [red]flexor" in shown


async def test_the_editor_shows_markup_in_step_names_as_written(clock: FakeClock) -> None:
    _user_routine(MARKUP)
    app = make_app(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.edit_routine(app.catalog.routines["mine"])
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        shown = screen_text(app)
        assert "1. Hip [red]flexor" in shown
        assert "~/config/backcare-tui/routines/mine.toml" in shown


async def test_the_palette_shows_markup_in_names_and_descriptions_as_written(
    clock: FakeClock,
) -> None:
    _user_routine(MARKUP)
    app = make_app(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"short")
        await pilot.pause(0.5)
        shown = screen_text(app)
        assert "Start Short [bold]test[/] [/x]" in shown
        assert "See [link=http://x]this[/link]." in shown


async def test_a_settings_notice_is_never_read_as_markup(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[str, bool]] = []

    def record(self: App[object], message: str, **options: Any) -> None:
        sent.append((message, options.get("markup", True)))

    monkeypatch.setattr(App, "notify", record)
    app = make_app(clock)
    app.settings_notice = f"/home/[bold]x[/]/settings.toml: ignored{HOSTILE}"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    assert (f"/home/[bold]x[/]/settings.toml: ignored{SHOWN}", False) in sent


def test_a_routine_made_in_the_file_cannot_hold_what_these_screens_guard_against() -> None:
    # The first line of defence, for the record: the loader refuses the same text.
    text = 'name = "Hill\\u001b]0;x\\u0007"\n[[steps]]\nname = "A"\nkind = "hold"\nduration = 1\n'
    try:
        parse_routine(text, "x.toml")
    except Exception as exc:  # noqa: BLE001 - only the type matters here
        assert "control character" in str(exc)
    else:
        raise AssertionError("the loader took a control character")
