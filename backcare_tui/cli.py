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

from . import __version__
from .catalog import builtin_dir, load_catalog, resolve, user_routines_dir
from .durations import format_duration
from .plain import breathing_pattern, brief_duration, count, run_plain, stamp
from .routine import (
    Kind,
    Routine,
    RoutineError,
    RoutineLoadError,
    Sides,
    Step,
    load_routine,
    parse_routine,
    routine_to_toml,
)
from .routine_store import slug
from .session import EventSink, plan, total_time

if TYPE_CHECKING:
    from rich.console import Console

    from .history import HistoryStore

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
    from .history import HistoryRecorder
    from .settings import load_settings
    from .sound import create_sound

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
    from .history import open_history

    history = open_history(on_notice=_note)
    try:
        return run_plain(routine, sinks=_sinks_for(args, routine, history))
    finally:
        history.close()


def _start_app(routine: Routine | None, args: argparse.Namespace) -> int:
    """Start the full-screen UI; Textual is imported here and nowhere else in this module."""
    try:
        from .app import run_app  # type: ignore[import-not-found,unused-ignore]
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
        table.add_column("Id", overflow="fold", min_width=8)
        table.add_column("Name", min_width=8)
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
    if step.sides is Sides.EACH:
        switch = step.rest_between or routine.lead_in
        parts.append(
            f"left, then right ({brief_duration(switch)} to switch)"
            if switch
            else "left, then right"
        )
    elif step.sides is Sides.ALTERNATE:
        parts.append("alternating left and right")
    if step.kind is Kind.REPS:
        parts.append(f"one every {brief_duration(step.tempo)}")
    if step.kind is Kind.BREATHE:
        parts.append(breathing_pattern(step))
    if step.kind is Kind.TIMER and step.remind_every:
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
        else:
            _say(out, f"{raw}: does not exist")
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
                kind=Kind.HOLD,
                duration=30.0,
                sides=Sides.EACH,
                instructions="Lie on your back and gently hug one knee towards your chest. "
                "Keep the other leg relaxed and breathe slowly.",
            ),
            Step(
                name="Bird dog",
                kind=Kind.REPS,
                reps=8,
                sides=Sides.ALTERNATE,
                instructions="On hands and knees, reach one arm forward and the opposite leg back, "
                "keeping your back level. Come back and swap sides.",
            ),
            Step(
                name="Rest",
                kind=Kind.REST,
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
    from .atomic import write_atomic

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
    if (builtin_dir() / path.name).is_file():
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
    validate.add_argument("paths", metavar="PATH", nargs="+", help="a .toml file or a folder")
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

    history = commands.add_parser(
        "history",
        help="recent sessions, your streak, this week, stiffness over time",
        description="Show your session history, or export every session as CSV or JSON.",
    )
    # The same options as history_report.add_history_arguments, written here so that building
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
    from .history_report import run_history_command

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
