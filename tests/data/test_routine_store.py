"""Saving routines: atomic, backed up, never into the built-ins, and read back unchanged."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare_tui.core.routine import Routine, Step, StepKind
from backcare_tui.core.routine_toml import routine_to_toml
from backcare_tui.data import routine_store
from backcare_tui.data.catalog import load_catalog, load_routine
from backcare_tui.data.locations import builtin_routines_dir, user_routines_dir
from backcare_tui.data.routine_names import (
    ID_LIMIT,
    name_problem,
    slug,
    suggest_id,
    suggest_name,
    valid_id,
)
from backcare_tui.data.routine_store import (
    SaveError,
    copy_routine_file,
    create_routine,
    has_comments,
    is_builtin_path,
    save_routine,
    shadows_builtin,
)
from tests.strategies import routines


def small(name: str = "Mine", seconds: float = 30.0) -> Routine:
    return Routine(
        id="x", name=name, steps=(Step(name="Plank", kind=StepKind.HOLD, duration=seconds),)
    )


def builtin_fingerprint() -> dict[str, tuple[str, int]]:
    """Every file in the built-in folder: its hash and modification time."""
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(builtin_routines_dir().iterdir())
    }


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- saving ---------------------------------------------------------------------------------------


def test_save_writes_a_new_file_that_loads_back() -> None:
    result = save_routine(small(), "hill-day")
    assert result.path == user_routines_dir() / "hill-day.toml"
    assert (result.backup, result.changed) == (None, True)
    loaded = load_routine(result.path)
    assert loaded == replace(small(), id="hill-day")
    text = result.path.read_text(encoding="utf-8")
    assert text.startswith("# Saved by backcare-tui.")
    assert leftovers(result.path.parent) == []


def test_saving_over_a_file_keeps_the_old_bytes_as_a_backup() -> None:
    first = save_routine(small(seconds=20), "mine")
    old = first.path.read_bytes()
    second = save_routine(small(seconds=45), "mine")
    assert second.backup == first.path.with_name("mine.toml.bak")
    assert second.backup.read_bytes() == old
    assert load_routine(second.path).steps[0].duration == 45
    # A third save replaces the older backup with the version just replaced.
    before_third = second.path.read_bytes()
    third = save_routine(small(seconds=60), "mine")
    assert third.backup is not None and third.backup.read_bytes() == before_third
    assert leftovers(third.path.parent) == []
    # The backup does not show up as a routine.
    assert set(load_catalog().routines) >= {"mine"}
    assert not any(p.name.endswith(".bak") for p, _ in load_catalog().broken)


def test_saving_the_same_bytes_again_writes_nothing() -> None:
    first = save_routine(small(), "same")
    again = save_routine(small(), "same")
    assert (again.changed, again.backup) == (False, None)
    assert not first.path.with_name("same.toml.bak").exists()


def test_a_crash_before_the_rename_leaves_the_old_file_and_no_temporary_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = save_routine(small(seconds=20), "mine").path
    old = original.read_bytes()
    real_replace = os.replace

    def crash(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst).endswith(".toml"):
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(SaveError) as caught:
        save_routine(small(seconds=99), "mine")
    assert str(caught.value) == (
        "~/config/backcare-tui/routines/mine.toml: cannot save the routine: No space left on device"
    )
    assert original.read_bytes() == old
    assert leftovers(original.parent) == []


def test_an_interrupt_during_the_write_leaves_the_old_file(monkeypatch: pytest.MonkeyPatch) -> None:
    original = save_routine(small(seconds=20), "mine").path
    old = original.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_routine(small(seconds=99), "mine")
    assert original.read_bytes() == old
    assert leftovers(original.parent) == []


def test_an_invalid_routine_is_refused_with_the_loaders_words_and_nothing_is_written() -> None:
    broken = Routine(
        id="x", name="Bad", steps=(Step(name="Plank", kind=StepKind.HOLD, duration=0.0),)
    )
    with pytest.raises(SaveError) as caught:
        save_routine(broken, "bad")
    (error,) = caught.value.errors
    assert (error.step, error.field) == (1, "duration")
    assert str(caught.value) == str(error)
    assert 'duration must be from 1 s to 1 h, got "0s"' in str(error)
    assert not user_routines_dir().exists() or list(user_routines_dir().iterdir()) == []


def test_a_sound_file_missing_from_the_user_folder_is_refused() -> None:
    step = Step(name="Plank", kind=StepKind.HOLD, duration=30.0, sound="gong.wav")
    routine = Routine(id="x", name="Gong", steps=(step,))
    with pytest.raises(SaveError) as caught:
        save_routine(routine, "gong")
    assert "gong.wav" in str(caught.value)
    user_routines_dir().mkdir(parents=True)
    (user_routines_dir() / "gong.wav").write_bytes(b"RIFF")
    assert load_routine(save_routine(routine, "gong").path).steps[0].sound == "gong.wav"


def test_a_serialiser_that_loses_something_is_caught_before_writing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        routine_store,
        "routine_to_toml",
        lambda r, header="": routine_to_toml(replace(r, name="Other")),
    )
    with pytest.raises(SaveError, match="would not read back as it is"):
        save_routine(small(), "lossy")
    assert not (user_routines_dir() / "lossy.toml").exists()


@pytest.mark.parametrize("routine_id", ["", " ", ".hidden", "a/b", "..", "a\\b", "tab\there"])
def test_an_id_that_is_not_a_plain_file_name_is_refused(routine_id: str) -> None:
    with pytest.raises(SaveError):
        save_routine(small(), routine_id)


def test_a_hand_named_file_can_still_be_saved_under_its_own_id() -> None:
    assert valid_id("My_Stretch") is not None
    assert save_routine(small(), "My_Stretch").path.name == "My_Stretch.toml"


# --- never the built-ins --------------------------------------------------------------------------


def test_never_writes_into_the_builtin_folder() -> None:
    before = builtin_fingerprint()
    with pytest.raises(SaveError, match="is a built-in routine, which is never changed"):
        save_routine(small(), "core-strength", folder=builtin_routines_dir())
    with pytest.raises(SaveError, match="is a built-in routine"):
        save_routine(small(), "brand-new", folder=builtin_routines_dir())
    with pytest.raises(SaveError, match="is a built-in routine"):
        copy_routine_file(
            builtin_routines_dir() / "recovery.toml", "again", folder=builtin_routines_dir()
        )
    assert builtin_fingerprint() == before


def test_a_link_into_the_builtin_folder_is_not_followed(tmp_path: Path) -> None:
    before = builtin_fingerprint()
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "core-strength.toml").symlink_to(builtin_routines_dir() / "core-strength.toml")
    linked_folder = tmp_path / "linked"
    linked_folder.symlink_to(builtin_routines_dir())
    with pytest.raises(SaveError, match="is a built-in routine"):
        save_routine(small(), "core-strength")
    with pytest.raises(SaveError, match="is a built-in routine"):
        save_routine(small(), "new-one", folder=linked_folder)
    assert builtin_fingerprint() == before


def test_a_link_to_the_users_own_file_elsewhere_is_written_through(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "mine.toml"
    real.write_text(routine_to_toml(small(seconds=20)), encoding="utf-8")
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").symlink_to(real)
    result = save_routine(small(seconds=50), "mine")
    assert (folder / "mine.toml").is_symlink()
    assert load_routine(real).steps[0].duration == 50
    assert result.backup == folder / "mine.toml.bak"


def test_a_copy_under_a_builtin_id_shadows_it_and_leaves_the_builtin_alone() -> None:
    before = builtin_fingerprint()
    catalog = load_catalog()
    original = catalog.routines["core-strength"]
    assert shadows_builtin("core-strength") and not shadows_builtin("my-own")
    longer = replace(
        original,
        steps=tuple(
            replace(s, duration=s.duration + 10) if s.kind is StepKind.HOLD and s.duration else s
            for s in original.steps
        ),
    )
    result = save_routine(longer, "core-strength")
    assert result.path == user_routines_dir() / "core-strength.toml"
    assert result.backup is None
    assert builtin_fingerprint() == before
    after = load_catalog()
    assert after.routines["core-strength"].builtin is False
    assert after.routines["core-strength"] == replace(longer, id="core-strength")
    assert after.shadowed["core-strength"] == original


def test_is_builtin_path() -> None:
    assert is_builtin_path(builtin_routines_dir() / "recovery.toml")
    assert is_builtin_path(builtin_routines_dir())
    assert is_builtin_path(builtin_routines_dir() / "not-there-yet.toml")
    assert not is_builtin_path(user_routines_dir() / "recovery.toml")
    assert not is_builtin_path(builtin_routines_dir().parent / "routines-extra" / "x.toml")


# --- copying for `backcare edit` ------------------------------------------------------------------


def test_copy_keeps_every_byte_and_never_replaces_a_file() -> None:
    source = builtin_routines_dir() / "recovery.toml"
    path = copy_routine_file(source, "recovery")
    assert path == user_routines_dir() / "recovery.toml"
    assert path.read_bytes() == source.read_bytes()
    path.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(SaveError, match="already exists"):
        copy_routine_file(source, "recovery")
    assert path.read_text(encoding="utf-8") == "# mine\n"
    assert leftovers(path.parent) == []


# --- creating for `backcare new` ----------------------------------------------------------------


def test_create_writes_a_new_file_with_its_header_that_loads_back() -> None:
    path = create_routine(small("Fresh"), "fresh", header="Made by hand.\nSecond line.")
    assert path == user_routines_dir() / "fresh.toml"
    assert path.read_text(encoding="utf-8").startswith("# Made by hand.\n# Second line.\n")
    assert load_routine(path) == replace(small("Fresh"), id="fresh", path=path)
    assert leftovers(path.parent) == []
    umask = os.umask(0o022)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644 & ~umask  # as any new file, not private


def test_create_never_replaces_a_file() -> None:
    path = create_routine(small(), "mine")
    path.write_text("# my own edit\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        create_routine(small("Other"), "mine")
    assert path.read_text(encoding="utf-8") == "# my own edit\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["mine.toml"]


def test_create_does_not_look_for_sounds_a_copy_has_yet_to_get() -> None:
    step = Step(name="Plank", kind=StepKind.HOLD, duration=30.0, sound="gong.wav")
    path = create_routine(replace(small(), steps=(step,)), "with-sound")
    assert "gong.wav" in path.read_text(encoding="utf-8")


def test_create_into_a_folder_that_is_a_file_is_a_save_error() -> None:
    user_routines_dir().parent.mkdir(parents=True, exist_ok=True)
    user_routines_dir().write_text("in the way")
    with pytest.raises(SaveError, match="is a file, not a folder"):
        create_routine(small(), "blocked")
    with pytest.raises(SaveError, match="is a file, not a folder"):
        save_routine(small(), "blocked")
    with pytest.raises(SaveError, match="is a file, not a folder"):
        copy_routine_file(builtin_routines_dir() / "recovery.toml", "blocked")


# --- round trip -----------------------------------------------------------------------------------


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(routine=routines())
def test_load_save_load_gives_an_equal_routine(routine: Routine, tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir(exist_ok=True)
    # The strategy's steps may play bell.wav, which must sit beside the file that names it.
    (source / "bell.wav").write_bytes(b"RIFF")
    user_routines_dir().mkdir(parents=True, exist_ok=True)
    (user_routines_dir() / "bell.wav").write_bytes(b"RIFF")
    (source / "gen.toml").write_text(routine_to_toml(routine), encoding="utf-8")
    loaded = load_routine(source / "gen.toml")
    saved = save_routine(loaded, "gen")
    assert load_routine(saved.path) == loaded


# --- ids ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("My stretch", "my-stretch"),
        ("  Hill day #2!  ", "hill-day-2"),
        ("Mañana Crème", "manana-creme"),
        ("snake_case name", "snake-case-name"),
        ("腰 ストレッチ", "腰-ストレッチ"),
        ("!!!", ""),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize(
    "text", ["a", "hill-day", "hill-day-2", "x" * ID_LIMIT, "腰-ストレッチ", "10k"]
)
def test_valid_ids(text: str) -> None:
    assert valid_id(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "An id needs at least one letter or digit."),
        ("x" * 61, "An id can be at most 60 characters long; this one has 61."),
        (
            "Hill-day",
            "An id can hold only lowercase letters, digits and hyphens, not 'H' (try 'hill-day').",
        ),
        (
            "hill day",
            "An id can hold only lowercase letters, digits and hyphens, not ' ' (try 'hill-day').",
        ),
        ("a_b", "An id can hold only lowercase letters, digits and hyphens, not '_' (try 'a-b')."),
        (
            "a.toml",
            "An id can hold only lowercase letters, digits and hyphens, not '.' (try 'a-toml').",
        ),
        ("-x", "An id must start and end with a letter or digit."),
        ("x-", "An id must start and end with a letter or digit."),
    ],
)
def test_invalid_ids_say_why(text: str, message: str) -> None:
    assert valid_id(text) == message


def test_suggest_id_avoids_taken_ids() -> None:
    assert suggest_id("Hill day", set()) == "hill-day"
    assert suggest_id("Hill day", {"hill-day"}) == "hill-day-2"
    assert suggest_id("Hill day", {"hill-day", "hill-day-2"}) == "hill-day-3"
    assert suggest_id("!!!", set()) == "routine"
    assert suggest_id("!!!", {"routine"}) == "routine-2"
    long = suggest_id("x" * 100, {"x" * ID_LIMIT})
    assert long == "x" * (ID_LIMIT - 2) + "-2"


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=90), taken=st.sets(st.text(max_size=8), max_size=5))
def test_suggest_id_always_gives_a_valid_free_id(name: str, taken: set[str]) -> None:
    # Taking the slug and its first few numbered ids forces the numbering path too.
    first = suggest_id(name, taken)
    crowded = taken | {first, f"{first}-2"}
    for result in (first, suggest_id(name, crowded)):
        assert valid_id(result) is None, result
    assert suggest_id(name, crowded) not in crowded


# --- comments -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "R"\n', False),
        ('# a note\nname = "R"\n', True),
        ('   # indented note\nname = "R"\n', True),
        ('name = "R" # trailing\n', True),
        ('name = "R # not a comment"\n', False),
        ("name = 'R # not a comment'\n", False),
        ('"key # quoted" = 1\n', False),
        ('name = "say \\"#\\" aloud"\n', False),
        ('name = """\n# inside a multi-line string\n"""\n', False),
        ("name = '''\n# inside\n'''\n", False),
        ('name = """a""""  # after a string ending in a quote\n', True),
        ('name = """a\\"""# still inside"""\n', False),
        ('tags = [\n  "a", # why a\n]\n', True),
        ("#:schema ../routine.schema.json\nname = 'R'\n", False),
        ("#:schema ../routine.schema.json\n# mine\nname = 'R'\n", True),
        ("", False),
    ],
)
def test_has_comments(tmp_path: Path, text: str, expected: bool) -> None:
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    assert has_comments(path) is expected


