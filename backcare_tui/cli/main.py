"""The ``backcare`` command: the parser, and :func:`main`, which runs the command asked for.

Each command lives in the module for its job: :mod:`~backcare_tui.cli.start` (the app, ``run``),
:mod:`~backcare_tui.cli.inspect` (``list``, ``show``, ``validate``),
:mod:`~backcare_tui.cli.authoring` (``new``, ``edit``, ``schema``),
:mod:`~backcare_tui.cli.history`, :mod:`~backcare_tui.cli.program` (``today``, ``ran``,
``checkin``), :mod:`~backcare_tui.cli.plan` and :mod:`~backcare_tui.cli.report`. Only starting
the full-screen UI imports Textual (and only then). ``list``, ``show``, ``validate``, ``new`` and
``run --plain`` never do, so they start fast and work over ssh. Rich is imported by the commands
that draw tables, not by line mode. Every problem a user can cause ends in a message and a
non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from backcare_tui import __version__
from backcare_tui.cli.output import EXIT_INTERRUPTED, EXIT_PROBLEM, console, refuse, say_problems
from backcare_tui.core.routine import RoutineLoadError
from backcare_tui.core.text import printable
from backcare_tui.data.wall_clock import WallClockError

__all__ = ["build_parser", "main"]


def _later(module: str, name: str) -> Callable[..., Any]:
    """``backcare_tui.cli.MODULE.NAME``, imported only when it is called: a command's handler
    when it runs, an option's reader when the option is given.

    Each command then loads only what it needs: importing every command's module up front
    took 0.1 s of each start (measured on the dev VM), half of what ``backcare history`` may
    take in all with 100,000 sessions.
    """

    def call(*args: Any) -> Any:
        return getattr(importlib.import_module(f"backcare_tui.cli.{module}"), name)(*args)

    call.__name__ = name  # argparse names a reader that refuses a value by its name
    return call


Handler = Callable[[argparse.Namespace], int]
"""What runs a command: its parsed arguments in, the exit status out."""


app_command: Handler = _later("start", "app_command")
run_command: Handler = _later("start", "run_command")
list_command: Handler = _later("inspect", "list_command")
show_command: Handler = _later("inspect", "show_command")
validate_command: Handler = _later("inspect", "validate_command")
new_command: Handler = _later("authoring", "new_command")
edit_command: Handler = _later("authoring", "edit_command")
schema_command: Handler = _later("authoring", "schema_command")
history_command: Handler = _later("history", "history_command")
today_command: Handler = _later("program", "today_command")
ran_command: Handler = _later("program", "ran_command")
checkin_command: Handler = _later("program", "checkin_command")
plan_command: Handler = _later("plan", "plan_command")
report_command: Handler = _later("report", "report_command")
parse_distance = _later("program", "parse_distance")
rating = _later("program", "rating")
clock_time = _later("plan", "clock_time")
since = _later("report", "since")

# --- the parser --------------------------------------------------------------------------------


def _add_ui_flags(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--no-sound", action="store_true", default=default, help="no cue sounds for this run"
    )
    parser.add_argument(
        "--no-voice", action="store_true", default=default, help="no spoken phrases for this run"
    )


def _add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],  # no public name for it
    name: str,
    handler: Handler,
    *,
    summary: str,
    description: str,
    routine: bool = False,
) -> argparse.ArgumentParser:
    """Add the subcommand ``name``, run by ``handler``; ``routine``: it takes a ROUTINE first."""
    parser = commands.add_parser(name, help=summary, description=description)
    parser.set_defaults(handler=handler)
    if routine:
        parser.add_argument("routine", metavar="ROUTINE", help="routine id or path to a .toml file")
    return parser


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
    parser.set_defaults(handler=app_command)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    run = _add_command(
        commands,
        "run",
        run_command,
        summary="start a routine",
        description="Start a routine in the app, or in line mode with --plain.",
        routine=True,
    )
    run.add_argument(
        "--plain",
        action="store_true",
        help="no full-screen UI: one line of text per event (screen readers, ssh, scripts)",
    )
    # SUPPRESS lets `backcare --no-sound run X` and `backcare run X --no-sound` both work.
    _add_ui_flags(run, default=argparse.SUPPRESS)

    _add_command(
        commands,
        "list",
        list_command,
        summary="list the routines",
        description="List the built-in and your own routines.",
    )
    _add_command(
        commands,
        "show",
        show_command,
        summary="show a routine's steps and timings",
        description="Show a routine step by step, with timings and total.",
        routine=True,
    )
    validate = _add_command(
        commands,
        "validate",
        validate_command,
        summary="check routine files",
        description="Check routine files; a folder checks every .toml in it. Prints each problem "
        "as `path:line: message` and exits 1 if there is any.",
    )
    validate.add_argument(
        "paths", metavar="PATH", nargs="+", help="a .toml file, a folder, or a routine id"
    )

    new = _add_command(
        commands,
        "new",
        new_command,
        summary="make a new routine in your routines folder",
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
    edit = _add_command(
        commands,
        "edit",
        edit_command,
        summary="open a routine in your text editor, then check it",
        description="Open your copy of a routine in $VISUAL or $EDITOR (nano or vi if neither is "
        "set) and check it when the editor closes. A built-in routine is copied into your "
        "routines folder first, comments and all; the built-in itself is never changed.",
        routine=True,
    )
    edit.add_argument(
        "--as",
        dest="as_id",
        metavar="NEW_ID",
        help="edit a copy saved under this id (lowercase letters, digits and hyphens)",
    )
    schema = _add_command(
        commands,
        "schema",
        schema_command,
        summary="print the JSON Schema of routine files, for editors",
        description="Print the JSON Schema (draft 2020-12) of routine files, so an editor's TOML "
        "support can complete keys and flag mistakes. See docs/routines.md.",
    )
    schema.add_argument(
        "--plan", action="store_true", help="the schema of plan files instead (docs/plan.md)"
    )
    _add_program_commands(commands)

    history = _add_command(
        commands,
        "history",
        history_command,
        summary="recent sessions, your streak, this week, stiffness over time",
        description="Show your session history, or export every session as CSV or JSON.",
    )
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
    history.add_argument(
        "--plain",
        action="store_true",
        help="the charts as plain lines of figures (screen readers, scripts)",
    )
    return parser


def _add_program_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """``today``, ``ran``, ``checkin``, ``plan`` and ``report``: the program over weeks."""
    today = _add_command(
        commands,
        "today",
        today_command,
        summary="what your plan says to do today, and why",
        description="Say what is due today and why, the doses of steps that progress, and any "
        "red flag. At a terminal, Enter starts the first routine due. BACKCARE_TODAY=YYYY-MM-DD "
        "sets another day (for trying a plan).",
    )
    today.add_argument("--plain", action="store_true", help="start it in line mode")
    _add_ui_flags(today, default=argparse.SUPPRESS)  # as for run: before or after the command
    ran = _add_command(
        commands,
        "ran",
        ran_command,
        summary="log a run: the stretch after it becomes due",
        description="Log a run you have just done. Your plan's routines for after a run "
        "become due today.",
    )
    ran.add_argument(
        "distance",
        metavar="DISTANCE",
        nargs="?",
        type=parse_distance,
        help="how far: 8, 8.5km, 10k, 5mi or 800m (optional)",
    )
    ran.add_argument("--hard", action="store_true", help="a hard run: recovery becomes due too")
    ran.add_argument("--undo", action="store_true", help="take back the last run logged today")
    checkin = _add_command(
        commands,
        "checkin",
        checkin_command,
        summary="how stiff your back is now, 0 to 10",
        description="Record how stiff your lower back is, 0 (none) to 10 (worst). The morning "
        "after a session it tells the plan how your back took it; within two hours of a "
        "session it counts as your stiffness before or after it.",
    )
    checkin.add_argument(
        "rating", metavar="RATING", nargs="?", type=rating, help="0 (none) to 10 (worst)"
    )
    plan = _add_command(
        commands,
        "plan",
        plan_command,
        summary="show your plan, check it, start one, or write it as a calendar",
        description="Show the plan in use (your plan.toml, or the default). See docs/plan.md.",
    )
    what = plan.add_mutually_exclusive_group()
    what.add_argument(
        "--check", action="store_true", help="check your plan file; exit 1 on problems"
    )
    what.add_argument(
        "--init", action="store_true", help="write the default plan as your plan file"
    )
    what.add_argument(
        "--ics",
        metavar="FILE",
        help="write the plan as repeating calendar events (RFC 5545) to FILE, or - for stdout",
    )
    plan.add_argument(
        "--at", type=clock_time, metavar="HH:MM", help="with --ics: events start at this time"
    )
    report = _add_command(
        commands,
        "report",
        report_command,
        summary="a one-page summary for your physio",
        description="Write a one-page summary of the last weeks: adherence against the plan, "
        "the stiffness trend with a chart, and the routines with their current doses.",
    )
    report.add_argument(
        "--since",
        type=since,
        default="6w",  # read by `since` as if typed
        metavar="WHEN",
        help="how far back: 6w (weeks), 30d (days) or a date 2025-03-01 (default 6w)",
    )
    report.add_argument("--format", choices=("md", "html"), default="md", help="default md")
    report.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {number}")
    return number


def _quiet_stdout() -> None:
    """After a closed pipe (``backcare list | head -1``), let the exit be silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Each subcommand's parser, by name, in the order they were added."""
    for action in parser._actions:  # argparse keeps its subcommands nowhere public
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    """The choice ``word`` most likely means: the one it starts, else the one spelt closest."""
    import difflib

    starting = [choice for choice in choices if word and choice.startswith(word)]
    if len(starting) == 1:
        return starting[0]
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _command_word(argv: Sequence[str]) -> tuple[int, str] | None:
    """Where the command is in ``argv`` and what it is: the first word not an option.

    The top-level options take no value, so the first such word is the command, if any.
    """
    for index, word in enumerate(argv):
        if word == "--":
            return None
        if not word.startswith("-"):
            return index, word
    return None


