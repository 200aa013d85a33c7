"""The first-run safety notice: at any size its end is seen before Enter takes it as read."""

from __future__ import annotations

import io

from rich.console import Console
from textual.containers import VerticalScroll
from textual.widgets import Label

from backcare_tui.data.settings import Settings
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens.picker import PickerScreen
from backcare_tui.ui.screens.safety import MORE_BELOW, READ_ALL, SafetyScreen, red_flags
from tests.fakes import FakeClock


def first_run(clock: FakeClock) -> BackcareApp:
    return BackcareApp(settings=Settings(), remember_settings=False, clock=clock, wake=False)


def keys_line(app: BackcareApp) -> str:
    return str(app.screen.query_one("#safety-keys", Label).render())


async def test_at_40x12_enter_reads_on_until_the_end_has_been_on_screen(clock: FakeClock) -> None:
    app = first_run(clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SafetyScreen)
        assert keys_line(app) == MORE_BELOW
        presses = 0
        while keys_line(app) == MORE_BELOW:
            await pilot.press("enter")
            await pilot.pause()
            presses += 1
            assert app.screen is screen  # not taken as read while there is more below
            assert not app.settings.safety_acknowledged
            assert presses < 10
        assert presses >= 2
        scroll = screen.query_one("#safety-scroll", VerticalScroll)
        assert scroll.scroll_y == scroll.max_scroll_y  # the bladder and bowel warning was passed
        assert keys_line(app) == READ_ALL
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.settings.safety_acknowledged


async def test_escape_and_q_leave_without_taking_the_notice_as_read(clock: FakeClock) -> None:
    for key in ("escape", "q"):
        app = first_run(clock)
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause()
            await pilot.press("end")  # even with the end on screen
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert not app.is_running
        assert not app.settings.safety_acknowledged


def test_a_wrapped_flag_lines_up_under_its_words() -> None:
    console = Console(width=36, color_system=None, file=io.StringIO())
    console.print(red_flags().content)
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    first = next(n for n, line in enumerate(lines) if "•" in line)
    words = lines[first].index("•") + 2
    follow = lines[first + 1]
    assert follow[:words].strip() == "" and follow[words] != " "


async def test_scrolling_to_the_end_by_hand_counts_as_seen(clock: FakeClock) -> None:
    app = first_run(clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("end")  # the scroll has the focus: its own keys work
        await pilot.pause()
        assert keys_line(app) == READ_ALL
        await pilot.press("enter")
        await pilot.pause()
        assert app.settings.safety_acknowledged


async def test_where_it_fits_one_enter_takes_it_as_read(clock: FakeClock) -> None:
    app = first_run(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert keys_line(app) == READ_ALL
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.settings.safety_acknowledged


async def test_the_list_after_the_notice_fits_a_narrow_screen(clock: FakeClock) -> None:
    app = first_run(clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("end", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.has_class("-narrow")  # the list alone, no preview squeezed beside it
