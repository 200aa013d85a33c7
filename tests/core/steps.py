"""Short ways to build a routine and its steps in tests: ``routine(hold(30), rest(10))``."""

from __future__ import annotations

from typing import Any

from backcare_tui.core.routine import Routine, Step, StepKind


def routine(*steps: Step, lead_in: float = 5.0) -> Routine:
    return Routine(id="test", name="Test", steps=steps, lead_in=lead_in)


def hold(duration: float = 30.0, name: str = "Hold", **extra: Any) -> Step:
    return Step(name=name, kind=StepKind.HOLD, duration=duration, **extra)


def reps(count: int = 10, tempo: float = 3.0, name: str = "Reps", **extra: Any) -> Step:
    return Step(name=name, kind=StepKind.REPS, reps=count, tempo=tempo, **extra)


def timer(duration: float, remind_every: float | None = None, name: str = "Timer") -> Step:
    return Step(name=name, kind=StepKind.TIMER, duration=duration, remind_every=remind_every)


def rest(duration: float = 20.0, name: str = "Rest") -> Step:
    return Step(name=name, kind=StepKind.REST, duration=duration)


def breathe(name: str = "Breathe", **extra: Any) -> Step:
    return Step(name=name, kind=StepKind.BREATHE, **extra)
