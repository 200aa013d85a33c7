"""The words of "today": what the plan asks for, for ``backcare today`` and the picker's first row.

Plain values and plain strings, no Textual and no rich, so the command line prints the same
lines the app shows (as :mod:`backcare_tui.ui.session_view` does for the session screen). The
rules are the core's agenda and progression; this module only words them, with routine names
from the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from backcare_tui.core.agenda import Agenda, Entry, State
from backcare_tui.core.durations import format_duration
from backcare_tui.core.phases import session_total
from backcare_tui.data.program import Program

__all__ = ["TodayRow", "due_line", "moment_words", "routine_name", "today_lines", "today_row"]

CHECKIN_HINT = "How is your back today? backcare checkin 0-10 (0 none, 10 worst)"


def routine_name(program: Program, routine_id: str) -> str:
    """The routine's name, or its id and why it cannot be run."""
    routine = program.catalog.routines.get(routine_id)
    return routine.name if routine is not None else f"{routine_id} (cannot be loaded)"


def moment_words(moment: datetime) -> str:
    """``18:30 on Mon 3 Mar``."""
    return f"{moment:%H:%M} on {moment:%a} {moment.day} {moment:%b}"


def _entry_lines(program: Program, entry: Entry) -> list[str]:
    """A routine of the agenda: ``Core strength (core-strength, 15 min): 1 of 2 this week``,
    and, when it is due, where its progressing doses stand today."""
    routine = program.catalog.routines.get(entry.routine_id)
    if routine is None:
        return [f"  {routine_name(program, entry.routine_id)}: {entry.reason}"]
    if entry.state is not State.DUE:
        return [f"  {routine.name} ({routine.id}): {entry.reason}"]
    today = program.todays(routine)
    length = format_duration(session_total(today.routine))
    lines = [f"  {routine.name} ({routine.id}, {length}): {entry.reason}"]
    lines += ["    " + step.sentence(next_time=False) for step in today.progress.values()]
    return lines


def due_line(program: Program, agenda: Agenda) -> str:
    """``Due today: Post-run stretch, Core strength.``, or when something next is."""
    if agenda.due:
        names = ", ".join(routine_name(program, e.routine_id) for e in agenda.due)
        return f"Due today: {names}."
    line = "Nothing due today" + (": a rest day" if agenda.rest_day else "")
    if agenda.next_due is not None:
        day, routine_id = agenda.next_due
        tomorrow = day == agenda.day + timedelta(days=1)
        when = "tomorrow" if tomorrow else f"on {day:%A} {day.day} {day:%b}"
        line += f". Next: {routine_name(program, routine_id)} {when}"
    return line + "."


def today_lines(program: Program, agenda: Agenda | None = None, *, hints: bool = True) -> list[str]:
    """Everything ``backcare today`` prints, line by line; ``hints`` adds the commands to use."""
    agenda = agenda or program.agenda()
    day = agenda.day
    title = f"{day:%A} {day.day} {day:%B} · {program.plan.name}"
    lines = [title + (" (a rest day)" if agenda.rest_day else "")]
    if agenda.flag is not None:
        lines += [
            f"Red flag: {agenda.flag.reason}. Doses are held where they are.",
            f"  {agenda.flag.advice}",
        ]
    for state, heading in (
        (State.DUE, "Due today:"),
        (State.DONE, "Done today:"),
        (State.NOT_TODAY, "Not today:"),
    ):
        entries = [e for e in agenda.entries if e.state is state]
        if entries:
            lines.append(heading)
            for entry in entries:
                lines += _entry_lines(program, entry)
    if not agenda.entries:
        lines.append("Your plan has no routines.")
    if agenda.due and hints:
        lines.append(f"Start it with: backcare run {agenda.due[0].routine_id}")
    elif not agenda.due:
        lines.append(due_line(program, agenda))
    if not agenda.rated_today and hints:
        lines.append(CHECKIN_HINT)
    return lines


@dataclass(frozen=True)
class TodayRow:
    """The picker's first row: a title, a second line, and the routine Enter starts."""

    title: str
    detail: str
    routine_id: str | None
    flagged: bool
    lines: tuple[str, ...]
    """Everything about today, for the preview beside the list."""


def today_row(program: Program) -> TodayRow:
    """What the picker's first row says: the first routine due and why, or what comes next."""
    if program.plan_file.broken:
        count = len(program.plan_file.problems)
        return TodayRow(
            "Today: your plan has problems",
            f"{count} problem{'s' if count != 1 else ''} in plan.toml",
            None,
            True,
            tuple(str(e) for e in program.plan_file.problems),
        )
    agenda = program.agenda()
    lines = tuple(today_lines(program, agenda, hints=False))
    flagged = agenda.flag is not None
    if agenda.due:
        first = agenda.due[0]
        more = f" (+{len(agenda.due) - 1} more)" if len(agenda.due) > 1 else ""
        return TodayRow(
            f"Today: {routine_name(program, first.routine_id)}{more}",
            first.reason,
            first.routine_id if first.routine_id in program.catalog.routines else None,
            flagged,
            lines,
        )
    return TodayRow("Today: nothing due", due_line(program, agenda), None, flagged, lines)