def test_the_apps_own_header_is_not_a_comment_to_warn_about() -> None:
    path = save_routine(small(), "mine").path
    assert not has_comments(path)
    path.write_text(path.read_text(encoding="utf-8") + "# my own note\n", encoding="utf-8")
    assert has_comments(path)


def test_builtin_files_have_comments_and_a_missing_file_has_none(tmp_path: Path) -> None:
    assert has_comments(builtin_routines_dir() / "recovery.toml")
    assert not has_comments(tmp_path / "nowhere.toml")


def test_a_schema_directive_survives_a_save() -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    path = folder / "mine.toml"
    path.write_text(
        "#:schema ../routine.schema.json\n" + routine_to_toml(small()), encoding="utf-8"
    )
    save_routine(small(seconds=40), "mine")
    save_routine(small(seconds=45), "mine")  # a second save neither drops nor repeats it
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#:schema ../routine.schema.json\n\n# Saved by backcare-tui.")
    assert text.count("#:schema") == 1
    assert load_routine(path).steps[0].duration == 45
    assert not has_comments(path)


# --- killed mid-save ------------------------------------------------------------------------------

_SAVER = textwrap.dedent(
    """
    import sys
    from backcare_tui.core.routine import StepKind, Routine, Step
    from backcare_tui.data.routine_store import save_routine

    def routine(seconds):
        steps = tuple(
            Step(name=f"Step {n}", kind=StepKind.HOLD, duration=seconds, instructions="x" * 200)
            for n in range(300)
        )
        return Routine(id="x", name=f"Every {seconds}", steps=steps)

    versions = [routine(20.0), routine(40.0)]
    print("ready", flush=True)
    count = 0
    while True:
        save_routine(versions[count % 2], "killed")
        count += 1
        print(count, flush=True)
    """
)


