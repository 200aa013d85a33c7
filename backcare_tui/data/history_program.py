"""The program's part of the history: runs logged, check-ins, the level each step ran at.

Writes go through the store (:meth:`~backcare_tui.data.history.HistoryStore.write`: one statement
a transaction, busy files handled as for sessions); :func:`read_journal` reads everything back
as the core's :class:`~backcare_tui.core.journal.Journal`, for the agenda, the progression and
the red-flag guard. A session counts for the plan by the same rule as weekly targets
(:func:`~backcare_tui.data.history_progress.counts_for_target`).

No Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from typing import Any, TypeVar

from backcare_tui.core.durations import count
from backcare_tui.core.journal import Checkin, Journal, LevelUsed, Run, SessionDone
from backcare_tui.data.history import HistoryStore
from backcare_tui.data.history_progress import counts_for_target
from backcare_tui.data.history_records import SessionRecord, SessionStatus, checked_rating
from backcare_tui.data.history_rows import iso, parse_time

T = TypeVar("T")

__all__ = [
    "last_run_since",
    "log_checkin",
    "log_run",
    "read_journal",
    "record_levels",
    "remove_run",
]


def _run(at: Any, km: Any, hard: Any) -> Run:
    """A ``runs`` row as a :class:`Run`; ValueError or TypeError for a row no one could have
    written with the app (edited by hand, or damaged)."""
    return Run(parse_time(at), None if km is None else float(km), bool(hard))


def _readable(rows: list[tuple[Any, ...]], read: Callable[..., T]) -> tuple[list[T], int]:
    """``read(*row)`` of each row, and how many could not be read and were left out."""
    found: list[T] = []
    for row in rows:
        try:
            found.append(read(*row))
        except (ValueError, TypeError):
            continue
    return found, len(rows) - len(found)


def log_run(
    store: HistoryStore, at: datetime, distance_km: float | None = None, *, hard: bool = False
) -> int | None:
    """Record a run; its id, or None if it could not be written (the store says why)."""
    if distance_km is not None and not distance_km > 0:
        raise ValueError(f"a distance is more than 0 km, got {distance_km!r}")
    return store.write(
        "INSERT INTO runs (at, distance_km, hard) VALUES (?, ?, ?)",
        (iso(at), distance_km, int(hard)),
    )


def last_run_since(store: HistoryStore, moment: datetime) -> tuple[int, Run] | None:
    """The latest run logged at or after ``moment``, with its id; None if there is none."""
    rows = store.rows(
        "SELECT id, at, distance_km, hard FROM runs WHERE at >= ? ORDER BY at DESC, id DESC"
        " LIMIT 1",
        (iso(moment),),
    )
    if not rows:
        return None
    run_id, *run = rows[0]
    try:
        return int(run_id), _run(*run)
    except (ValueError, TypeError):
        return None


def remove_run(store: HistoryStore, run_id: int) -> None:
    """Take back a run logged by mistake."""
    store.write("DELETE FROM runs WHERE id = ?", (run_id,))


def log_checkin(store: HistoryStore, at: datetime, rating: int) -> int | None:
    """Record a stiffness check-in (0-10) given on its own; its id, or None if not written."""
    checked_rating(rating)
    return store.write("INSERT INTO checkins (at, rating) VALUES (?, ?)", (iso(at), rating))


def rate_session(store: HistoryStore, session_id: int, *, after: int) -> None:
    """A check-in given just after a session that had no rating after it becomes that rating
    in the session's row, so the history's table and exports show it too."""
    store.write(
        "UPDATE sessions SET stiffness_after = ? WHERE id = ? AND stiffness_after IS NULL",
        (checked_rating(after), session_id),
    )


def record_levels(store: HistoryStore, session_id: int, levels: Mapping[str, LevelUsed]) -> None:
    """Keep the level each progressing step of a session was run at (one statement)."""
    if not levels:
        return
    rows = ", ".join("(?, ?, ?, ?)" for _ in levels)
    params: list[object] = []
    for name, used in levels.items():
        params += [session_id, name, used.level, used.base]
    store.write(
        f"INSERT OR REPLACE INTO step_levels (session_id, step_name, level, base) VALUES {rows}",
        params,
    )


def _session(record: SessionRecord, levels: Mapping[str, LevelUsed]) -> SessionDone:
    return SessionDone(
        routine_id=record.routine_id,
        started_at=record.started_at,
        ended_at=record.ended_at or record.started_at,
        counted=counts_for_target(record),
        before=record.stiffness_before,
        after=record.stiffness_after,
        steps_done=frozenset(s.name for s in record.steps if s.status == "done"),
        levels=levels,
        id=record.id,
    )


def read_journal(
    store: HistoryStore,
    *,
    since: datetime | None = None,
    live_id: int | None = None,
    tz: tzinfo | None = None,
) -> Journal:
    """Sessions, runs and check-ins from ``since`` on (everything when None), as a Journal.

    A session still running (``live_id``) is left out: it has not happened yet as far as the
    plan is concerned.
    """
    start = "" if since is None else iso(since)
    records = [
        r
        for r in store.sessions(since=since, live_id=live_id)
        if r.id != live_id and r.status is not SessionStatus.RUNNING
    ]
    levels: dict[int, dict[str, LevelUsed]] = {}
    for session_id, name, level, base in store.rows(
        "SELECT l.session_id, l.step_name, l.level, l.base FROM step_levels l"
        " JOIN sessions s ON s.id = l.session_id WHERE s.started_at >= ?",
        (start,),
    ):
        levels.setdefault(int(session_id), {})[str(name)] = LevelUsed(int(level), float(base))
    runs, bad_runs = _readable(
        store.rows("SELECT at, distance_km, hard FROM runs WHERE at >= ? ORDER BY at", (start,)),
        _run,
    )
    checkins, bad_checkins = _readable(
        store.rows("SELECT at, rating FROM checkins WHERE at >= ? ORDER BY at", (start,)),
        lambda at, rating: Checkin(parse_time(at), int(rating)),
    )
    unread = [count(n, what) for n, what in ((bad_runs, "run"), (bad_checkins, "check-in")) if n]
    if unread and not any("runs or check-ins" in n for n in store.notices):  # once a run
        store.notice(
            f"History: {' and '.join(unread)} in {store.path} could not be read and are left"
            " out (runs or check-ins written by another program, or damaged)."
        )
    return Journal(
        sessions=tuple(_session(r, levels.get(r.id, {})) for r in records),
        runs=tuple(runs),
        checkins=tuple(checkins),
        tz=tz,
    )
