"""The session runner: one :class:`Session`, the sinks that follow it, and when to look again.

Whoever shows a session (the full-screen app, the line mode) does the same few things: start it,
pass on what the user asked for, catch it up with the clock now and then, hand every event to
the sinks (sound, history) and close them at the end. The runner does those, and only those: it
knows no screen, no terminal and no event loop, so it is tested with a hand-moved clock.

A sink that raises is reported and skipped, never allowed to stop the clock: a broken sound
card or a locked history file must not end a stretch halfway.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from enum import StrEnum

from backcare_tui.core.events import Event, EventSink
from backcare_tui.core.session import Session

__all__ = [
    "BREATH_FRAME",
    "LONGEST_SLEEP",
    "SessionAction",
    "SessionRunner",
    "SinkFactory",
    "SinkProblem",
    "seconds_to_next_change",
]

BREATH_FRAME = 1 / 12
"""Wake-up interval while the breathing pacer moves; elsewhere the shown second sets the pace."""
LONGEST_SLEEP = 1.0
"""Never sleep longer than this, whatever the session says: a second is the finest the clock
shows, and a wake-up that finds nothing to do costs little."""
SHORTEST_SLEEP = 0.005
LATE_BY = 0.002
"""Wake this much after a moment rather than on it: woken a hair early, the moment would not yet
be due and a second wake-up would be needed to catch it."""

SinkFactory = Callable[[Session], list[EventSink]]
"""Makes the sinks that follow a session (its sound, say), when it begins."""
SinkProblem = Callable[[EventSink, Exception], None]
"""Told about a sink that raised: the sink and what it raised."""

_log = logging.getLogger(__name__)


class SessionAction(StrEnum):
    """What the user can do to a running session (each a key on the session screen)."""

    TOGGLE_PAUSE = "toggle_pause"
    PAUSE = "pause"
    RESUME = "resume"
    NEXT = "next"
    PREVIOUS = "previous"
    RESTART = "restart"
    ADJUST = "adjust"
    """Lengthen or shorten the phase by ``seconds`` (a rep more or less while counting reps)."""
    COUNT_REP = "count_rep"


_SESSION_CALLS: dict[SessionAction, Callable[[Session], list[Event]]] = {
    SessionAction.TOGGLE_PAUSE: Session.toggle_pause,
    SessionAction.PAUSE: Session.pause,
    SessionAction.RESUME: Session.resume,
    SessionAction.NEXT: Session.next,
    SessionAction.PREVIOUS: Session.previous,
    SessionAction.RESTART: Session.restart_step,
    SessionAction.COUNT_REP: Session.count_rep,
}
"""The session method behind each action that takes no amount (ADJUST takes one)."""


def _log_problem(sink: EventSink, error: Exception) -> None:
    _log.error("%r failed: %r", sink, error)


def seconds_to_next_change(session: Session) -> float:
    """How long until the clock shown for ``session`` changes: the next whole second left."""
    remaining = session.phase_remaining
    fraction = remaining - math.floor(remaining)
    return fraction if fraction > 1e-6 else 1.0


class SessionRunner:
    """Runs one session: delivers its events to every sink and says when it next needs a look.

    Every method that moves the session returns the events it caused, after the sinks have had
    them, so a caller can show them too (the line mode prints them). Once :meth:`close` has been
    called the runner does nothing more: the session stays readable, for the summary.
    """

    def __init__(
        self,
        session: Session,
        sinks: Iterable[EventSink] = (),
        *,
        on_problem: SinkProblem = _log_problem,
    ) -> None:
        self.session = session
        self.sinks = list(sinks)
        self.on_problem = on_problem
        """Called when a sink raises; the session goes on either way."""
        self.closed = False

    @property
    def finished(self) -> bool:
        """The session ran to its end (a session stopped early is closed, not finished)."""
        return self.session.finished

    def start(self) -> list[Event]:
        """Begin the session's first phase now."""
        return self._deliver(self.session.start) if not self.closed else []

    def tick(self) -> list[Event]:
        """Catch the session up with the clock: every moment that fell due since the last look."""
        return self._deliver(self.session.update) if not self.closed else []

    def do(self, action: SessionAction, seconds: float = 0.0) -> list[Event]:
        """Carry out what the user asked for; ``seconds`` is the amount for ADJUST."""
        if self.closed:
            return []
        if action is SessionAction.ADJUST:
            return self._deliver(lambda: self.session.adjust(seconds))
        call = _SESSION_CALLS[action]
        return self._deliver(lambda: call(self.session))

    def next_wake(self) -> float | None:
        """Seconds until the next cue, deadline or change of the shown second, whichever is first.

        ``None`` while nothing can change by itself: before the start, while paused, at the end.
        A fixed interval would either wake ten times a second for nothing or show a countdown up
        to a second late; a wake-up aimed at the next moment does neither. While a breathing
        phase is worked the pacer moves, so the wait is one frame of it at most.
        """
        session = self.session
        if self.closed or not session.started or session.paused or session.finished:
            return None
        delay = seconds_to_next_change(session)
        moment = session.next_moment()
        if moment is not None:
            delay = min(delay, moment - session.clock())
        if session.phase.is_breathing:
            delay = min(delay, BREATH_FRAME)
        return min(LONGEST_SLEEP, max(SHORTEST_SLEEP, delay + LATE_BY))

    def close(self) -> None:
        """Close every sink (history records how far the session got). Safe to call twice."""
        if self.closed:
            return
        self.closed = True
        for sink in self.sinks:
            try:
                sink.close()
            except Exception as error:  # noqa: BLE001 - a broken sink must not stop the rest
                self.on_problem(sink, error)

    def deliver(self, events: list[Event]) -> None:
        """Hand ``events`` to every sink, in order; a sink that raises is reported and skipped.

        The methods that move the session call this themselves; it is public for a caller that
        moves the session on its own and must show the events before the sinks see them (the
        line mode prints each line first, so a slow history file never holds a line back).
        """
        for sink in self.sinks:
            try:
                sink.handle(self.session, events)
            except Exception as error:  # noqa: BLE001 - sound or history failing must not stop the clock
                self.on_problem(sink, error)

    def _deliver(self, move: Callable[[], list[Event]]) -> list[Event]:
        events = move()
        self.deliver(events)
        return events
