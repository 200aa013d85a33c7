"""What the report for a physio says (``backcare report``), as plain values.

Gathered from the program (plan, journal, today) and the session records of the weeks asked
for; :mod:`backcare_tui.cli.report_page` lays it out as Markdown or HTML. The rules are the
core's: adherence from :mod:`~backcare_tui.core.trends`, doses from
:mod:`~backcare_tui.core.progression`, red flags from :mod:`~backcare_tui.core.red_flag`.

No Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import mean

from backcare_tui.core.plan import PlanItem
from backcare_tui.core.progression import StepProgress
from backcare_tui.core.red_flag import red_flag
from backcare_tui.core.routine import Routine
from backcare_tui.core.trends import (
    StiffnessDay,
    Week,
    adherence,
    since_first_use,
    stiffness_days,
    weeks,
)
from backcare_tui.data.history_records import SessionRecord
from backcare_tui.data.program import Program

__all__ = ["PlannedRoutine", "Report", "WeekStiffness", "build_report"]


@dataclass(frozen=True)
class PlannedRoutine:
    """A routine of the plan with its doses today (None when its file cannot be loaded)."""

    item: PlanItem
    routine: Routine | None
    today: Routine | None
    progress: dict[int, StepProgress]


@dataclass(frozen=True)
class WeekStiffness:
    """Average ratings over one week (None where there were none)."""

    monday: date
    before: float | None
    after: float | None
    checkin: float | None


@dataclass(frozen=True)
class Report:
    """Everything one report shows."""

    first: date
    last: date
    written: datetime
    plan_name: str
    plan_is_default: bool
    weeks: list[Week]
    adherence: float | None
    sessions: int
    """Sessions that counted (finished, at least half the steps done)."""
    sessions_stopped: int
    minutes: float
    runs: int
    run_km: float
    hard_runs: int
    checkins: int
    days: list[StiffnessDay]
    week_stiffness: list[WeekStiffness]
    flags: list[tuple[date, str]]
    """Each red flag that went up in the period: the first day and why."""
    routines: list[PlannedRoutine]


def _average(values: Sequence[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(mean(known), 1) if known else None


def _flags(program: Program, first: date, last: date) -> list[tuple[date, str]]:
    found: list[tuple[date, str]] = []
    up: str | None = None
    day = first
    while day <= last:
        end = datetime.combine(day, time(23, 59, 59), tzinfo=program.now.tzinfo)
        flag = red_flag(program.journal, min(end, program.now))
        reason = flag.reason if flag is not None else None
        if reason is not None and reason != up:
            found.append((day, reason))
        up = reason
        day += timedelta(days=1)
    return found


def build_report(program: Program, records: Sequence[SessionRecord], first: date) -> Report:
    """The report from ``first`` to the program's today; ``records`` may reach further back."""
    journal = program.journal
    last = journal.day(program.now)
    first = since_first_use(journal, first, last)
    chosen = [r for r in records if first <= journal.day(r.started_at) <= last]
    counted = [
        s for s in journal.sessions if s.counted and first <= journal.day(s.started_at) <= last
    ]
    runs = [r for r in journal.runs if first <= journal.day(r.at) <= last]
    all_weeks = weeks(program.plan, journal, first, last)
    days = stiffness_days(journal, first, last)
    by_week: dict[date, list[StiffnessDay]] = {}
    for point in days:
        by_week.setdefault(point.day - timedelta(days=point.day.weekday()), []).append(point)
    routines = []
    for item in program.plan.items:
        routine = program.catalog.routines.get(item.routine_id)
        today = program.todays(routine) if routine is not None else None
        routines.append(
            PlannedRoutine(
                item,
                routine,
                today.routine if today is not None else None,
                today.progress if today is not None else {},
            )
        )
    return Report(
        first=first,
        last=last,
        written=program.now,
        plan_name=program.plan.name,
        plan_is_default=program.plan.is_default,
        weeks=all_weeks,
        adherence=adherence(all_weeks),
        sessions=len(counted),
        sessions_stopped=sum(1 for r in chosen if r.status.value == "stopped_early"),
        minutes=sum(r.seconds for r in chosen) / 60,
        runs=len(runs),
        run_km=sum(r.distance_km or 0 for r in runs),
        hard_runs=sum(1 for r in runs if r.hard),
        checkins=sum(1 for c in journal.checkins if first <= journal.day(c.at) <= last),
        days=days,
        week_stiffness=[
            WeekStiffness(
                week.monday,
                _average([p.before for p in by_week.get(week.monday, [])]),
                _average([p.after for p in by_week.get(week.monday, [])]),
                _average([p.checkin for p in by_week.get(week.monday, [])]),
            )
            for week in all_weeks
        ],
        flags=_flags(program, first, last),
        routines=routines,
    )
