"""What the history says about progress: the streak, this week against its targets, stiffness.

These are pure functions of a list of :class:`SessionRecord` and today's date, so they can be
tested across midnights and Mondays without a clock. Days are local calendar days (``tz``, by
default the machine's zone): a session at 00:30 belongs to the day the user lived it, not to
UTC's. Drawing them is the UI's job (:mod:`backcare_tui.ui.history_report`).

Two rules, chosen and written down here:

- **Streak**: a day counts when a session was started on it with at least one step done,
  finished or not (a stiff back cut short still showed up). The streak runs back from today, or
  from yesterday when nothing has been done yet today, so it does not drop to zero at breakfast.
- **Weekly targets** (Monday to Sunday): a session counts toward a tag's target when it ran to
  its end with at least half its steps done rather than skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from backcare_tui.data.history_records import SessionRecord, SessionStatus
from backcare_tui.data.settings import Settings

__all__ = [
    "RATED_SQL",
    "STREAK_SQL",
    "TARGET_SQL",
    "StiffnessPoint",
    "TargetProgress",
    "counts_for_streak",
    "counts_for_target",
    "current_streak",
    "default_targets",
    "local_day",
    "local_time",
    "stiffness_points",
    "week_start",
    "weekly_progress",
]


def local_time(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """``moment`` on the user's clock (``tz``, by default the machine's zone).

    A moment at the very ends of the calendar cannot always be moved: midnight on 1 January of
    the year 1 is still the year 0 in New York, which Python cannot hold, and the last second
    of 9999 is the year 10000 in Tokyo. Such a moment (a history file edited by hand, or
    damaged) stays on its own clock rather than stop the report.
    """
    try:
        return moment.astimezone(tz)
    except (OverflowError, OSError, ValueError):
        return moment


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day ``moment`` fell on where the user is (see :func:`local_time`)."""
    return local_time(moment, tz).date()


def counts_for_streak(record: SessionRecord) -> bool:
    """The streak rule: at least one step done, finished or not."""
    return record.steps_done >= 1


STREAK_SQL = "steps_done >= 1"
""":func:`counts_for_streak` as an SQL condition on a ``sessions`` row, for the report's
queries (:mod:`~backcare_tui.data.history_summary`); the tests hold the two to the same answers.
Word for word the condition of the ``sessions_counting`` index, or SQLite will not use it."""


def counts_for_target(record: SessionRecord) -> bool:
    """The weekly target rule: run to its end with at least half its steps done."""
    return record.status is SessionStatus.FINISHED and record.steps_done * 2 >= record.steps_total


TARGET_SQL = "status = 'finished' AND steps_done * 2 >= steps_total"
""":func:`counts_for_target` as an SQL condition (see :data:`STREAK_SQL`)."""

RATED_SQL = "stiffness_before IS NOT NULL OR stiffness_after IS NOT NULL"
"""A session with a stiffness rating, as :func:`stiffness_points` picks them, in SQL. Word for
word the condition of the ``sessions_rated`` index, or SQLite will not use it."""


def current_streak(records: Iterable[SessionRecord], today: date, tz: tzinfo | None = None) -> int:
    """Days in a row, ending today or yesterday, with a session that counts."""
    days = {local_day(r.started_at, tz) for r in records if counts_for_streak(r)}
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class TargetProgress:
    """Sessions with ``tag`` this week against the number wanted."""

    tag: str
    done: int
    target: int

    @property
    def met(self) -> bool:
        return self.done >= self.target


def default_targets(settings: Settings) -> dict[str, int]:
    """The weekly targets the settings ask for, by tag."""
    return {"strength": settings.weekly_strength_target}


def weekly_progress(
    records: Iterable[SessionRecord],
    today: date,
    targets: Mapping[str, int],
    tz: tzinfo | None = None,
) -> list[TargetProgress]:
    """Each tag with a target above zero, and the sessions that count toward it this week."""
    monday = week_start(today)
    sunday = monday + timedelta(days=6)
    this_week = [
        r
        for r in records
        if monday <= local_day(r.started_at, tz) <= sunday and counts_for_target(r)
    ]
    return [
        TargetProgress(tag, sum(1 for r in this_week if tag in r.routine_tags), wanted)
        for tag, wanted in targets.items()
        if wanted > 0
    ]


@dataclass(frozen=True)
class StiffnessPoint:
    """One check-in: how stiff the back felt before and after a session (0 none, 10 worst)."""

    day: date
    routine_name: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def stiffness_points(
    records: Iterable[SessionRecord], tz: tzinfo | None = None
) -> list[StiffnessPoint]:
    """Sessions with a rating, oldest first."""
    rated = [r for r in records if r.stiffness_before is not None or r.stiffness_after is not None]
    rated.sort(key=lambda r: (r.started_at, r.id))
    return [
        StiffnessPoint(
            local_day(r.started_at, tz), r.routine_name, r.stiffness_before, r.stiffness_after
        )
        for r in rated
    ]
