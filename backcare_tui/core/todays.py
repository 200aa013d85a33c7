"""A routine at today's doses: what a session starts from once the program has had its say.

Kept apart from the program's rules (:mod:`backcare_tui.data.program` fills it in) so that a
session started with no history, the command line's usual case, builds one without loading
the plan, the agenda or the progression before its first frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backcare_tui.core.journal import LevelUsed
    from backcare_tui.core.progression import StepProgress
    from backcare_tui.core.routine import Routine

__all__ = ["TodaysRoutine"]


@dataclass(frozen=True)
class TodaysRoutine:
    """A routine at today's doses, with the level of each progressing step to record."""

    routine: Routine
    levels: dict[str, LevelUsed] = field(default_factory=dict)
    progress: dict[int, StepProgress] = field(default_factory=dict)
    before: int | None = None
    """A check-in given just before, standing for the session's before rating if not asked."""
