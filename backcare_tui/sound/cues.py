"""What each event of a session sounds like, and how long each sound may wait to be played.

:func:`cue_for` picks the cue of an event; :func:`moment_cue` the one cue of a moment where
several events fall together (the one that matters most: switch before done). :data:`CUE_RULES`
is the one table of how each cue is treated: its rank at a shared moment, how long it may wait,
the group a newer one replaces, and its pattern on the terminal bell. :func:`cue_item` and
:func:`phrase_item` make the playlist items for a cue and for a phrase.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from backcare_tui.core.cues import Cue
from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.phases import PhaseKind, Side
from backcare_tui.core.routine import BreathPart, StepKind
from backcare_tui.sound.phrases import Phrase, PhraseKind, joined
from backcare_tui.sound.playlist import Item, Priority

__all__ = [
    "BELL_PATTERNS",
    "CUE_RULES",
    "CueRule",
    "PHRASE_LAG",
    "cue_for",
    "cue_item",
    "moment_cue",
    "moment_phrase",
    "phrase_item",
]

PHRASE_LAG = 0.2
"""Seconds at most between a moment's cue and its words: the cue's onset carries the moment,
and the words follow at once (over the cue's tail if it rings longer), never later."""
MINOR_PATIENCE = 0.1
"""Seconds a count, a breath word or "Halfway" may wait past its moment and its cue: later
than 0.3 s after its moment, a count is the wrong count and a breath word the wrong breath,
and silence (the cue has already sounded) is better."""
QUICK = 0.15
"""Seconds between the rings of a quick bell pattern (two rings in a row stay two)."""
SLOW = 0.45
"""Seconds between the rings of a slow bell pattern."""


@dataclass(frozen=True)
class CueRule:
    """How one cue is treated."""

    rank: int
    """Where several events fall at one moment, only the cue of highest rank plays."""
    bell: tuple[float, ...]
    """On the terminal bell: one ring per number, each followed by that many seconds' pause."""
    patience: float = 2.0
    """Seconds it may wait past its moment before it is not worth playing any more."""
    group: str | None = None
    """A newer cue of the same group replaces this one while it waits."""


CUE_RULES: dict[Cue, CueRule] = {
    Cue.COMPLETE: CueRule(12, (SLOW, SLOW, SLOW), math.inf),
    Cue.SWITCH: CueRule(11, (QUICK, QUICK, QUICK)),
    Cue.INHALE: CueRule(10, (QUICK,), 1.0, "tone"),
    Cue.EXHALE: CueRule(10, (SLOW, SLOW), 1.0, "tone"),
    Cue.START: CueRule(9, (QUICK, QUICK)),
    Cue.GET_READY: CueRule(8, (SLOW, SLOW, SLOW)),
    Cue.REST: CueRule(7, (SLOW, SLOW)),
    Cue.DONE: CueRule(6, (SLOW, SLOW)),
    Cue.LAST_TICK: CueRule(5, (QUICK,), 0.5, "tick"),
    Cue.TICK: CueRule(4, (QUICK,), 0.5, "tick"),
    Cue.REP_LEFT: CueRule(3, (QUICK,), 0.5, "knock"),
    Cue.REP_RIGHT: CueRule(3, (QUICK,), 0.5, "knock"),
    Cue.REP: CueRule(3, (QUICK,), 0.5, "knock"),
    Cue.HALFWAY: CueRule(2, (QUICK,)),
    Cue.REMINDER: CueRule(1, (QUICK, QUICK, QUICK), 5.0),
    Cue.SOUND_ON: CueRule(0, (QUICK,)),
    Cue.SOUND_OFF: CueRule(0, (QUICK,)),
    Cue.VOICE_OFF: CueRule(0, (QUICK, QUICK)),
}
"""Every cue's rank, bell pattern, patience and group. A breath tone outranks the start cue:
a breathing phase opens on its first breath in. The countdown outranks a rep's knock: in the
last seconds of reps, the count of seconds is what tells the end is near."""
STEP_SOUND = CueRule(9, (QUICK, QUICK))
"""A step's own ``sound`` stands where the start cue would."""
BELL_PATTERNS: dict[str, tuple[float, ...]] = {
    cue.value: rule.bell for cue, rule in CUE_RULES.items()
}
"""The bell pattern of each cue by its file's stem: with only the terminal bell, get ready
(three slow rings), start (two quick), rest (two slow) and the countdown (one) still differ."""

_EVENT_CUES = {
    EventKind.SWITCH_SIDES: Cue.SWITCH,
    EventKind.HALFWAY: Cue.HALFWAY,
    EventKind.REMINDER: Cue.REMINDER,
    EventKind.SESSION_DONE: Cue.COMPLETE,
}
"""The cue of every event that always has the same one."""
_PHASE_CUES = {
    PhaseKind.GET_READY: Cue.GET_READY,
    PhaseKind.REST: Cue.REST,
}
_SIDE_KNOCKS = {None: Cue.REP, Side.LEFT: Cue.REP_LEFT, Side.RIGHT: Cue.REP_RIGHT}
_BREATH_CUES = {BreathPart.IN: Cue.INHALE, BreathPart.OUT: Cue.EXHALE}
"""A breath held has no sound: the quiet is the cue to hold."""


def cue_for(event: Event) -> str | None:
    """The sound for ``event``: a :class:`Cue` value, a step's own ``sound``, or None."""
    phase = event.phase
    kind = event.kind
    if kind is EventKind.PHASE_STARTED:
        if phase.kind is PhaseKind.WORK and phase.step.sound:
            return phase.step.sound
        if phase.kind in _PHASE_CUES:
            return _PHASE_CUES[phase.kind]
        if phase.kind is not PhaseKind.WORK:
            return None  # switching sides sounds with its own event
        return Cue.REST if phase.step.kind is StepKind.REST else Cue.START
    if kind is EventKind.PHASE_DONE:
        return Cue.DONE if phase.is_work and not event.skipped else None
    if kind is EventKind.COUNTDOWN:
        return Cue.LAST_TICK if event.value == 1 else Cue.TICK
    if kind is EventKind.REP:
        return _SIDE_KNOCKS[event.side]
    if kind is EventKind.BREATH and event.breath is not None:
        return _BREATH_CUES.get(event.breath)
    return _EVENT_CUES.get(kind)


_NAMES = frozenset(c.value for c in Cue)


def rule_of(cue: str) -> CueRule:
    """The rule for ``cue``: its own, or a step sound's."""
    return CUE_RULES[Cue(cue)] if cue in _NAMES else STEP_SOUND


def moment_cue(events: Sequence[Event]) -> str | None:
    """The one cue for ``events`` that fall at the same moment: the highest ranked, the first
    of equals. Two chimes queued one after the other would put the second up to half a second
    late, and the one that matters (switch sides, not "done") must be heard on time."""
    found = [cue for cue in map(cue_for, events) if cue is not None]
    return max(found, key=lambda cue: rule_of(cue).rank, default=None)


def cue_item(cue: str, path: Path, due: float, phase: int) -> Item:
    """The playlist item that plays ``cue`` (a :class:`Cue` or a step's own sound) from ``path``."""
    rule = rule_of(cue)
    return Item(path, due, Priority.CUE, rule.patience, rule.group, phase)


_PHRASE_RULES: dict[PhraseKind, tuple[Priority, float, str | None]] = {
    PhraseKind.COMPLETE: (Priority.COMPLETE, math.inf, None),
    PhraseKind.SAFETY: (Priority.COMPLETE, 60.0, None),
    PhraseKind.ANNOUNCE: (Priority.ANNOUNCE, 6.0, None),
    PhraseKind.SWITCH: (Priority.ANNOUNCE, 6.0, None),
    PhraseKind.SIDE: (Priority.NEXT, 4.0, None),
    PhraseKind.NEXT: (Priority.NEXT, 6.0, None),
    PhraseKind.REMINDER: (Priority.REMINDER, 10.0, None),
    PhraseKind.HALFWAY: (Priority.HALFWAY, MINOR_PATIENCE, None),
    PhraseKind.COUNT: (Priority.COUNT, MINOR_PATIENCE, "count"),
    PhraseKind.BREATH: (Priority.BREATH, MINOR_PATIENCE, "breath"),
    PhraseKind.CONFIRM: (Priority.ANNOUNCE, 2.0, None),
}
"""Priority, patience and group of each kind of phrase."""


def moment_phrase(said: Sequence[Phrase]) -> Phrase | None:
    """The phrases of one moment as one utterance, as weighty as its weightiest part.

    Said as one, the last rep's count is heard before "Rest 30 seconds" instead of giving way
    to it, and nothing said at a moment waits for another phrase to be rendered.
    """
    if not said:
        return None
    weightiest = max(said, key=lambda phrase: _PHRASE_RULES[phrase.kind][0])
    return Phrase(joined([phrase.text for phrase in said]), weightiest.kind)


def phrase_item(phrase: Phrase, due: float, phase: int) -> Item:
    """The playlist item that says ``phrase``."""
    priority, patience, group = _PHRASE_RULES[phrase.kind]
    return Item(phrase, due, priority, patience, group, phase)
