"""What is due today, and why: the plan read against the journal on an injected date.

For each routine of the plan, an :class:`Entry` says whether it is due, done, or not for today,
with the reason in words. The rules, one per :class:`~backcare_tui.core.plan.Cadence`:

- **after a run** (or a hard run): due on the day a run is logged, until the routine is done
  after that run;
- **on a stiff day**: due when the latest rating today is the plan's ``stiff_from`` or more,
  until the routine is done after that rating;
- **on fixed days**: due on those weekdays until done that day;
- **so many a week** (Monday to Sunday): due until the week's number is done, but not on a rest
  day, and not the day after a session of it or on a hard-run day while the rest of the week
  still leaves room for the sessions to go with a day between them.

Due entries come first, the most pressing first (a stretch while still warm from a run before a
strength session that could wait a day). A session counts when it is counted in the journal
(finished, at least half its steps done).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from backcare_tui.core.distances import km_words
from backcare_tui.core.journal import Journal, Run
from backcare_tui.core.plan import WEEKDAYS, Cadence, Plan, PlanItem
from backcare_tui.core.red_flag import RedFlag, red_flag

__all__ = ["Agenda", "Entry", "State", "agenda", "week_of"]

_URGENCY = {
    Cadence.AFTER_HARD_RUN: 0,
    Cadence.AFTER_RUN: 1,
    Cadence.STIFF_DAY: 2,
    Cadence.DAYS: 3,
    Cadence.WEEKLY: 4,
}
"""Which due routine comes first: what cannot wait (still warm after a run) before what can."""
LOOK_AHEAD = 7
"""Days :func:`agenda` looks ahead for the next routine due when none is due today."""


class State(StrEnum):
    """Where a routine of the plan stands today."""

    DUE = "due"
    DONE = "done"
    """Done today, as the plan asked."""
    NOT_TODAY = "not today"


@dataclass(frozen=True)
class Entry:
    """One routine of the plan, today."""

    item: PlanItem
    state: State
    reason: str
    """Why, in words: ``after your 8 km run at 07:30``, ``1 of 2 this week``."""

    @property
    def routine_id(self) -> str:
        return self.item.routine_id


@dataclass(frozen=True)
class Agenda:
    """The plan on one day: every routine's state, the red flag, and what comes next."""

    day: date
    entries: tuple[Entry, ...]
    rest_day: bool
    flag: RedFlag | None
    rated_today: bool
    """Whether any stiffness rating was given today (else the app offers a check-in)."""
    next_due: tuple[date, str] | None = None
    """When nothing is due today: the next day something is, and what."""

    @property
    def due(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.state is State.DUE)

    def headline(self) -> str:
        """One line: ``Post-run stretch: after your 8 km run at 07:30`` style, by routine id."""
        if self.due:
            first = self.due[0]
            more = f" (and {len(self.due) - 1} more)" if len(self.due) > 1 else ""
            return f"{first.routine_id}: {first.reason}{more}"
        rest = "a rest day" if self.rest_day else "nothing due"
        if self.next_due is not None:
            day, routine_id = self.next_due
            return f"{rest}; next: {routine_id} {_day_words(day, self.day)}"
        return rest


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of ``day``'s week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _day_words(day: date, today: date) -> str:
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"on {WEEKDAYS[day.weekday()].capitalize()} {day.day} {day:%b}"


def _clock(moment: datetime, journal: Journal) -> str:
    return f"{moment.astimezone(journal.tz):%H:%M}"


def _run_words(run: Run, journal: Journal) -> str:
    distance = km_words(run.distance_km) + " " if run.distance_km else ""
    hard = "hard " if run.hard else ""
    return f"your {distance}{hard}run at {_clock(run.at, journal)}"


