"""What the app says aloud at each event of a session, as plain words.

:func:`phrases_for` is a pure function of an event and its session, so the words can be tested
without audio. :func:`session_phrases` lists every phrase a session may say, in the order they
are first needed, so :mod:`backcare_tui.sound.speech` can render them before they are due; it
asks the engine itself which events come (:func:`~backcare_tui.core.rehearsal.rehearse`) rather
than restating its rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.phases import Phase, PhaseKind
from backcare_tui.core.rehearsal import rehearse
from backcare_tui.core.routine import StepKind
from backcare_tui.core.session import Session
from backcare_tui.core.words import BREATH_WORDS, side_words

__all__ = ["Phrase", "PhraseKind", "phrases_for", "session_phrases"]


class PhraseKind(StrEnum):
    """What a phrase is for, which decides how much it matters when two fall together."""

    COMPLETE = "complete"
    """"Session complete"."""
    ANNOUNCE = "announce"
    """What comes now: "Get ready: plank, 30 seconds", or the step's name with no lead-in."""
    SWITCH = "switch"
    """"Switch sides"."""
    SIDE = "side"
    """"Left side" or "Right side" as a sided phase of work starts."""
    NEXT = "next"
    """"Rest. Next: ..." at the start of a rest."""
    REMINDER = "reminder"
    """A timer's reminder text."""
    HALFWAY = "halfway"
    COUNT = "count"
    """The number of a paced rep."""
    BREATH = "breath"
    """"Breathe in", "Hold", "Breathe out"."""


@dataclass(frozen=True)
class Phrase:
    """Words to speak, and what they are for."""

    text: str
    kind: PhraseKind


def _first_of_step(phase: Phase, phases: Sequence[Phase]) -> bool:
    return phase.index == 0 or phases[phase.index - 1].step_index != phase.step_index


def _started(phase: Phase, session: Session) -> list[Phrase]:
    step = phase.step
    if phase.kind is PhaseKind.GET_READY:
        return [Phrase(f"Get ready: {step.name}, {step.summary(spoken=True)}", PhraseKind.ANNOUNCE)]
    if phase.kind is PhaseKind.REST:
        return [Phrase(f"Rest. Next: set {phase.set_number} of {step.sets}", PhraseKind.NEXT)]
    if phase.kind is not PhaseKind.WORK:
        return []  # switching sides is announced by its own event
    if step.kind is StepKind.REST:
        steps = session.routine.steps
        following = phase.step_index + 1
        text = f"Rest. Next: {steps[following].name}" if following < len(steps) else "Rest"
        return [Phrase(text, PhraseKind.NEXT)]
    said: list[Phrase] = []
    if _first_of_step(phase, session.phases):  # no GET READY before it (a lead-in of 0)
        said.append(Phrase(f"{step.name}, {step.summary(spoken=True)}", PhraseKind.ANNOUNCE))
    if phase.side is not None:
        said.append(Phrase(side_words(phase.side).capitalize(), PhraseKind.SIDE))
    return said


def phrases_for(event: Event, session: Session) -> list[Phrase]:
    """What to say for ``event``, in order; usually nothing or one phrase.

    Depends only on the event and the session's routine and plan, not on where the session
    has got to, so it gives the same words whenever it is asked.
    """
    kind = event.kind
    if kind is EventKind.PHASE_STARTED:
        return _started(event.phase, session)
    if kind is EventKind.SWITCH_SIDES:
        return [Phrase("Switch sides", PhraseKind.SWITCH)]
    if kind is EventKind.HALFWAY:
        return [Phrase("Halfway", PhraseKind.HALFWAY)]
    if kind is EventKind.REP and not event.manual and event.value is not None:
        return [Phrase(str(event.value), PhraseKind.COUNT)]
    if kind is EventKind.REMINDER and event.phase.step.reminder.strip():
        return [Phrase(event.phase.step.reminder.strip(), PhraseKind.REMINDER)]
    if kind is EventKind.BREATH and event.breath is not None:
        return [Phrase(BREATH_WORDS[event.breath], PhraseKind.BREATH)]
    if kind is EventKind.SESSION_DONE:
        return [Phrase("Session complete", PhraseKind.COMPLETE)]
    return []


def session_phrases(session: Session) -> list[str]:
    """Every phrase ``session`` may say, each once, in the order they will first be needed."""
    texts: dict[str, None] = {}
    for event in rehearse(session.routine):
        texts.update((p.text, None) for p in phrases_for(event, session))
    return list(texts)
