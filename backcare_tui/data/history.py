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

The store never raises at the app and never deletes a file, and a lock held by another program
never costs a session: how a damaged, newer or locked file is dealt with is
:class:`~backcare_tui.data.history_file.HistoryFile`, the store's base.

No Textual here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backcare_tui.core.durations import count
from backcare_tui.data.history_file import HistoryFile, WallClock, utc_now
from backcare_tui.data.history_records import SessionRecord
from backcare_tui.data.history_rows import (
    COLUMNS,
    INSERT,
    UPDATE,
    Progress,
    Unreadable,
    fetched,
    insert_values,
    iso,
    read_records,
    update_values,
)
from backcare_tui.data.locations import history_path

if TYPE_CHECKING:
    # Only named in signatures: the command line's history report never loads the engine.
    from backcare_tui.core.session import Session

__all__ = ["HistoryStore", "open_history"]


class HistoryStore(HistoryFile):
    """The history file, open. Create it with :func:`open_history`; it never raises at the caller.

    ``available`` is False when the file could not be opened at all (every method then does
    nothing); ``writable`` is False when sessions cannot be recorded (reading may still work).
    """

    _left_out_said = False
    """Rows left out have been told of: the report and the program meet the same ones."""

    # --- writing ---------------------------------------------------------------------------

    def begin(
        self,
        session: Session,
        progress: Progress | None = None,
        *,
        started_at: datetime | None = None,
        wait: float = 0.0,
    ) -> int | None:
        """Insert the row for a session (started ``started_at``, default now) as it stands: its
        id, or None if it could not be written now."""
        now = self.now()
        values = insert_values(session, progress or Progress(), started_at or now, now)
        return self._write(INSERT, values, wait)

    def record_progress(
        self, session_id: int, session: Session, progress: Progress, *, wait: float = 0.0
    ) -> bool:
        """Rewrite all of a session's row but its start, in one small UPDATE: True if written,
        False if it could not be written now."""
        values = update_values(session_id, session, progress, self.now())
        return self._write(UPDATE, values, wait) is not None

    def write(self, sql: str, params: Sequence[Any]) -> int | None:
        """One statement in its own transaction (the new row's id), or None if not written.

        For the tables beside ``sessions`` (runs, check-ins, step levels): the same care as a
        session's own writes, busy files and all.
        """
        return self._write(sql, params)

    # --- reading ---------------------------------------------------------------------------

    def left_out(self, unreadable: int) -> None:
        """Say how many rows a read had to leave out, if any: once, though several reads (the
        report, then the program) meet the same rows."""
        if unreadable and not self._left_out_said:
            self._left_out_said = True
            self.notice(
                f"History: {count(unreadable, 'session')} in {self.path} could not be "
                "read and are left out."
            )

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query of the tables beside ``sessions``; none (and a notice) if the
        file could not be read. Damage met on the way is repaired as for any read."""
        return self.read(lambda conn: list(conn.execute(sql, params).fetchall()), [])

    def sessions(
        self,
        limit: int | None = None,
        *,
        live_id: int | None = None,
        since: datetime | None = None,
    ) -> list[SessionRecord]:
        """Newest first; ``running`` rows other than ``live_id`` come back stopped early.

        ``since``: only sessions started at or after that moment.
        """
        unreadable = Unreadable()

        def newest(conn: sqlite3.Connection) -> list[SessionRecord]:
            rows = conn.execute(
                f"SELECT {COLUMNS} FROM sessions WHERE started_at >= ?"
                " ORDER BY started_at DESC, id DESC LIMIT ?",
                ("" if since is None else iso(since), -1 if limit is None else limit),
            )
            return list(read_records(rows, unreadable, live_id))

        records: list[SessionRecord] = self.read(newest, [])
        self.left_out(unreadable.count)
        return records

    def oldest_first(self) -> Iterator[SessionRecord]:
        """Every session, oldest first, read as it is used: memory stays flat for an export of
        any length. Rows that cannot be read are left out, with a notice at the end."""
        if self._conn is None:
            return
        unreadable = Unreadable()
        try:
            rows = self._conn.execute(f"SELECT {COLUMNS} FROM sessions ORDER BY started_at, id")
            yield from read_records(fetched(rows), unreadable)
        except sqlite3.Error as exc:
            # Part of it may have been written out already: no repair and starting over here.
            self.notice(f"History: {self.path} could not be read to the end ({exc}).")
        self.left_out(unreadable.count)


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
