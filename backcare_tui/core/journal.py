"""What happened, as the program reads it: sessions done, runs logged, stiffness check-ins.

Plain values with timezone-aware moments; the history (:mod:`backcare_tui.data.program`) builds
a :class:`Journal` from its tables, and tests build one by hand with whatever dates they like.
The rules that tie a check-in to a session are here, once, so the progression, the red-flag
guard and the agenda read them alike:

- A session's stiffness **before** is the rating asked as it started, or else a check-in
  (``backcare checkin``) in the :data:`LINK_WINDOW` before it, since the session before it.
- Its stiffness **after** is the rating asked at its end, or else a check-in in the window after
  it, before the next session.
- Its **next-morning** check-in is the first check-in on the calendar day after it.

Days are the user's calendar days: :attr:`Journal.tz`, the machine's zone when None.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo

__all__ = ["LINK_WINDOW", "Checkin", "Journal", "LevelUsed", "Rating", "Run", "SessionDone"]

EARLIEST = datetime(2, 1, 1, tzinfo=UTC)
LATEST = datetime(9998, 12, 31, tzinfo=UTC)
"""Moments outside these (a history file edited by hand, or damaged) are left out of the
journal: a week or a zone away from the ends of the calendar, Python's dates stop."""

LINK_WINDOW = timedelta(hours=2)
"""How close to a session a check-in must be to count as its before or after rating."""


def _usable(moment: datetime) -> bool:
    return EARLIEST <= moment <= LATEST


@dataclass(frozen=True)
class LevelUsed:
    """The level a progressing step was run at, and the base dose it was counted from."""

    level: int
    base: float


@dataclass(frozen=True)
class SessionDone:
    """One session of a routine, as far as the program cares."""

    routine_id: str
    started_at: datetime
    ended_at: datetime
    counted: bool = True
    """Finished, with at least half its steps done: it counts toward the plan and progression."""
    before: int | None = None
    """Stiffness 0-10 asked as it started (None: not asked)."""
    after: int | None = None
    """Stiffness 0-10 asked at its end (None: not asked)."""
    steps_done: frozenset[str] = frozenset()
    """Names of the steps done (not skipped, not left undone)."""
    levels: Mapping[str, LevelUsed] = field(default_factory=dict)
    """Each progressing step's level in this session, by step name."""
    id: int = 0


@dataclass(frozen=True)
class Run:
    """A run the user logged (``backcare ran``)."""

    at: datetime
    distance_km: float | None = None
    hard: bool = False


@dataclass(frozen=True)
class Checkin:
    """A stiffness rating given on its own (``backcare checkin``, or the app's morning question)."""

    at: datetime
    rating: int


@dataclass(frozen=True)
class Rating:
    """A stiffness rating of any kind, with when it was given and what it was."""

    at: datetime
    value: int
    what: str
    """``before Core strength``, ``after Core strength`` or ``check-in``."""


