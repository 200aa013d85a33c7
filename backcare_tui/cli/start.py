"""Starting a session: the full-screen app (``backcare``, ``backcare run ID``) or line mode.

Textual is imported only when the app starts, so ``run --plain`` works where Textual cannot
(no terminal, ssh, a broken install). Line mode is followed by sound and history just as the
app is, runs at today's doses (steps with a ``progress`` rule, at the level history gives them)
and ends by saying where those doses go next.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from backcare_tui.cli.output import EXIT_PROBLEM, console, note, say
from backcare_tui.cli.plain import run_plain
from backcare_tui.core.events import EventSink
from backcare_tui.core.journal import LevelUsed
from backcare_tui.core.routine import Routine
from backcare_tui.data.catalog import resolve

if TYPE_CHECKING:
    from backcare_tui.data.history import HistoryStore
    from backcare_tui.sound.sink import SoundSink

__all__ = ["app_command", "run_command", "start_routine"]


def _sinks_for(
    args: argparse.Namespace,
    routine: Routine,
    history: HistoryStore | None,
    levels: Mapping[str, LevelUsed] | None = None,
    before: int | None = None,
) -> tuple[list[EventSink], SoundSink, list[str]]:
    """Sound and history, following a line-mode session as they follow the app; the sound; and
    what to say once about it at the start (it is off on purpose, or it has no voice).

    ``args.no_sound`` and ``args.no_voice`` turn sound off for this run only; the saved
    settings decide otherwise.
    """
    from backcare_tui.data.history_recorder import HistoryRecorder
    from backcare_tui.data.locations import settings_path
    from backcare_tui.data.settings import load_settings
    from backcare_tui.sound.sink import create_sound

    settings, notice = load_settings()
    if notice:
        note(notice)
    sound = create_sound(
        sound=settings.sound and not args.no_sound,
        voice=settings.voice and not args.no_voice,
        routine_folder=routine.path.parent if routine.path is not None else None,
        notify=note,
    )
    sound.check_player()  # a player that cannot play is told of now, before the first line
    notices: list[str] = []
    if sound.muted:
        why = "--no-sound" if args.no_sound else f"sound = false in {settings_path()}"
        notices.append(f"Sound is off ({why}): this session is silent on purpose.")
    elif sound.silence_reason() is None and sound.voice_wanted and sound.voice_problem:
        notices.append(f"No voice: {sound.voice_problem}; cue sounds only.")
    sinks: list[EventSink] = [sound]
    if history is not None and history.writable:
        recorder = HistoryRecorder(history, levels)
        recorder.set_stiffness(before=before)  # a check-in just before stands for it
        sinks.append(recorder)
    return sinks, sound, notices


def _run_in_line_mode(routine: Routine, args: argparse.Namespace) -> int:
    from backcare_tui.data.history import open_history
    from backcare_tui.data.program import load_journal, todays_routine

    history = open_history(on_notice=note)
    try:
        today = todays_routine(routine, load_journal(history))
        sinks, sound, notices = _sinks_for(args, today.routine, history, today.levels, today.before)
        status = run_plain(today.routine, sinks=sinks, before_start=sound.attach, notices=notices)
        if today.progress:
            # After a hang-up there may be no terminal left to tell (run_plain minds it too).
            with contextlib.suppress(OSError, ValueError):
                _say_where_doses_go(routine, history)
        return status
    finally:
        history.close()


def _say_where_doses_go(routine: Routine, history: HistoryStore) -> None:
    """After a session: each progressing step's next dose and why, as the summary says it."""
    from backcare_tui.core.progression import Move
    from backcare_tui.core.red_flag import red_flag
    from backcare_tui.data.program import load_journal, todays_routine
    from backcare_tui.data.wall_clock import wall_now

    journal = load_journal(history)
    flag = red_flag(journal, wall_now())
    after = todays_routine(routine, journal, flagged=flag is not None)
    for step in after.progress.values():
        print(step.sentence(), flush=True)
    if any(step.move is Move.UNRATED for step in after.progress.values()):
        print(
            "How is your back now? `backcare checkin 0-10` in the next two hours counts as "
            "your stiffness after this session.",
            flush=True,
        )
    if flag is not None:
        print(str(flag), flush=True)


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
    return start_routine(resolve(args.routine), args)


def start_routine(routine: Routine, args: argparse.Namespace) -> int:
    """Start ``routine`` as ``run`` does: the app at a terminal, else (or ``--plain``) lines."""
    if args.plain:
        return _run_in_line_mode(routine, args)
    if not _is_terminal():
        # A pipe or a file cannot show the full-screen UI; the lines are what it can use.
        say(console(stderr=True), "Not a terminal: running in line mode (as with --plain).")
        return _run_in_line_mode(routine, args)
    return _start_app(routine, args)
