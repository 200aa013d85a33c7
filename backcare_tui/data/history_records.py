"""What the history holds about a session: how it ended, how each step went, the check-in.

These are plain values. The store (:mod:`backcare_tui.data.history`) reads them from its file;
the progress sums, the exports and the report take lists of them and never touch the file, so
they can be tested with records made by hand.

No Textual, no SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["SessionRecord", "SessionStatus", "StepRecord", "checked_rating"]


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


def checked_rating(rating: int | None) -> int | None:
    """``rating`` if it is None or a stiffness rating (0 none to 10 worst), else a ValueError."""
    if rating is not None and (
        isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10
    ):
        raise ValueError(f"a stiffness rating is a whole number from 0 to 10, got {rating!r}")
    return rating