@dataclass(frozen=True)
class Journal:
    """Everything the program reads, each list oldest first."""

    sessions: tuple[SessionDone, ...] = ()
    runs: tuple[Run, ...] = ()
    checkins: tuple[Checkin, ...] = ()
    tz: tzinfo | None = None
    """The zone the user's days are counted in; None: the machine's."""
    _place: dict[int, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _checkin_times: list[datetime] = field(
        default_factory=list, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # Sorted here once, so every rule can walk them in order; moments no calendar sum can
        # be done with are left out (see EARLIEST).
        sessions = (s for s in self.sessions if _usable(s.started_at) and _usable(s.ended_at))
        object.__setattr__(
            self, "sessions", tuple(sorted(sessions, key=lambda s: (s.started_at, s.id)))
        )
        runs = (r for r in self.runs if _usable(r.at))
        object.__setattr__(self, "runs", tuple(sorted(runs, key=lambda r: r.at)))
        checkins = (c for c in self.checkins if _usable(c.at))
        object.__setattr__(self, "checkins", tuple(sorted(checkins, key=lambda c: c.at)))
        # Looked up for every session a rule reads: kept so that a long history stays linear.
        object.__setattr__(self, "_place", {id(s): i for i, s in enumerate(self.sessions)})
        object.__setattr__(self, "_checkin_times", [c.at for c in self.checkins])

    def day(self, moment: datetime) -> date:
        """The user's calendar day of ``moment``; a moment at the very ends of the calendar,
        which the user's zone would move past them, keeps the day it was written with."""
        try:
            return moment.astimezone(self.tz).date()
        except (OverflowError, OSError, ValueError):
            return moment.date()

    def until(self, moment: datetime) -> Journal:
        """What had happened by ``moment``: sessions that had ended, runs and check-ins given."""
        return replace(
            self,
            sessions=tuple(s for s in self.sessions if s.ended_at <= moment),
            runs=tuple(r for r in self.runs if r.at <= moment),
            checkins=tuple(c for c in self.checkins if c.at <= moment),
        )

    def sessions_of(self, routine_id: str) -> tuple[SessionDone, ...]:
        return tuple(s for s in self.sessions if s.routine_id == routine_id)

    # --- check-ins tied to sessions -----------------------------------------------------------

    def _neighbours(self, session: SessionDone) -> tuple[SessionDone | None, SessionDone | None]:
        index = self._place[id(session)]
        earlier = self.sessions[index - 1] if index > 0 else None
        later = self.sessions[index + 1] if index + 1 < len(self.sessions) else None
        return earlier, later

    def before_check(self, session: SessionDone, *, even_if_asked: bool = False) -> Checkin | None:
        """The check-in given before ``session`` that stands for its before rating, if any.

        ``even_if_asked``: the check-in in that place even when the session asked its own.
        """
        if session.before is not None and not even_if_asked:
            return None
        earlier, _ = self._neighbours(session)
        since = session.started_at - LINK_WINDOW
        if earlier is not None:
            since = max(since, earlier.ended_at)
        found = self._checkins_between(since, session.started_at)
        return found[-1] if found else None

    def before_rating(self, session: SessionDone) -> int | None:
        """How stiff the back was as ``session`` started (see the module's rules)."""
        if session.before is not None:
            return session.before
        check = self.before_check(session)
        return check.rating if check is not None else None

    def _checkins_between(self, first: datetime, last: datetime) -> tuple[Checkin, ...]:
        """The check-ins from ``first`` to ``last``, both included."""
        low = bisect.bisect_left(self._checkin_times, first)
        high = bisect.bisect_right(self._checkin_times, last)
        return self.checkins[low:high]

    def after_check(self, session: SessionDone, *, even_if_asked: bool = False) -> Checkin | None:
        """The check-in given after ``session`` that stands for its after rating, if any.

        ``even_if_asked``: the check-in in that place even when the session asked its own (as
        when ``backcare checkin`` wrote it into the session's row).
        """
        if session.after is not None and not even_if_asked:
            return None
        _, later = self._neighbours(session)
        until = session.ended_at + LINK_WINDOW
        if later is not None:
            until = min(until, later.started_at)
        found = self._checkins_between(session.ended_at, until)
        return found[0] if found else None

    def after_rating(self, session: SessionDone) -> int | None:
        """How stiff the back was at the end of ``session``."""
        if session.after is not None:
            return session.after
        check = self.after_check(session)
        return check.rating if check is not None else None

    def morning_after(self, session: SessionDone) -> Checkin | None:
        """The first check-in on the day after ``session``."""
        next_day = self.day(session.ended_at) + timedelta(days=1)
        start = bisect.bisect_right(self._checkin_times, session.ended_at)
        for check in self.checkins[start:]:
            day = self.day(check.at)
            if day == next_day:
                return check
            if day > next_day:
                break
        return None

    def settled_at(self, session: SessionDone) -> datetime:
        """When the last word on how ``session`` went came in: its end, or a later check-in."""
        moments = [session.ended_at]
        for check in (self.after_check(session), self.morning_after(session)):
            if check is not None:
                moments.append(check.at)
        return max(moments)

    def pending_before(self, now: datetime) -> Checkin | None:
        """A check-in given in the window before ``now`` and since the last session ended: the
        before rating of a session starting ``now``, if it was not asked."""
        since = now - LINK_WINDOW
        ended = [s.ended_at for s in self.sessions if s.ended_at <= now]
        if ended:
            since = max(since, max(ended))
        found = self._checkins_between(since, now)
        return found[-1] if found else None

    def morning_due(self, now: datetime) -> SessionDone | None:
        """Yesterday's last counted session, while today has no check-in yet: the app offers
        the next-morning check-in for it at launch."""
        today = self.day(now)
        done = [s for s in self.sessions if s.counted and s.ended_at <= now]
        if not done or self.day(done[-1].ended_at) != today - timedelta(days=1):
            return None
        if any(self.day(c.at) == today for c in self.checkins if c.at <= now):
            return None
        return done[-1]

    def ratings(self) -> Iterator[Rating]:
        """Every stiffness rating given, oldest first."""
        found: list[Rating] = []
        for s in self.sessions:
            if s.before is not None:
                found.append(Rating(s.started_at, s.before, f"before {s.routine_id}"))
            if s.after is not None:
                found.append(Rating(s.ended_at, s.after, f"after {s.routine_id}"))
        found.extend(Rating(c.at, c.rating, "check-in") for c in self.checkins)
        return iter(sorted(found, key=lambda r: r.at))

    def stiffness_of(self, session: SessionDone) -> int | None:
        """One figure for how the back was around ``session``: after it, else before it."""
        after = self.after_rating(session)
        return after if after is not None else self.before_rating(session)
