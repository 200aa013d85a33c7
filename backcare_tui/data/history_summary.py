"""What ``backcare history`` and the ``h`` screen show, worked out in SQL from only what they show.

The rules are those of :mod:`~backcare_tui.data.history_progress` (the streak, the weekly
targets, the stiffness check-ins), but the work is done by the file's indexes: the recent
sessions are the last rows of the start-time index, this week's counts one aggregate over a
week of it, the stiffness chart the last entries of the index of rated sessions, and the streak
walks back from today only as far as it goes. With 100,000 sessions the whole history used to
be read into memory (433 MB, 6.4 s) to show ten rows; now the report reads a few hundred.

Times are stored in UTC, to the second, so text order is time order and a local day is a range
of text: from local midnight to the next, each written in UTC. A row stored some other way (a
hand-edited file) is still shown in the recent list, but may fall outside the day it belongs to.

No Textual.
"""

from __future__ import annotations

import json
import sqlite3
import time as clock
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from backcare_tui.data.history_progress import (
    RATED_SQL,
    STREAK_SQL,
    TARGET_SQL,
    StiffnessPoint,
    TargetProgress,
    local_day,
    week_start,
)
from backcare_tui.data.history_records import SessionRecord
from backcare_tui.data.history_rows import (
    COLUMNS,
    Unreadable,
    iso,
    parse_time,
    read_records,
)

__all__ = ["RECENT", "STIFFNESS_POINTS", "HistorySummary", "summarize"]

RECENT = 10
"""Recent sessions listed unless asked for more or fewer (``--limit``)."""
STIFFNESS_POINTS = 40
"""Check-ins the stiffness chart draws at most (its sparklines; the bars show the last few)."""


@dataclass(frozen=True)
class HistorySummary:
    """Everything the history report shows."""

    today: date
    has_sessions: bool
    streak: int
    """Days in a row with a session that counts, ending today or yesterday."""
    done_today: bool
    """A session that counts for the streak was started today."""
    week: tuple[TargetProgress, ...]
    """This week (Monday to Sunday) against each target above zero."""
    recent: tuple[SessionRecord, ...]
    """The latest sessions, newest first."""
    stiffness: tuple[StiffnessPoint, ...]
    """The latest check-ins, oldest first."""
    unreadable: int = 0
    """Rows among the recent ones that could not be read, and are left out."""


def _local_midnight(day: date, tz: tzinfo | None) -> datetime | None:
    naive = datetime.combine(day, time())
    try:
        # The machine's zone through mktime, which knows its summer time; a given zone directly.
        return naive.astimezone() if tz is None else naive.replace(tzinfo=tz)
    except (OverflowError, OSError, ValueError):  # the first or last day Python can hold
        return None


def _midnight(day: date, tz: tzinfo | None) -> str:
    """Local midnight at the start of ``day``, as stored times are written (UTC text)."""
    moment = _local_midnight(day, tz)
    return iso(moment) if moment is not None else f"{day.isoformat()}T00:00:00+00:00"


def _day_starts(today: date, tz: tzinfo | None) -> Iterator[tuple[date, str]]:
    """Each day from ``today`` back, with its :func:`_midnight`, quickly.

    The streak may walk back through years of days, and converting each midnight the long way
    costs 6.5 µs (0.16 s for 25,000 days on the dev VM). Between changes of clocks, though,
    every local midnight is at the same time of day in UTC, so whole weeks are written out from
    their dates once the offset a week back is seen to be the one in force (clocks change twice
    a year, never twice in a week); a week with a change in it goes day by day, the long way.
    """
    day = today
    week = timedelta(days=7)
    while True:
        moment = _local_midnight(day, tz)
        offset = moment.utcoffset() if moment is not None else None
        if moment is None or offset is None or (moment.date(), moment.time()) != (day, time()):
            # The ends of the calendar; or a midnight the clocks skipped (Lord Howe Island went
            # from 23:59 to 00:30 on 1 March 1981), which mktime puts the evening before.
            yield day, _midnight(day, tz)
        else:
            utc = moment.astimezone(UTC)
            shift, suffix = day - utc.date(), utc.strftime("T%H:%M:%S+00:00")
            stamp = utc.timestamp()
            while day > date.min + week and _offset(stamp - week.total_seconds(), tz) == offset:
                for _ in range(7):
                    yield day, f"{(day - shift).isoformat()}{suffix}"
                    day -= timedelta(days=1)
                stamp -= week.total_seconds()
            yield day, f"{(day - shift).isoformat()}{suffix}"  # at the offset looked up for it
        if day == date.min:
            return
        day -= timedelta(days=1)


