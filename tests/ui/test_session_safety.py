"""What the session screen shows at the moments that matter: the routine's safety notes at the
start, however it was started; a timer's reminder when it fires; what + and - do now."""

from __future__ import annotations

import math

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, Static

from backcare_tui.core.loader import parse_routine
from backcare_tui.data.catalog import resolve
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens.picker import PickerScreen
from backcare_tui.ui.screens.session import SessionScreen
from backcare_tui.ui.widgets.key_bar import KeyBar
from backcare_tui.ui.widgets.safety_notes import SafetyNotes, page_at
from tests.fakes import FakeClock
from tests.ui.test_app import make_app, text_of
from tests.ui.test_palette import palette_run

SIZES = [(80, 24), (40, 12)]


def notes_of(app: BackcareApp) -> SafetyNotes:
    assert isinstance(app.screen, SessionScreen)
    return app.screen.query_one("#safety-notes", SafetyNotes)


def notes_on_screen(app: BackcareApp) -> str:
    """The words of the notes the reader can see now (the page scrolled to)."""
    notes = notes_of(app)
    region = notes.query_one("#safety-text", Static).region
    shown = notes.query_one("#safety-text", Static).render_lines(region.reset_offset)
    return " ".join(strip.text.strip() for strip in shown)


async def tick(app: BackcareApp, pilot: Pilot[int], clock: FakeClock, seconds: float) -> None:
    moved = 0.0
    while moved < seconds:
        clock.advance(0.5)
        moved += 0.5
        app.tick()
    await pilot.pause()


def test_a_page_lasts_as_long_as_its_lines_and_a_short_one_a_third_of_a_page() -> None:
    assert page_at(0.0, 12, 4) == 0
    assert page_at(0.32, 12, 4) == 0  # three full pages, a third each
    assert page_at(0.34, 12, 4) == 1
    assert page_at(1.0, 25, 4) == 6
    assert page_at(0.5, 4, 10) == 0
    # Ten lines, then one: the last page gets a third of a full page's time, not a tenth.
    assert page_at(0.74, 11, 10) == 0
    assert page_at(0.76, 11, 10) == 1


@pytest.mark.parametrize("size", SIZES)
async def test_a_session_from_the_command_line_shows_the_notes_and_pages_them(
    clock: FakeClock, size: tuple[int, int]
) -> None:
    recovery = resolve("recovery")
    app = make_app(clock, recovery)  # as `backcare run recovery` starts it
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        notes = notes_of(app)
        assert notes.display
        assert text_of(app, "#phase-label") == "GET READY"
        assert not app.screen.query_one("#instructions").display  # the notes take its place
        seen = []
        session = app.session
        assert session is not None
        reading = session.phase.duration - recovery.lead_in
        for _ in range(math.ceil(reading)):
            seen.append(notes_on_screen(app))
            title = str(notes.query_one("#safety-title", Label).render())
            if notes.page < notes.pages - 1:
                assert "more below" in title
            await tick(app, pilot, clock, 1)
        shown = " ".join(seen)
        # Every note was on the screen, the ice warning and the last one included.
        for note in recovery.safety:
            for word in note.split()[-3:]:
                assert word in shown
        assert not notes.display  # the last seconds of the get-ready are the usual ones
        assert not app.screen.has_class("-reading")
        assert text_of(app, "#phase-label") == "GET READY"
        if size == (40, 12):
            assert notes.pages > 2


async def test_sessions_from_the_picker_and_the_palette_show_the_notes(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")  # the first routine in the list
        await pilot.pause()
        assert notes_of(app).display
        assert "Stop any exercise that causes sharp pain" in notes_on_screen(app)
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.press("enter")  # back to the routines
        await pilot.pause()
        await palette_run(app, pilot, "start recovery")
        assert app.session is not None and app.session.routine.id == "recovery"
        assert notes_of(app).display


async def test_a_routine_without_notes_starts_as_before(clock: FakeClock) -> None:
    routine = parse_routine(
        'name = "Bare"\nlead_in = 3\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 5\n',
        "bare.toml",
    )
    app = make_app(clock, routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query("#safety-notes")
        assert app.session is not None and app.session.phase.duration == 3


@pytest.mark.parametrize("size", SIZES)
async def test_a_reminder_is_shown_when_it_fires(clock: FakeClock, size: tuple[int, int]) -> None:
    routine = parse_routine(
        'name = "Ice"\nlead_in = 0\n[[steps]]\nname = "Ice pack"\nkind = "timer"\n'
        'duration = "2m"\nremind_every = "1m"\nreminder = "Check your skin."\n',
        "ice.toml",
    )
    app = make_app(clock, routine)
    async with app.run_test(size=size) as pilot:
        await tick(app, pilot, clock, 59)
        label = app.screen.query_one("#phase-label", Label)
        assert str(label.render()) == "TIMER"
        await tick(app, pilot, clock, 1)
        assert str(label.render()) == "REMINDER · Check your skin."
        assert label.has_class("-reminder")
        await tick(app, pilot, clock, 10)
        assert str(label.render()) == "TIMER"
        assert not label.has_class("-reminder")


async def test_the_key_bar_says_what_plus_and_minus_do_now(clock: FakeClock) -> None:
    routine = parse_routine(
        'name = "K"\nlead_in = 1\n[[steps]]\nname = "Clam"\nkind = "reps"\nreps = 3\ntempo = 1\n',
        "k.toml",
    )
    app = make_app(clock, routine)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        shown = {key: description for key, _, description, _ in bar.keys()[0]}
        assert (shown["plus"], shown["minus"]) == ("+10s", "-10s")
        await tick(app, pilot, clock, 1.5)
        shown = {key: description for key, _, description, _ in bar.keys()[0]}
        assert (shown["plus"], shown["minus"]) == ("+1 rep", "-1 rep")
