"""The names of the sounds the app plays, shared by routine files, the engine's users and sound."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Cue"]


class Cue(StrEnum):
    """A cue sound; its value is the stem of its WAV file in ``sounds/``."""

    START = "start"
    """A phase of work begins: start moving or holding now."""
    TICK = "tick"
    """One of the last three seconds of a phase."""
    DONE = "done"
    """A phase of work ends."""
    SWITCH = "switch"
    """Change to the other side."""
    REP = "rep"
    """One repetition, on the tempo."""
    HALFWAY = "halfway"
    """Half of a hold or timer has passed."""
    REMINDER = "reminder"
    """An interval reminder during a long timer (check your skin while icing)."""
    COMPLETE = "complete"
    """The whole session is over."""
