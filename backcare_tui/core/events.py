"""What a session tells the world: each :class:`Event` the engine returns, and what kinds there are.

The screen, sound, line mode and history all follow a session by these events alone, each one
exactly once and in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from backcare_tui.core.phases import Phase, Side
from backcare_tui.core.routine import BreathPart

if TYPE_CHECKING:
    from backcare_tui.core.session import Session

__all__ = ["Event", "EventKind", "EventSink"]


class EventKind(StrEnum):
    """What happened in a session."""

    PHASE_STARTED = "phase_started"
    COUNTDOWN = "countdown"
    """``value`` is 3, 2 or 1: the seconds left. Every phase counts down, reps and breaths too."""
    HALFWAY = "halfway"
    SWITCH_SIDES = "switch_sides"
    REP = "rep"
    """``value`` is the rep's number in the phase; ``side`` is set when reps alternate."""
    REMINDER = "reminder"
    """``value`` is the number of the reminder, from 1; ``left`` the seconds still to go."""
    BREATH = "breath"
    """``breath`` is the part that starts; ``value`` is the breath's number (from 1)."""
    PHASE_DONE = "phase_done"
    STEP_DONE = "step_done"
    SESSION_DONE = "session_done"
    PAUSED = "paused"
    """``value`` is None for a pause the user asked for; after a clock jump (the machine was
    asleep), the whole seconds it was away."""
    RESUMED = "resumed"
    ADJUSTED = "adjusted"
    """``value`` is the change in seconds (or in reps, on a reps phase)."""


@dataclass(frozen=True)
class Event:
    """Something the UI, sound or history may react to."""

    kind: EventKind
    phase: Phase
    elapsed: float
    """Session time (pauses left out) at the exact moment the event was due."""
    value: int | None = None
    side: Side | None = None
    breath: BreathPart | None = None
    skipped: bool = False
    manual: bool = False
    left: float | None = None
    """Seconds left in the phase at that moment, where the event tells it (a reminder)."""


class EventSink(Protocol):
    """Anything that follows a session by its events: the screen, sound, history."""

    def handle(self, session: Session, events: list[Event]) -> None:
        """React to ``events`` just returned by ``session``. Must return quickly."""

    def close(self) -> None:
        """The session is over or abandoned: finish up (flush, stop threads)."""
