"""The routine editor and "save these timings", driven through Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from backcare_tui.core.draft import Draft
from backcare_tui.core.phases import total_time
from backcare_tui.core.routine import STEP_KEYS, StepKind, step_keys
from backcare_tui.data.catalog import load_catalog, load_routine, resolve
from backcare_tui.data.locations import builtin_routines_dir, user_routines_dir
from backcare_tui.data.settings import Settings
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens.editor import STEP_INPUTS, EditorScreen
from backcare_tui.ui.screens.picker import PickerScreen
from backcare_tui.ui.screens.save_copy import SaveCopyScreen
from tests.fakes import FakeClock


def make_app(clock: FakeClock, routine: object = None) -> BackcareApp:
    return BackcareApp(
        routine,  # type: ignore[arg-type]
        settings=Settings(safety_acknowledged=True),
        remember_settings=False,
        clock=clock,
        wake=False,
    )


async def open_editor(app: BackcareApp, pilot: object, routine_id: str) -> EditorScreen:
    app.edit_routine(app.catalog.routines[routine_id])
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, EditorScreen)
    return app.screen


def status(app: BackcareApp) -> str:
    return str(app.screen.query_one("#editor-status", Static).content)


async def test_a_builtin_edited_and_saved_becomes_a_user_routine(clock: FakeClock) -> None:
    builtin_before = (builtin_routines_dir() / "quick-relief.toml").read_bytes()
    app = make_app(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        editor = await open_editor(app, pilot, "quick-relief")
        duration = editor.query_one("#step-duration", Input)
        duration.focus()
        duration.value = "45s"
        await pilot.pause()
        assert "Total" in status(app) and "unsaved changes" in status(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveCopyScreen)
        assert app.screen.query_one("#ask-name", Input).value == "Quick relief (mine)"
        assert app.screen.query_one("#ask-input", Input).value == "quick-relief-mine"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    saved = load_routine(user_routines_dir() / "quick-relief-mine.toml")
    assert saved.steps[0].duration == 45
    assert saved.name == "Quick relief (mine)"  # never listed as a second "Quick relief"
    original = resolve("quick-relief")
    assert total_time(saved) == total_time(original) + 2 * 15  # both sides 15 s longer
    assert (builtin_routines_dir() / "quick-relief.toml").read_bytes() == builtin_before
    assert "quick-relief-mine" in load_catalog().routines


async def test_an_invalid_edit_shows_the_loaders_message_and_cannot_be_saved(
    clock: FakeClock,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        editor = await open_editor(app, pilot, "core-strength")
        reps = editor.query_one("#step-reps", Input)
        reps.focus()
        reps.value = "ten"
        await pilot.pause()
        assert 'step 1 "Cat-cow": reps must be a whole number from 1 to 500, got "ten"' in status(
            app
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
    assert not user_routines_dir().exists() or not list(user_routines_dir().glob("*.toml"))


async def test_steps_are_added_from_the_library_duplicated_moved_and_removed(
    clock: FakeClock,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        editor = await open_editor(app, pilot, "quick-relief")
        draft = editor.draft
        count = len(draft.steps)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"plank", "enter")
        await pilot.pause()
        assert len(draft.steps) == count + 1
        assert draft.steps[1]["name"] == "Plank"
        await pilot.press("d")
        assert len(draft.steps) == count + 2 and draft.steps[2]["name"] == "Plank"
        await pilot.press("J")
        assert editor.current == 3 and draft.steps[3]["name"] == "Plank"
        await pilot.press("x", "x")
        assert len(draft.steps) == count
        assert draft.check().errors == ()


def test_draft_kind_change_drops_keys_that_no_longer_apply() -> None:
    draft = Draft(resolve("quick-relief"))
    draft.set_step(0, "kind", "reps")
    assert "duration" not in draft.steps[0]
    assert draft.check().errors == (
        'step 1 "Knee to chest, one leg": reps is required for reps steps: a whole number from 1 to 500',
    )
    draft.set_step(0, "reps", "8")
    assert draft.check().errors == ()


def test_a_progress_rule_is_typed_in_words_and_checked_by_the_loader() -> None:
    from backcare_tui.core.routine import Progress

    draft = Draft(resolve("core-strength"))
    plank = next(i for i, s in enumerate(draft.steps) if s["name"] == "Plank")
    draft.set_step(plank, "progress", "every 3, add 5s, max 60s")
    check = draft.check()
    assert check.routine is not None
    assert check.routine.steps[plank].progress == Progress(add=5.0, most=60.0, every=3)
    assert draft.step_value(plank, "progress") == "every 3, add 5s, max 60s"
    draft.set_step(plank, "progress", "add 5s, max 20s")
    assert draft.check().errors == (
        'step 4 "Plank": progress.max must be more than the step\'s own duration (30 s), got 20 s',
    )
    draft.set_step(plank, "progress", "")
    assert "progress" not in draft.steps[plank]


@pytest.fixture(autouse=True)
def _no_real_home(isolated_dirs: Path) -> None:
    """The editor writes into the user routines folder: the isolated one."""


def test_changing_the_kind_back_brings_the_old_values_back() -> None:
    draft = Draft(resolve("quick-relief"))
    draft.set_step(0, "kind", "reps")
    draft.set_step(0, "kind", "timer")
    assert draft.steps[0]["duration"] == "30s"
    draft.set_step(0, "kind", "hold")
    assert draft.check().errors == ()
    assert draft.check().routine == resolve("quick-relief")


async def test_the_editor_is_usable_at_40x12(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        editor = await open_editor(app, pilot, "core-strength")
        await pilot.pause()
        field = editor.query_one("#step-name", Input)
        assert field.size.width >= 10, "a field must have room to show its value"
        assert editor.query_one("#steps").size.height >= 3


async def test_every_step_key_has_a_field_shown_for_the_kinds_it_applies_to(
    clock: FakeClock,
) -> None:
    assert set(STEP_INPUTS) == set(STEP_KEYS) - {"kind", "sides"}
    app = make_app(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        editor = await open_editor(app, pilot, "core-strength")
        for kind in StepKind:
            editor._show_fields(kind.value)
            shown = {row.name for row in editor.query(".step-field") if row.display}
            assert shown == set(step_keys(kind)), kind