class _Day:
    """The journal as seen on one day: its sessions, runs and ratings, looked up once."""

    def __init__(self, plan: Plan, journal: Journal, now: datetime) -> None:
        self.plan = plan
        self.journal = journal.until(now)
        self.today = journal.day(now)
        self.counted = [s for s in self.journal.sessions if s.counted]

    def days_done(self, routine_id: str) -> list[date]:
        return [self.journal.day(s.started_at) for s in self.counted if s.routine_id == routine_id]

    def done_since(self, routine_id: str, moment: datetime) -> bool:
        return any(s.routine_id == routine_id and s.started_at >= moment for s in self.counted)

    def entry(self, item: PlanItem) -> Entry:
        rule = {
            Cadence.AFTER_RUN: self._after_run,
            Cadence.AFTER_HARD_RUN: self._after_run,
            Cadence.STIFF_DAY: self._stiff_day,
            Cadence.DAYS: self._fixed_days,
            Cadence.WEEKLY: self._weekly,
        }[item.cadence]
        state, reason = rule(item)
        return Entry(item, state, reason)

    def _after_run(self, item: PlanItem) -> tuple[State, str]:
        hard = item.cadence is Cadence.AFTER_HARD_RUN
        runs = [
            r
            for r in self.journal.runs
            if self.journal.day(r.at) == self.today and (r.hard or not hard)
        ]
        if not runs:
            return State.NOT_TODAY, "no hard run logged today" if hard else "no run logged today"
        last = runs[-1]
        if self.done_since(item.routine_id, last.at):
            return State.DONE, f"done after {_run_words(last, self.journal)}"
        return State.DUE, f"after {_run_words(last, self.journal)}"

    def _stiff_day(self, item: PlanItem) -> tuple[State, str]:
        today = [r for r in self.journal.ratings() if self.journal.day(r.at) == self.today]
        if not today:
            return State.NOT_TODAY, "no stiffness rating today"
        latest = today[-1]
        said = f"stiffness {latest.value} at {_clock(latest.at, self.journal)}"
        if latest.value < self.plan.stiff_from:
            return State.NOT_TODAY, f"{said}: not a stiff day"
        if self.done_since(item.routine_id, latest.at):
            return State.DONE, f"done after {said}"
        return State.DUE, said

    def _fixed_days(self, item: PlanItem) -> tuple[State, str]:
        if self.today.weekday() not in item.days:
            return State.NOT_TODAY, item.how_often
        if self.today in self.days_done(item.routine_id):
            return State.DONE, "done today"
        return State.DUE, f"{WEEKDAYS[self.today.weekday()].capitalize()} is one of its days"

    def _weekly(self, item: PlanItem) -> tuple[State, str]:
        monday, sunday = week_of(self.today)
        days = self.days_done(item.routine_id)
        done = sum(1 for d in days if monday <= d <= sunday)
        tally = f"{done} of {item.per_week} this week"
        if self.today in days:
            return State.DONE, f"done today ({tally})"
        if done >= item.per_week:
            return State.NOT_TODAY, f"{tally}: done for the week"
        if self.today.weekday() in self.plan.rest_days:
            return State.NOT_TODAY, f"{tally}; today is a rest day"
        left = item.per_week - done
        later = [
            self.today + timedelta(days=n)
            for n in range(1, (sunday - self.today).days + 1)
            if (self.today + timedelta(days=n)).weekday() not in self.plan.rest_days
        ]
        room = _room(later)
        yesterday = self.today - timedelta(days=1) in days
        hard_run = any(r.hard and self.journal.day(r.at) == self.today for r in self.journal.runs)
        if room >= left and yesterday:
            return State.NOT_TODAY, f"{tally}; a day's rest after yesterday's session"
        if room >= left and hard_run:
            return State.NOT_TODAY, f"{tally}; not on a hard-run day"
        if room < left:
            return State.DUE, f"{tally}, {_days_left(len(later) + 1)}"
        return State.DUE, tally


def _room(days: list[date]) -> int:
    """How many sessions fit on ``days`` (in order) with a day between any two."""
    placed: list[date] = []
    for day in days:
        if not placed or (day - placed[-1]).days > 1:
            placed.append(day)
    return len(placed)


def _days_left(number: int) -> str:
    return "the last day of the week" if number == 1 else f"{number} days left in the week"


def agenda(plan: Plan, journal: Journal, now: datetime, *, look_ahead: bool = True) -> Agenda:
    """The plan's routines on ``now``'s day, most pressing first, from what had happened by ``now``.

    When nothing is due, ``next_due`` looks up to a week ahead, as if nothing else happened.
    """
    day = _Day(plan, journal, now)
    entries = [day.entry(item) for item in plan.items]
    order = {State.DUE: 0, State.DONE: 1, State.NOT_TODAY: 2}
    entries.sort(key=lambda e: (order[e.state], _URGENCY[e.item.cadence]))
    rated = any(day.journal.day(r.at) == day.today for r in day.journal.ratings())
    result = Agenda(
        day=day.today,
        entries=tuple(entries),
        rest_day=day.today.weekday() in plan.rest_days,
        flag=red_flag(journal, now),
        rated_today=rated,
    )
    if result.due or not look_ahead:
        return result
    for ahead in range(1, LOOK_AHEAD + 1):
        later = agenda(plan, journal.until(now), now + timedelta(days=ahead), look_ahead=False)
        if later.due:
            return replace(result, next_due=(later.day, later.due[0].routine_id))
    return result
