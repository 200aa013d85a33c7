"""The program's part of the history: runs logged, check-ins, the level each step ran at.

Writes go through the store (:meth:`~backcare_tui.data.history.HistoryStore.write`: one statement
a transaction, busy files handled as for sessions); :func:`read_journal` reads everything back
as the core's :class:`~backcare_tui.core.journal.Journal`, for the agenda, the progression and
the red-flag guard. A session counts for the plan by the same rule as weekly targets
(:func:`~backcare_tui.data.history_progress.counts_for_target`).

No Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo

from backcare_tui.core.journal import Checkin, Journal, LevelUsed, Run, SessionDone
from backcare_tui.data.history import HistoryStore
from backcare_tui.data.history_progress import counts_for_target
from backcare_tui.data.history_records import SessionRecord, SessionStatus, checked_rating

__all__ = [
    "last_run_since",
    "log_checkin",
    "log_run",
    "read_journal",
    "record_levels",
    "remove_run",
]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def log_run(
    store: HistoryStore, at: datetime, distance_km: float | None = None, *, hard: bool = False
) -> int | None:
    """Record a run; its id, or None if it could not be written (the store says why)."""
    if distance_km is not None and not distance_km > 0:
        raise ValueError(f"a distance is more than 0 km, got {distance_km!r}")
    return store.write(
        "INSERT INTO runs (at, distance_km, hard) VALUES (?, ?, ?)",
        (_iso(at), distance_km, int(hard)),
    )


def last_run_since(store: HistoryStore, moment: datetime) -> tuple[int, Run] | None:
    """The latest run logged at or after ``moment``, with its id; None if there is none."""
    rows = store.rows(
        "SELECT id, at, distance_km, hard FROM runs WHERE at >= ? ORDER BY at DESC, id DESC"
        " LIMIT 1",
        (_iso(moment),),
    )
    if not rows:
        return None
    run_id, at, km, hard = rows[0]
    return int(run_id), Run(_moment(at), None if km is None else float(km), bool(hard))


def remove_run(store: HistoryStore, run_id: int) -> None:
    """Take back a run logged by mistake."""
    store.write("DELETE FROM runs WHERE id = ?", (run_id,))


def log_checkin(store: HistoryStore, at: datetime, rating: int) -> int | None:
    """Record a stiffness check-in (0-10) given on its own; its id, or None if not written."""
    checked_rating(rating)
    return store.write("INSERT INTO checkins (at, rating) VALUES (?, ?)", (_iso(at), rating))


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
    start = "" if since is None else _iso(since)
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
    runs = [
        Run(_moment(at), None if km is None else float(km), bool(hard))
        for at, km, hard in store.rows(
            "SELECT at, distance_km, hard FROM runs WHERE at >= ? ORDER BY at", (start,)
        )
    ]
    checkins = [
        Checkin(_moment(at), int(rating))
        for at, rating in store.rows(
            "SELECT at, rating FROM checkins WHERE at >= ? ORDER BY at", (start,)
        )
    ]
    return Journal(
        sessions=tuple(_session(r, levels.get(r.id, {})) for r in records),
        runs=tuple(runs),
        checkins=tuple(checkins),
        tz=tz,
    )
