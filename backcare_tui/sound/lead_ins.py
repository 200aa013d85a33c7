"""Words that end before the countdown: how long each get-ready must last, and where to say less.

With voice on, a get-ready says the exercise and its dose ("Get ready: Plank, 30 seconds per
side"), and the first one the routine's safety notes too; said over the last three seconds'
ticks, neither is heard clearly. The session's plan can lengthen a get-ready
(:meth:`~backcare_tui.core.session.Session.fit_lead_ins`); :func:`spoken_lead_ins` works out by
how much, from what the speech engine actually renders, so ``show`` and the session agree. A
rest or a switch of sides keeps the length the routine gives it: there :func:`brief_words`
picks fewer words ("Rest, then set 2 of 2") where the full ones would not end in time.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from backcare_tui.core.events import EventKind
from backcare_tui.core.phases import PhaseKind, session_total
from backcare_tui.core.rehearsal import rehearse
from backcare_tui.core.routine import Routine
from backcare_tui.core.session import Session
from backcare_tui.core.session_state import COUNTDOWN_FROM
from backcare_tui.sound.cues import PHRASE_LAG
from backcare_tui.sound.phrases import joined, moments, said_at
from backcare_tui.sound.speech import SpeechEngine, SpeechError, find_speech_engine

__all__ = ["SPEECH_GAP", "brief_words", "spoken_lead_ins", "voice_total"]

SPEECH_GAP = 0.5
"""Seconds of quiet between the last word and the first count, so the two do not run together."""


def spoken_lead_ins(routine: Routine, seconds_of: Callable[[str], float]) -> tuple[float, ...]:
    """Each step's get-ready, in whole seconds, long enough for what is said as it starts.

    ``seconds_of`` tells how long a text takes to say (:meth:`SpeechEngine.seconds`). A step
    whose words fit keeps the routine's ``lead_in``; a routine with no lead-in keeps none.
    """
    lead_ins = [routine.lead_in] * len(routine.steps)
    if routine.lead_in <= 0:
        return tuple(lead_ins)
    session = Session(routine)
    for number, together in enumerate(moments(rehearse(routine))):
        ready = next(
            (
                event.phase
                for event in together
                if event.kind is EventKind.PHASE_STARTED and event.phase.kind is PhaseKind.GET_READY
            ),
            None,
        )
        said = said_at(together, session, opening=number == 0) if ready is not None else []
        if ready is None or not said:
            continue
        speaking = seconds_of(joined([phrase.text for phrase in said]))
        needed = math.ceil(PHRASE_LAG + speaking + SPEECH_GAP + COUNTDOWN_FROM - 1e-9)
        lead_ins[ready.step_index] = max(lead_ins[ready.step_index], float(needed))
    return tuple(lead_ins)


def brief_words(session: Session, seconds_of: Callable[[str], float]) -> dict[str, str]:
    """The moments of ``session`` (as planned) whose words would run into the countdown of the
    phase they open: each full utterance, and the briefer one to say instead."""
    briefer: dict[str, str] = {}
    rehearsal = rehearse(session.routine, session.lead_ins)
    for number, together in enumerate(moments(rehearsal)):
        opened = [e.phase for e in together if e.kind is EventKind.PHASE_STARTED]
        said = said_at(together, session, opening=number == 0)
        if not opened or not said:
            continue
        length = opened[-1].duration
        countdown = max(0, min(COUNTDOWN_FROM, math.ceil(length - 1e-9) - 1))
        room = length - countdown - (PHRASE_LAG + SPEECH_GAP if countdown else 0.0)
        full = joined([phrase.text for phrase in said])
        brief = joined([phrase.shortest for phrase in said])
        if brief != full and seconds_of(full) > room:
            briefer[full] = brief
    return briefer


def voice_total(routine: Routine, engine: SpeechEngine | None = None) -> float | None:
    """The routine's length when its words are spoken; None where no speech engine is found."""
    engine = engine or find_speech_engine()
    if engine is None:
        return None
    try:
        return session_total(routine, spoken_lead_ins(routine, engine.seconds))
    except SpeechError:
        return None
