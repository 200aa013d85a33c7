"""What the session screen shows, computed from a :class:`Session` without any Textual.

The screen builds a :class:`SessionView` on every redraw and touches only the widgets whose part
of the view changed, so a 20-minute timer costs one small repaint a second. Keeping the words
here also lets them be tested as plain values. Every line that can hold a routine's text is made
:func:`~backcare_tui.core.text.printable` here, once, for every widget that draws it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from backcare_tui.core.durations import count, format_clock, format_duration
from backcare_tui.core.phases import Phase, PhaseKind, adjust_step, side_count, side_for_rep
from backcare_tui.core.routine import BreathPart, StepKind, StepSides
from backcare_tui.core.session import Session
from backcare_tui.core.text import printable
from backcare_tui.core.words import breath_label, side_words, work_amount

__all__ = [
    "REMINDER_SHOWN",
    "Mood",
    "SessionView",
    "adjust_labels",
    "safety_shown",
    "view_of",
]

FINAL_SECONDS = 3
"""The last seconds of a phase are shown in a warning colour."""
REMINDER_SHOWN = 10.0
"""Seconds a timer's reminder stays on the screen, in place of the phase's label, once it fires.

Long enough to be seen by someone who glances up only now and then (on an ice pack, with the
sound muted); short enough that the countdown is soon back."""


class Mood(StrEnum):
    """How the session stands, which decides the colour of the screen."""

    READY = "ready"
    """Getting ready, or switching sides."""
    WORK = "work"
    REST = "rest"
    FINAL = "final"
    """The last seconds of a phase that counts down."""
    PAUSED = "paused"
    DONE = "done"
    REMINDER = "reminder"
    """A timer's reminder has just fired."""


@dataclass(frozen=True)
class SessionView:
    """Everything the session screen displays, as plain values."""

    title: str
    """The exercise's name."""
    where: str
    """``Step 3 of 9 · Set 1 of 2``."""
    label: str
    """The phase in words: GET READY, HOLD · LEFT, REPS, REST, SWITCH SIDES, BREATHE IN…"""
    clock: str
    """The big number: time left (``0:25``, ``12:05``) or the rep count (``3/10``)."""
    detail: str
    """A line under the clock: rep n of N, time left in a reps phase, the reminder text…"""
    instructions: str
    next_up: str
    phase_fraction: float
    session_fraction: float
    session_left: str
    mood: Mood
    breath: tuple[BreathPart, float] | None = None
    """On a breathing phase: the part of the breath and how far through it (0-1)."""
    safety: float | None = None
    """While the routine's safety notes are up (the first get-ready): how far through the time
    to read them (0-1)."""
    adjust: tuple[str, str] = ("+10s", "-10s")
    """What + and - do now, as the key bar says it."""


def _label(session: Session, phase: Phase) -> str:
    label = phase.label
    if phase.is_breathing:
        part, done = session.breath_now()
        length = dict(phase.step.breath_parts)[part]
        label = f"{breath_label(part)} · {math.ceil(length * (1 - done) - 1e-9)}"
    if (
        phase.is_reps
        and phase.step.sides is StepSides.ALTERNATE
        and session.rep_count < session.rep_target
    ):
        label += f" · {side_for_rep(session.rep_count + 1).value.upper()}"
    if phase.side is not None and phase.kind is not PhaseKind.GET_READY:
        label += f" · {phase.side.value.upper()}"
    if phase.kind is PhaseKind.SWITCH_SIDES and phase.side is not None:
        label = f"SWITCH SIDES · {phase.side.value.upper()} NEXT"
    return label


def _where(session: Session, phase: Phase) -> str:
    steps = len(session.routine.steps)
    parts = [f"Step {phase.step_index + 1} of {steps}"]
    if phase.step.sets > 1:
        parts.append(f"Set {phase.set_number} of {phase.step.sets}")
    return " · ".join(parts)


def _reps_clock(session: Session) -> tuple[str, str]:
    phase = session.phase
    count = session.rep_count
    target = session.rep_target
    # The big number and this line agree: both count the reps done.
    detail = f"{count} done"  # of how many: the big number above says
    if phase.step.sides is StepSides.ALTERNATE and count < target:
        # As the voice counts: the side and its own number ("left 3").
        detail += f" · next: {side_for_rep(count + 1).value} {side_count(count + 1)}"
    detail += f" · {format_clock(session.phase_remaining)} left"
    return f"{count}/{target}", detail


def _next_up(session: Session) -> str:
    phase = session.phase
    following = session.next_phase
    if following is None:
        return "Next: the end. Well done."
    same_step = following.step_index == phase.step_index
    if same_step and phase.kind is not PhaseKind.GET_READY:
        if following.kind is PhaseKind.SWITCH_SIDES:
            return f"Next: switch to the {side_words(following.side)}"
        if following.kind is PhaseKind.REST:
            return (
                f"Next: rest {format_duration(following.duration)}, then set {following.set_number}"
            )
        what = side_words(following.side) if following.side else f"set {following.set_number}"
        return f"Next: {what}, {work_amount(following)}"
    step = session.next_step if same_step else following.step
    if step is None:
        return "Next: the end. Well done."
    if step.kind is StepKind.REST:
        return f"Next: rest {format_duration(step.duration or 0)}"
    return f"Next: {step.name} · {step.summary()}"


