"""A session's row in the history file: its columns, read as a record, written from a session.

:mod:`~backcare_tui.data.history` opens the file and runs the statements; the report's queries
(:mod:`~backcare_tui.data.history_summary`) and the exports read through here too, so a row is
turned into a :class:`~backcare_tui.data.history_records.SessionRecord` in one place.

No Textual.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from backcare_tui.data.history_records import (
    SessionRecord,
    SessionStatus,
    StepRecord,
    checked_rating,
)

if TYPE_CHECKING:
    # Only named in signatures: the command line's history report never loads the engine.
    from backcare_tui.core.session import Session

__all__ = [
    "COLUMNS",
    "FETCH",
    "INSERT",
    "UPDATE",
    "Progress",
    "Unreadable",
    "fetched",
    "insert_values",
    "iso",
    "parse_time",
    "read_records",
    "record_from_row",
    "update_values",
]

COLUMNS = (
    "id, routine_id, routine_name, routine_tags, started_at, ended_at, status, steps_total,"
    " steps_done, steps_skipped, steps_extended, steps_shortened, seconds, stiffness_before,"
    " stiffness_after, steps"
)
"""What :func:`record_from_row` reads, in its order: ``SELECT {COLUMNS} FROM sessions …``."""

FETCH = 500
"""Rows fetched at a time from a long query: memory stays flat however long the history."""


def parse_time(text: str) -> datetime:
    """A stored time: ISO 8601, with its offset (one without is UTC, as the first versions
    wrote). Raises ValueError for anything else."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def record_from_row(row: tuple[Any, ...], live_id: int | None = None) -> SessionRecord:
    """The record of one row (``COLUMNS``); a ``running`` row other than ``live_id`` comes back
    stopped early (its app was killed before it could say so). Raises ValueError, TypeError or
    KeyError for a row that cannot be read."""
    (
        id_,
        routine_id,
        routine_name,
        tags,
        started,
        ended,
        status,
        total,
        done,
        skipped,
        extended,
        shortened,
        seconds,
        before,
        after,
        steps,
    ) = row
    state = SessionStatus(status)
    if state is SessionStatus.RUNNING and id_ != live_id:
        state = SessionStatus.STOPPED_EARLY
    return SessionRecord(
        id=int(id_),
        routine_id=str(routine_id),
        routine_name=str(routine_name),
        routine_tags=tuple(str(t) for t in json.loads(tags)),
        started_at=parse_time(started),
        ended_at=parse_time(ended) if ended else None,
        status=state,
        steps_total=int(total),
        steps_done=int(done),
        steps_skipped=int(skipped),
        steps_extended=int(extended),
        steps_shortened=int(shortened),
        seconds=float(seconds),
        stiffness_before=before,
        stiffness_after=after,
        steps=tuple(
            StepRecord(int(s["index"]), str(s["name"]), str(s["status"]), float(s["adjusted"]))
            for s in json.loads(steps)
        ),
    )


class Unreadable:
    """Counts the rows :func:`read_records` had to leave out."""

    def __init__(self) -> None:
        self.count = 0


def read_records(
    rows: Iterable[tuple[Any, ...]], unreadable: Unreadable, live_id: int | None = None
) -> Iterator[SessionRecord]:
    """Each row that can be read, as a record, as the rows arrive; the rest are counted."""
    for row in rows:
        try:
            yield record_from_row(row, live_id)
        except (ValueError, TypeError, KeyError):
            unreadable.count += 1


def fetched(cursor: sqlite3.Cursor) -> Iterator[tuple[Any, ...]]:
    """A query's rows, :data:`FETCH` at a time."""
    while batch := cursor.fetchmany(FETCH):
        yield from batch


def iso(moment: datetime) -> str:
    """How a time is stored: UTC, to the second. One offset for every row keeps the text in
    time order, so the indexes on it sort sessions by when they happened."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Progress:
    """How far a session has got, as its row records it (the rest is read off the session)."""

    elapsed: float = 0.0
    """Session time recorded: up to the last step done, or to the end."""
    status: SessionStatus = SessionStatus.RUNNING
    stiffness_before: int | None = None
    stiffness_after: int | None = None


INSERT = (
    "INSERT INTO sessions (routine_id, routine_name, routine_tags, started_at, steps_total,"
    " steps_done, steps_skipped, steps_extended, steps_shortened, seconds, ended_at, status,"
    " stiffness_before, stiffness_after, steps)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
UPDATE = (
    "UPDATE sessions SET steps_done = ?, steps_skipped = ?, steps_extended = ?,"
    " steps_shortened = ?, seconds = ?, ended_at = ?, status = ?, stiffness_before = ?,"
    " stiffness_after = ?, steps = ? WHERE id = ?"
)


def _state(session: Session, progress: Progress, now: datetime) -> tuple[Any, ...]:
    """The values of the columns a session's every write sets, in the order both statements
    name them: steps_done to steps."""
    return (
        session.steps_done,
        session.steps_skipped,
        session.steps_extended,
        session.steps_shortened,
        round(progress.elapsed, 3),
        iso(now),
        progress.status.value,
        checked_rating(progress.stiffness_before),
        checked_rating(progress.stiffness_after),
        _steps_json(session),
    )


def insert_values(
    session: Session, progress: Progress, started: datetime, now: datetime
) -> tuple[Any, ...]:
    """The values for :data:`INSERT`: a session started at ``started``, as it stands ``now``."""
    routine = session.routine
    tags = json.dumps(list(routine.tags))
    return (routine.id, routine.name, tags, iso(started), len(routine.steps)) + _state(
        session, progress, now
    )


def update_values(
    session_id: int, session: Session, progress: Progress, now: datetime
) -> tuple[Any, ...]:
    """The values for :data:`UPDATE`: everything about row ``session_id`` but its start."""
    return (*_state(session, progress, now), session_id)


def _steps_json(session: Session) -> str:
    """How each step has gone so far: the ``steps`` column."""
    return json.dumps(
        [
            {"index": i, "name": step.name, "status": status.value, "adjusted": round(adjusted, 3)}
            for i, (step, status, adjusted) in enumerate(
                zip(session.routine.steps, session.step_status, session.adjusted, strict=True)
            )
        ]
    )
