"""Finding routines, and the built-in routines themselves checked against the guidance."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from backcare_tui.core.routine import Routine, RoutineLoadError, Step, StepKind, StepSides
from backcare_tui.data.catalog import load_catalog, load_routine, resolve
from backcare_tui.data.locations import builtin_routines_dir, shown_path, user_routines_dir

FIXTURES = Path(__file__).parents[1] / "fixtures"
WITH_BELL = 'name = "R"\n[[steps]]\nname = "A"\nkind = "hold"\nduration = 5\nsound = "bell.wav"\n'
"""A routine whose one step plays ``bell.wav`` (on line 6) from the routine's folder."""
BUILTIN_IDS = {"pre-run-warm-up", "post-run-stretch", "core-strength", "recovery", "quick-relief"}

VALID = 'name = "{name}"\n\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 30\n'
BROKEN = 'name = "Broken"\n\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = "30h"\n'


def user_file(stem: str, text: str) -> Path:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(name: str) -> list[str]:
    with pytest.raises(RoutineLoadError) as caught:
        resolve(name)
    return [str(e) for e in caught.value.errors]


# --- one file ------------------------------------------------------------------------------------


def test_load_routine_accepts_a_byte_order_mark() -> None:
    routine = load_routine(FIXTURES / "with-bom.toml")
    assert routine.name == "With a BOM"
    assert routine.id == "with-bom"
    assert routine.path == FIXTURES / "with-bom.toml"


def test_load_routine_shows_the_name_it_was_given() -> None:
    with pytest.raises(RoutineLoadError) as caught:
        load_routine(FIXTURES / "bird-dog-ten.toml", shown="my.toml")
    (error,) = caught.value.errors
    assert (error.path, error.line, error.step, error.step_name, error.field) == (
        "my.toml",
        14,
        3,
        "Bird dog",
        "reps",
    )
    assert str(caught.value) == str(error)


def test_a_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(RoutineLoadError) as caught:
        load_routine(tmp_path / "nowhere.toml")
    missing = tmp_path / "nowhere.toml"
    assert str(caught.value) == f"{missing}: cannot be read: No such file or directory"


def test_sound_wav_must_exist_beside_the_file(write_routine: Callable[..., Path]) -> None:
    path = write_routine(WITH_BELL)
    with pytest.raises(RoutineLoadError) as caught:
        load_routine(path)
    assert str(caught.value) == (
        f'{path}:6: step 1 "A": sound names "bell.wav", which is not a file beside the routine'
    )
    (path.parent / "bell.wav").write_bytes(b"RIFF")
    assert load_routine(path).steps[0].sound == "bell.wav"


def test_a_folder_named_like_the_wav_does_not_count(write_routine: Callable[..., Path]) -> None:
    path = write_routine(WITH_BELL)
    (path.parent / "bell.wav").mkdir()
    with pytest.raises(RoutineLoadError):
        load_routine(path)


# --- the catalog ----------------------------------------------------------------------------------


def test_user_routines_folder_follows_xdg_config_home(isolated_dirs: Path) -> None:
    assert user_routines_dir() == isolated_dirs / "config" / "backcare-tui" / "routines"


def test_builtins_load_with_nothing_broken() -> None:
    catalog = load_catalog()
    assert catalog.broken == []
    assert set(catalog.routines) == BUILTIN_IDS
    assert all(r.builtin and r.path is not None for r in catalog.routines.values())
    assert catalog.shadowed == {}


def test_a_user_routine_with_a_builtin_id_shadows_it() -> None:
    user_file("core-strength", VALID.format(name="My core"))
    catalog = load_catalog()
    mine = catalog.routines["core-strength"]
    assert (mine.name, mine.builtin) == ("My core", False)
    assert catalog.shadowed["core-strength"].name == "Core strength"
    assert catalog.shadowed["core-strength"].builtin
    assert resolve("core-strength").name == "My core"


