"""The program from the command line: ``backcare today``, ``ran``, ``checkin`` and ``plan``.

Each command reads the plan and the history through :mod:`backcare_tui.data.program` at the
wall clock's date (``BACKCARE_TODAY`` sets another, for trying a plan over weeks), says what it
did in plain lines a script can read, and ends with what is due now. The words of the agenda
and the progression are the core's; this module lays them out.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import TYPE_CHECKING

from backcare_tui.cli.output import EXIT_OK, EXIT_PROBLEM, console, refuse, say, say_problems
from backcare_tui.core.distances import DistanceError, km_words
from backcare_tui.core.distances import parse_distance as distance_in_km

if TYPE_CHECKING:
    from backcare_tui.core.journal import Checkin
    from backcare_tui.data.history import HistoryStore
    from backcare_tui.data.program import Program

__all__ = [
    "checkin_command",
    "parse_distance",
    "ran_command",
    "rating",
    "today_command",
]


def parse_distance(text: str) -> float:
    """A run's distance from the command line, in km (see :mod:`backcare_tui.core.distances`)."""
    try:
        return distance_in_km(text)
    except DistanceError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def rating(text: str) -> int:
    """A stiffness rating from the command line: a whole number from 0 to 10."""
    if not text.strip().isdigit() or not 0 <= int(text) <= 10:
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 0 (none) to 10 (worst), got {text!r}"
        )
    return int(text)


def _open() -> tuple[HistoryStore, Program]:
    """The history (notices on stderr) and the program read from it, at the wall clock's now."""
    from backcare_tui.cli.output import note
    from backcare_tui.data.history import open_history
    from backcare_tui.data.program import load_program

    store = open_history(on_notice=note)
    return store, load_program(store)


def _broken_plan(program: Program) -> int:
    err = console(stderr=True)
    say_problems(program.plan_file.problems, err)
    say(err, "Fix your plan file, then check it with `backcare plan --check`.")
    return EXIT_PROBLEM


def _ask(question: str) -> str | None:
    """A line typed at a terminal, or None when nobody is there to answer."""
    if sys.stdin is None or not sys.stdin.isatty() or not sys.stdout.isatty():
        return None
    try:
        return input(question).strip()
    except EOFError:
        return None


def today_command(args: argparse.Namespace) -> int:
    """``backcare today``: what is due and why; at a terminal, Enter starts the first."""
    from backcare_tui.ui.today_view import today_lines

    store, program = _open()
    try:
        if program.plan_file.broken:
            return _broken_plan(program)
        agenda = program.agenda()
        out = console()
        for line in today_lines(program, agenda):
            say(out, line)
    finally:
        store.close()
    routine = program.catalog.routines.get(agenda.due[0].routine_id) if agenda.due else None
    if routine is None:
        return EXIT_OK
    answer = _ask(f"Enter starts {routine.name}; q leaves: ")
    if answer != "":
        return EXIT_OK
    from backcare_tui.cli.start import start_routine

    return start_routine(routine, args)


def ran_command(args: argparse.Namespace) -> int:
    """``backcare ran [DISTANCE] [--hard]``: log a run, and say what it makes due."""
    from backcare_tui.data.history_program import last_run_since, log_run, remove_run
    from backcare_tui.data.program import load_program
    from backcare_tui.ui.today_view import moment_words, routine_name

    store, program = _open()
    out = console()
    try:
        if args.undo:
            midnight = program.now.replace(hour=0, minute=0, second=0, microsecond=0)
            found = last_run_since(store, midnight)
            if found is None:
                return refuse("No run logged today to take back.")
            run_id, run = found
            remove_run(store, run_id)
            say(out, f"Took back the run logged at {run.at.astimezone(program.now.tzinfo):%H:%M}.")
            return EXIT_OK
        if not store.writable:
            return refuse("The run could not be logged: the history cannot be written.")
        if log_run(store, program.now, args.distance, hard=args.hard) is None:
            return refuse("The run could not be logged (see above).")
        distance = " " + km_words(args.distance) if args.distance else ""
        hard = ", hard" if args.hard else ""
        say(out, f"Run logged{distance}{hard}: {moment_words(program.now)}.")
        program = load_program(store, program.catalog, now=program.now)
    finally:
        store.close()
    after = [e for e in program.agenda().due if "run" in e.item.cadence.value]
    for entry in after:
        say(out, f"Now due: {routine_name(program, entry.routine_id)}: {entry.reason}")
    if after:
        say(out, f"Start it with: backcare run {after[0].routine_id}")
    else:
        say(out, "Your plan has nothing to do after this run.")
    return EXIT_OK


def _write_through(store: HistoryStore, program: Program) -> None:
    """A check-in just after a session with no rating after it becomes that rating in its row,
    so the history's table and exports show it too."""
    from backcare_tui.data.history_program import rate_session

    journal = program.journal
    for session in reversed(journal.sessions):
        check = journal.after_check(session)
        just_now = check is not None and abs(check.at - program.now) < timedelta(seconds=1)
        if check is not None and just_now and session.id:
            rate_session(store, session.id, after=check.rating)
            return


def _what_it_stands_for(program: Program, check: Checkin) -> list[str]:
    """How the check-in just given counts (a session's after rating, or its next morning), and
    where that leaves the doses of that session's routine."""
    from backcare_tui.ui.today_view import routine_name

    journal = program.journal
    for session in reversed(journal.sessions):
        name = routine_name(program, session.routine_id)
        if journal.after_check(session) == check:
            said = f"It counts as how your back felt after {name}."
        elif journal.morning_after(session) == check:
            before = journal.before_rating(session)
            was = f" (before it: {before})" if before is not None else ""
            said = f"It is the next-morning check-in after {name}{was}."
        else:
            continue
        routine = program.catalog.routines.get(session.routine_id)
        doses = program.progress(routine) if routine is not None else {}
        return [said, *(step.sentence() for step in doses.values())]
    return []


def checkin_command(args: argparse.Namespace) -> int:
    """``backcare checkin [0-10]``: how stiff the back is now; asked at a terminal if not given."""
    from backcare_tui.data.history_program import log_checkin
    from backcare_tui.data.program import load_program
    from backcare_tui.ui.today_view import due_line, moment_words

    value: int | None = args.rating
    while value is None:
        answer = _ask("How stiff is your lower back right now? 0 none ... 10 worst: ")
        if answer is None:
            return refuse("backcare checkin: give a rating from 0 (none) to 10 (worst).")
        if answer == "":
            return EXIT_OK
        try:
            value = rating(answer)
        except argparse.ArgumentTypeError as exc:
            say(console(stderr=True), str(exc))
    store, program = _open()
    out = console()
    try:
        if not store.writable or log_checkin(store, program.now, value) is None:
            return refuse("The check-in could not be recorded: the history cannot be written.")
        program = load_program(store, program.catalog, now=program.now)
        _write_through(store, program)
    finally:
        store.close()
    say(out, f"Stiffness {value} noted: {moment_words(program.now)}.")
    check = next((c for c in reversed(program.journal.checkins) if c.at <= program.now), None)
    for line in _what_it_stands_for(program, check) if check is not None else []:
        say(out, line)
    agenda = program.agenda()
    if agenda.flag is not None:
        say(out, f"Red flag: {agenda.flag.reason}. Doses are held where they are.")
        say(out, agenda.flag.advice)
    say(out, due_line(program, agenda))
    return EXIT_OK
