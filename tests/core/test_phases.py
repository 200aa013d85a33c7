"""The plan: a routine expanded into phases, and what each phase is."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from backcare_tui.core.phases import (
    Phase,
    PhaseKind,
    Side,
    plan,
    side_count,
    side_for_rep,
    total_time,
)
from backcare_tui.core.routine import BreathPart, StepSides
from tests.core.steps import breathe, hold, reps, rest, routine, timer


def shape(phases: Iterable[Phase]) -> list[tuple[Any, ...]]:
    return [(p.kind, p.step_index, p.duration, p.side, p.set_number) for p in phases]


def test_plan_a_hold_is_get_ready_then_work() -> None:
    phases = plan(routine(hold(30)))
    assert shape(phases) == [
        (PhaseKind.GET_READY, 0, 5.0, None, 1),
        (PhaseKind.WORK, 0, 30.0, None, 1),
    ]
    assert [p.index for p in phases] == [0, 1]
    assert [p.label for p in phases] == ["GET READY", "HOLD"]


def test_plan_sides_and_sets_follow_the_docs_example() -> None:
    # docs/routines.md: "GET READY 5 s, left 30 s, SWITCH SIDES 10 s, right 30 s, REST 10 s,
    # left 30 s, SWITCH SIDES 10 s, right 30 s". Those add up to 2 min 35 s.
    r = routine(hold(30, sides=StepSides.EACH, sets=2, rest_between=10))
    L, R = Side.LEFT, Side.RIGHT
    assert shape(plan(r)) == [
        (PhaseKind.GET_READY, 0, 5.0, None, 1),
        (PhaseKind.WORK, 0, 30.0, L, 1),
        (PhaseKind.SWITCH_SIDES, 0, 10.0, R, 1),
        (PhaseKind.WORK, 0, 30.0, R, 1),
        (PhaseKind.REST, 0, 10.0, None, 2),
        (PhaseKind.WORK, 0, 30.0, L, 2),
        (PhaseKind.SWITCH_SIDES, 0, 10.0, R, 2),
        (PhaseKind.WORK, 0, 30.0, R, 2),
    ]
    assert total_time(r) == 155.0
    assert [p.label for p in plan(r)][:5] == ["GET READY", "HOLD", "SWITCH SIDES", "HOLD", "REST"]


def test_plan_switch_sides_uses_the_lead_in_when_rest_between_is_zero() -> None:
    phases = plan(routine(hold(30, sides=StepSides.EACH), lead_in=7))
    assert [(p.kind, p.duration) for p in phases] == [
        (PhaseKind.GET_READY, 7.0),
        (PhaseKind.WORK, 30.0),
        (PhaseKind.SWITCH_SIDES, 7.0),
        (PhaseKind.WORK, 30.0),
    ]
    assert not any(p.announce_switch for p in phases)


def test_plan_lead_in_zero_leaves_out_get_ready_and_announces_the_switch() -> None:
    phases = plan(routine(hold(30, sides=StepSides.EACH), reps(4), lead_in=0))
    assert shape(phases) == [
        (PhaseKind.WORK, 0, 30.0, Side.LEFT, 1),
        (PhaseKind.WORK, 0, 30.0, Side.RIGHT, 1),
        (PhaseKind.WORK, 1, 12.0, None, 1),
    ]
    assert [p.announce_switch for p in phases] == [False, True, False]


def test_plan_sets_without_rest_between_run_back_to_back() -> None:
    phases = plan(routine(hold(20, sets=3)))
    assert [(p.kind, p.set_number) for p in phases] == [
        (PhaseKind.GET_READY, 1),
        (PhaseKind.WORK, 1),
        (PhaseKind.WORK, 2),
        (PhaseKind.WORK, 3),
    ]


def test_plan_a_rest_step_is_one_phase_without_get_ready() -> None:
    (phase,) = plan(routine(rest(45)))
    assert (phase.kind, phase.duration, phase.label) == (PhaseKind.WORK, 45.0, "REST")
    assert not phase.is_work


def test_plan_reps_phase_length_and_alternating_count() -> None:
    _, plain = plan(routine(reps(10, tempo=3)))
    assert (plain.duration, plain.reps, plain.label) == (30.0, 10, "REPS")
    _, alternate = plan(routine(reps(10, tempo=2, sides=StepSides.ALTERNATE)))
    assert (alternate.duration, alternate.reps, alternate.side) == (40.0, 20, None)


def test_plan_breathe_by_cycles_and_by_duration() -> None:
    _, cycles = plan(routine(breathe(cycles=5, inhale=4, breath_hold=2, exhale=6)))
    _, timed = plan(routine(breathe(duration=90)))
    assert (cycles.duration, timed.duration) == (60.0, 90.0)


def test_total_time_is_the_sum_of_the_phases() -> None:
    r = routine(
        hold(30.5, sides=StepSides.EACH, sets=2, rest_between=10), reps(5), breathe(cycles=3)
    )
    assert total_time(r) == math.fsum(p.duration for p in plan(r))
    assert total_time(routine(rest(20), hold(30))) == 20 + 5 + 30


def test_what_kind_of_work_a_phase_is() -> None:
    phases = plan(routine(reps(4), breathe(cycles=2), timer(60), rest(10)))
    kinds = [(p.kind, p.is_work, p.is_reps, p.is_breathing) for p in phases]
    assert kinds == [
        (PhaseKind.GET_READY, False, False, False),
        (PhaseKind.WORK, True, True, False),
        (PhaseKind.GET_READY, False, False, False),
        (PhaseKind.WORK, True, False, True),
        (PhaseKind.GET_READY, False, False, False),
        (PhaseKind.WORK, True, False, False),
        (PhaseKind.WORK, False, False, False),
    ]


def test_alternating_reps_start_on_the_left() -> None:
    assert [side_for_rep(n) for n in (1, 2, 3, 4)] == [Side.LEFT, Side.RIGHT, Side.LEFT, Side.RIGHT]


def test_the_parts_of_a_breath_leave_out_a_hold_of_nothing() -> None:
    held = breathe(cycles=1, inhale=4, breath_hold=2, exhale=6)
    assert held.breath_parts == ((BreathPart.IN, 4), (BreathPart.HOLD, 2), (BreathPart.OUT, 6))
    assert breathe(cycles=1).breath_parts == ((BreathPart.IN, 4.0), (BreathPart.OUT, 6.0))


def test_side_count_is_what_the_user_counts_on_each_side() -> None:
    assert [(side_for_rep(n).value, side_count(n)) for n in range(1, 7)] == [
        ("left", 1),
        ("right", 1),
        ("left", 2),
        ("right", 2),
        ("left", 3),
        ("right", 3),
    ]