def test_a_broken_user_file_is_listed_and_does_not_stop_the_others() -> None:
    broken = user_file("aaa-broken", BROKEN)
    user_file("zzz-fine", VALID.format(name="Fine"))
    catalog = load_catalog()
    assert "zzz-fine" in catalog.routines
    assert "aaa-broken" not in catalog.routines
    assert set(catalog.routines) == BUILTIN_IDS | {"zzz-fine"}
    [(path, errors)] = catalog.broken
    assert path == broken
    assert [str(e) for e in errors] == [
        '~/config/backcare-tui/routines/aaa-broken.toml:6: step 1 "Plank": duration must be '
        'from 1 s to 1 h, got "30h"'
    ]


def test_only_visible_toml_files_are_routines() -> None:
    user_file(".hidden", VALID.format(name="Hidden"))
    (user_routines_dir() / "notes.txt").write_text("not a routine", encoding="utf-8")
    (user_routines_dir() / "folder.toml").mkdir()
    catalog = load_catalog()
    assert set(catalog.routines) == BUILTIN_IDS
    assert catalog.broken == []


def test_a_pipe_or_a_link_to_a_device_is_listed_as_broken_without_blocking() -> None:
    import os

    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "pipe.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    (folder / "gone.toml").symlink_to(folder / "nowhere.toml")
    catalog = load_catalog()  # a pipe with no writer would block a plain read forever
    said = {path.name: str(errors[0]) for path, errors in catalog.broken}
    assert said["pipe.toml"].endswith("is a named pipe (FIFO), not a routine file")
    assert said["zero.toml"].endswith("is a device, not a routine file")
    assert "cannot be read" in said["gone.toml"]
    assert set(catalog.routines) == BUILTIN_IDS


def test_sorted_lists_builtins_first_then_by_name() -> None:
    user_file("b", VALID.format(name="Aardvark stretch"))
    ordered = load_catalog().sorted()
    assert [r.builtin for r in ordered] == [True] * 5 + [False]
    names = [r.name for r in ordered[:5]]
    assert names == sorted(names, key=str.lower)


def test_explicit_folders_replace_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "one.toml").write_text(VALID.format(name="One"), encoding="utf-8")
    catalog = load_catalog(builtin=tmp_path, user=tmp_path / "missing")
    assert list(catalog.routines) == ["one"]
    assert catalog.routines["one"].builtin


# --- resolve --------------------------------------------------------------------------------------


def test_resolve_by_id() -> None:
    routine = resolve("recovery")
    assert (routine.id, routine.name, routine.builtin) == ("recovery", "Recovery", True)


def test_resolve_uses_a_given_catalog(tmp_path: Path) -> None:
    (tmp_path / "only.toml").write_text(VALID.format(name="Only"), encoding="utf-8")
    catalog = load_catalog(builtin=tmp_path, user=tmp_path / "missing")
    assert resolve("only", catalog).name == "Only"


def test_resolve_by_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hill-day.toml"
    path.write_text(VALID.format(name="Hill day"), encoding="utf-8")
    by_absolute = resolve(str(path))
    assert (by_absolute.id, by_absolute.name, by_absolute.path) == ("hill-day", "Hill day", path)
    monkeypatch.chdir(tmp_path)
    assert resolve("hill-day.toml").name == "Hill day"
    assert resolve("./hill-day.toml").name == "Hill day"


def test_resolve_a_path_shows_it_as_given_in_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bad.toml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_error("./bad.toml") == [
        './bad.toml:6: step 1 "Plank": duration must be from 1 s to 1 h, got "30h"'
    ]


def test_resolve_an_existing_file_without_the_toml_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plain").write_text(VALID.format(name="Plain"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert resolve("plain").name == "Plain"


def test_resolve_an_unknown_id_suggests_the_close_one() -> None:
    assert load_error("core-strenght") == [
        "core-strenght: is not a known routine; did you mean 'core-strength'?"
    ]


def test_resolve_an_unknown_id_with_nothing_close() -> None:
    assert load_error("zzzz") == ["zzzz: is not a known routine; `backcare list` shows them all"]