def test_killing_a_save_at_random_moments_leaves_a_whole_routine() -> None:
    folder = user_routines_dir()
    path = folder / "killed.toml"
    rng = random.Random(5)
    saves = 0
    for _ in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", _SAVER], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        # Kill somewhere in the first handful of saves, usually in the middle of one.
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=10)
        assert child.returncode == -signal.SIGKILL
        saves += len(out.split())
        if not path.exists():
            continue
        routine = load_routine(path)
        assert routine.name in ("Every 20.0", "Every 40.0"), routine.name
        assert len(routine.steps) == 300
        backup = folder / "killed.toml.bak"
        if backup.exists():
            assert len(load_routine(backup, shown="killed.toml.bak").steps) == 300
    assert path.exists(), "no save finished in any run; the kills came too early to test much"
    # A kill between creating the temporary file and renaming it leaves the temporary file; it
    # starts with a dot and ends in .tmp, so the catalog never reads it.
    stray = [name for name in leftovers(folder) if not name.endswith(".tmp")]
    assert stray == []
    print(f"{saves} saves finished across the kills; {len(leftovers(folder))} temporary files left")


def test_a_save_clears_temporaries_that_killed_saves_left_behind() -> None:
    import os
    import time

    from backcare_tui.data.catalog import resolve
    from backcare_tui.data.routine_store import save_routine

    routine = resolve("quick-relief")
    result = save_routine(routine, "mine")
    stale = result.path.parent / ".mine.toml.abc123.tmp"
    fresh = result.path.parent / ".mine.toml.def456.tmp"
    stale.write_text("half a routine", encoding="utf-8")
    fresh.write_text("a save in progress", encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    save_routine(routine, "mine")
    assert not stale.exists()
    assert fresh.exists(), "a temporary file of a save still running is left alone"


def _dead_pid() -> int:
    """The id of a process that has ended (and been reaped), so nothing answers to it."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _age(path: Path, seconds: float = 3600) -> None:
    import time

    old = time.time() - seconds
    os.utime(path, (old, old))


def test_a_copy_killed_before_its_clean_up_leaves_nothing_for_good() -> None:
    # os.link made the new name; the kill came before the staging file was unlinked. The next
    # copy into the folder (under any id) clears it once it is stale and its process is gone.
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    dead = _dead_pid()
    left = folder / f".core-strength.toml.{dead}.new"
    left.write_text("a whole copy", encoding="utf-8")
    half = folder / f"..core-strength.toml.{dead}.new.k3x9.tmp"
    half.write_text("half a copy", encoding="utf-8")
    for path in (left, half):
        _age(path)
    copy_routine_file(builtin_routines_dir() / "recovery.toml", "another")
    assert leftovers(folder) == []


def test_a_staging_file_of_a_live_process_or_a_fresh_one_is_left_alone() -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        live = folder / f".mine.toml.{sleeper.pid}.new"
        live.write_text("a copy being made", encoding="utf-8")
        _age(live)
        fresh = folder / f".other.toml.{_dead_pid()}.new"
        fresh.write_text("just made", encoding="utf-8")
        create_routine(small(), "third")
        save_routine(small(), "fourth")
        assert sorted(leftovers(folder)) == sorted([live.name, fresh.name])
    finally:
        sleeper.kill()
        sleeper.wait()


# --- display names of copies ------------------------------------------------------------------


def test_a_copy_is_named_as_the_users_own_and_never_as_another() -> None:
    assert suggest_name("Core strength", ["Core strength"]) == "Core strength (mine)"
    taken = ["Core strength", "core strength (MINE)"]
    assert suggest_name("Core strength", taken) == "Core strength (mine 2)"
    long = "x" * 80
    assert suggest_name(long, [long]) == "x" * 73 + " (mine)"
    assert len(suggest_name(long, [long, "x" * 73 + " (mine)"])) == 80


def test_a_copys_name_must_tell_it_apart() -> None:
    assert name_problem("Hill day", ["Core strength"]) is None
    assert "already called 'core strength'" in (
        name_problem("core strength", ["Core strength"]) or ""
    )
    assert name_problem("  ", []) is not None
    assert name_problem("x" * 81, []) is not None
    assert name_problem("bell\x07", []) == "A name cannot hold control characters."
