"""The plan of a session: a routine expanded into phases, each a stretch of time with one task.

:func:`plan` is a pure function of the routine; the engine (:mod:`backcare_tui.core.session`)
runs its phases against a clock, and the screen, line mode and speech read them to know what
comes next.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from backcare_tui.core.routine import Routine, Step, StepKind, StepSides

__all__ = ["Phase", "PhaseKind", "Side", "plan", "side_for_rep", "total_time"]


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

    @property
    def counts_down(self) -> bool:
        """Whether the last seconds are counted out (reps and breathing have their own rhythm)."""
        return not (self.is_reps or self.is_breathing)


def plan(routine: Routine) -> tuple[Phase, ...]:
    """Expand ``routine`` into the phases a session runs through, in order.

    Each exercise opens with GET READY (``lead_in``); each set runs on the left then the right
    when the step has sides, with SWITCH SIDES between (``rest_between``, or the lead-in when that
    is zero); sets are separated by a REST of ``rest_between``. Rest steps are a single REST.
    Zero-length phases are left out.
    """
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
        add(PhaseKind.GET_READY, i, step, routine.lead_in)
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


def total_time(routine: Routine) -> float:
    """Seconds the routine takes when run from start to end without a key pressed."""
    return math.fsum(p.duration for p in plan(routine))
