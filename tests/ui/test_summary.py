"""The summary: an honest end (done, skipped, not done), the doses used, saved exactly, and
the check-in just given."""

from __future__ import annotations

import re
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from backcare_tui.core.phases import PhaseKind
from backcare_tui.data.catalog import load_catalog, load_routine, resolve
from backcare_tui.data.locations import user_routines_dir
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens.checkin import CheckinScreen
from backcare_tui.ui.screens.confirm import ConfirmScreen
from backcare_tui.ui.screens.save_copy import SaveCopyScreen
from backcare_tui.ui.screens.session import SessionScreen
from backcare_tui.ui.screens.summary import SummaryScreen
from tests.fakes import FakeClock
from tests.ui.test_app import make_app, rendered_text


async def run_until(
    app: BackcareApp,
    pilot: Pilot[int],
    clock: FakeClock,
    step: int,
    kind: PhaseKind,
    set_number: int = 1,
) -> None:
    """Let the session run (a second at a time) until it is in the phase asked for."""
    session = app.session
    assert session is not None
    while not (
        session.phase.step_index == step
        and session.phase.kind is kind
        and session.phase.set_number == set_number
    ):
        assert not session.finished
        clock.advance(1)
        app.tick()
    await pilot.pause()


def summary_text(app: BackcareApp) -> str:
    assert isinstance(app.screen, SummaryScreen)
    title = str(app.screen.query_one("#summary-title", Label).render())
    table = rendered_text(app.screen.query_one("#summary-table", Static).content)
    return re.sub(r" +", " ", title + "\n" + table)  # one space between the columns


async def stop(pilot: Pilot[int]) -> None:
    await pilot.press("q", "y")
    await pilot.pause()


async def test_the_summary_lists_each_change_and_saves_exactly_those(clock: FakeClock) -> None:
    builtin = resolve("core-strength")
    app = make_app(clock, builtin)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_until(app, pilot, clock, 1, PhaseKind.WORK, set_number=2)
        await pilot.press("minus")  # Glute bridge set 2: 11 reps, not 12
        await run_until(app, pilot, clock, 3, PhaseKind.WORK)
        await pilot.press("plus")  # Plank set 1 held 40 s, not 30 s
        await run_until(app, pilot, clock, 3, PhaseKind.REST, set_number=2)
        await stop(pilot)  # set 2 of the plank never reached
        text = summary_text(app)
        assert "Changed Glute bridge 12 reps → 11 reps" in text
        assert "Plank 30 s → 40 s" in text
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SaveCopyScreen)
        assert dialog.changes == ("Glute bridge 12 reps → 11 reps", "Plank 30 s → 40 s")
        assert dialog.query_one("#ask-name", Input).value == "Core strength (mine)"
        await pilot.press("enter")
        await pilot.pause()
    saved = load_routine(user_routines_dir() / "core-strength-mine.toml")
    assert saved.name == "Core strength (mine)"
    assert saved.steps[1].reps == 11
    assert saved.steps[3].duration == 40
    unchanged = [i for i in range(len(builtin.steps)) if i not in (1, 3)]
    assert [saved.steps[i] for i in unchanged] == [builtin.steps[i] for i in unchanged]


async def test_saving_into_my_own_routine_lists_the_changes_first(clock: FakeClock) -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.toml"
    path.write_text(
        'name = "Mine"\nlead_in = 2\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 20\n',
        encoding="utf-8",
    )
    app = make_app(clock, load_catalog().routines["mine"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_until(app, pilot, clock, 0, PhaseKind.WORK)
        await pilot.press("plus")
        clock.advance(40)
        app.tick()
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one(".dialog-title", Label).render())
        assert question == "Save into Mine?\n• Plank 20 s → 30 s"
        await pilot.press("y")
        await pilot.pause()
    assert load_routine(path).steps[0].duration == 30


async def test_a_run_of_skips_does_not_end_in_session_complete(clock: FakeClock) -> None:
    app = make_app(clock, resolve("quick-relief"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_until(app, pilot, clock, 1, PhaseKind.GET_READY)  # the first step done
        while isinstance(app.screen, SessionScreen):
            await pilot.press("n")  # every other step skipped
        text = summary_text(app)
        assert "Session complete" not in text
        assert text.startswith("Session over · 6 of 7 steps skipped")
        assert "Steps done 1 of 7" in text
        assert "Skipped 6: Both knees to chest, Cat-cow" in text


async def test_a_stopped_session_says_what_was_not_reached(clock: FakeClock) -> None:
    app = make_app(clock, resolve("quick-relief"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await run_until(app, pilot, clock, 2, PhaseKind.GET_READY)
        await stop(pilot)
        text = summary_text(app)
        assert text.startswith("Session stopped · 2 of 7 steps done")
        assert "Not done 5:" in text and "and 1 more" in text


async def checked_in_session(
    clock: FakeClock, tmp_path: Path, minutes: float
) -> tuple[BackcareApp, list[str]]:
    from backcare_tui.data.history import open_history

    store = open_history(tmp_path / "history.sqlite3")
    app = make_app(clock, None, history=store)
    seen: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session_by_id("quick-relief")
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        for _ in range(int(minutes * 60)):
            clock.advance(1)
            app.tick()
        await pilot.pause()
        await stop(pilot)
        seen.append(type(app.screen).__name__)
        if isinstance(app.screen, CheckinScreen):
            await pilot.press("3")
            await pilot.pause()
        seen.append(summary_text(app))
    store.close()
    return app, seen


async def test_a_session_stopped_in_its_first_minute_asks_nothing_after(
    clock: FakeClock, tmp_path: Path
) -> None:
    _, seen = await checked_in_session(clock, tmp_path, minutes=0.5)
    assert seen[0] == "SummaryScreen"
    assert "Stiffness 6 before" in seen[1]


async def test_the_summary_shows_the_check_in_just_given(clock: FakeClock, tmp_path: Path) -> None:
    _, seen = await checked_in_session(clock, tmp_path, minutes=2)
    assert seen[0] == "CheckinScreen"
    assert "Stiffness 6 before → 3 after" in seen[1]
