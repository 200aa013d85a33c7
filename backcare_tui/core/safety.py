"""The safety notice: the red flags every user must see before their first session."""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = [
    "READING_MOST",
    "READING_START",
    "READING_WORDS_A_SECOND",
    "RED_FLAGS",
    "SAFETY_TITLE",
    "reading_time",
    "safety_text",
]

SAFETY_TITLE = "Before you start: when to stop"

RED_FLAGS: tuple[str, ...] = (
    "Stop the exercise straight away if you feel sharp pain, or pain that gets worse as you go.",
    "Get medical help now if back pain comes with weakness controlling your bladder or bowels, "
    "or numbness in your legs or groin.",
    "See a doctor or physical therapist if the pain lasts despite rest, runs down a leg, "
    "or stops you from doing everyday things.",
    "backcare-tui guides exercise. It does not diagnose or treat anything.",
)


def safety_text(bullet: str = "•") -> str:
    """The red flags as plain text, one per line."""
    return "\n".join(f"{bullet} {flag}" for flag in RED_FLAGS)


READING_WORDS_A_SECOND = 3.0
"""About 180 words a minute: reading from the floor, two metres away."""
READING_START = 3.0
"""Seconds to notice the notes are there and find their first line."""
READING_MOST = 60.0
"""The longest the first get-ready grows for a routine's notes, however many there are."""


def reading_time(notes: Sequence[str]) -> float:
    """Seconds to read a routine's safety ``notes`` from the mat: a session's first get-ready is
    made that much longer than the routine's lead-in, in the app and in line mode alike."""
    words = sum(len(note.split()) for note in notes)
    if not words:
        return 0.0
    # Whole seconds: every later moment of the session stays on the second, as written.
    return float(min(READING_MOST, math.ceil(READING_START + words / READING_WORDS_A_SECOND)))
