"""The shared words: breaths, sides and amounts, named the same on screen, in lines and aloud."""

from __future__ import annotations

from backcare_tui.core.phases import Side, plan
from backcare_tui.core.routine import BreathPart, StepSides
from backcare_tui.core.words import (
    BREATH_WORDS,
    breath_label,
    breathing_pattern,
    side_words,
    work_amount,
)
from tests.core.steps import breathe, hold, reps, routine


def test_every_part_of_a_breath_has_words_and_a_label() -> None:
    assert set(BREATH_WORDS) == set(BreathPart)
    assert [breath_label(part) for part in BreathPart] == [
        "BREATHE IN",
        "HOLD THE BREATH",
        "BREATHE OUT",
    ]


def test_breathing_pattern_leaves_out_a_hold_of_nothing() -> None:
    assert breathing_pattern(breathe(cycles=1, breath_hold=2.5)) == "in 4 s, hold 2.5 s, out 6 s"
    assert breathing_pattern(breathe(cycles=1)) == "in 4 s, out 6 s"


def test_side_words() -> None:
    assert [side_words(side) for side in (Side.LEFT, Side.RIGHT, None)] == [
        "left side",
        "right side",
        "other side",
    ]


def test_work_amount_counts_reps_or_gives_the_time() -> None:
    _, counted = plan(routine(reps(5, sides=StepSides.ALTERNATE)))
    _, held = plan(routine(hold(90.5)))
    assert work_amount(counted) == "10 reps"
    assert (work_amount(held), work_amount(held, exact=True)) == ("1 min 30 s", "1 min 30 s")
    _, short = plan(routine(hold(2.5)))
    assert (work_amount(short), work_amount(short, exact=True)) == ("2 s", "2.5 s")
