"""The history of sessions: a small SQLite file, written as a session goes, read for the report.

One row per session in ``sessions``. :class:`HistoryRecorder` follows a :class:`Session` as an
event sink: it inserts the row when the session starts, rewrites the counts whenever a step ends
and marks the row finished or stopped early at the end. Every write is one statement in its own
committed transaction (in a write-ahead log), so a kill -9 loses at most the step in progress.

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
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.session import Session
from backcare_tui.data.locations import history_path

__all__ = [
    "SCHEMA_VERSION",
    "HistoryRecorder",
    "HistoryStore",
    "SessionRecord",
    "SessionStatus",
    "StepRecord",
    "WallClock",
    "open_history",
    "utc_now",
]

WallClock = Callable[[], datetime]
"""Where the store reads the date and time of day (session times come from the session's clock)."""

BUSY_TIMEOUT = 0.5
"""Seconds to wait for another process's lock: writes run on the UI's event loop."""

_SIDECARS = ("-journal", "-wal", "-shm")
"""Files SQLite may leave beside a database after a crash. They move with a file moved aside:
a journal left at the old name would otherwise be played into the fresh file."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class SessionStatus(StrEnum):
    """How a session ended; the value is what the file and the exports hold."""

    RUNNING = "running"
    FINISHED = "finished"
    STOPPED_EARLY = "stopped_early"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class StepRecord:
    """How one step of a recorded session went."""

    index: int
    name: str
    status: str
    """``pending`` (not reached, or in progress when it stopped), ``done`` or ``skipped``."""
    adjusted: float
    """Net seconds added (+) or taken off (-) with the + and - keys."""


@dataclass(frozen=True)
class SessionRecord:
    """One session as the history holds it."""

    id: int
    routine_id: str
    routine_name: str
    routine_tags: tuple[str, ...]
    """The routine's tags when the session ran, so targets still count if the file changes."""
    started_at: datetime
    """Timezone-aware, UTC."""
    ended_at: datetime | None
    """The last moment the session was heard from; its end once it is no longer running."""
    status: SessionStatus
    steps_total: int
    steps_done: int
    steps_skipped: int
    steps_extended: int
    steps_shortened: int
    seconds: float
    """Session time spent, pauses left out, up to the last step done or the end."""
    stiffness_before: int | None = None
    stiffness_after: int | None = None
    steps: tuple[StepRecord, ...] = ()


# --- schema ------------------------------------------------------------------------------------


def _create_sessions(conn: sqlite3.Connection) -> None:
    """Version 1: what the first design recorded."""
    conn.execute(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            routine_id TEXT NOT NULL,
            routine_name TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped_early')),
            steps_total INTEGER NOT NULL,
            steps_done INTEGER NOT NULL DEFAULT 0,
            steps_skipped INTEGER NOT NULL DEFAULT 0,
            steps_extended INTEGER NOT NULL DEFAULT 0,
            seconds REAL NOT NULL DEFAULT 0
        )
        """
    )
    conn.execute("CREATE INDEX sessions_by_start ON sessions (started_at)")


def _add_tags_stiffness_and_steps(conn: sqlite3.Connection) -> None:
    """Version 2: tags for weekly targets, the stiffness check-in, and how each step went.

    Steps are one JSON column rather than a table so that a step ending stays a single UPDATE,
    and going back a step (which resets later steps to pending) is simply the next snapshot.
    """
    for column in (
        "routine_tags TEXT NOT NULL DEFAULT '[]'",
        "steps_shortened INTEGER NOT NULL DEFAULT 0",
        "stiffness_before INTEGER CHECK (stiffness_before BETWEEN 0 AND 10)",
        "stiffness_after INTEGER CHECK (stiffness_after BETWEEN 0 AND 10)",
        "steps TEXT NOT NULL DEFAULT '[]'",
    ):
        conn.execute(f"ALTER TABLE sessions ADD COLUMN {column}")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _create_sessions,
    _add_tags_stiffness_and_steps,
)
"""Migration n (from 1) takes a file at version n - 1 to version n. Only ever append."""

SCHEMA_VERSION = len(MIGRATIONS)


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _migrate(conn: sqlite3.Connection) -> None:
    for number in range(_user_version(conn) + 1, SCHEMA_VERSION + 1):
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            MIGRATIONS[number - 1](conn)
            conn.execute(f"PRAGMA user_version = {number}")


def _examine(conn: sqlite3.Connection) -> tuple[str, str] | None:
    """Why this file cannot be used as it is, as (label for the moved file, reason), or None."""
    version = _user_version(conn)
    if version > SCHEMA_VERSION:
        return "newer", (
            f"it was written by a newer backcare-tui (schema {version};"
            f" this one knows {SCHEMA_VERSION})"
        )
    check = conn.execute("PRAGMA quick_check").fetchall()
    if check != [("ok",)]:
        return "corrupt", f"it is damaged ({check[0][0] if check else 'no check result'})"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and tables:
        return "corrupt", "it is an SQLite database but not a backcare-tui history"
    if version > 0 and "sessions" not in tables:
        return "corrupt", "its sessions table is missing"
    return None


_ENVIRONMENT_ERRORS = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_CANTOPEN",
    "SQLITE_READONLY",
    "SQLITE_IOERR",
    "SQLITE_FULL",
    "SQLITE_PERM",
    "SQLITE_NOMEM",
)


def _is_environment(exc: sqlite3.Error) -> bool:
    """A problem with the disk, the folder or another process, not with the file's contents."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name:
        return name.startswith(_ENVIRONMENT_ERRORS)
    return isinstance(exc, sqlite3.OperationalError)


def _is_busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


# --- the store ---------------------------------------------------------------------------------


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
                problem = _examine(conn)
                if problem is None:
                    doing = "upgraded"
                    _migrate(conn)
                    self._conn = conn
                    self._probe_writing()
                    return
            except sqlite3.Error as exc:
                if _is_environment(exc):
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
            if _is_busy(exc):
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
                _checked(stiffness_before),
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
            (_checked(before), _checked(after), session_id),
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


def _checked(rating: int | None) -> int | None:
    if rating is not None and (
        isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10
    ):
        raise ValueError(f"a stiffness rating is a whole number from 0 to 10, got {rating!r}")
    return rating


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


# --- following a session -----------------------------------------------------------------------


class HistoryRecorder:
    """Keeps one session's row up to date from its events (an ``EventSink``).

    The recorder does not own the store: close the store when the app ends. Stiffness ratings
    may be given before the session starts (held until the row exists) and after it ends,
    even after :meth:`close`.
    """

    def __init__(self, store: HistoryStore) -> None:
        self.store = store
        self.session_id: int | None = None
        """The row's id once written; give it as ``live_id`` to show history mid-session."""
        self._session: Session | None = None
        self._ended = False
        self._before: int | None = None

    def handle(self, session: Session, events: list[Event]) -> None:
        if self._ended or not events or not session.started:
            return
        self._session = session
        if self.session_id is None:
            self.session_id = self.store.begin(session, stiffness_before=self._before)
            if self.session_id is None:
                return  # not recorded (yet): a busy file is tried again with the next events
        if any(e.kind is EventKind.SESSION_DONE for e in events):
            self._ended = True
            self.store.record_progress(
                self.session_id, session, elapsed=session.elapsed, status=SessionStatus.FINISHED
            )
            return
        ends = [e.elapsed for e in events if e.kind is EventKind.STEP_DONE]
        if ends:
            self.store.record_progress(self.session_id, session, elapsed=ends[-1])

    def set_stiffness(self, *, before: int | None = None, after: int | None = None) -> None:
        """Record the check-in (0-10); None leaves a rating unset or as it was."""
        _checked(before)
        _checked(after)
        if self.session_id is None:
            # Asked before the first phase: kept for the insert. An "after" with no session
            # to belong to has nowhere to go.
            if before is not None:
                self._before = before
            return
        self.store.set_stiffness(self.session_id, before=before, after=after)

    def close(self) -> None:
        """The session ended or was abandoned: a row not finished is marked stopped early."""
        if self._ended:
            return
        self._ended = True
        session = self._session
        if self.session_id is None or session is None:
            return
        status = SessionStatus.FINISHED if session.finished else SessionStatus.STOPPED_EARLY
        self.store.record_progress(self.session_id, session, elapsed=session.elapsed, status=status)