def _check_command(parser: argparse.ArgumentParser, argv: Sequence[str]) -> int | None:
    """Stop with a "did you mean" for a command that does not exist; where the command is."""
    found = _command_word(argv)
    if found is None:
        return None
    index, word = found
    commands = _commands(parser)
    if word not in commands:
        guess = _did_you_mean(word, list(commands))
        hint = f"did you mean {guess!r}?" if guess else "the commands are " + ", ".join(commands)
        # argparse would list every choice; the one meant is more use.
        parser.error(f"{word!r} is not a command; {hint}")
    return index


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv``; a mistake stops with exit status 2 and the usage of the command it is in.

    argparse hands options a subcommand does not know up to the top-level parser, whose usage
    says nothing about the command: ``run X --plian`` should show ``run``'s usage, and say
    ``--plain`` was probably meant.
    """
    parser = build_parser()
    at = _check_command(parser, argv)
    args, extras = parser.parse_known_args(argv)
    if not extras:
        return args
    owner = parser
    if at is not None and list(argv).index(extras[0]) > at:
        owner = _commands(parser)[argv[at]]
    message = "unrecognized arguments: " + printable(" ".join(extras))
    if extras[0].startswith("-"):
        options = [o for action in owner._actions for o in action.option_strings]
        guess = _did_you_mean(extras[0].split("=")[0], options)
        if guess:
            message += f"; did you mean {guess}?"  # one of the parser's own options
    owner.error(message)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    args = _parse(sys.argv[1:] if argv is None else list(argv))
    handler: Handler = args.handler
    try:
        return handler(args)
    except WallClockError as exc:
        return refuse(str(exc))
    except RoutineLoadError as exc:
        say_problems(exc.errors, console(stderr=True))
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PROBLEM
