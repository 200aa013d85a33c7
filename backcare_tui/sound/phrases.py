"""What the app says aloud at each event of a session, as plain words.

:func:`phrases_for` is a pure function of an event and its session, so the words can be tested
without audio. Events that fall at one moment are said as one utterance (:func:`said_at`): the
last rep's count, then what comes next, never one dropped for the other. :func:`moments` and
:func:`session_phrases` list what a session will say, in the order it is first needed, so
:mod:`backcare_tui.sound.speech` can render it before it is due; they ask the engine itself which
events come (:func:`~backcare_tui.core.rehearsal.rehearse`) rather than restating its rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby

from backcare_tui.core.durations import spoken_duration
from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.phases import Phase, PhaseKind, side_count
from backcare_tui.core.rehearsal import rehearse
from backcare_tui.core.routine import Routine, StepKind
from backcare_tui.core.session import Session
from backcare_tui.core.words import BREATH_WORDS, side_words

__all__ = [
    "Phrase",
    "PhraseKind",
    "joined",
    "moments",
    "phrases_for",
    "safety_phrase",
    "said_at",
    "session_phrases",
]


class PhraseKind(StrEnum):
    """What a phrase is for, which decides how much it matters when two fall together."""

    COMPLETE = "complete"
    """"Session complete"."""
    SAFETY = "safety"
    """The routine's own safety notes, once, as the session starts."""
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
    CONFIRM = "confirm"
    """"Voice on": a key's effect, said at once."""


@dataclass(frozen=True)
class Phrase:
    """Words to speak, and what they are for."""

    text: str
    kind: PhraseKind
    brief: str | None = None
    """Fewer words for the same moment, said where the full text would run into a countdown
    (a short rest, a quick switch); None: the text is as short as it gets."""

    @property
    def shortest(self) -> str:
        """The brief text where there is one, else the text."""
        return self.brief if self.brief is not None else self.text


def _first_of_step(phase: Phase, phases: Sequence[Phase]) -> bool:
    return phase.index == 0 or phases[phase.index - 1].step_index != phase.step_index


def _started(phase: Phase, session: Session) -> list[Phrase]:
    step = phase.step
    if phase.kind is PhaseKind.GET_READY:
        name = f"Get ready: {step.name}"
        return [Phrase(f"{name}, {step.summary(spoken=True)}", PhraseKind.ANNOUNCE, name)]
    rest = f"Rest {spoken_duration(phase.duration)}"
    if phase.kind is PhaseKind.REST:
        then = f"then set {phase.set_number} of {step.sets}"
        return [Phrase(f"{rest}, {then}", PhraseKind.NEXT, f"Rest, {then}")]
    if phase.kind is not PhaseKind.WORK:
        return []  # switching sides is announced by its own event
    if step.kind is StepKind.REST:
        steps = session.routine.steps
        following = phase.step_index + 1
        if following >= len(steps):
            return [Phrase(rest, PhraseKind.NEXT, "Rest")]
        return [Phrase(f"{rest}. Next: {steps[following].name}", PhraseKind.NEXT, "Rest")]
    said: list[Phrase] = []
    if _first_of_step(phase, session.phases):  # no GET READY before it (a lead-in of 0)
        said.append(Phrase(f"{step.name}, {step.summary(spoken=True)}", PhraseKind.ANNOUNCE))
    if phase.side is not None:
        said.append(Phrase(side_words(phase.side).capitalize(), PhraseKind.SIDE))
    return said


def _count(event: Event) -> str:
    """A rep's count: ``3``, or ``Left 3`` when reps alternate sides (what the user counts)."""
    number = event.value or 0
    if event.side is not None and event.phase.side is None:
        return f"{event.side.value.capitalize()} {side_count(number)}"
    return str(number)


def _reminder(event: Event) -> str:
    """A timer's reminder with the time still to go: "Check your skin. 6 minutes left."."""
    said = event.phase.step.reminder.strip()
    if event.left is None or event.left < 1:
        return said
    left = f"{spoken_duration(event.left)} left"
    return f"{joined([said, left])}" if said else left.capitalize()


def phrases_for(event: Event, session: Session) -> list[Phrase]:
    """What to say for ``event``, in order; usually nothing or one phrase.

    Depends only on the event and the session's routine and plan, not on where the session
    has got to, so it gives the same words whenever it is asked.
    """
    kind = event.kind
    if kind is EventKind.PHASE_STARTED:
        return _started(event.phase, session)
    if kind is EventKind.SWITCH_SIDES:
        return [Phrase("Switch sides", PhraseKind.SWITCH, "Switch")]
    if kind is EventKind.HALFWAY:
        return [Phrase("Halfway", PhraseKind.HALFWAY)]
    if kind is EventKind.REP and not event.manual and event.value is not None:
        return [Phrase(_count(event), PhraseKind.COUNT)]
    if kind is EventKind.REMINDER:
        return [Phrase(_reminder(event), PhraseKind.REMINDER)]
    if kind is EventKind.BREATH and event.breath is not None:
        return [Phrase(BREATH_WORDS[event.breath], PhraseKind.BREATH)]
    if kind is EventKind.SESSION_DONE:
        return [Phrase("Session complete", PhraseKind.COMPLETE)]
    return []


def joined(parts: Sequence[str]) -> str:
    """Parts said one after the other, as sentences: ``Right 5. Rest 30 seconds, then set 2 of 2``.

    A single part is left as it is.
    """
    if len(parts) == 1:
        return parts[0]
    return " ".join(p if p.endswith((".", "!", "?", ":")) else p + "." for p in parts)


def safety_phrase(routine: Routine) -> Phrase | None:
    """The routine's own safety notes, said once before its first get-ready; None if it has none."""
    notes = [note.strip() for note in routine.safety if note.strip()]
    if not notes:
        return None
    return Phrase(joined(["Before you start", *notes]), PhraseKind.SAFETY)


def said_at(events: Sequence[Event], session: Session, *, opening: bool = False) -> list[Phrase]:
    """What to say for ``events`` that fall at one moment, in event order.

    ``opening`` marks the session's very first moment, where the safety notes come first.
    """
    said = [phrase for event in events for phrase in phrases_for(event, session)]
    if opening and (safety := safety_phrase(session.routine)) is not None:
        said.insert(0, safety)
    return said


def moments(events: Iterable[Event]) -> Iterator[list[Event]]:
    """``events`` (in order) in runs that fall at the same moment."""
    for _, together in groupby(events, key=lambda event: event.elapsed):
        yield list(together)


def session_phrases(session: Session) -> list[str]:
    """Every utterance ``session`` may say, each once, in the order they will first be needed.

    Each is the text of one moment, as the sound says it (see :func:`said_at` and
    :func:`joined`).
    """
    texts: dict[str, None] = {}
    # The words do not depend on how long a get-ready lasts, so the plain plan will do.
    for number, together in enumerate(moments(rehearse(session.routine))):
        said = said_at(together, session, opening=number == 0)
        if said:
            texts[joined([p.text for p in said])] = None
    return list(texts)