def safety_shown(session: Session) -> float | None:
    """How far through the time to read the safety notes (0-1), or None when they are not up.

    They are up at the start of the first get-ready, which a session makes longer by their
    :func:`~backcare_tui.core.safety.reading_time`; its last ``lead_in`` seconds are the usual
    get-ready, with the first exercise's instructions.
    """
    phase = session.phase
    if phase.index != 0 or phase.kind is not PhaseKind.GET_READY or not session.routine.safety:
        return None
    reading = phase.duration - session.routine.lead_in
    if reading <= 0 or session.phase_elapsed >= reading:
        return None
    return session.phase_elapsed / reading


def adjust_labels(phase: Phase) -> tuple[str, str]:
    """What + and - do in ``phase``, as the key bar says it: ``+10s``, ``+1 rep``, ``+1 breath``."""
    step = adjust_step(phase)
    if phase.is_reps:
        what = "each side" if step == 2 else "rep"
        return f"+1 {what}", f"-1 {what}"
    if phase.is_breathing and phase.step.cycles is not None:
        return "+1 breath", "-1 breath"
    return f"+{step:g}s", f"-{step:g}s"


def _reminder(session: Session, phase: Phase) -> tuple[str, str] | None:
    """The label and detail line while a timer's reminder is fresh, else None.

    The session says how many reminders the phase has given (it schedules them); the latest
    stays up for :data:`REMINDER_SHOWN` seconds.
    """
    step = phase.step
    every = step.remind_every
    fired = session.reminders_given
    if not every or phase.kind is not PhaseKind.WORK or not session.started or fired < 1:
        return None
    moment = fired * every
    if session.phase_elapsed - moment >= REMINDER_SHOWN:
        return None
    label = f"REMINDER · {step.reminder}" if step.reminder else "REMINDER"
    return label, f"{format_duration(moment)} gone · {format_clock(session.phase_remaining)} left"


def _mood(session: Session, phase: Phase) -> Mood:
    if session.finished:
        return Mood.DONE
    if session.paused:
        return Mood.PAUSED
    if phase.kind in (PhaseKind.GET_READY, PhaseKind.SWITCH_SIDES):
        # Its own colour throughout: a lead-in of 3 s would otherwise never show it.
        return Mood.READY
    if session.phase_remaining <= FINAL_SECONDS:
        return Mood.FINAL
    if phase.kind is PhaseKind.REST or phase.step.kind is StepKind.REST:
        return Mood.REST
    return Mood.WORK


def view_of(session: Session) -> SessionView:
    """The view of ``session`` right now."""
    phase = session.phase
    step = phase.step
    if phase.kind is PhaseKind.GET_READY:
        title = step.name
        detail = f"Get ready: {step.summary()}"
    else:
        title = step.name
        detail = ""
    clock = format_clock(session.phase_remaining)
    if phase.is_reps:
        clock, detail = _reps_clock(session)
    elif phase.is_breathing:
        cycle = int(session.phase_elapsed // step.breath_cycle) + 1
        detail = f"Breath {cycle}" + (f" of {step.cycles}" if step.cycles else "")
        detail += f" · {format_clock(session.phase_remaining)} left"
    elif (at := session.next_reminder_at) is not None:
        detail = f"Next reminder in {format_clock(at - session.phase_elapsed)}"
        if step.reminder:
            detail += f": {step.reminder}"
    reminder = _reminder(session, phase) if not session.finished else None
    label = _label(session, phase)
    mood = _mood(session, phase)
    if reminder is not None:
        label, detail = reminder
        mood = Mood.REMINDER if mood is not Mood.PAUSED else mood
    if session.paused and session.slept_for is not None:
        detail = f"Asleep {format_duration(session.slept_for)}: paused · space goes on"
    elif session.paused:
        detail = "PAUSED · press space to go on"
    duration = session.phase_duration if session.started else phase.duration
    phase_fraction = session.phase_elapsed / duration if duration > 0 else 1.0
    total = session.total
    session_fraction = session.elapsed / total if total > 0 else 1.0
    breath = None
    if phase.is_breathing and not session.finished:
        breath = session.breath_now()
    if session.finished:
        label = "SESSION COMPLETE"
    elif session.paused:
        label = "PAUSED · " + label
    return SessionView(
        title=printable(title),
        where=_where(session, phase),
        label=printable(label),
        clock=clock,
        detail=printable(detail),
        instructions=printable(step.instructions, lines=True),
        next_up=printable(_next_up(session)),
        phase_fraction=min(1.0, max(0.0, phase_fraction)),
        session_fraction=min(1.0, max(0.0, session_fraction)),
        session_left=_progress(session),
        mood=mood,
        breath=breath,
        safety=safety_shown(session),
        adjust=adjust_labels(phase),
    )


def _progress(session: Session) -> str:
    """The words at the end of the session bar: steps done and time left.

    Steps rather than a percentage: after stepping back, "15%" at step 1 puzzled; "0/11 steps
    done" does not. (The bar itself shows the time gone against the time the session takes.)
    """
    steps = len(session.routine.steps)
    done = f"{session.steps_done}/{count(steps, 'step')} done"
    return f"{done} · {format_clock(session.remaining)} left"
