"""Starting a session: the full-screen app (``backcare``, ``backcare run ID``) or line mode.

Textual is imported only when the app starts, so ``run --plain`` works where Textual cannot
(no terminal, ssh, a broken install). Line mode is followed by sound and history just as the
app is.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from backcare_tui.cli.output import EXIT_PROBLEM, console, note, say
from backcare_tui.cli.plain import run_plain
from backcare_tui.core.events import EventSink
from backcare_tui.core.routine import Routine
from backcare_tui.data.catalog import resolve

if TYPE_CHECKING:
    from backcare_tui.data.history import HistoryStore

__all__ = ["app_command", "run_command"]


def _sinks_for(
    args: argparse.Namespace, routine: Routine, history: HistoryStore | None
) -> list[EventSink]:
    """Sound and history, following a line-mode session as they follow the app.

    ``args.no_sound`` and ``args.no_voice`` turn sound off for this run only; the saved
    settings decide otherwise.
    """
    from backcare_tui.data.history_recorder import HistoryRecorder
    from backcare_tui.data.settings import load_settings
    from backcare_tui.sound.sink import create_sound

    settings, notice = load_settings()
    if notice:
        note(notice)
    sinks: list[EventSink] = [
        create_sound(
            sound=settings.sound and not args.no_sound,
            voice=settings.voice and not args.no_voice,
            routine_folder=routine.path.parent if routine.path is not None else None,
            notify=note,
        )
    ]
    if history is not None and history.writable:
        sinks.append(HistoryRecorder(history))
    return sinks


def _run_in_line_mode(routine: Routine, args: argparse.Namespace) -> int:
    from backcare_tui.data.history import open_history

    history = open_history(on_notice=note)
    try:
        return run_plain(routine, sinks=_sinks_for(args, routine, history))
    finally:
        history.close()


def _start_app(routine: Routine | None, args: argparse.Namespace) -> int:
    """Start the full-screen UI; Textual is imported here and nowhere else in this module."""
    try:
        from backcare_tui.ui.launch import run_app
    except ImportError as exc:
        err = console(stderr=True)
        if routine is None:
            say(err, f"The full-screen app is not available in this version ({exc}).")
            say(err, "Try `backcare list`, then `backcare run ROUTINE --plain`.")
            return EXIT_PROBLEM
        say(err, f"The full-screen app is not available ({exc}); running in line mode instead.")
        return _run_in_line_mode(routine, args)
    return int(run_app(routine, no_sound=args.no_sound, no_voice=args.no_voice))


def app_command(args: argparse.Namespace) -> int:
    """``backcare`` with no command: the full-screen app, at the list of routines."""
    return _start_app(None, args)


def _is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def run_command(args: argparse.Namespace) -> int:
    """``backcare run ROUTINE``: in the app at a terminal, else (or with ``--plain``) in lines."""
    routine = resolve(args.routine)
    if args.plain:
        return _run_in_line_mode(routine, args)
    if not _is_terminal():
        # A pipe or a file cannot show the full-screen UI; the lines are what it can use.
        say(console(stderr=True), "Not a terminal: running in line mode (as with --plain).")
        return _run_in_line_mode(routine, args)
    return _start_app(routine, args)