def test_resolve_a_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.toml")
    assert load_error(missing) == [f"{missing}: does not exist"]
    assert load_error("nowhere.toml") == ["nowhere.toml: does not exist"]


def test_resolve_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "routines.toml"
    folder.mkdir()
    assert load_error(str(tmp_path)) == [f"{tmp_path}: is a folder, not a routine file"]
    assert load_error(str(folder)) == [f"{folder}: is a folder, not a routine file"]


def test_resolve_the_id_of_a_broken_file_gives_its_problems() -> None:
    user_file("mine", BROKEN)
    assert load_error("mine") == [
        '~/config/backcare-tui/routines/mine.toml:6: step 1 "Plank": duration must be from 1 s '
        'to 1 h, got "30h"'
    ]


# --- the built-in routines, against the guidance --------------------------------------------------


@pytest.fixture(scope="module")
def builtins() -> dict[str, Routine]:
    catalog = load_catalog(builtin=builtin_routines_dir(), user=Path("/nonexistent/backcare-tui"))
    assert catalog.broken == []
    return catalog.routines


def find(routine: Routine, *words: str) -> Step:
    """The one step whose name holds all of ``words`` (case-insensitive)."""
    found = [s for s in routine.steps if all(w in s.name.lower() for w in words)]
    assert len(found) == 1, f"{routine.id}: {len(found)} steps named like {words}"
    return found[0]


def test_the_five_builtins_exist_as_files() -> None:
    assert {p.stem for p in builtin_routines_dir().glob("*.toml")} == BUILTIN_IDS


@pytest.mark.parametrize("routine_id", sorted(BUILTIN_IDS))
def test_every_builtin_carries_the_safety_notes(
    builtins: dict[str, Routine], routine_id: str
) -> None:
    notes = " ".join(builtins[routine_id].safety).lower()
    assert "sharp pain" in notes
    assert all(w in notes for w in ("bladder", "bowel", "numbness", "right away")), notes
    assert "does not settle" in notes and "spreads down a leg" in notes
    assert "doctor" in notes or "physical therapist" in notes
    assert "diagnose" in notes


@pytest.mark.parametrize("routine_id", sorted(BUILTIN_IDS))
def test_every_builtin_has_a_description_and_instructions(
    builtins: dict[str, Routine], routine_id: str
) -> None:
    routine = builtins[routine_id]
    assert routine.description
    assert routine.tags
    assert all(step.instructions for step in routine.steps)


def test_core_strength_figures(builtins: dict[str, Routine]) -> None:
    core = builtins["core-strength"]
    assert "strength" in core.tags
    plank = find(core, "plank")
    assert (plank.kind, plank.duration) == (StepKind.HOLD, 30.0)
    bird_dog = find(core, "bird dog")
    assert bird_dog.kind is StepKind.REPS and bird_dog.sides is StepSides.EACH
    assert bird_dog.reps is not None and 8 <= bird_dog.reps <= 12
    crunches = find(core, "mini crunch")
    assert crunches.reps is not None and 12 <= crunches.reps <= 15
    roll_up = find(core, "roll-up")
    assert roll_up.reps is not None and 4 <= roll_up.reps <= 5
    for name in ("glute bridge", "superman", "russian twist", "leg lift"):
        assert find(core, name).kind is StepKind.REPS


def test_pre_run_warm_up_is_dynamic_only(builtins: dict[str, Routine]) -> None:
    warm_up = builtins["pre-run-warm-up"]
    assert all(step.kind is not StepKind.HOLD for step in warm_up.steps)
    walk = warm_up.steps[0]
    assert walk.kind is StepKind.TIMER and walk.duration is not None
    assert 5 * 60 <= walk.duration <= 10 * 60
    swings = find(warm_up, "leg swing")
    assert swings.sides is StepSides.EACH
    assert swings.reps is not None and 12 <= swings.reps <= 20


