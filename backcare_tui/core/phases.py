"""The plan of a session: a routine expanded into phases, each a stretch of time with one task.

:func:`plan` is a pure function of the routine; the engine (:mod:`backcare_tui.core.session`)
runs its phases against a clock, and the screen, line mode and speech read them to know what
comes next.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from backcare_tui.core.routine import Routine, Step, StepKind, StepSides
from backcare_tui.core.safety import reading_time

__all__ = [
    "ADJUST_SECONDS",
    "Phase",
    "PhaseKind",
    "Side",
    "adjust_step",
    "lead_ins_of",
    "lengthen_first_get_ready",
    "plan",
    "session_plan",
    "session_total",
    "side_count",
    "side_for_rep",
    "total_time",
]


class PhaseKind(StrEnum):
    """What part of a step a phase is."""

    GET_READY = "get_ready"
    WORK = "work"
    SWITCH_SIDES = "switch_sides"
    REST = "rest"


class Side(StrEnum):
    """The side of the body a phase or rep is for."""

    LEFT = "left"
    RIGHT = "right"


def side_for_rep(number: int) -> Side:
    """The side rep ``number`` (from 1) is done on when reps alternate: left first."""
    return Side.LEFT if number % 2 == 1 else Side.RIGHT


def side_count(number: int) -> int:
    """Which rep of its side rep ``number`` (from 1) is when reps alternate: 1, 1, 2, 2, 3…

    What the user counts: the fifth rep of an alternating step is "left 3".
    """
    return (number + 1) // 2


_WORK_LABELS = {
    StepKind.HOLD: "HOLD",
    StepKind.REPS: "REPS",
    StepKind.TIMER: "TIMER",
    StepKind.REST: "REST",
    StepKind.BREATHE: "BREATHE",
}


@dataclass(frozen=True)
class Phase:
    """One stretch of time with one instruction: get ready, work, switch sides or rest."""

    index: int
    kind: PhaseKind
    step_index: int
    step: Step
    duration: float
    """Planned seconds; a reps phase's is its reps times the tempo."""
    side: Side | None = None
    set_number: int = 1
    reps: int = 0
    """Reps to count in this phase (both sides' when they alternate)."""
    announce_switch: bool = False
    """True on a second-side work phase that has no switch-sides phase before it."""

    @property
    def is_work(self) -> bool:
        """A phase where the user does the exercise (a rest step's phase counts as rest)."""
        return self.kind is PhaseKind.WORK and self.step.kind is not StepKind.REST

    @property
    def is_reps(self) -> bool:
        """A phase of counted reps, on the tempo."""
        return self.kind is PhaseKind.WORK and self.step.kind is StepKind.REPS

    @property
    def is_breathing(self) -> bool:
        """A phase of paced breaths."""
        return self.kind is PhaseKind.WORK and self.step.kind is StepKind.BREATHE

    @property
    def label(self) -> str:
        """The phase in one word or two, as the screen shows it."""
        if self.kind is PhaseKind.GET_READY:
            return "GET READY"
        if self.kind is PhaseKind.SWITCH_SIDES:
            return "SWITCH SIDES"
        if self.kind is PhaseKind.REST:
            return "REST"
        return _WORK_LABELS[self.step.kind]


def lead_ins_of(routine: Routine, lead_ins: Sequence[float] | None = None) -> tuple[float, ...]:
    """Each step's GET READY seconds: the routine's ``lead_in``, or ``lead_ins`` where longer.

    ``lead_ins`` (one number a step) lengthens a get-ready, never shortens one: the sound asks
    for more time where its words would otherwise run into the countdown. A lead-in of 0 stays
    0: the user asked for no get-ready at all.
    """
    base = routine.lead_in
    if lead_ins is None or base <= 0:
        return (base,) * len(routine.steps)
    if len(lead_ins) != len(routine.steps):
        raise ValueError(f"{len(lead_ins)} lead-ins for {len(routine.steps)} steps")
    return tuple(max(base, seconds) for seconds in lead_ins)


