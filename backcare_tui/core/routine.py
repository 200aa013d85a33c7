"""Routines: the frozen dataclasses the rest of the app uses, and the problems a file can have.

One routine per file; its id is the file stem. A routine is built only by the loader
(:mod:`backcare_tui.core.loader`), which checks every key; this module holds the model itself,
the defaults a file may leave out, the keys each kind of step may have (:data:`STEP_KEYS`), and
:class:`RoutineError`, the one way a problem is told.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from backcare_tui.core.durations import count, format_duration, spoken_duration
from backcare_tui.core.text import printable

__all__ = [
    "BreathPart",
    "DEFAULT_EVERY",
    "DEFAULT_EXHALE",
    "DEFAULT_INHALE",
    "DEFAULT_LEAD_IN",
    "DEFAULT_TEMPO",
    "PROGRESS_KEYS",
    "ROUTINE_KEYS",
    "SIDES_WRITTEN",
    "STEP_KEYS",
    "Progress",
    "Routine",
    "RoutineError",
    "RoutineLoadError",
    "Step",
    "StepKind",
    "StepSides",
    "sides_for",
    "step_keys",
]

DEFAULT_LEAD_IN = 5.0
DEFAULT_TEMPO = 3.0
DEFAULT_INHALE = 4.0
DEFAULT_EXHALE = 6.0
DEFAULT_EVERY = 2
"""Sessions the back takes well before a step's dose grows, unless its ``progress`` says."""


class StepKind(StrEnum):
    """What a step asks of the user."""

    HOLD = "hold"
    REPS = "reps"
    TIMER = "timer"
    REST = "rest"
    BREATHE = "breathe"


class StepSides(StrEnum):
    """How a step treats left and right."""

    NONE = "none"
    EACH = "each"
    """The whole step on the left, then the whole step on the right."""
    ALTERNATE = "alternate"
    """Reps alternate left and right within one run of the step."""


SIDES_WRITTEN: dict[bool | str, StepSides] = {
    False: StepSides.NONE,
    True: StepSides.EACH,
    "none": StepSides.NONE,
    "each": StepSides.EACH,
    "alternate": StepSides.ALTERNATE,
}
"""Each way a routine file may write ``sides``, and what it means."""


class BreathPart(StrEnum):
    """A part of one breath on a breathe step."""

    IN = "in"
    HOLD = "hold"
    """The breath held after breathing in (not a hold step)."""
    OUT = "out"


ROUTINE_KEYS = ("name", "description", "tags", "lead_in", "safety", "steps")
"""The keys at the top of a routine file."""

_EVERY_KIND = frozenset(StepKind)
STEP_KEYS: dict[str, frozenset[StepKind]] = {
    "name": _EVERY_KIND,
    "kind": _EVERY_KIND,
    "duration": frozenset({StepKind.HOLD, StepKind.TIMER, StepKind.REST, StepKind.BREATHE}),
    "reps": frozenset({StepKind.REPS}),
    "tempo": frozenset({StepKind.REPS}),
    "cycles": frozenset({StepKind.BREATHE}),
    "inhale": frozenset({StepKind.BREATHE}),
    "exhale": frozenset({StepKind.BREATHE}),
    "hold": frozenset({StepKind.BREATHE}),
    "remind_every": frozenset({StepKind.TIMER}),
    "reminder": frozenset({StepKind.TIMER}),
    "sides": frozenset({StepKind.HOLD, StepKind.REPS, StepKind.TIMER}),
    "sets": _EVERY_KIND - {StepKind.REST},
    "rest_between": _EVERY_KIND - {StepKind.REST},
    "progress": frozenset({StepKind.HOLD, StepKind.REPS, StepKind.TIMER}),
    "instructions": _EVERY_KIND,
    "sound": _EVERY_KIND,
}
"""Every key a step may have, in the order the editor shows them, and the kinds it applies to.

The one home of this rule: the loader, the JSON Schema, the editor's draft and its form all read
it (through :func:`step_keys`), so a key added here is known everywhere at once.
"""


PROGRESS_KEYS = ("every", "add", "max")
"""The keys of a step's ``progress`` table, in the order they are written."""


def step_keys(kind: str) -> tuple[str, ...]:
    """The keys a step of ``kind`` may have, in :data:`STEP_KEYS` order.

    ``kind`` is a :class:`StepKind` or the text of one; for text that names no kind, only the
    keys every step may have.
    """
    return tuple(key for key, kinds in STEP_KEYS.items() if kind in kinds or kinds == _EVERY_KIND)


