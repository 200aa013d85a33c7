"""Recording a session as it goes: the event sink that keeps its row in the history up to date.

:class:`HistoryRecorder` follows a :class:`Session` like the sound does. It inserts the row when
the session starts, rewrites the counts whenever a step ends and marks the row finished or
stopped early at the end. Each of those is one small write through the store, so a kill -9
loses at most the step in progress.

No Textual.
"""

from __future__ import annotations

from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.session import Session
from backcare_tui.data.history import HistoryStore
from backcare_tui.data.history_records import SessionStatus, checked_rating

__all__ = ["HistoryRecorder"]


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
        checked_rating(before)
        checked_rating(after)
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
