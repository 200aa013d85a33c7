"""The words for a session that more than one place uses: breaths, sides, how much a phase is.

The screen, line mode and speech each word a moment their own way on purpose (a short label, a
full printed line, a phrase said aloud), but they build those wordings from the pieces here, so
a breath, a side or a dose is named the same everywhere. The dose of a whole step is
:meth:`~backcare_tui.core.routine.Step.summary`.
"""

from __future__ import annotations

from backcare_tui.core.durations import brief_duration, count, format_duration
from backcare_tui.core.phases import Phase, Side
from backcare_tui.core.routine import BreathPart, Step

__all__ = ["BREATH_WORDS", "breath_label", "breathing_pattern", "side_words", "work_amount"]

BREATH_WORDS: dict[BreathPart, str] = {
    BreathPart.IN: "Breathe in",
    BreathPart.HOLD: "Hold",
    BreathPart.OUT: "Breathe out",
}
"""Each part of a breath as line mode prints it and speech says it."""


def breath_label(part: BreathPart) -> str:
    """A part of a breath as the screen's label shows it: ``BREATHE IN``, ``HOLD THE BREATH``.

    On the screen a bare ``HOLD`` would read as the label of a hold step.
    """
    return "HOLD THE BREATH" if part is BreathPart.HOLD else BREATH_WORDS[part].upper()


def breathing_pattern(step: Step) -> str:
    """One breath of a breathe step in words: ``in 4 s, hold 2 s, out 6 s``."""
    return ", ".join(
        f"{part.value} {brief_duration(seconds)}" for part, seconds in step.breath_parts
    )


def side_words(side: Side | None) -> str:
    """``left side`` or ``right side``; ``other side`` when the side is not known."""
    return f"{side.value if side is not None else 'other'} side"


def work_amount(phase: Phase, *, exact: bool = False) -> str:
    """How much one phase of work is: ``10 reps``, or its time (``30 s``, ``1 min``).

    ``exact`` keeps a part of a second under a minute (``2.5 s``), as line mode prints it.
    """
    if phase.is_reps:
        return count(phase.reps, "rep")
    return brief_duration(phase.duration) if exact else format_duration(phase.duration)
