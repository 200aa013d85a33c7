"""The names of the sounds the app plays, shared by routine files, the engine's users and sound."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Cue"]


class Cue(StrEnum):
    """A cue sound; its value is the stem of its WAV file in ``sounds/``.

    Each moment that matters has a sound of its own, so a session can be followed with the eyes
    closed and no voice: what :mod:`backcare_tui.sound.cues` plays for each event.
    """

    GET_READY = "get_ready"
    """A new exercise is coming: get into position."""
    START = "start"
    """A phase of work begins: start moving or holding now."""
    TICK = "tick"
    """One of the last seconds of a phase (3 s and 2 s left)."""
    LAST_TICK = "last_tick"
    """The last second of a phase (1 s left)."""
    DONE = "done"
    """A phase of work ends, where nothing else sounds at that moment."""
    REST = "rest"
    """A rest begins: between sets, or a rest step."""
    SWITCH = "switch"
    """Change to the other side."""
    REP = "rep"
    """One repetition, on the tempo."""
    REP_LEFT = "rep_left"
    """A repetition on the left side: a lower knock."""
    REP_RIGHT = "rep_right"
    """A repetition on the right side: a higher knock."""
    INHALE = "inhale"
    """Breathe in: a soft rising tone."""
    EXHALE = "exhale"
    """Breathe out: a soft falling tone."""
    HALFWAY = "halfway"
    """Half of a hold or timer has passed."""
    REMINDER = "reminder"
    """An interval reminder during a long timer (check your skin while icing)."""
    COMPLETE = "complete"
    """The whole session is over."""
    SOUND_ON = "sound_on"
    """Sound was just turned on."""
    SOUND_OFF = "sound_off"
    """Sound was just turned off: the last thing heard before the quiet."""
    VOICE_OFF = "voice_off"
    """The voice was just turned off (the cues go on): not the sound-off blips, so the two are
    told apart by ear. Turning it on is confirmed by the voice itself."""