def _offset(stamp: float, tz: tzinfo | None) -> timedelta | None:
    """The offset from UTC in force at ``stamp`` where the user is."""
    try:
        if tz is None:
            return timedelta(seconds=clock.localtime(stamp).tm_gmtoff)
        return datetime.fromtimestamp(stamp, tz).utcoffset()
    except (OverflowError, OSError, ValueError):
        return None


def _streak(conn: sqlite3.Connection, today: date, tz: tzinfo | None) -> tuple[int, bool]:
    """(days in a row ending today or yesterday, whether today is one of them).

    Walks back through the start times of the sessions that count, newest first, from the
    index of such sessions, and stops at the first day missed: a streak of a week reads a week
    of rows. A day is a range of stored text (its local midnight to the next, in UTC), so a row
    is placed by comparing text rather than by reading its time: a streak of years costs one
    string comparison a session and a little work a day (0.15 s through 100,000 sessions).
    """
    rows = conn.execute(
        f"SELECT started_at FROM sessions WHERE {STREAK_SQL} AND started_at < ?"
        " ORDER BY started_at DESC",
        (_midnight(today + timedelta(days=1), tz),),
    )
    days = _day_starts(today, tz)
    day, start = next(days)
    # The earliest day the next day counted may be: yesterday at first, then the day before
    # the last one counted.
    earliest = today - timedelta(days=1)
    streak, newest, counted = 0, None, None
    for (text,) in rows:  # a row at a time from SQLite: memory stays flat
        while text < start:  # the session was before ``day``
            if day <= earliest:
                return streak, newest == today  # a day with none: the streak ends
            day, start = next(days)
        if counted != day:
            streak, counted = streak + 1, day
            newest = newest or day
            earliest = day - timedelta(days=1) if day > date.min else day
    return streak, newest == today


def _week(
    conn: sqlite3.Connection, today: date, targets: Mapping[str, int], tz: tzinfo | None
) -> tuple[TargetProgress, ...]:
    """This week's sessions that count toward a target, by tag: one aggregate over the week."""
    monday = week_start(today)
    rows = conn.execute(
        f"SELECT routine_tags, count(*) FROM sessions WHERE {TARGET_SQL}"
        " AND started_at >= ? AND started_at < ? GROUP BY routine_tags",
        (_midnight(monday, tz), _midnight(monday + timedelta(days=7), tz)),
    ).fetchall()
    done: dict[str, int] = {}
    for tags, number in rows:
        try:
            names = {str(tag) for tag in json.loads(tags)}
        except (ValueError, TypeError):
            continue  # not a list of tags: the session cannot be placed under one
        for name in names:
            done[name] = done.get(name, 0) + int(number)
    return tuple(
        TargetProgress(tag, done.get(tag, 0), wanted) for tag, wanted in targets.items() if wanted
    )


def _stiffness(
    conn: sqlite3.Connection, points: int, tz: tzinfo | None
) -> tuple[StiffnessPoint, ...]:
    """The last ``points`` check-ins, oldest first, from the index of rated sessions."""
    rows = conn.execute(
        "SELECT started_at, routine_name, stiffness_before, stiffness_after FROM sessions"
        f" WHERE {RATED_SQL} ORDER BY started_at DESC, id DESC LIMIT ?",
        (points,),
    ).fetchall()
    found = []
    for text, name, before, after in reversed(rows):
        try:
            day = local_day(parse_time(text), tz)
        except (ValueError, TypeError):
            continue
        found.append(StiffnessPoint(day, str(name), before, after))
    return tuple(found)


def summarize(
    conn: sqlite3.Connection,
    today: date,
    targets: Mapping[str, int],
    *,
    limit: int = RECENT,
    points: int = STIFFNESS_POINTS,
    tz: tzinfo | None = None,
    live_id: int | None = None,
) -> HistorySummary:
    """The report for ``today`` (a local day in ``tz``, by default the machine's zone).

    ``live_id`` is the row of the session running in this app: shown as running, where any
    other ``running`` row was left so by an app that was killed and reads as stopped early.
    """
    unreadable = Unreadable()
    recent = conn.execute(
        f"SELECT {COLUMNS} FROM sessions ORDER BY started_at DESC, id DESC LIMIT ?", (limit,)
    )
    records = tuple(read_records(recent, unreadable, live_id))
    has_sessions = bool(conn.execute("SELECT EXISTS (SELECT 1 FROM sessions)").fetchone()[0])
    streak, done_today = _streak(conn, today, tz)
    return HistorySummary(
        today=today,
        has_sessions=has_sessions,
        streak=streak,
        done_today=done_today,
        week=_week(conn, today, targets, tz),
        recent=records,
        stiffness=_stiffness(conn, points, tz),
        unreadable=unreadable.count,
    )