def plan(routine: Routine, lead_ins: Sequence[float] | None = None) -> tuple[Phase, ...]:
    """Expand ``routine`` into the phases a session runs through, in order.

    Each exercise opens with GET READY (``lead_in``, or the longer one ``lead_ins`` gives that
    step: see :func:`lead_ins_of`); each set runs on the left then the right when the step has
    sides, with SWITCH SIDES between (``rest_between``, or the lead-in when that is zero); sets
    are separated by a REST of ``rest_between``. Rest steps are a single REST. Zero-length
    phases are left out.
    """
    ready = lead_ins_of(routine, lead_ins)
    phases: list[Phase] = []

    def add(
        kind: PhaseKind,
        step_index: int,
        step: Step,
        duration: float,
        *,
        side: Side | None = None,
        set_number: int = 1,
        reps: int = 0,
        announce_switch: bool = False,
    ) -> None:
        if duration > 0:
            phases.append(
                Phase(
                    len(phases),
                    kind,
                    step_index,
                    step,
                    duration,
                    side=side,
                    set_number=set_number,
                    reps=reps,
                    announce_switch=announce_switch,
                )
            )

    for i, step in enumerate(routine.steps):
        if step.kind is StepKind.REST:
            add(PhaseKind.WORK, i, step, step.duration or 0.0)
            continue
        add(PhaseKind.GET_READY, i, step, ready[i])
        sides: tuple[Side | None, ...] = (
            (Side.LEFT, Side.RIGHT) if step.sides is StepSides.EACH else (None,)
        )
        switch_time = step.rest_between or routine.lead_in
        for set_number in range(1, step.sets + 1):
            if set_number > 1:
                add(PhaseKind.REST, i, step, step.rest_between, set_number=set_number)
            for side in sides:
                if side is Side.RIGHT:
                    add(
                        PhaseKind.SWITCH_SIDES,
                        i,
                        step,
                        switch_time,
                        side=side,
                        set_number=set_number,
                    )
                add(
                    PhaseKind.WORK,
                    i,
                    step,
                    step.work_time,
                    side=side,
                    set_number=set_number,
                    reps=step.reps_per_run if step.kind is StepKind.REPS else 0,
                    announce_switch=side is Side.RIGHT and switch_time <= 0,
                )
    return tuple(phases)


ADJUST_SECONDS = 10.0
"""What + and - add to or take from a timed phase."""


def adjust_step(phase: Phase) -> float:
    """What one press of + or - changes ``phase`` by: reps, or seconds.

    One rep while reps are counted, and a rep on each side (two) when they alternate, so both
    sides keep the same count; one breath on a breathing step counted in breaths; else 10 s.
    """
    if phase.is_reps:
        return 2.0 if phase.step.sides is StepSides.ALTERNATE else 1.0
    if phase.is_breathing and phase.step.cycles is not None:
        return phase.step.breath_cycle
    return ADJUST_SECONDS


def lengthen_first_get_ready(phases: tuple[Phase, ...], seconds: float) -> tuple[Phase, ...]:
    """``phases`` with a first get-ready of at least ``seconds``, made if there was none.

    At least, not more: a get-ready already lengthened for spoken words that take longer keeps
    its length, since the words and the reading happen together.
    """
    first = phases[0]
    if first.kind is PhaseKind.GET_READY:
        return (replace(first, duration=max(first.duration, seconds)), *phases[1:])
    ready = Phase(0, PhaseKind.GET_READY, first.step_index, first.step, seconds)
    return (ready, *(replace(phase, index=phase.index + 1) for phase in phases))


def total_time(routine: Routine, lead_ins: Sequence[float] | None = None) -> float:
    """Seconds the routine's own phases take, start to end (see :func:`session_total` for
    what a session takes, with time to read the safety notes)."""
    return math.fsum(p.duration for p in plan(routine, lead_ins))


def session_plan(
    routine: Routine, lead_ins: Sequence[float] | None = None, first_get_ready: float = 0.0
) -> tuple[Phase, ...]:
    """The phases a session runs: :func:`plan`, its first get-ready lasting at least the
    routine's lead-in and ``first_get_ready`` more (the time to read the safety notes)."""
    phases = plan(routine, lead_ins)
    if first_get_ready > 0 and phases:
        phases = lengthen_first_get_ready(phases, routine.lead_in + first_get_ready)
    return phases


def session_total(routine: Routine, lead_ins: Sequence[float] | None = None) -> float:
    """Seconds a session of ``routine`` takes without a key pressed, in the app and in line
    mode alike: what ``list``, ``show``, the picker and the palette say it takes."""
    reading = reading_time(routine.safety)
    return math.fsum(p.duration for p in session_plan(routine, lead_ins, reading))