def sides_for(kind: StepKind) -> tuple[StepSides, ...]:
    """The ``sides`` a step of ``kind`` may take.

    None at all where ``sides`` does not apply; alternating only for reps, the one kind that
    counts left and right within one run.
    """
    if "sides" not in step_keys(kind):
        return (StepSides.NONE,)
    if kind is StepKind.REPS:
        return tuple(StepSides)
    return (StepSides.NONE, StepSides.EACH)


@dataclass(frozen=True)
class Progress:
    """How a step's dose grows: ``add`` more after every ``every`` sessions the back took well.

    ``add`` and ``most`` are seconds for holds and timers, reps for reps steps. ``most`` is the
    file's ``max`` (twice the step's own dose when the file leaves it out). How many times the
    dose has grown, its level, is kept in the history, never in the file:
    :mod:`backcare_tui.core.progression` applies it.
    """

    add: float
    most: float
    every: int = DEFAULT_EVERY


@dataclass(frozen=True)
class Step:
    """One exercise (or rest) in a routine, validated."""

    name: str
    kind: StepKind
    instructions: str = ""
    sides: StepSides = StepSides.NONE
    sets: int = 1
    rest_between: float = 0.0
    duration: float | None = None
    reps: int | None = None
    tempo: float = DEFAULT_TEMPO
    remind_every: float | None = None
    reminder: str = ""
    """What a timer's interval reminder says (shown and spoken), e.g. "Check your skin"."""
    cycles: int | None = None
    inhale: float = DEFAULT_INHALE
    exhale: float = DEFAULT_EXHALE
    breath_hold: float = 0.0
    sound: str | None = None
    progress: Progress | None = None
    """How the dose grows over weeks; None keeps it as written."""

    @property
    def breath_cycle(self) -> float:
        """Seconds in one breath: in, held, out."""
        return self.inhale + self.breath_hold + self.exhale

    @property
    def breath_parts(self) -> tuple[tuple[BreathPart, float], ...]:
        """The parts of one breath in order, with their seconds; no hold when it is 0 s."""
        parts = (
            (BreathPart.IN, self.inhale),
            (BreathPart.HOLD, self.breath_hold),
            (BreathPart.OUT, self.exhale),
        )
        return tuple(part for part in parts if part[0] is not BreathPart.HOLD or part[1] > 0)

    @property
    def reps_per_run(self) -> int:
        """Reps count in one run of the step (both sides' when they alternate)."""
        reps = self.reps or 0
        return reps * 2 if self.sides is StepSides.ALTERNATE else reps

    @property
    def work_time(self) -> float:
        """Seconds of one run of the step on one side, as planned."""
        if self.kind is StepKind.REPS:
            return self.reps_per_run * self.tempo
        if self.kind is StepKind.BREATHE and self.cycles is not None:
            return self.cycles * self.breath_cycle
        return self.duration or 0.0

    def summary(self, *, spoken: bool = False) -> str:
        """The dose in short: ``30 s``, ``10 reps per side``, ``2 × 30 s``.

        ``spoken`` words it to be said aloud: ``30 seconds``, ``2 sets of 30 seconds``.
        """
        if self.kind is StepKind.REPS:
            dose = count(self.reps or 0, "rep")
        elif self.kind is StepKind.BREATHE and self.cycles is not None:
            dose = count(self.cycles, "breath")
        else:
            dose = (spoken_duration if spoken else format_duration)(self.work_time)
        if self.sides is not StepSides.NONE:  # only reps, holds and timers have sides
            dose += " per side"
        if self.sets > 1:
            dose = f"{self.sets} sets of {dose}" if spoken else f"{self.sets} × {dose}"
        return dose


@dataclass(frozen=True)
class Routine:
    """A validated routine. ``id`` is the file stem; ``path`` is where it was read from."""

    id: str
    name: str
    steps: tuple[Step, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    lead_in: float = DEFAULT_LEAD_IN
    safety: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)
    builtin: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class RoutineError:
    """One problem in a routine file, with its place, printed as ``file:line: step n "x": …``.

    Printed on one line with every control character escaped (:func:`printable`): a path, a
    step's name or a value quoted in the message is the file's text, not ours.
    """

    path: str
    message: str
    line: int | None = None
    step: int | None = None
    """The step's number as people count, from 1."""
    step_name: str | None = None
    field: str | None = None
    part: str = "step"
    """What the numbered entries of the file are called: steps, or a plan's routines."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.step is not None:
            number = f"{self.part} {self.step}"
            parts.append(f'{number} "{self.step_name}"' if self.step_name else number)
        text = f"{self.field} {self.message}" if self.field else self.message
        return printable(": ".join(parts) + ": " + text)


class RoutineLoadError(Exception):
    """A routine file could not be loaded; ``errors`` holds every problem found."""

    def __init__(self, errors: Iterable[RoutineError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
