"""The doses a session used, and the routine that keeps them: what the summary's ``s`` saves.

A dose is how much of a step one run asks for: a hold's or timer's seconds, a reps step's reps
(per side), a breathing step's breaths. The session keeps the dose of each set as the user last
used it (:attr:`Session.doses`: a set run to its end, or changed with + and -); here each step
takes the dose of the last set used, on each side. Nothing is averaged and a set never reached
counts for nothing, so the routine saved is the session the user just did.

A format of one dose per step cannot hold a left side done at 40 s and a right side at 30 s: such
a step is saved as two, one a side, each with its own dose.

No Textual, no files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from backcare_tui.core.durations import count, format_duration
from backcare_tui.core.phases import Phase, Side
from backcare_tui.core.routine import Routine, Step, StepKind, StepSides
from backcare_tui.core.session import Session

__all__ = ["DoseChange", "doses_used", "planned_dose", "shown_dose", "with_doses_used"]

NAME_LIMIT = 80
"""The longest step name a routine file may hold."""
MOST_REPS = 500
MOST_SECONDS = {StepKind.HOLD: 3600.0, StepKind.TIMER: 4 * 3600.0, StepKind.BREATHE: 3600.0}
"""The loader's limits, so a routine saved from a session always loads back."""

Where = tuple[int, Side | None]
"""A step (by index) and a side of it (None for a step without sides)."""


@dataclass(frozen=True)
class DoseChange:
    """One step (or one side of it) whose dose the session changed."""

    step: str
    """The step's name."""
    before: str
    """The dose the routine asked for: ``30 s``, ``12 reps``."""
    after: str
    """The dose saved: ``40 s``, or ``left 40 s, right 30 s`` when the sides differ."""
    note: str = ""

    def __str__(self) -> str:
        text = f"{self.step} {self.before} → {self.after}"
        return f"{text} ({self.note})" if self.note else text


def planned_dose(step: Step) -> float:
    """The dose ``step`` asks for in one run: seconds, reps per side, or breaths."""
    if step.kind is StepKind.REPS:
        return float(step.reps or 0)
    if step.kind is StepKind.BREATHE and step.cycles is not None:
        return float(step.cycles)
    return step.duration or 0.0


def shown_dose(step: Step, dose: float) -> str:
    """``dose`` of ``step`` as the summary lists it: ``40 s``, ``11 reps``, ``7 breaths``."""
    if step.kind is StepKind.REPS:
        shown = count(round(dose), "rep")
    elif step.kind is StepKind.BREATHE and step.cycles is not None:
        shown = count(round(dose), "breath")
    else:
        shown = format_duration(dose)
    return shown + (" per side" if step.sides is not StepSides.NONE else "")


def _as_step_dose(phase: Phase, used: float) -> float:
    """A phase's dose as the session keeps it, in the step's own terms (see :func:`planned_dose`).

    Reps that alternate are kept for the whole run; a side did at most half of them, rounded up.
    Breaths are counted from the seconds breathed. A changed dose is whole seconds or whole
    reps, within the limits the loader allows.
    """
    step = phase.step
    if step.kind is StepKind.REPS:
        reps = math.ceil(used / 2) if step.sides is StepSides.ALTERNATE else round(used)
        per_run = 2 if step.sides is StepSides.ALTERNATE else 1
        most = min(MOST_REPS, math.floor(3600 / (step.tempo * per_run)))
        return float(max(1, min(most, reps)))
    if step.kind is StepKind.BREATHE and step.cycles is not None:
        most = min(MOST_REPS, math.floor(MOST_SECONDS[StepKind.BREATHE] / step.breath_cycle))
        return float(max(1, min(most, round(used / step.breath_cycle))))
    if math.isclose(used, step.duration or 0.0, abs_tol=1e-6):
        return step.duration or 0.0  # as asked for, fraction and all: not a change
    return float(max(1, min(MOST_SECONDS.get(step.kind, 3600.0), round(used))))


def doses_used(session: Session) -> dict[Where, float]:
    """For each step and side the session used, the dose of its last set used."""
    used: dict[Where, float] = {}
    for index, dose in session.doses.items():  # in the order last used: later ones win
        phase = session.phases[index]
        used[(phase.step_index, phase.side)] = _as_step_dose(phase, dose)
    return used


def _with_dose(step: Step, dose: float) -> Step:
    """``step`` asking for ``dose``; a timer whose reminders would no longer fit loses them,
    and a ``progress`` rule whose ``max`` the dose has reached keeps room to grow by one
    ``add`` above it (the file would not load with a max at or below its own dose)."""
    if step.kind is StepKind.REPS:
        dose = round(dose)
        changed = replace(step, reps=dose)
    elif step.kind is StepKind.BREATHE and step.cycles is not None:
        return replace(step, cycles=round(dose))
    else:
        changed = replace(step, duration=dose)
        if changed.remind_every is not None and changed.remind_every >= dose:
            changed = replace(changed, remind_every=None)
    rule = changed.progress
    if rule is not None and rule.most <= dose:
        changed = replace(changed, progress=replace(rule, most=dose + rule.add))
    return changed


def _one_side(step: Step, side: Side, dose: float) -> Step:
    suffix = f" ({side.value})"
    name = step.name[: NAME_LIMIT - len(suffix)] + suffix
    return _with_dose(replace(step, name=name, sides=StepSides.NONE), dose)


def with_doses_used(
    session: Session, base: Routine | None = None
) -> tuple[Routine, list[DoseChange]]:
    """The session's routine with each step at the dose last used, and the changes, in order.

    A step asks for the dose of its last set used; a side never reached keeps what it asked
    for. When the two sides of a step ended up different, the step becomes two, left then right.

    ``base`` is the routine as its file has it when the session ran it at other doses (a step
    that progresses runs at today's level): a step the user did not change keeps the file's own
    dose, since its level lives in the history; a changed one takes the dose used, a new base.
    """
    routine = session.routine
    if base is None or len(base.steps) != len(routine.steps):
        base = routine
    used = doses_used(session)
    steps: list[Step] = []
    changes: list[DoseChange] = []
    for index, step in enumerate(routine.steps):
        planned = planned_dose(step)
        before = shown_dose(step, planned)
        if step.kind is StepKind.REST:
            steps.append(base.steps[index])
            continue
        if step.sides is StepSides.EACH:
            left = used.get((index, Side.LEFT), planned)
            right = used.get((index, Side.RIGHT), planned)
            if left != right:
                sides = [_one_side(step, Side.LEFT, left), _one_side(step, Side.RIGHT, right)]
                steps += sides
                after = f"left {shown_dose(sides[0], left)}, right {shown_dose(sides[1], right)}"
                note = "saved as two steps, left then right"
                changes.append(DoseChange(step.name, before, after, note))
                continue
            dose = left
        else:
            dose = used.get((index, None), planned)
        if dose == planned:
            steps.append(base.steps[index])
            continue
        steps.append(_with_dose(step, dose))
        changes.append(DoseChange(step.name, before, shown_dose(step, dose)))
    return replace(base, steps=tuple(steps)), changes
