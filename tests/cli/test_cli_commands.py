"""The ``backcare`` command: each subcommand in-process, plus a few real processes for what only
a real process shows (Textual never imported, Ctrl+C, the real clock)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backcare_tui.cli import start
from backcare_tui.cli.main import main
from backcare_tui.core.durations import format_duration
from backcare_tui.core.phases import session_total
from backcare_tui.core.routine import Routine, StepKind, StepSides
from backcare_tui.data.catalog import load_catalog, load_routine
from backcare_tui.data.locations import builtin_routines_dir, shown_path, user_routines_dir

WriteRoutine = Callable[..., Path]
BUILTIN_IDS = ("core-strength", "post-run-stretch", "pre-run-warm-up", "quick-relief", "recovery")

GOOD = """\
name = "Hill day"
description = "After the hills."
lead_in = 3
safety = ["Stop on sharp pain."]

[[steps]]
name = "Calf stretch"
kind = "hold"
duration = "30s"
sides = true
instructions = "Lean on a wall, back heel down."

[[steps]]
name = "Bird dog"
kind = "reps"
reps = 10
sides = "alternate"

[[steps]]
name = "Rest"
kind = "rest"
duration = 20
"""

# (file bytes, the line the problem is on, words the message must contain)
BROKEN: dict[str, tuple[bytes, int, str]] = {
    "syntax": (b'name = "x"\n[[steps]\nname = "a"\n', 2, "header must end with ]]"),
    "unknown-key": (
        b'name = "x"\n[[steps]]\nname = "a"\nkind = "hold"\nduration = 30\nduraton = 3\n',
        6,
        "did you mean `duration`?",
    ),
    "not-utf8": (b'name = "caf\xe9"\n', 1, "not UTF-8"),
    "wrong-type": (
        b'name = "x"\n[[steps]]\nname = "Bird dog"\nkind = "reps"\nreps = "ten"\n',
        5,
        'step 1 "Bird dog": reps must be a whole number from 1 to 500, got "ten"',
    ),
}


def _user_routine(text: str, name: str) -> Path:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _broken_file(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.toml"
    path.write_bytes(BROKEN[kind][0])
    return path


# --- list --------------------------------------------------------------------------------------


def test_list_shows_built_ins_user_routines_and_broken_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _user_routine(GOOD, "hill-day.toml")
    _user_routine(GOOD.replace("Hill day", "My recovery"), "recovery.toml")
    broken = _user_routine('name = "x"\n[[steps]\n', "oops.toml")
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for routine_id in BUILTIN_IDS:
        assert routine_id in out
    hill = next(line for line in out.splitlines() if line.startswith("hill-day"))
    routine = load_routine(user_routines_dir() / "hill-day.toml")
    assert "Hill day" in hill and "3" in hill and hill.rstrip().endswith("user")
    assert format_duration(session_total(routine)) in hill
    assert "built-in" in next(line for line in out.splitlines() if line.startswith("quick-relief"))
    mine = next(line for line in out.splitlines() if line.startswith("recovery"))
    assert "My recovery" in mine and "replaces built-in" in mine
    assert "1 routine file could not be loaded:" in out
    assert "~/config/backcare-tui/routines/oops.toml:2: a [[steps]] header must end with ]]" in out
    assert str(broken) not in out  # the whole path differs from machine to machine


def test_list_shows_routine_text_literally(capsys: pytest.CaptureFixture[str]) -> None:
    _user_routine(GOOD.replace("Hill day", "[bold]x[/] :smile:"), "odd.toml")
    assert main(["list"]) == 0
    assert "[bold]x[/] :smile:" in capsys.readouterr().out


# --- show --------------------------------------------------------------------------------------


def test_show_gives_each_step_with_timings_safety_and_the_total(
    write_routine: WriteRoutine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that no cell wraps
    path = write_routine(GOOD)
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    routine = load_routine(path)
    # Then "(… with voice)" where a speech engine is installed (tests/sound/test_lead_ins.py).
    assert out.splitlines()[-1].startswith(f"Total: {format_duration(session_total(routine))}")
    assert out.splitlines()[-1].startswith("Total: 2 min 34 s")
    assert "After the hills." in out
    assert "Stop on sharp pain." in out
    assert "Each exercise starts with 3 s to get ready." in out
    assert (
        "The first is 5 s longer, to read the safety notes." in out
    )  # 4 words: 3 s + 1.3 s, to the second
    # number, start and name, then the length with get-ready and switching sides included:
    # 3 + 5 + 30 + 3 + 30 s, then 3 s + 20 reps x 3 s, then the 20 s rest.
    rows = [" ".join(line.split()) for line in out.splitlines() if line[:3].strip().isdigit()]
    assert rows == [
        "1 00:00 Calf stretch 1 min 11 s",
        "2 01:11 Bird dog 1 min 3 s",
        "3 02:14 Rest 20 s",
    ]
    assert "hold · 30 s per side · left, then right (3 s to switch)" in out
    assert "reps · 10 reps per side · alternating left and right · one every 3 s" in out
    assert "Lean on a wall, back heel down." in out


def test_show_total_matches_total_time_for_every_built_in(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for routine in load_catalog().routines.values():
        assert main(["show", routine.id]) == 0
        out = capsys.readouterr().out
        # "Total: 15 min 21 s", then "(15 min 49 s with voice)" where a speech engine is found.
        assert out.splitlines()[-1].startswith(f"Total: {format_duration(session_total(routine))}")
        for step in routine.steps:
            assert step.name in out


def test_show_prints_markup_literally(
    write_routine: WriteRoutine, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_routine(GOOD.replace("Calf stretch", "[red]Calf[/red] :fire:"))
    assert main(["show", str(path)]) == 0
    assert "[red]Calf[/red] :fire:" in capsys.readouterr().out


def test_show_an_unknown_routine_suggests_a_close_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "quick-relif"]) == 1
    captured = capsys.readouterr()
    assert (
        captured.err.strip() == "quick-relif: is not a known routine; did you mean 'quick-relief'?"
    )
    assert "Traceback" not in captured.err


def test_show_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["show", str(tmp_path / "nope.toml")]) == 1
    assert "nope.toml: does not exist" in capsys.readouterr().err


# --- validate ----------------------------------------------------------------------------------


def test_validate_good_files_exit_0_with_ok_lines(
    write_routine: WriteRoutine, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_routine(GOOD)
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{path}: ok (Hill day: 3 steps, 2 min 34 s)\n"
    assert captured.err == ""


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_validate_a_broken_file_prints_path_line_message_and_exits_1(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _broken_file(tmp_path, kind)
    _, line, words = BROKEN[kind]
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    problems = captured.out.splitlines()
    assert problems and all(p.startswith(f"{path}:") for p in problems)
    assert any(p.startswith(f"{path}:{line}: ") and words in p for p in problems), problems
    assert "Traceback" not in captured.err


def test_validate_an_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.toml"
    path.write_bytes(b"")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.startswith(f"{path}: is empty")


def test_validate_lines_are_never_wrapped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A deep folder and a long message: far past 80 columns, still one line per problem.
    deep = tmp_path / ("very-long-folder-name-" * 4)
    deep.mkdir()
    path = deep / "wrong-type.toml"
    path.write_bytes(BROKEN["wrong-type"][0])
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and len(lines[0]) > 150


def test_validate_a_folder_checks_every_toml_in_it(
    tmp_path: Path, write_routine: WriteRoutine, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_routine(GOOD, "good.toml")
    folder = good.parent
    (folder / "syntax.toml").write_bytes(BROKEN["syntax"][0])
    (folder / "notes.txt").write_text("not a routine")
    missing = tmp_path / "missing.toml"
    assert main(["validate", str(folder), str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{good}: ok (Hill day: 3 steps, 2 min 34 s)",
        f"{folder}/syntax.toml:2: a [[steps]] header must end with ]]",
        f"{missing}: is neither a file nor a routine id (see `backcare list`)",
    ]
    assert captured.err == "2 problems in 2 of 3 files.\n"


def test_validate_takes_a_routine_id_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "quick-relief"]) == 0
    assert capsys.readouterr().out.startswith(
        f"{builtin_routines_dir() / 'quick-relief.toml'}: ok ("
    )


def test_validate_an_empty_folder_is_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().out == f"{tmp_path}: has no .toml files to check\n"


def test_validate_every_built_in(capsys: pytest.CaptureFixture[str]) -> None:
    from backcare_tui.data.locations import builtin_routines_dir

    assert main(["validate", str(builtin_routines_dir())]) == 0
    assert capsys.readouterr().out.count(": ok (") == len(BUILTIN_IDS)


# --- new ---------------------------------------------------------------------------------------


def test_new_writes_a_starter_that_loads_and_never_overwrites(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["new", "My stretch"]) == 0
    path = user_routines_dir() / "my-stretch.toml"
    out = capsys.readouterr().out
    assert "Created ~/config/backcare-tui/routines/my-stretch.toml" in out
    routine = load_routine(path)
    assert routine.name == "My stretch"
    assert [s.kind for s in routine.steps] == [StepKind.HOLD, StepKind.REPS, StepKind.REST]
    assert routine.steps[1].sides is StepSides.ALTERNATE
    assert routine.safety
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# My stretch: made with `backcare new`.")
    assert "backcare validate ~/config/backcare-tui/routines/my-stretch.toml" in text
    assert "backcare run my-stretch" in text

    path.write_text(text + "# my own edit\n", encoding="utf-8")
    assert main(["new", "my STRETCH"]) == 1
    captured = capsys.readouterr()
    assert "~/config/backcare-tui/routines/my-stretch.toml: already exists" in captured.err
    assert path.read_text(encoding="utf-8").endswith("# my own edit\n")
    assert sorted(p.name for p in path.parent.iterdir()) == ["my-stretch.toml"]


def test_new_from_copies_a_routine_under_the_new_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Gentle days", "--from", "quick-relief"]) == 0
    copy = load_routine(user_routines_dir() / "gentle-days.toml")
    original = load_catalog().routines["quick-relief"]
    assert copy.name == "Gentle days"
    assert copy.steps == original.steps
    assert copy.safety == original.safety and copy.lead_in == original.lead_in
    assert "from quick-relief" in copy.path.read_text(encoding="utf-8").splitlines()[0]  # type: ignore[union-attr]
    catalog = load_catalog()
    assert "gentle-days" in catalog.routines and not catalog.broken


def test_new_from_a_file(write_routine: WriteRoutine, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Hills again", "--from", str(write_routine(GOOD))]) == 0
    assert load_routine(user_routines_dir() / "hills-again.toml").steps[0].name == "Calf stretch"


def test_new_with_a_built_in_id_says_it_replaces_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Quick relief"]) == 0
    assert "replaces `quick-relief`" in capsys.readouterr().out
    assert load_catalog().routines["quick-relief"].builtin is False


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "   "], "must not be empty"),
        (["new", "!!!"], "cannot make a file name"),
        (["new", "x" * 81], "too long"),
        (["new", "Copy", "--from", "no-such-routine"], "no-such-routine: is not a known routine"),
    ],
)
def test_new_refuses_bad_input(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    assert message in capsys.readouterr().err
    assert not user_routines_dir().exists() or not any(user_routines_dir().iterdir())


def test_new_says_the_routines_folder_is_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    # The routines folder's place is taken by a file: say so and what to do, not "File exists".
    folder = user_routines_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("in the way")
    assert main(["new", "Blocked"]) == 1
    err = capsys.readouterr().err.replace("\n", " ")
    assert f"{shown_path(folder)}: is a file, not a folder" in err and "File exists" not in err
    assert f"mv {shown_path(folder)} {shown_path(folder)}.old" in err
    assert folder.read_text() == "in the way"


def test_list_says_the_routines_folder_is_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    folder = user_routines_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("in the way")
    assert main(["list"]) == 0
    captured = capsys.readouterr()
    assert "quick-relief" in captured.out  # the built-ins are still listed
    assert f"{shown_path(folder)}: is a file, not a folder" in captured.err.replace("\n", " ")


def test_list_says_a_part_of_the_folders_path_is_a_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    above = user_routines_dir().parent
    above.parent.mkdir(parents=True, exist_ok=True)
    above.write_text("in the way")
    assert main(["list"]) == 0
    assert f"{shown_path(above)}: is a file, not a folder" in capsys.readouterr().err.replace(
        "\n", " "
    )


# --- run ---------------------------------------------------------------------------------------


@pytest.fixture
def plain_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Routine, Any]]:
    calls: list[tuple[Routine, Any]] = []

    def fake(routine: Routine, *, sinks: Any = (), **_: Any) -> int:
        calls.append((routine, sinks))
        return 0

    monkeypatch.setattr(start, "run_plain", fake)
    return calls


@pytest.fixture
def app_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Routine | None, dict[str, bool]]]:
    """Stands in for the full-screen app (backcare_tui.ui.launch) and records how it was started."""
    calls: list[tuple[Routine | None, dict[str, bool]]] = []
    fake = types.ModuleType("backcare_tui.ui.launch")

    def run_app(routine: Routine | None, **flags: bool) -> int:
        calls.append((routine, flags))
        return 0

    fake.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "backcare_tui.ui.launch", fake)
    monkeypatch.setattr(start, "_is_terminal", lambda: True)
    return calls


def test_run_plain_runs_line_mode_with_the_resolved_routine(
    write_routine: WriteRoutine, plain_calls: list[tuple[Routine, Any]]
) -> None:
    path = write_routine(GOOD)
    assert main(["run", str(path), "--plain", "--no-sound"]) == 0
    from backcare_tui.data.history_recorder import HistoryRecorder
    from backcare_tui.sound.sink import SoundSink

    routine, sinks = plain_calls[0]
    assert routine == load_routine(path)
    # Line mode is followed by sound (muted here, by --no-sound) and by history, as the app is.
    assert [type(sink) for sink in sinks] == [SoundSink, HistoryRecorder]
    assert sinks[0].muted
    for sink in sinks:
        sink.close()
    assert main(["run", "quick-relief", "--plain"]) == 0
    assert plain_calls[1][0].id == "quick-relief"


def test_run_starts_the_app_with_the_sound_flags(
    app_calls: list[tuple[Routine | None, dict[str, bool]]],
) -> None:
    assert main(["run", "recovery"]) == 0
    assert main(["run", "recovery", "--no-sound"]) == 0
    assert main(["--no-voice", "run", "recovery"]) == 0
    assert [flags for _, flags in app_calls] == [
        {"no_sound": False, "no_voice": False},
        {"no_sound": True, "no_voice": False},
        {"no_sound": False, "no_voice": True},
    ]
    assert all(r is not None and r.id == "recovery" for r, _ in app_calls)


@pytest.mark.parametrize("command", ["run", "today"])
def test_sound_flags_count_before_or_after_the_command(command: str) -> None:
    from backcare_tui.cli.main import build_parser

    for argv in (["--no-sound", command], [command, "--no-sound"]):
        args = build_parser().parse_args(argv + (["x"] if command == "run" else []))
        assert (args.no_sound, args.no_voice) == (True, False), argv


def test_bare_backcare_starts_the_app_without_a_routine(
    app_calls: list[tuple[Routine | None, dict[str, bool]]],
) -> None:
    assert main([]) == 0
    assert main(["--no-sound"]) == 0
    assert app_calls == [
        (None, {"no_sound": False, "no_voice": False}),
        (None, {"no_sound": True, "no_voice": False}),
    ]


def test_without_the_app_run_falls_back_to_line_mode(
    monkeypatch: pytest.MonkeyPatch,
    plain_calls: list[tuple[Routine, Any]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, "backcare_tui.ui.app", None)  # makes the import fail
    monkeypatch.setattr(start, "_is_terminal", lambda: True)
    assert main(["run", "recovery"]) == 0
    assert [r.id for r, _ in plain_calls] == ["recovery"]
    assert "running in line mode instead" in capsys.readouterr().err
    assert main([]) == 1
    assert "full-screen app is not available" in capsys.readouterr().err


def test_run_when_not_a_terminal_uses_line_mode(
    app_calls: list[tuple[Routine | None, dict[str, bool]]],
    plain_calls: list[tuple[Routine, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(start, "_is_terminal", lambda: False)
    assert main(["run", "recovery"]) == 0
    assert app_calls == [] and [r.id for r, _ in plain_calls] == ["recovery"]
    assert "Not a terminal" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "no-such"], "no-such: is not a known routine"),
        (["run", "./nope.toml", "--plain"], "./nope.toml: does not exist"),
    ],
)
def test_run_with_a_bad_routine_exits_1(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    assert message in capsys.readouterr().err


def test_run_a_broken_file_says_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _broken_file(tmp_path, "not-utf8")
    assert main(["run", str(path), "--plain"]) == 1
    assert capsys.readouterr().err.startswith(f"{path}:1: is not UTF-8 text")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run"])
    assert exit_info.value.code == 2
    assert "ROUTINE" in capsys.readouterr().err


# --- real processes ----------------------------------------------------------------------------

SHORT = 'name = "Short"\nlead_in = 1\n[[steps]]\nname = "Hold it"\nkind = "hold"\nduration = 2\n'


def _python(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=60, **kwargs
    )


def test_commands_without_the_full_screen_ui_never_import_textual(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    short = write_routine(SHORT.replace("lead_in = 1", "lead_in = 0").replace("= 2", "= 1"))
    script = f"""
