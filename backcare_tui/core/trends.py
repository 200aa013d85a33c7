"""Figures over weeks: sessions against the plan's targets, and stiffness day by day.

What the charts (history, ``backcare history``) and the report for a physio draw. Pure
functions of a plan, a journal and the days asked for. Weeks run Monday to Sunday; a week only
partly inside the days asked for (or not over yet) is marked partial and left out of the
adherence figure, so a Wednesday never reads as a bad week.

What each kind of plan routine asks of a week, and what counts as doing it:

- so many a week: that many sessions (more do not count twice);
- fixed days: a session on each of those days;
- after a run (or a hard run): a session after each run, that day;
- on a stiff day: a session after the first stiff rating of each stiff day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backcare_tui.core.agenda import week_of
from backcare_tui.core.journal import Journal, SessionDone
from backcare_tui.core.plan import Cadence, Plan, PlanItem

__all__ = [
    "StiffnessDay",
    "Tally",
    "Week",
    "adherence",
    "since_first_use",
    "stiffness_days",
    "weeks",
]


@dataclass(frozen=True)
class Tally:
    """One routine of the plan in one week: sessions that did what it asked, of those asked."""

    item: PlanItem
    done: int
    target: int


@dataclass(frozen=True)
class Week:
    """A Monday-to-Sunday week of the plan."""

    monday: date
    tallies: tuple[Tally, ...]
    extra: int
    """Sessions of the plan's routines beyond what it asked (a third core session)."""
    partial: bool
    """Not all of the week lies within the days asked for, or it is not over yet."""

    @property
    def done(self) -> int:
        return sum(t.done for t in self.tallies)

    @property
    def target(self) -> int:
        return sum(t.target for t in self.tallies)


def since_first_use(journal: Journal, first: date, last: date) -> date:
    """``first``, or the Monday of the week the journal starts if that is later.

    Weeks before a new user's first session, run or check-in asked nothing of them: counting
    them would show weeks of zeros.
    """
    moments = [s.started_at for s in journal.sessions[:1]]
    moments += [r.at for r in journal.runs[:1]] + [c.at for c in journal.checkins[:1]]
    if not moments:
        return max(first, week_of(last)[0])
    return max(first, week_of(journal.day(min(moments)))[0])


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


class _Counter:
    """The journal's counted sessions, looked up by routine and day."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.sessions = [s for s in journal.sessions if s.counted]

    def on(self, routine_id: str, day: date) -> list[SessionDone]:
        return [
            s
            for s in self.sessions
            if s.routine_id == routine_id and self.journal.day(s.started_at) == day
        ]

    def after(self, routine_id: str, moment: datetime) -> bool:
        day = self.journal.day(moment)
        return any(s.started_at >= moment for s in self.on(routine_id, day))


def _tally(
    item: PlanItem, days: list[date], covered: int, count: _Counter, plan: Plan
) -> tuple[Tally, int]:
    """What ``item`` asked of ``days`` and what was done: the tally, and the sessions beyond.

    ``covered``: the days of the week from the first day asked for on. A week cut at the start
    asks for its share of a weekly target; the week under way asks for all of it.
    """
    journal = count.journal
    sessions = sum(len(count.on(item.routine_id, d)) for d in days)
    if item.cadence is Cadence.WEEKLY:
        target = item.per_week if covered == 7 else round(item.per_week * covered / 7)
        done = min(sessions, max(target, 0))
    elif item.cadence is Cadence.DAYS:
        asked = [d for d in days if d.weekday() in item.days]
        target, done = len(asked), sum(1 for d in asked if count.on(item.routine_id, d))
    elif item.cadence in (Cadence.AFTER_RUN, Cadence.AFTER_HARD_RUN):
        hard = item.cadence is Cadence.AFTER_HARD_RUN
        runs = [r for r in journal.runs if journal.day(r.at) in days and (r.hard or not hard)]
        target = len(runs)
        done = sum(1 for r in runs if count.after(item.routine_id, r.at))
    else:
        firsts: dict[date, datetime] = {}
        for r in journal.ratings():
            day = journal.day(r.at)
            if day in days and r.value >= plan.stiff_from:
                firsts.setdefault(day, r.at)
        target = len(firsts)
        done = sum(1 for moment in firsts.values() if count.after(item.routine_id, moment))
    return Tally(item, min(done, target), target), max(0, sessions - done)


def weeks(plan: Plan, journal: Journal, first: date, last: date) -> list[Week]:
    """Each week from ``first`` to ``last`` (``last`` is today, or the report's last day)."""
    count = _Counter(journal)
    result = []
    monday = week_of(first)[0]
    while monday <= last:
        week = _days(monday, monday + timedelta(days=6))
        inside = [d for d in week if first <= d <= last]
        covered = sum(1 for d in week if d >= first)
        tallies, extra = [], 0
        for item in plan.items:
            tally, beyond = _tally(item, inside, covered, count, plan)
            tallies.append(tally)
            extra += beyond
        result.append(Week(monday, tuple(tallies), extra, partial=len(inside) < 7))
        monday += timedelta(days=7)
    return result


def adherence(all_weeks: list[Week]) -> float | None:
    """Sessions done of those asked over the whole weeks (0 to 1); None when none asked any."""
    whole = [w for w in all_weeks if not w.partial]
    target = sum(w.target for w in whole)
    return sum(w.done for w in whole) / target if target else None


@dataclass(frozen=True)
class StiffnessDay:
    """The back on one day: the last rating before a session, after one, and on its own."""

    day: date
    before: int | None = None
    after: int | None = None
    checkin: int | None = None


def stiffness_days(journal: Journal, first: date, last: date) -> list[StiffnessDay]:
    """Every day from ``first`` to ``last`` with any rating, oldest first.

    A check-in standing for a session's before or after rating shows there, not twice.
    """
    found: dict[date, dict[str, int]] = {}
    linked: set[datetime] = set()
    for session in journal.sessions:
        day = journal.day(session.started_at)
        if not first <= day <= last:
            continue
        before, after = journal.before_rating(session), journal.after_rating(session)
        if before is not None:
            found.setdefault(day, {})["before"] = before
        if after is not None:
            found.setdefault(day, {})["after"] = after
        for check in (
            journal.before_check(session, even_if_asked=True),
            journal.after_check(session, even_if_asked=True),
        ):
            if check is not None:
                linked.add(check.at)
    for check in journal.checkins:
        day = journal.day(check.at)
        if first <= day <= last and check.at not in linked:
            found.setdefault(day, {})["checkin"] = check.rating
    return [StiffnessDay(day, **values) for day, values in sorted(found.items())]
