"""The flows of questions, each a straight line in a worker: stop, save, leave the editor, and
the command palette's way in."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Label

from backcare_tui.data.catalog import load_routine
from backcare_tui.data.locations import user_routines_dir
from backcare_tui.data.settings import Settings
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.save_flow import overwrite_warning
from backcare_tui.ui.screens.confirm import ConfirmScreen, StopScreen
from backcare_tui.ui.screens.editor import EditorScreen
from backcare_tui.ui.screens.picker import PickerScreen
from backcare_tui.ui.screens.save_copy import SaveCopyScreen
from backcare_tui.ui.screens.session import SessionScreen
from tests.fakes import FakeClock

MINE = """\
# My own stretch: these comments cannot survive a rewrite.
name = "Mine"
lead_in = 3

[[steps]]
name = "Plank"
kind = "hold"
duration = 20
"""


def make_app(clock: FakeClock) -> BackcareApp:
    return BackcareApp(
        settings=Settings(safety_acknowledged=True),
        remember_settings=False,
        clock=clock,
        wake=False,
    )


def write_mine(text: str = MINE) -> Path:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def edit(app: BackcareApp, pilot: Pilot[int], routine_id: str, duration: str) -> EditorScreen:
    """Open ``routine_id`` in the editor and type a new duration for its first step."""
    app.edit_routine(app.catalog.routines[routine_id])
    await pilot.pause()
    assert isinstance(app.screen, EditorScreen)
    field = app.screen.query_one("#step-duration", Input)
    field.focus()
    field.value = duration
    await pilot.pause()
    return app.screen


async def save_edit(app: BackcareApp, pilot: Pilot[int], routine_id: str, duration: str) -> None:
    """Edit ``routine_id`` in the editor, then press ctrl+s."""
    await pilot.pause()
    await edit(app, pilot, routine_id, duration)
    await pilot.press("ctrl+s")
    await pilot.pause()


def test_nothing_to_say_before_saving_over_an_unchanged_file_without_comments() -> None:
    path = write_mine(MINE.split("\n", 1)[1])
    assert overwrite_warning(load_routine(path)) is None


def test_before_saving_over_a_file_the_user_hears_what_a_rewrite_loses() -> None:
    path = write_mine()
    source = load_routine(path)
    assert overwrite_warning(source) == (
        "mine.toml has comments, which saving cannot keep. "
        "The current file is kept as mine.toml.bak. Save?"
    )
    path.write_text(MINE.replace("duration = 20", "duration = 25"), encoding="utf-8")
    assert (overwrite_warning(source) or "").startswith(
        "mine.toml was changed since it was loaded here; saving replaces it. mine.toml has comments"
    )


async def test_q_twice_before_the_question_is_up_asks_once(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session_by_id("quick-relief")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        screen.post_message(SessionScreen.QuitAsked())
        screen.post_message(SessionScreen.QuitAsked())
        await pilot.pause()
        assert [type(s) for s in app.screen_stack].count(StopScreen) == 1
        await pilot.press("n")
        assert isinstance(app.screen, SessionScreen)
        assert app.session is not None and not app.session.paused


async def test_saving_over_my_own_file_asks_first_and_keeps_a_backup(clock: FakeClock) -> None:
    path = write_mine()
    app = make_app(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await save_edit(app, pilot, "mine", "45s")
        assert isinstance(app.screen, ConfirmScreen)
        assert "has comments" in str(app.screen.query_one(".dialog-title", Label).render())
        await pilot.press("n")  # not now: nothing written, still editing
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert path.read_text(encoding="utf-8") == MINE
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.selected == "mine"
    assert load_routine(path).steps[0].duration == 45
    assert path.with_name("mine.toml.bak").read_text(encoding="utf-8") == MINE


async def test_a_builtin_is_not_saved_under_a_name_i_already_use(clock: FakeClock) -> None:
    write_mine()
    app = make_app(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await save_edit(app, pilot, "quick-relief", "45s")
        assert isinstance(app.screen, SaveCopyScreen)
        app.screen.query_one("#ask-input", Input).value = "mine"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveCopyScreen)  # not taken: the problem is shown instead
        problem = str(app.screen.query_one("#ask-problem", Label).render())
        assert "You already have a routine called 'mine'" in problem
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
    assert sorted(p.name for p in user_routines_dir().iterdir()) == ["mine.toml"]


async def test_a_copy_is_not_saved_under_another_routines_display_name(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await save_edit(app, pilot, "quick-relief", "45s")
        dialog = app.screen
        assert isinstance(dialog, SaveCopyScreen)
        name = dialog.query_one("#ask-name", Input)
        name.value = "Quick Relief"  # the built-in's own name, in another case
        await pilot.pause()
        problem = str(dialog.query_one("#ask-problem", Label).render())
        assert "Another routine is already called 'Quick Relief'" in problem
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        # The file name followed the name as it was typed.
        assert dialog.query_one("#ask-input", Input).value == "quick-relief-2"
        name.value = "Quick relief, longer"
        await pilot.pause()
        assert dialog.query_one("#ask-input", Input).value == "quick-relief-longer"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    saved = load_routine(user_routines_dir() / "quick-relief-longer.toml")
    assert saved.name == "Quick relief, longer"


async def test_a_file_name_typed_by_hand_no_longer_follows_the_name(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await save_edit(app, pilot, "quick-relief", "45s")
        dialog = app.screen
        assert isinstance(dialog, SaveCopyScreen)
        dialog.query_one("#ask-input", Input).value = "relief-long"
        await pilot.pause()
        dialog.query_one("#ask-name", Input).value = "Long relief"
        await pilot.pause()
        assert dialog.query_one("#ask-input", Input).value == "relief-long"


async def test_leaving_the_editor_with_changes_asks_first(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        editor = await edit(app, pilot, "quick-relief", "45s")
        editor.query_one("#steps").focus()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is editor
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.selected == "quick-relief"


async def test_the_command_palette_starts_a_routine(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"start recovery")
        await pilot.pause(0.3)  # the palette searches in the background
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.session is not None and app.session.routine.id == "recovery"