import sys
from backcare_tui.cli.main import main
for argv in (["list"], ["show", "quick-relief"], ["validate", {str(short)!r}],
             ["new", "Fresh"], ["run", {str(short)!r}, "--plain"], ["history"]):
    assert main(argv) == 0, argv
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print("textual modules:", loaded)
"""
    result = _python("-c", script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "textual modules: []" in result.stdout
    # The real entry point too, with Python's own record of every import.
    timed = _python("-X", "importtime", "-m", "backcare_tui", "list", cwd=tmp_path)
    assert timed.returncode == 0
    assert "quick-relief" in timed.stdout
    assert "backcare_tui.data.catalog" in timed.stderr  # the record is there...
    assert "textual" not in timed.stderr  # ...and Textual is not in it


def test_ctrl_c_in_line_mode_stops_cleanly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "backcare_tui", "run", "quick-relief", "--plain"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        # Python turns SIGINT into KeyboardInterrupt only if it starts with the default action.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    try:
        first = ""
        while not first.startswith("[00:00]"):
            first = process.stdout.readline()
            assert first, "line mode ended before its first event"
        process.send_signal(signal.SIGINT)
        rest, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert rest.splitlines()[-1].startswith("Stopped at [00:0")
    assert rest.splitlines()[-1].endswith("during Knee to chest, one leg.")
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


@pytest.mark.realtime
def test_a_short_routine_in_line_mode_ends_on_time(write_routine: WriteRoutine) -> None:
    text = (
        SHORT.replace("lead_in = 1", 'lead_in = "0.5s"').replace("= 2", "= 1")
        + '[[steps]]\nname = "Pulses"\nkind = "reps"\nreps = 2\ntempo = "0.5s"\n'
    )
    path = write_routine(text)
    routine = load_routine(path)
    total = session_total(routine)
    assert total == pytest.approx(0.5 + 1 + 0.5 + 2 * 0.5)
    started = time.monotonic()
    process = subprocess.Popen(
        # No voice: with a speech engine and a sound device, each get-ready would grow to fit
        # its words, and this test is about keeping to a plan known in advance.
        [sys.executable, "-m", "backcare_tui", "run", str(path), "--plain", "--no-voice"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    arrivals: list[tuple[float, str]] = []
    for line in process.stdout:  # each line is flushed as it happens, so it arrives then
        arrivals.append((time.monotonic(), line.rstrip("\n")))
    assert process.wait(timeout=10) == 0
    took = time.monotonic() - started
    first = next(t for t, line in arrivals if line.startswith("[00:00]"))
    last, final = arrivals[-1]
    assert final == "[00:03] Session complete: Short, 3 s"
    # From the first event to the last, the session keeps to the plan.
    assert total - 0.02 <= last - first < total + 0.3, last - first
    rep = next(t for t, line in arrivals if "Rep 1 of 2" in line)
    assert 2.5 - 0.02 <= rep - first < 2.5 + 0.3
    # The whole process, start-up included: about 0.15 s more on an idle machine; the margin
    # is wider here only so that a machine busy with other work does not fail the test.
    assert total <= took < total + 1.0, took
    shown = _python("-m", "backcare_tui", "show", str(path))
    assert shown.stdout.splitlines()[-1].startswith("Total: 3 s")  # without voice, as it ran


def test_a_plain_run_is_recorded_and_shows_in_history_and_its_export(
    write_routine: WriteRoutine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import functools
    import json

    from backcare_tui.cli.plain import run_plain
    from tests.fakes import FakeClock

    clock = FakeClock()
    monkeypatch.setattr(
        start, "run_plain", functools.partial(run_plain, clock=clock, sleep=clock.advance)
    )
    path = write_routine(GOOD)
    assert main(["run", str(path), "--plain", "--no-sound"]) == 0
    capsys.readouterr()
    assert main(["history", "--export", "json"]) == 0
    sessions = json.loads(capsys.readouterr().out)
    assert len(sessions) == 1
    record = sessions[0]
    assert (record["routine_id"], record["status"]) == ("my", "finished")
    assert record["steps_done"] == record["steps_total"] == len(load_routine(path).steps)
    assert main(["history"]) == 0
    assert "Hill day" in capsys.readouterr().out


def test_line_mode_says_at_the_start_when_no_sound_can_be_played(
    write_routine: WriteRoutine, tmp_path: Path
) -> None:
    path = write_routine(SHORT.replace("lead_in = 1", "lead_in = 0").replace("= 2", "= 1"))
    # Over ssh or under nohup: no player on PATH, no terminal for the bell (a new session).
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    quiet = _python(
        "-m",
        "backcare_tui",
        "run",
        str(path),
        "--plain",
        env={**os.environ, "PATH": str(empty)},
        start_new_session=True,
        stdin=subprocess.DEVNULL,
    )
    assert quiet.returncode == 0, quiet.stderr
    # Once, before the first line: no player at all, or (where simpleaudio is installed) the
    # one there is failed for want of a device.
    (told,) = quiet.stderr.splitlines()
    assert told.startswith("sound: ") and "no sound can be played" in told
    assert quiet.stdout.splitlines()[0].startswith("Short")
    muted = _python(
        "-m",
        "backcare_tui",
        "run",
        str(path),
        "--plain",
        "--no-sound",
        env={**os.environ, "PATH": str(empty)},
        start_new_session=True,
        stdin=subprocess.DEVNULL,
    )
    assert muted.stdout.splitlines()[1] == (
        "Sound is off (--no-sound): this session is silent on purpose."
    )
    assert muted.stderr == ""
