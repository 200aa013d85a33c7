"""The ``backcare`` command: the parser, and :func:`main`, which runs the command asked for.

Each command lives in the module for its job: :mod:`~backcare_tui.cli.start` (the app, ``run``),
:mod:`~backcare_tui.cli.inspect` (``list``, ``show``, ``validate``),
:mod:`~backcare_tui.cli.authoring` (``new``, ``edit``, ``schema``) and
:mod:`~backcare_tui.cli.history`. Only starting the full-screen UI imports Textual (and only
then). ``list``, ``show``, ``validate``, ``new`` and ``run --plain`` never do, so they start fast
and work over ssh. Rich is imported by the commands that draw tables, not by line mode. Every
problem a user can cause ends in a message and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from backcare_tui import __version__
from backcare_tui.cli.output import EXIT_INTERRUPTED, EXIT_PROBLEM, console, say_problems
from backcare_tui.core.routine import RoutineLoadError

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]
"""What runs a command: its parsed arguments in, the exit status out."""


def _command(module: str, name: str) -> Handler:
    """``backcare_tui.cli.MODULE.NAME``, imported only when its command runs.

    Each command then loads only what it needs: importing every command's module up front
    took 0.1 s of each start (measured on the dev VM), half of what ``backcare history`` may
    take in all with 100,000 sessions.
    """

    def run(args: argparse.Namespace) -> int:
        handler: Handler = getattr(importlib.import_module(f"backcare_tui.cli.{module}"), name)
        return handler(args)

    run.__name__ = name
    return run


app_command = _command("start", "app_command")
run_command = _command("start", "run_command")
list_command = _command("inspect", "list_command")
show_command = _command("inspect", "show_command")
validate_command = _command("inspect", "validate_command")
new_command = _command("authoring", "new_command")
edit_command = _command("authoring", "edit_command")
schema_command = _command("authoring", "schema_command")
history_command = _command("history", "history_command")


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
    _add_command(
        commands,
        "schema",
        schema_command,
        summary="print the JSON Schema of routine files, for editors",
        description="Print the JSON Schema (draft 2020-12) of routine files, so an editor's TOML "
        "support can complete keys and flag mistakes. See docs/routines.md.",
    )

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
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except RoutineLoadError as exc:
        say_problems(exc.errors, console(stderr=True))
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PROBLEM
