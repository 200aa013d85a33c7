"""What each event of a session sounds like, and how long each sound may wait to be played.

:func:`cue_for` picks the cue of an event; :func:`cue_item` and :func:`phrase_item` make the
playlist items for a cue and for a phrase, with the patience, group and priority that
:class:`~backcare_tui.sound.playlist.Playlist` goes by.
"""

from __future__ import annotations

import math
from pathlib import Path

from backcare_tui.core.cues import Cue
from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.phases import PhaseKind
from backcare_tui.sound.phrases import Phrase, PhraseKind
from backcare_tui.sound.playlist import Item, Priority

__all__ = ["cue_for", "cue_item", "phrase_item"]

_EVENT_CUES = {
    EventKind.COUNTDOWN: Cue.TICK,
    EventKind.SWITCH_SIDES: Cue.SWITCH,
    EventKind.REP: Cue.REP,
    EventKind.HALFWAY: Cue.HALFWAY,
    EventKind.REMINDER: Cue.REMINDER,
    EventKind.SESSION_DONE: Cue.COMPLETE,
}
"""The cue of every event that always has the same one, manual reps included."""


def cue_for(event: Event) -> str | None:
    """The sound for ``event``: a :class:`Cue` value, a step's own ``sound``, or None."""
    phase = event.phase
    kind = event.kind
    if kind is EventKind.PHASE_STARTED:
        if phase.kind is PhaseKind.WORK and phase.step.sound:
            return phase.step.sound
        return Cue.START if phase.is_work else None
    if kind is EventKind.PHASE_DONE:
        return Cue.DONE if phase.is_work and not event.skipped else None
    return _EVENT_CUES.get(kind)


_CUE_RULES: dict[str, tuple[float, str | None]] = {
    Cue.TICK: (0.5, "tick"),
    Cue.REP: (0.5, "rep"),
    Cue.REMINDER: (5.0, None),
    Cue.COMPLETE: (math.inf, None),
}
"""Patience and group of the cues that differ from the rest (2 s, no group)."""
_PHRASE_RULES: dict[PhraseKind, tuple[Priority, float, str | None]] = {
    PhraseKind.COMPLETE: (Priority.COMPLETE, math.inf, None),
    PhraseKind.ANNOUNCE: (Priority.ANNOUNCE, 6.0, None),
    PhraseKind.SWITCH: (Priority.ANNOUNCE, 6.0, None),
    PhraseKind.SIDE: (Priority.NEXT, 4.0, None),
    PhraseKind.NEXT: (Priority.NEXT, 6.0, None),
    PhraseKind.REMINDER: (Priority.REMINDER, 10.0, None),
    PhraseKind.HALFWAY: (Priority.HALFWAY, 3.0, None),
    PhraseKind.COUNT: (Priority.COUNT, 1.0, "count"),
    PhraseKind.BREATH: (Priority.BREATH, 1.0, "breath"),
}
"""Priority, patience and group of each kind of phrase."""


def cue_item(cue: str, path: Path, due: float, phase: int) -> Item:
    """The playlist item that plays ``cue`` (a :class:`Cue` or a step's own sound) from ``path``."""
    patience, group = _CUE_RULES.get(cue, (2.0, None))
    return Item(path, due, Priority.CUE, patience, group, phase)


def phrase_item(phrase: Phrase, due: float, phase: int) -> Item:
    """The playlist item that says ``phrase``."""
    priority, patience, group = _PHRASE_RULES[phrase.kind]
    return Item(phrase, due, priority, patience, group, phase)
