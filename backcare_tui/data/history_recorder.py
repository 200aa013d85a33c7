"""Recording a session as it goes: the event sink that keeps its row in the history up to date.

:class:`HistoryRecorder` follows a :class:`Session` like the sound does. It inserts the row when
the session starts, rewrites it whenever a step ends and marks it finished or stopped early at
the end. Each of those is one small write through the store, so a kill -9 loses at most the step
in progress.

Every write carries the session's whole state, so one that another program's lock kept back is
simply made again with the next event; when the session ends, the recorder waits a little for
the lock, and leaves what it still could not write with the store, which tries again before it
closes (see :mod:`backcare_tui.data.history_file`).

No Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.journal import LevelUsed
from backcare_tui.core.session import Session
from backcare_tui.data.history import HistoryStore
from backcare_tui.data.history_program import record_levels
from backcare_tui.data.history_records import SessionStatus, checked_rating
from backcare_tui.data.history_rows import Progress

__all__ = ["END_WAIT", "HistoryRecorder"]

END_WAIT = 0.5
"""Seconds the last write of a session waits for a lock, on the event loop, before it is left
to the store to write when it closes."""


class HistoryRecorder:
    """Keeps one session's row up to date from its events (an ``EventSink``).

    The recorder does not own the store: close the store when the app ends. Stiffness ratings
    may be given before the session starts (held until the row exists) and after it ends,
    even after :meth:`close`.
    """

    def __init__(self, store: HistoryStore, levels: Mapping[str, LevelUsed] | None = None) -> None:
        """``levels``: the level each progressing step runs at, kept with the session's row."""
        self.store = store
        self.levels = dict(levels or {})
        self.session_id: int | None = None
        """The row's id once written; give it as ``live_id`` to show history mid-session."""
        self._session: Session | None = None
        self._started_at: datetime | None = None
        self._ended = False
        self._progress = Progress()
        self._unsaved = False
        self._saving = False

    def handle(self, session: Session, events: list[Event]) -> None:
        if self._ended or not session.started or not (events or self._unsaved):
            return
        if self._session is None:
            self._started_at = self.store.now()  # the insert may be held up by a lock
        self._session = session
        if any(e.kind is EventKind.SESSION_DONE for e in events):
            self._end(SessionStatus.FINISHED, session.elapsed)
            return
        ends = [e.elapsed for e in events if e.kind is EventKind.STEP_DONE]
        if ends:
            self._progress = replace(self._progress, elapsed=ends[-1])
        if ends or self.session_id is None or self._unsaved:
            self._save()

    def set_stiffness(self, *, before: int | None = None, after: int | None = None) -> None:
        """Record the check-in (0-10); None leaves a rating unset or as it was."""
        checked_rating(before)
        checked_rating(after)
        if before is not None:  # asked before the first phase: kept for the first write
            self._progress = replace(self._progress, stiffness_before=before)
        if after is not None:
            self._progress = replace(self._progress, stiffness_after=after)
        if self._session is not None:  # an "after" with no session has nowhere to go
            self._save(END_WAIT if self._ended else 0.0)

    def close(self) -> None:
        """The session ended or was abandoned: a row not finished is marked stopped early."""
        if self._ended:
            return
        session = self._session
        if session is None:
            self._ended = True
            return
        status = SessionStatus.FINISHED if session.finished else SessionStatus.STOPPED_EARLY
        self._end(status, session.elapsed)

    def _end(self, status: SessionStatus, elapsed: float) -> None:
        self._ended = True
        self._progress = replace(self._progress, status=status, elapsed=elapsed)
        self._save(END_WAIT)

    def _save(self, wait: float = 0.0) -> bool:
        """Write the session's state as it now stands; True if it is in the file.

        The store may call this back from inside one of its own writes (the first to get
        through after a lock catches up what was kept back): that call is this save itself,
        under way, and writes nothing more.
        """
        session, store = self._session, self.store
        if session is None or self._saving:
            return False
        self._saving = True
        try:
            return self._write(session, store, wait)
        finally:
            self._saving = False

    def _write(self, session: Session, store: HistoryStore, wait: float) -> bool:
        if self.session_id is None:
            self.session_id = store.begin(
                session, self._progress, started_at=self._started_at, wait=wait
            )
            written = self.session_id is not None
            if self.session_id is not None:
                record_levels(store, self.session_id, self.levels)
        else:
            written = store.record_progress(self.session_id, session, self._progress, wait=wait)
        self._unsaved = not written
        if written:
            store.saved(self)
        else:
            store.keep_unsaved(self, self._save)
        return written
