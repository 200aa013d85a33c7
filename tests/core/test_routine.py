"""The routine model: which keys each kind of step has, its sides, and its dose in words."""

from __future__ import annotations

import pytest

from backcare_tui.core.routine import STEP_KEYS, Step, StepKind, StepSides, sides_for, step_keys


@pytest.mark.parametrize("kind", list(StepKind))
def test_every_kind_has_the_keys_every_step_has(kind: StepKind) -> None:
    assert {"name", "kind", "instructions", "sound"} <= set(step_keys(kind))


def test_the_keys_of_each_kind() -> None:
    assert step_keys(StepKind.HOLD) == (
        "name",
        "kind",
        "duration",
        "sides",
        "sets",
        "rest_between",
        "progress",
        "instructions",
        "sound",
    )
    assert step_keys(StepKind.REST) == ("name", "kind", "duration", "instructions", "sound")
    assert set(step_keys(StepKind.BREATHE)) - set(step_keys(StepKind.REST)) == {
        "cycles",
        "inhale",
        "exhale",
        "hold",
        "sets",
        "rest_between",
    }


def test_text_that_names_no_kind_keeps_only_the_keys_every_step_has() -> None:
    assert step_keys("reps") == step_keys(StepKind.REPS)
    assert step_keys("jump") == ("name", "kind", "instructions", "sound")


def test_every_key_applies_to_some_kind() -> None:
    assert all(STEP_KEYS.values())
    assert set(STEP_KEYS) == {key for kind in StepKind for key in step_keys(kind)}


def test_sides_each_kind_may_take() -> None:
    assert sides_for(StepKind.REPS) == (StepSides.NONE, StepSides.EACH, StepSides.ALTERNATE)
    assert sides_for(StepKind.HOLD) == sides_for(StepKind.TIMER) == (StepSides.NONE, StepSides.EACH)
    assert sides_for(StepKind.REST) == sides_for(StepKind.BREATHE) == (StepSides.NONE,)


def test_summary_says_the_dose() -> None:
    assert Step("A", StepKind.HOLD, duration=30, sides=StepSides.EACH).summary() == "30 s per side"
    assert Step("A", StepKind.REPS, reps=10, sets=2).summary() == "2 × 10 reps"
    assert Step("A", StepKind.BREATHE, cycles=1).summary() == "1 breath"
    assert Step("A", StepKind.BREATHE, duration=90).summary() == "1 min 30 s"