def test_post_run_stretch_holds_are_20_to_30_seconds(builtins: dict[str, Routine]) -> None:
    stretch = builtins["post-run-stretch"]
    holds = [s for s in stretch.steps if s.kind is StepKind.HOLD]
    legs_up = find(stretch, "legs up the wall")
    # Legs up the wall is a resting pose held "a few minutes", not a stretch.
    assert legs_up.duration is not None and legs_up.duration >= 120
    stretches = [s for s in holds if s is not legs_up]
    assert len(stretches) >= 5
    assert all(s.duration is not None and 20 <= s.duration <= 30 for s in stretches), stretches
    for name in ("hamstring", "hip flexor", "child", "downward dog"):
        find(stretch, name)


def test_recovery_ice_heat_soak_and_breathing(builtins: dict[str, Routine]) -> None:
    recovery = builtins["recovery"]
    ice = find(recovery, "ice")
    assert ice.kind is StepKind.TIMER and ice.duration is not None
    assert 10 * 60 <= ice.duration <= 20 * 60
    assert ice.remind_every is not None and ice.remind_every < ice.duration
    assert "skin" in ice.reminder.lower()
    assert find(recovery, "heat").kind is StepKind.TIMER
    soak = find(recovery, "soak")
    assert soak.duration is not None and soak.duration >= 10 * 60
    breathing = find(recovery, "breathing")
    assert breathing.kind is StepKind.BREATHE and 60 <= breathing.work_time <= 10 * 60


def test_quick_relief_has_the_next_day_moves(builtins: dict[str, Routine]) -> None:
    relief = builtins["quick-relief"]
    assert find(relief, "psoas").sides is StepSides.EACH
    assert find(relief, "legs up the wall").kind is StepKind.HOLD
    assert find(relief, "knee to chest").sides is StepSides.EACH


def test_a_broken_user_copy_of_a_builtin_is_reported_not_silently_replaced() -> None:
    user_file("quick-relief", 'name = "My relief"\n[[steps]]\nname = "Hold"\nkind = "hold"\n')
    assert load_error("quick-relief") == [
        '~/config/backcare-tui/routines/quick-relief.toml:2: step 1 "Hold": duration is required for hold steps'
    ]


def test_a_routines_folder_that_is_a_file_is_a_problem_not_silence() -> None:
    folder = user_routines_dir()
    folder.parent.mkdir(parents=True)
    folder.write_text("in the way")
    catalog = load_catalog()
    assert "quick-relief" in catalog.routines
    [problem] = catalog.problems
    assert problem.startswith(f"{shown_path(folder)}: is a file, not a folder")


def test_a_missing_routines_folder_is_no_problem() -> None:
    assert not user_routines_dir().exists()
    assert load_catalog().problems == []


# --- ids as people type them ----------------------------------------------------------------------


def test_resolve_matches_an_id_in_any_letter_case() -> None:
    assert resolve("Core-Strength").id == "core-strength"
    assert resolve("RECOVERY").id == "recovery"


def test_an_exact_id_wins_over_one_that_differs_in_case() -> None:
    user_file("Hill", VALID.format(name="Big hill"))
    user_file("hill", VALID.format(name="Small hill"))
    assert resolve("hill").name == "Small hill"
    assert resolve("Hill").name == "Big hill"
    # Two files differ only in case: neither is guessed.
    assert load_error("HILL") == [
        "HILL: is not a known routine; did you mean one of 'Hill', 'hill'?"
    ]


def test_the_start_of_an_id_suggests_the_ids_it_starts() -> None:
    assert load_error("core") == ["core: is not a known routine; did you mean 'core-strength'?"]
    assert load_error("p") == [
        "p: is not a known routine; did you mean one of 'post-run-stretch', 'pre-run-warm-up'?"
    ]


def test_a_display_name_typed_as_an_id_suggests_its_id() -> None:
    assert load_error("Quick relief") == [
        "Quick relief: is not a known routine; did you mean 'quick-relief'?"
    ]


def test_a_broken_file_is_found_in_any_letter_case() -> None:
    user_file("mine", BROKEN)
    assert load_error("MINE") == [
        '~/config/backcare-tui/routines/mine.toml:6: step 1 "Plank": duration must be from 1 s '
        'to 1 h, got "30h"'
    ]
