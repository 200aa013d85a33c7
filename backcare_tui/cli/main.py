"""The ``backcare`` command: start the app, or list, show, check, copy and run routines.

Only starting the full-screen UI imports Textual (and only then). ``list``, ``show``,
``validate``, ``new`` and ``run --plain`` never do, so they start fast and work over ssh. Rich is
imported by the commands that draw tables, not by line mode. Every problem a user can cause ends
in a message and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from backcare_tui import __version__
from backcare_tui.cli.plain import run_plain, stamp
from backcare_tui.core.durations import brief_duration, count, format_duration
from backcare_tui.core.events import EventSink
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.phases import plan, total_time
from backcare_tui.core.routine import (
    Routine,
    RoutineError,
    RoutineLoadError,
    Step,
    StepKind,
    StepSides,
)
from backcare_tui.core.routine_toml import routine_to_toml
from backcare_tui.core.words import breathing_pattern
from backcare_tui.data.catalog import load_catalog, load_routine, resolve
from backcare_tui.data.locations import builtin_routines_dir, user_routines_dir
from backcare_tui.data.routine_store import slug

if TYPE_CHECKING:
    from rich.console import Console

    from backcare_tui.data.history import HistoryStore

__all__ = ["build_parser", "main", "slug"]

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_INTERRUPTED = 130

NAME_LIMIT = 80
"""Longest routine name the loader accepts (kept in step with routine.py)."""


# --- output ------------------------------------------------------------------------------------


def _console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    # No emoji codes and no highlighting: routine text is shown exactly as it was written.
    return Console(stderr=stderr, highlight=False, emoji=False)


def _say(console: Console, text: str) -> None:
    """One plain line: no markup, no wrapping, so scripts can read it."""
    console.print(text, markup=False, highlight=False, emoji=False, soft_wrap=True)


def _note(message: str) -> None:
    """A notice on stderr in line mode, which does not load rich: it starts a session."""
    print(message, file=sys.stderr, flush=True)


def _problems(errors: Iterable[RoutineError], console: Console) -> None:
    for error in errors:
        _say(console, str(error))


# --- run and the app ---------------------------------------------------------------------------


def _sinks_for(
    args: argparse.Namespace, routine: Routine, history: HistoryStore | None
) -> list[EventSink]:
    """Sound and history, following a line-mode session as they follow the app.

    ``args.no_sound`` and ``args.no_voice`` turn sound off for this run only; the saved
    settings decide otherwise.
    """
    from backcare_tui.data.history import HistoryRecorder
    from backcare_tui.data.settings import load_settings
    from backcare_tui.sound.sink import create_sound

    settings, notice = load_settings()
    if notice:
        _note(notice)
    sinks: list[EventSink] = [
        create_sound(
            sound=settings.sound and not args.no_sound,
            voice=settings.voice and not args.no_voice,
            routine_folder=routine.path.parent if routine.path is not None else None,
            notify=_note,
        )
    ]
    if history is not None and history.writable:
        sinks.append(HistoryRecorder(history))
    return sinks


def _run_plain(routine: Routine, args: argparse.Namespace) -> int:
    from backcare_tui.data.history import open_history

    history = open_history(on_notice=_note)
    try:
        return run_plain(routine, sinks=_sinks_for(args, routine, history))
    finally:
        history.close()


def _start_app(routine: Routine | None, args: argparse.Namespace) -> int:
    """Start the full-screen UI; Textual is imported here and nowhere else in this module."""
    try:
        from backcare_tui.ui.app import run_app  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        err = _console(stderr=True)
        if routine is None:
            _say(err, f"The full-screen app is not available in this version ({exc}).")
            _say(err, "Try `backcare list`, then `backcare run ROUTINE --plain`.")
            return EXIT_PROBLEM
        _say(err, f"The full-screen app is not available ({exc}); running in line mode instead.")
        return _run_plain(routine, args)
    return int(run_app(routine, no_sound=args.no_sound, no_voice=args.no_voice))


def _cmd_app(args: argparse.Namespace) -> int:
    return _start_app(None, args)


def _is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _cmd_run(args: argparse.Namespace) -> int:
    routine = resolve(args.routine)
    if args.plain:
        return _run_plain(routine, args)
    if not _is_terminal():
        # A pipe or a file cannot show the full-screen UI; the lines are what it can use.
        _say(_console(stderr=True), "Not a terminal: running in line mode (as with --plain).")
        return _run_plain(routine, args)
    return _start_app(routine, args)


# --- list --------------------------------------------------------------------------------------


def _cmd_list(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    out = _console()
    catalog = load_catalog()
    routines = catalog.sorted()
    if routines:
        table = Table(box=None, header_style="bold", pad_edge=False)
        table.add_column("Id", no_wrap=True, min_width=8)  # ids are copied: never broken
        table.add_column("Name", min_width=8, ratio=1)
        table.add_column("Steps", justify="right")
        table.add_column("Time", justify="right", min_width=6)
        table.add_column("Source")
        for routine in routines:
            if routine.builtin:
                source = "built-in"
            elif routine.id in catalog.shadowed:
                source = "user (replaces built-in)"
            else:
                source = "user"
            table.add_row(
                Text(routine.id),
                Text(routine.name),
                str(len(routine.steps)),
                format_duration(total_time(routine)),
                source,
            )
        out.print(table)
    else:
        _say(out, "No routines found.")
    if catalog.broken:
        out.print()
        _say(out, f"{count(len(catalog.broken), 'routine file')} could not be loaded:")
        for _path, errors in catalog.broken:
            _problems(errors, out)
    out.print()
    _say(out, f"Your routines folder: {user_routines_dir()}")
    _say(out, "Start one with `backcare run ID`; see its steps with `backcare show ID`.")
    return EXIT_OK


# --- show --------------------------------------------------------------------------------------


def _step_details(step: Step, routine: Routine) -> str:
    """The dose and rhythm of a step in one line: ``hold · 30 s per side · left, then right``."""
    parts = [step.kind.value, step.summary()]
    if step.sides is StepSides.EACH:
        switch = step.rest_between or routine.lead_in
        parts.append(
            f"left, then right ({brief_duration(switch)} to switch)"
            if switch
            else "left, then right"
        )
    elif step.sides is StepSides.ALTERNATE:
        parts.append("alternating left and right")
    if step.kind is StepKind.REPS:
        parts.append(f"one every {brief_duration(step.tempo)}")
    if step.kind is StepKind.BREATHE:
        parts.append(breathing_pattern(step))
    if step.kind is StepKind.TIMER and step.remind_every:
        reminder = f"reminder every {format_duration(step.remind_every)}"
        parts.append(f"{reminder}: {step.reminder}" if step.reminder else reminder)
    if step.sets > 1 and step.rest_between:
        parts.append(f"{brief_duration(step.rest_between)} rest between sets")
    return " · ".join(parts)


def _step_times(routine: Routine) -> list[tuple[float, float]]:
    """(start, length) of each step in session time, get-ready and rests included."""
    times = [(0.0, 0.0)] * len(routine.steps)
    started: set[int] = set()
    clock = 0.0
    for phase in plan(routine):
        start, length = times[phase.step_index]
        if phase.step_index not in started:
            started.add(phase.step_index)
            start = clock
        times[phase.step_index] = (start, length + phase.duration)
        clock += phase.duration
    return times


def _cmd_show(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    routine = resolve(args.routine)
    out = _console()
    where = "built-in" if routine.builtin else str(routine.path or routine.id)
    out.print(Text.assemble((routine.name, "bold"), f"  ({routine.id}, {where})"))
    if routine.description:
        out.print(Text(routine.description))
    if routine.tags:
        out.print(Text("Tags: " + ", ".join(routine.tags), style="dim"))
    out.print()
    # Bottom padding leaves a blank line after each step, so the steps read as separate blocks.
    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1, 1, 1), expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Starts", justify="right", no_wrap=True)
    table.add_column("Step", ratio=1)
    table.add_column("Takes", justify="right", no_wrap=True)
    for number, (step, (start, length)) in enumerate(
        zip(routine.steps, _step_times(routine), strict=True), start=1
    ):
        cell = Text(step.name, style="bold")
        cell.append("\n" + _step_details(step, routine), style="cyan")
        if step.instructions:
            cell.append("\n" + step.instructions)
        table.add_row(str(number), stamp(start), cell, format_duration(length))
    out.print(table)
    out.print()
    if routine.lead_in:
        _say(out, f"Each exercise starts with {brief_duration(routine.lead_in)} to get ready.")
    if routine.safety:
        out.print(Text("Safety", style="bold"))
        notes = Table.grid(padding=(0, 1))
        notes.add_column(no_wrap=True)
        notes.add_column()
        for note in routine.safety:
            notes.add_row("•", Text(note))
        out.print(notes)
        out.print()
    _say(out, f"Total: {format_duration(total_time(routine))}")
    return EXIT_OK


# --- validate ----------------------------------------------------------------------------------


def _toml_files(folder: Path) -> list[Path]:
    """The routine files in a folder, as the catalog would load them."""
    return sorted(p for p in folder.glob("*.toml") if p.is_file() and not p.name.startswith("."))


def _file_of_id(name: str) -> Path | None:
    """The file behind routine id ``name`` (the user's copy first), if there is one."""
    if "/" in name or name.endswith(".toml"):
        return None
    for folder in (user_routines_dir(), builtin_routines_dir()):
        candidate = folder / f"{name}.toml"
        if candidate.is_file():
            return candidate
    return None


def _cmd_validate(args: argparse.Namespace) -> int:
    out = _console()
    files = bad_files = problems = 0
    for raw in args.paths:
        path = Path(raw).expanduser()
        targets: list[tuple[Path, str]] = []
        if path.is_dir():
            targets = [(p, os.path.join(raw, p.name)) for p in _toml_files(path)]
            if not targets:
                _say(out, f"{raw}: has no .toml files to check")
        elif path.exists():
            targets = [(path, raw)]
        elif (found := _file_of_id(raw)) is not None:
            targets = [(found, str(found))]
        else:
            _say(out, f"{raw}: is neither a file nor a routine id (see `backcare list`)")
        if not targets:
            files, bad_files, problems = files + 1, bad_files + 1, problems + 1
        for file, shown in targets:
            files += 1
            try:
                routine = load_routine(file, shown=shown)
            except RoutineLoadError as exc:
                bad_files += 1
                problems += len(exc.errors)
                _problems(exc.errors, out)
                continue
            steps = count(len(routine.steps), "step")
            _say(
                out,
                f"{shown}: ok ({routine.name}: {steps}, {format_duration(total_time(routine))})",
            )
    if problems:
        summary = f"{count(problems, 'problem')} in {bad_files} of {count(files, 'file')}."
        _say(_console(stderr=True), summary)
        return EXIT_PROBLEM
    return EXIT_OK


# --- new ---------------------------------------------------------------------------------------


_STARTER_SAFETY = (
    "Stop any exercise that causes sharp pain or pain that keeps getting worse.",
    "Weakness in bladder or bowel control, or numbness in your legs or groin, needs medical help "
    "right away.",
    "See a doctor or physical therapist if back pain lasts, spreads down a leg, "
    "or keeps coming back.",
)


def _starter(routine_id: str, name: str) -> Routine:
    """A small routine to edit: one hold per side, alternating reps, and a rest."""
    return Routine(
        id=routine_id,
        name=name,
        description="Your own routine: change, add or remove steps to suit you.",
        tags=("mine",),
        safety=_STARTER_SAFETY,
        steps=(
            Step(
                name="Knee to chest",
                kind=StepKind.HOLD,
                duration=30.0,
                sides=StepSides.EACH,
                instructions="Lie on your back and gently hug one knee towards your chest. "
                "Keep the other leg relaxed and breathe slowly.",
            ),
            Step(
                name="Bird dog",
                kind=StepKind.REPS,
                reps=8,
                sides=StepSides.ALTERNATE,
                instructions="On hands and knees, reach one arm forward and the opposite leg back, "
                "keeping your back level. Come back and swap sides.",
            ),
            Step(
                name="Rest",
                kind=StepKind.REST,
                duration=30.0,
                instructions="Lie still and let your breathing settle.",
            ),
        ),
    )


def _refuse(message: str) -> int:
    _say(_console(stderr=True), message)
    return EXIT_PROBLEM


def _reserve(path: Path) -> bool:
    """Create ``path`` empty unless it exists, in one step no other process can slip into."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def _cmd_new(args: argparse.Namespace) -> int:
    from backcare_tui.data.atomic import write_atomic

    name = args.name.strip()
    if not name:
        return _refuse("backcare new: the name must not be empty.")
    if len(name) > NAME_LIMIT:
        return _refuse(
            f"backcare new: the name is too long ({len(name)} characters; at most {NAME_LIMIT})."
        )
    routine_id = slug(name)
    if not routine_id:
        return _refuse(
            f"backcare new: cannot make a file name from {name!r}; use some letters or digits."
        )
    source = resolve(args.source) if args.source else None
    routine = (
        replace(source, id=routine_id, name=name, builtin=False, path=None)
        if source is not None
        else _starter(routine_id, name)
    )
    folder = user_routines_dir()
    path = folder / f"{routine_id}.toml"
    origin = f" from {source.id}" if source is not None else ""
    header = (
        f"{name}: made with `backcare new`{origin}. Change it in any text editor,\n"
        f"then check it with:  backcare validate {shlex.quote(str(path))}\n"
        f"and try it with:     backcare run {routine_id} --plain"
    )
    text = routine_to_toml(routine, header)
    # Whatever goes in must load back; a failure here is a bug, not the user's doing.
    parse_routine(text, path, folder=None)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not _reserve(path):
            return _refuse(f"{path}: already exists; choose another name, or edit that file.")
        try:
            write_atomic(path, text)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    except OSError as exc:
        return _refuse(f"{exc.filename or folder}: cannot write the routine: {exc.strerror or exc}")
    out = _console()
    _say(out, f"Created {path}")
    if (builtin_routines_dir() / path.name).is_file():
        _say(
            out,
            f"It has the id of a built-in routine, so it replaces `{routine_id}` "
            "until you rename or delete it.",
        )
    missing = sorted(
        {
            s.sound
            for s in routine.steps
            if s.sound and s.sound.lower().endswith(".wav") and not (folder / s.sound).is_file()
        }
    )
    if missing and source is not None and source.path is not None:
        _say(
            out,
            f"Copy {', '.join(missing)} from {source.path.parent} beside it: "
            "the steps play those sounds.",
        )
    _say(
        out,
        f"Check it with `backcare validate {shlex.quote(str(path))}`, "
        f"run it with `backcare run {routine_id}`.",
    )
    return EXIT_OK


# --- edit and schema ---------------------------------------------------------------------------


def _editor_command() -> list[str] | str:
    """The user's editor as a command line ($VISUAL, then $EDITOR, then nano or vi), or why not."""
    import shutil

    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError as exc:
            return f"backcare edit: cannot read ${variable} ({value!r}): {exc}."
        if words:
            return words
    for fallback in ("nano", "vi"):
        found = shutil.which(fallback)
        if found:
            return [found]
    return (
        "backcare edit: no text editor found. Set $EDITOR, for example `export EDITOR=nano`, "
        "or open the file in any editor and check it with `backcare validate`."
    )


def _answer(question: str) -> str | None:
    """The user's one-line answer, or ``None`` when nobody is there to answer (not a terminal)."""
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    print(question, end="", flush=True)
    line = sys.stdin.readline()
    return line.strip() if line else None


def _copy_id(name: str) -> str:
    """The id for the user's copy of the built-in ``name``: asked at a terminal, else ``name``."""
    from backcare_tui.data.routine_store import valid_id

    out = _console()
    _say(out, f"`{name}` is a built-in routine, so you will edit your own copy of it.")
    _say(out, "With the same id your copy replaces the built-in; give another id to keep both.")
    while True:
        answer = _answer(f"Save your copy as [{name}]: ")
        if answer is None or not answer:
            return name
        problem = valid_id(answer)
        if problem is None and (user_routines_dir() / f"{answer}.toml").exists():
            problem = f"You already have a routine `{answer}`; give another id."
        if problem is None:
            return answer
        _say(_console(stderr=True), problem)


def _edit_target(args: argparse.Namespace) -> tuple[Path, Path | None, str]:
    """(the file to open, the file to copy it from or None, the routine id) for ``edit``."""
    from backcare_tui.data.routine_store import is_builtin_path, valid_id

    name: str = args.routine
    as_id: str | None = args.as_id
    if as_id is not None and (problem := valid_id(as_id)):
        raise RoutineLoadError([RoutineError(f"--as {as_id}", problem)])
    as_path = Path(name).expanduser()
    if name.endswith(".toml") or "/" in name or as_path.is_file():
        if not as_path.is_file():
            raise RoutineLoadError([RoutineError(name, "does not exist")])
        source, builtin = as_path, is_builtin_path(as_path)
        stem = as_path.stem
    elif (user_routines_dir() / f"{name}.toml").is_file():
        # The user's own file, even a broken one: fixing it is what editing is for.
        source, builtin, stem = user_routines_dir() / f"{name}.toml", False, name
    elif (builtin_routines_dir() / f"{name}.toml").is_file():
        source, builtin, stem = builtin_routines_dir() / f"{name}.toml", True, name
    else:
        resolve(name)  # raises the usual "is not a known routine; did you mean …?"
        raise RoutineLoadError([RoutineError(name, "is not a known routine")])
    if as_id is None and not builtin:
        return source, None, stem
    routine_id = as_id if as_id is not None else _copy_id(stem)
    return user_routines_dir() / f"{routine_id}.toml", source, routine_id


def _run_editor(editor: list[str], path: Path) -> int | str:
    """Open ``path`` in ``editor`` and wait; the exit status, or why it could not start.

    While the editor runs, Ctrl+C belongs to it (many editors use it): this process ignores it
    rather than dying and taking the editor, and the user's unsaved text, with it. The handler
    is a Python one, not SIG_IGN, so the editor itself starts with the default.
    """
    import signal
    import subprocess

    sys.stdout.flush()
    sys.stderr.flush()
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        return subprocess.run([*editor, str(path)], check=False).returncode
    except OSError as exc:
        return f"backcare edit: cannot start the editor {editor[0]!r}: {exc.strerror or exc}."
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _cmd_edit(args: argparse.Namespace) -> int:
    from backcare_tui.data.routine_store import SaveError, copy_routine_file, shadows_builtin

    out, err = _console(), _console(stderr=True)
    path, source, routine_id = _edit_target(args)
    editor = _editor_command()
    if isinstance(editor, str):
        return _refuse(editor + (" Nothing was copied." if source is not None else f" ({path})"))
    if source is not None:
        try:
            copy_routine_file(source, routine_id)
        except SaveError as exc:
            return _refuse(f"backcare edit: {exc}; edit it with `backcare edit {routine_id}`.")
        _say(out, f"Copied {source.name} to {path}; editing the copy.")
        if shadows_builtin(routine_id):
            _say(
                out,
                f"While it exists it replaces the built-in `{routine_id}`; "
                "rename or delete it to get the built-in back.",
            )
    mine = path.parent == user_routines_dir()
    again_hint = f"backcare edit {routine_id if mine else shlex.quote(str(path))}"
    while True:
        before = path.stat().st_mtime_ns if path.exists() else None
        status = _run_editor(editor, path)
        if isinstance(status, str):
            return _refuse(f"{status}\nSet $VISUAL or $EDITOR to an editor you have. ({path})")
        after = path.stat().st_mtime_ns if path.exists() else None
        if status != 0:
            _say(err, f"The editor exited with status {status}.")
        if before is not None and before == after:
            if source is not None and path.read_bytes() == source.read_bytes():
                # Nothing was changed: an identical copy would only hide later built-in updates.
                path.unlink()
                _say(
                    out,
                    f"Nothing changed, so the copy was removed: `{routine_id}` "
                    "is the built-in again.",
                )
                return EXIT_OK
            _say(
                out,
                "The file did not change. If your editor opens a window and returns at once, "
                "make it wait, e.g. EDITOR='code --wait'.",
            )
        try:
            routine = load_routine(path)
        except RoutineLoadError as exc:
            _problems(exc.errors, err)
            answer = _answer("Edit again? [Y/n] ")
            if answer is not None and answer.lower() in ("", "y", "yes"):
                continue
            _say(
                err,
                f"Your text is kept as you wrote it in {path}. Until it is fixed the app lists "
                f"it as broken; fix it with `{again_hint}`.",
            )
            return EXIT_PROBLEM
        steps = count(len(routine.steps), "step")
        _say(out, f"{path}: ok ({routine.name}: {steps}, {format_duration(total_time(routine))})")
        return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from backcare_tui.core.schema import routine_schema

    sys.stdout.write(json.dumps(routine_schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


# --- the parser --------------------------------------------------------------------------------


def _add_ui_flags(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--no-sound", action="store_true", default=default, help="no cue sounds for this run"
    )
    parser.add_argument(
        "--no-voice", action="store_true", default=default, help="no spoken phrases for this run"
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``backcare`` command line; each subcommand's function is in ``handler``."""
    parser = argparse.ArgumentParser(
        prog="backcare",
        description="A hands-free guided exercise timer for a runner's lower back. "
        "With no command, starts the full-screen app.",
        epilog="ROUTINE is a routine id (see `backcare list`) or the path to a .toml file.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"%(prog)s {__version__}")
    _add_ui_flags(parser, default=False)
    parser.set_defaults(handler=_cmd_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="start a routine",
        description="Start a routine in the app, or in line mode with --plain.",
    )
    run.add_argument("routine", metavar="ROUTINE", help="routine id or path to a .toml file")
    run.add_argument(
        "--plain",
        action="store_true",
        help="no full-screen UI: one line of text per event (screen readers, ssh, scripts)",
    )
    # SUPPRESS lets `backcare --no-sound run X` and `backcare run X --no-sound` both work.
    _add_ui_flags(run, default=argparse.SUPPRESS)
    run.set_defaults(handler=_cmd_run)

    listing = commands.add_parser(
        "list", help="list the routines", description="List the built-in and your own routines."
    )
    listing.set_defaults(handler=_cmd_list)

    show = commands.add_parser(
        "show",
        help="show a routine's steps and timings",
        description="Show a routine step by step, with timings and total.",
    )
    show.add_argument("routine", metavar="ROUTINE", help="routine id or path to a .toml file")
    show.set_defaults(handler=_cmd_show)

    validate = commands.add_parser(
        "validate",
        help="check routine files",
        description="Check routine files; a folder checks every .toml in it. Prints each problem "
        "as `path:line: message` and exits 1 if there is any.",
    )
    validate.add_argument(
        "paths", metavar="PATH", nargs="+", help="a .toml file, a folder, or a routine id"
    )
    validate.set_defaults(handler=_cmd_validate)

    new = commands.add_parser(
        "new",
        help="make a new routine in your routines folder",
        description="Write a new routine file into your routines folder (never over an existing "
        "one): a small starter, or a copy of another routine.",
    )
    new.add_argument("name", metavar="NAME", help='the routine\'s name, e.g. "Hill day"')
    new.add_argument(
        "--from",
        dest="source",
        metavar="ROUTINE",
        help="copy this routine (id or path) instead of the starter",
    )
    new.set_defaults(handler=_cmd_new)

    edit = commands.add_parser(
        "edit",
        help="open a routine in your text editor, then check it",
        description="Open your copy of a routine in $VISUAL or $EDITOR (nano or vi if neither is "
        "set) and check it when the editor closes. A built-in routine is copied into your "
        "routines folder first, comments and all; the built-in itself is never changed.",
    )
    edit.add_argument("routine", metavar="ROUTINE", help="routine id or path to a .toml file")
    edit.add_argument(
        "--as",
        dest="as_id",
        metavar="NEW_ID",
        help="edit a copy saved under this id (lowercase letters, digits and hyphens)",
    )
    edit.set_defaults(handler=_cmd_edit)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of routine files, for editors",
        description="Print the JSON Schema (draft 2020-12) of routine files, so an editor's TOML "
        "support can complete keys and flag mistakes. See docs/routines.md.",
    )
    schema.set_defaults(handler=_cmd_schema)

    history = commands.add_parser(
        "history",
        help="recent sessions, your streak, this week, stiffness over time",
        description="Show your session history, or export every session as CSV or JSON.",
    )
    # Options of `backcare history`, kept here (not in history_report) so that building
    # the parser for every other command does not import the report's table code.
    history.add_argument(
        "--limit",
        type=_positive,
        default=10,
        metavar="N",
        help="recent sessions to list (default 10)",
    )
    history.add_argument(
        "--export",
        choices=("csv", "json"),
        default=None,
        help="write every session to standard output in this format, and nothing else",
    )
    history.set_defaults(handler=_cmd_history)
    return parser


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {number}")
    return number


def _cmd_history(args: argparse.Namespace) -> int:
    from backcare_tui.data.history_report import run_history_command

    return run_history_command(args, _console(), err_console=_console(stderr=True))


def _quiet_stdout() -> None:
    """After a closed pipe (``backcare list | head -1``), let the exit be silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except RoutineLoadError as exc:
        _problems(exc.errors, _console(stderr=True))
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PROBLEM
