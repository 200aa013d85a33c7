"""The history of sessions: a small SQLite file, written as a session goes, read for the report.

One row per session in ``sessions`` (its columns and versions are in
:mod:`~backcare_tui.data.history_schema`); :class:`HistoryStore` opens the file, writes a
session's row and reads rows back as :class:`~backcare_tui.data.history_records.SessionRecord`.
The :class:`~backcare_tui.data.history_recorder.HistoryRecorder` calls the writes as a session
goes. Every write is one statement in its own committed transaction (in a write-ahead log), so a
kill -9 loses at most the step in progress.

A killed app never gets to mark its row, which then stays ``running`` in the file. Rather than
rewrite such rows when the store opens (another terminal may be reading the history while a
session runs), :meth:`HistoryStore.sessions` reports every ``running`` row as stopped early unless
it is the caller's own live session. The file keeps saying what was actually recorded.

The store never raises at the app and never deletes a file. A file that is not a database, is
damaged, or comes from a newer version of the app is renamed aside
(``history.sqlite3.corrupt-YYYYmmdd-HHMMSS`` or ``.newer-…``) and a fresh one started; a folder
that cannot be written turns recording off. Each of these leaves a one-line message in
:attr:`HistoryStore.notices` (and goes to ``on_notice``, if given) for the UI or CLI to show.

No Textual here.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backcare_tui.core.session import Session
from backcare_tui.data.history_records import (
    SessionRecord,
    SessionStatus,
    StepRecord,
    checked_rating,
)
from backcare_tui.data.history_schema import (
    SCHEMA_VERSION,
    examine,
    is_busy,
    is_environment,
    migrate,
)
from backcare_tui.data.locations import history_path

__all__ = ["HistoryStore", "WallClock", "open_history", "utc_now"]

WallClock = Callable[[], datetime]
"""Where the store reads the date and time of day (session times come from the session's clock)."""

BUSY_TIMEOUT = 0.5
"""Seconds to wait for another process's lock: writes run on the UI's event loop."""

_SIDECARS = ("-journal", "-wal", "-shm")
"""Files SQLite may leave beside a database after a crash. They move with a file moved aside:
a journal left at the old name would otherwise be played into the fresh file."""


def utc_now() -> datetime:
    """The default :data:`WallClock`: now, in UTC."""
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class HistoryStore:
    """The history file, open. Create it with :func:`open_history`; it never raises at the caller.

    ``available`` is False when the file could not be opened at all (every method then does
    nothing); ``writable`` is False when sessions cannot be recorded (reading may still work).
    """

    def __init__(
        self,
        path: Path,
        *,
        now: WallClock = utc_now,
        on_notice: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path
        self.now = now
        self.on_notice = on_notice
        self.notices: list[str] = []
        """One-line messages for the user: files moved aside, recording turned off."""
        self.writable = False
        self._conn: sqlite3.Connection | None = None
        self._busy_reported = False

    @property
    def available(self) -> bool:
        return self._conn is not None

    def notice(self, message: str) -> None:
        self.notices.append(message)
        if self.on_notice is not None:
            self.on_notice(message)

    # --- opening ---------------------------------------------------------------------------

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or exc
            self.notice(f"History is off: cannot create {self.path.parent} ({reason}).")
            return
        for _attempt in range(2):  # the file as found; then, if it was moved aside, a fresh one
            try:
                conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT)
            except sqlite3.Error as exc:
                self.notice(f"History is off: cannot open {self.path} ({exc}).")
                return
            doing = "read"
            try:
                problem = examine(conn)
                if problem is None:
                    doing = "upgraded"
                    migrate(conn)
                    self._conn = conn
                    self._probe_writing()
                    return
            except sqlite3.Error as exc:
                if is_environment(exc):
                    conn.close()
                    self.notice(f"History is off: cannot use {self.path} ({exc}).")
                    return
                problem = "corrupt", f"it could not be {doing} ({exc})"
            conn.close()
            label, reason = problem
            moved = self._move_aside(label)
            if moved is None:
                self.notice(
                    f"History is off: {self.path} cannot be used ({reason}) "
                    "and could not be moved aside."
                )
                return
            self.notice(
                f"History: {self.path} was moved to {moved.name} because {reason}; "
                "a new history was started."
            )
        self.notice(f"History is off: a new {self.path} could not be started.")

    def _probe_writing(self) -> None:
        """Switch to write-ahead logging, and find out now, not mid-session, if writing works.

        Writes run on the UI's event loop at the end of a step, when cues are due. With the
        default rollback journal a commit took 1.5 ms (p95 10 ms, max 24 ms) on the dev VM,
        all of it fsync; WAL with ``synchronous = NORMAL`` takes 0.03 ms because it syncs only
        at checkpoints. A killed process loses nothing committed (the log is replayed on the next
        open); only a power cut may lose the last steps, and WAL never leaves the file damaged.
        """
        assert self._conn is not None
        try:
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            self.notice(
                f"History is read-only: {self.path} cannot be written ({exc}); "
                "sessions will not be recorded."
            )
            return
        self.writable = True

    def _move_aside(self, label: str) -> Path | None:
        stamp = self.now().astimezone().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.{label}-{stamp}")
        number = 1
        while any(Path(f"{target}{extra}").exists() for extra in ("", *_SIDECARS)):
            number += 1
            target = self.path.with_name(f"{self.path.name}.{label}-{stamp}-{number}")
        try:
            os.rename(self.path, target)
        except OSError:
            return None
        for extra in _SIDECARS:
            sidecar = Path(f"{self.path}{extra}")
            if sidecar.exists():
                try:
                    os.rename(sidecar, f"{target}{extra}")
                except OSError:
                    return None
        return target

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.writable = False

    # --- writing ---------------------------------------------------------------------------

    def _write(self, sql: str, params: Sequence[Any]) -> int | None:
        """Run one statement in its own transaction; the new row's id, or None if it failed."""
        if self._conn is None or not self.writable:
            return None
        try:
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                cursor = self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            if is_busy(exc):
                # Another process holds the file for a moment; the next write carries the whole
                # state again, so skipping this one loses nothing for long.
                if not self._busy_reported:
                    self._busy_reported = True
                    self.notice(f"History: {self.path} is busy; an update was skipped.")
                return None
            self.writable = False
            self.notice(f"History is off: could not write to {self.path} ({exc}).")
            return None
        return cursor.lastrowid

    def begin(self, session: Session, *, stiffness_before: int | None = None) -> int | None:
        """Insert the row for a session that has just started; its id, or None if not recorded."""
        routine = session.routine
        moment = _iso(self.now())
        return self._write(
            "INSERT INTO sessions (routine_id, routine_name, routine_tags, started_at, ended_at,"
            " status, steps_total, steps_done, steps_skipped, steps_extended, steps_shortened,"
            " seconds, stiffness_before, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                routine.id,
                routine.name,
                json.dumps(list(routine.tags)),
                moment,
                moment,
                SessionStatus.RUNNING.value,
                len(routine.steps),
                *_counts(session, 0.0),
                checked_rating(stiffness_before),
                _steps_json(session),
            ),
        )

    def record_progress(
        self,
        session_id: int,
        session: Session,
        *,
        elapsed: float,
        status: SessionStatus = SessionStatus.RUNNING,
    ) -> None:
        """Rewrite the counts, time spent and status of a session's row: one small UPDATE."""
        self._write(
            "UPDATE sessions SET steps_done = ?, steps_skipped = ?, steps_extended = ?,"
            " steps_shortened = ?, seconds = ?, ended_at = ?, status = ?, steps = ? WHERE id = ?",
            (
                *_counts(session, elapsed),
                _iso(self.now()),
                status.value,
                _steps_json(session),
                session_id,
            ),
        )

    def set_stiffness(
        self, session_id: int, *, before: int | None = None, after: int | None = None
    ) -> None:
        """Store a 0-10 rating; None leaves that rating as it is."""
        if before is None and after is None:
            return
        self._write(
            "UPDATE sessions SET stiffness_before = coalesce(?, stiffness_before),"
            " stiffness_after = coalesce(?, stiffness_after) WHERE id = ?",
            (checked_rating(before), checked_rating(after), session_id),
        )

    # --- reading ---------------------------------------------------------------------------

    def sessions(
        self, limit: int | None = None, *, live_id: int | None = None
    ) -> list[SessionRecord]:
        """Newest first; ``running`` rows other than ``live_id`` come back stopped early."""
        if self._conn is None:
            return []
        try:
            rows = self._conn.execute(
                "SELECT id, routine_id, routine_name, routine_tags, started_at, ended_at, status,"
                " steps_total, steps_done, steps_skipped, steps_extended, steps_shortened, seconds,"
                " stiffness_before, stiffness_after, steps FROM sessions"
                " ORDER BY started_at DESC, id DESC LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        except sqlite3.Error as exc:
            self.notice(f"History: {self.path} could not be read ({exc}).")
            return []
        records = []
        unreadable = 0
        for row in rows:
            try:
                records.append(_record(row, live_id))
            except (ValueError, TypeError, KeyError):
                unreadable += 1
        if unreadable:
            self.notice(
                f"History: {unreadable} session(s) in {self.path} could not be read "
                "and are left out."
            )
        return records


def open_history(
    path: Path | None = None,
    *,
    now: WallClock = utc_now,
    on_notice: Callable[[str], None] | None = None,
) -> HistoryStore:
    """Open (creating, upgrading or replacing as needed) the history file. Never raises."""
    store = HistoryStore(path or history_path(), now=now, on_notice=on_notice)
    store._open()
    return store


def _counts(session: Session, elapsed: float) -> tuple[int, int, int, int, float]:
    return (
        session.steps_done,
        session.steps_skipped,
        session.steps_extended,
        session.steps_shortened,
        round(elapsed, 3),
    )


def _steps_json(session: Session) -> str:
    return json.dumps(
        [
            {"index": i, "name": step.name, "status": status.value, "adjusted": round(adjusted, 3)}
            for i, (step, status, adjusted) in enumerate(
                zip(session.routine.steps, session.step_status, session.adjusted, strict=True)
            )
        ]
    )


def _record(row: sqlite3.Row | tuple[Any, ...], live_id: int | None) -> SessionRecord:
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
        started_at=_parse_time(started),
        ended_at=_parse_time(ended) if ended else None,
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


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
