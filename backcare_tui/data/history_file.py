"""The history file kept usable: opened, checked, upgraded, repaired, and waited for when locked.

:class:`HistoryFile` is the base of :class:`~backcare_tui.data.history.HistoryStore`: it owns
the SQLite connection and the one safe way to write a statement or run a query, so the store
above it says only what a session's row holds and how rows are read. Kept apart because what
can go wrong with a file (damage, a newer version, a folder that refuses writes, another
program's lock) is a story of its own, and the store's queries read better without it.

The store never raises at the app and never deletes a file. A file that is not a database, is
damaged, or comes from a newer version of the app is renamed aside
(``history.sqlite3.corrupt-YYYYmmdd-HHMMSS`` or ``.newer-…``) and a fresh one started; a folder
that cannot be written turns recording off. Each of these leaves a one-line message in
:attr:`HistoryFile.notices` (and goes to ``on_notice``, if given) for the UI or CLI to show.

Another program may hold the file's lock for a moment (a second backcare, a backup, someone in
``sqlite3``). Opening waits up to :data:`OPEN_WAIT` for it; a write on the UI's event loop waits
only :data:`BUSY_TIMEOUT`, and what it could not write is kept by the recorder, which writes its
whole state again with the next event, and once more, patiently, when the store closes. A
transient lock never costs a session.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from backcare_tui.core.durations import count
from backcare_tui.data.history_salvage import move_aside, salvage
from backcare_tui.data.history_schema import (
    SCHEMA_VERSION,
    Problem,
    examine,
    is_busy,
    is_damage,
    is_environment,
    migrate,
    one_line,
)
from backcare_tui.data.locations import history_path
from backcare_tui.data.wall_clock import wall_now

__all__ = ["HistoryFile", "WallClock", "read_only", "utc_now"]

T = TypeVar("T")

WallClock = Callable[[], datetime]
"""Where the store reads the date and time of day (session times come from the session's clock)."""

OPEN_WAIT = 5.0
"""Seconds opening waits for another process's lock: before the first frame, or in a command."""
BUSY_TIMEOUT = 0.1
"""Seconds a write waits for another process's lock: writes run on the UI's event loop."""
RETRY_AFTER = 1.0
"""Seconds after a write found the file busy before the next one tries: while a lock lasts, the
event loop is held up BUSY_TIMEOUT at most once a second, not with every event."""
CLOSE_WAIT = 10.0
"""Seconds closing waits to write what a lock kept back: the app has already left the screen."""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def utc_now() -> datetime:
    """The default :data:`WallClock`: now, in UTC (a day set in ``BACKCARE_TODAY``, if any)."""
    return wall_now().astimezone(UTC)


class HistoryFile:
    """The history file and its connection, kept usable whatever happens to the file.

    ``available`` is False when the file could not be opened at all; ``writable`` is False
    when sessions cannot be recorded (reading may still work).
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
        """Sessions are recorded; False once writing has failed for good (not for a lock)."""
        self._conn: sqlite3.Connection | None = None
        self._ready = False
        """Opened, checked and upgraded: False while a lock held at opening keeps that waiting."""
        self._busy_reported = False
        self._retry_at = 0.0
        self._unsaved: dict[object, Callable[[float], bool]] = {}
        self._catching_up = False
        self._salvage_from: tuple[Path, str] | None = None
        """A damaged file just moved aside, and why: what can be read of it goes into the new."""

    @property
    def available(self) -> bool:
        return self._conn is not None

    def notice(self, message: str) -> None:
        self.notices.append(message)
        if self.on_notice is not None:
            self.on_notice(message)

    # --- opening ---------------------------------------------------------------------------

    def _open(self, wait: float | None = None) -> None:
        """Open, check, upgrade and probe the file, waiting ``wait`` (OPEN_WAIT) for a lock."""
        wait = OPEN_WAIT if wait is None else wait
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or exc
            self.notice(f"History is off: cannot create {self.path.parent} ({reason}).")
            return
        for _attempt in range(2):  # the file as found; then, if it was moved aside, a fresh one
            try:
                conn = sqlite3.connect(self.path, isolation_level=None, timeout=wait)
            except sqlite3.Error as exc:
                self.notice(f"History is off: cannot open {self.path} ({exc}).")
                return
            doing = "read"
            try:
                problem = examine(conn, _size(self.path))
                if problem is None:
                    doing = "upgraded"
                    migrate(conn)
                    self._conn = conn
                    self._probe_writing()
                    return
            except sqlite3.Error as exc:
                if is_busy(exc):
                    # Held longer than OPEN_WAIT: go on, and finish opening on a later write.
                    self._conn, self._ready, self.writable = conn, False, True
                    self._busy(exc)
                    return
                if is_environment(exc):
                    conn.close()
                    self.notice(f"History is off: cannot use {self.path} ({exc}).")
                    return
                reason = f"it could not be {doing} ({one_line(str(exc))})"
                problem = Problem("corrupt", reason, damaged=is_damage(exc))
            conn.close()
            if not self._replace(problem):
                return
        self.notice(f"History is off: a new {self.path} could not be started.")

    def _replace(self, problem: Problem) -> bool:
        """Move the file aside and start a new one, saving into it what can be read of a damaged
        file; False (with a notice) if the file could not even be moved."""
        moved = move_aside(self.path, problem.label, self.now())
        if moved is None:
            self.notice(
                f"History is off: {self.path} cannot be used ({problem.reason}) "
                "and could not be moved aside."
            )
            return False
        if problem.damaged:
            self._salvage_from = moved, problem.reason
        else:
            self._moved(moved, problem.reason)
        return True

    def _moved(self, moved: Path, reason: str) -> None:
        self.notice(
            f"History: {self.path} was moved to {moved.name} because {reason}; "
            "a new history was started."
        )

    def _save_what_can_be_read(self) -> None:
        """Into the new file just opened: the sessions that can be read from the damaged one."""
        if self._salvage_from is None or self._conn is None:
            return
        moved, reason = self._salvage_from
        self._salvage_from = None
        try:
            saved = salvage(moved, self._conn).saved
        except sqlite3.Error as exc:
            self._moved(moved, f"{reason}, and nothing could be saved from it ({exc})")
            return
        if not saved:
            self._moved(moved, reason)
            return
        were = "was" if saved == 1 else "were"
        self.notice(
            f"History: {self.path}: {reason}; {count(saved, 'session')} {were} saved into "
            f"a new history, and the damaged file was kept as {moved.name}."
        )

    def repair(self, exc: sqlite3.Error) -> bool:
        """Damage met on the way (a file too large to check on opening): move the file aside,
        start a new one with what can be read, and say so. True if history goes on."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._ready = self.writable = False
        problem = Problem("corrupt", f"it is damaged ({one_line(str(exc))})", damaged=True)
        if self._replace(problem):
            self._open()
        return self._conn is not None

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
            if is_busy(exc):
                self._ready, self.writable = False, True
                self._busy(exc)
                return
            self.notice(
                f"History is read-only: {self.path} cannot be written ({exc}); "
                "sessions will not be recorded."
            )
            return
        self._ready = self.writable = True
        self._conn.execute(f"PRAGMA busy_timeout = {round(BUSY_TIMEOUT * 1000)}")
        self._save_what_can_be_read()

    def _finish_opening(self, wait: float) -> bool:
        """Open again after a lock held opening up, waiting ``wait`` seconds for it at most:
        True once the store is ready."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.writable = False  # until opening says otherwise
        self._open(wait=wait)
        return self._ready

    def _busy(self, exc: sqlite3.Error) -> None:
        """Another process holds the file: try again in a while, and say so once."""
        self._retry_at = time.monotonic() + RETRY_AFTER
        if not self._busy_reported:
            self._busy_reported = True
            self.notice(
                f"History: {self.path} is busy (another program is using it: {exc}); "
                "sessions are recorded as soon as it is free."
            )

    def close(self) -> None:
        """Write what a lock kept back (waiting up to :data:`CLOSE_WAIT`), then let go."""
        for owner, save in list(self._unsaved.items()):
            if save(CLOSE_WAIT):
                self._unsaved.pop(owner, None)
        if self._unsaved:
            self.notice(
                f"History: {self.path} stayed busy; "
                f"{count(len(self._unsaved), 'session')} could not be recorded."
            )
            self._unsaved.clear()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.writable = False

    def keep_unsaved(self, owner: object, save: Callable[[float], bool]) -> None:
        """``owner`` holds a state a lock kept from the file; ``save(wait)`` writes it (True if
        it did). The store calls it after its next write succeeds, and when it closes."""
        self._unsaved[owner] = save

    def saved(self, owner: object) -> None:
        """``owner``'s state is in the file: nothing left to write for it."""
        self._unsaved.pop(owner, None)

    # --- writing ---------------------------------------------------------------------------

    def _write(self, sql: str, params: Sequence[Any], wait: float = 0.0) -> int | None:
        """Run one statement in its own transaction: the new row's id (for an INSERT), or None
        if it could not be written now.

        ``wait`` is how long to wait for another process's lock (BUSY_TIMEOUT if not given);
        without it, a write soon after one that found the file busy is not even tried.
        """
        if self._conn is None or not self.writable:
            return None
        if not wait and time.monotonic() < self._retry_at:
            return None
        if not self._ready and not self._finish_opening(wait or BUSY_TIMEOUT):
            return None
        conn = self._conn
        assert conn is not None
        try:
            if wait:
                conn.execute(f"PRAGMA busy_timeout = {round(wait * 1000)}")
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                cursor = conn.execute(sql, params)
        except sqlite3.Error as exc:
            if is_busy(exc):
                self._busy(exc)
                return None
            if is_damage(exc) and self.repair(exc):
                return self._write(sql, params, wait)  # the row's id was saved with it
            self.writable = False
            self.notice(f"History is off: could not write to {self.path} ({exc}).")
            return None
        finally:
            # A repair above closed this connection and opened another (its own timeout set).
            if wait and self._conn is conn:
                conn.execute(f"PRAGMA busy_timeout = {round(BUSY_TIMEOUT * 1000)}")
        self._retry_at = 0.0
        row_id = cursor.lastrowid if cursor.lastrowid is not None else 0
        if not wait and not self._catching_up:
            self._catch_up()
        return row_id

    def _catch_up(self) -> None:
        """The file is free again: write what a lock kept back, once.

        An owner's save is itself a write, and may be the very write that found the file free
        (a session's first insert): while saves run, a write does not start another round.
        """
        self._catching_up = True
        try:
            for owner, save in list(self._unsaved.items()):
                if save(BUSY_TIMEOUT):
                    self._unsaved.pop(owner, None)
        finally:
            self._catching_up = False

    # --- reading ---------------------------------------------------------------------------

    def read(self, query: Callable[[sqlite3.Connection], T], default: T) -> T:
        """``query(connection)``; ``default`` if the file cannot be read (with a notice). Damage
        met on the way is repaired first (see :meth:`repair`) and the query made again."""
        for _attempt in range(2):
            if self._conn is None:
                return default
            try:
                return query(self._conn)
            except sqlite3.Error as exc:
                if not self._ready:
                    # Another program held the file as it opened (said once, as busy): a new
                    # file has no tables yet and a locked one cannot be read. Nothing to add.
                    return default
                if is_damage(exc) and self.repair(exc):
                    continue
                self.notice(f"History: {self.path} could not be read ({exc}).")
                return default
        return default


def read_only(path: Path | None = None) -> sqlite3.Connection:
    """A connection that only reads the history file, for a thread of its own (the history
    screen loads in one): SQLite connections stay in the thread that made them. It sees what
    was committed when each query starts, and never holds up the store's writes (WAL)."""
    target = path or history_path()
    conn = sqlite3.connect(f"file:{quote(str(target))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
    conn.execute("PRAGMA query_only = ON")
    return conn
