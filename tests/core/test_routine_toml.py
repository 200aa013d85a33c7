"""Writing a routine as TOML: what is written reads back as an equal routine, and reads well."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import Routine, Step, StepKind
from backcare_tui.core.routine_toml import routine_to_toml
from tests.strategies import routines


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines())
def test_a_valid_routine_round_trips_through_toml(routine: Routine) -> None:
    written = routine_to_toml(routine, header="Written by a test.\n\nSecond paragraph.")
    assert parse_routine(written, "gen.toml") == routine


def test_round_trip_keeps_a_fraction_of_a_second_exactly() -> None:
    routine = Routine(
        id="gen",
        name="R",
        steps=(
            Step(name="A", kind=StepKind.REPS, reps=3, tempo=1.2345678),
            Step(name="B", kind=StepKind.TIMER, duration=14399.25),
        ),
    )
    assert parse_routine(routine_to_toml(routine), "gen.toml") == routine


def test_written_toml_is_readable_with_units() -> None:
    routine = Routine(
        id="gen",
        name="R",
        steps=(
            Step(name="Ice", kind=StepKind.TIMER, duration=900.0, remind_every=300.0),
            Step(name="Walk", kind=StepKind.HOLD, duration=90.0),
        ),
    )
    written = routine_to_toml(routine)
    assert 'duration = "15m"' in written
    assert 'remind_every = "5m"' in written
    assert 'duration = "90s"' in written


def test_the_punctuation_in_names_survives_the_round_trip() -> None:
    tricky = 'Child\'s "pose" \\ [[steps]] # not a comment' + string.punctuation
    routine = Routine(
        id="gen",
        name=tricky[:80],
        steps=(Step(name=tricky[:80], kind=StepKind.HOLD, duration=5.0),),
    )
    assert parse_routine(routine_to_toml(routine), "gen.toml") == routine
