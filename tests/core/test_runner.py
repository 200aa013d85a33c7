"""The session runner on a hand-moved clock: delivery to sinks, actions, wake-ups, closing."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings

from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.phases import PhaseKind
from backcare_tui.core.routine import Routine, Step, StepKind
from backcare_tui.core.runner import (
    BREATH_FRAME,
    LATE_BY,
    LONGEST_SLEEP,
    SHORTEST_SLEEP,
    SessionAction,
    SessionRunner,
    seconds_to_next_change,
)
from backcare_tui.core.session import Session
from tests.fakes import FakeClock, RecordingSink
from tests.strategies import routines

A = SessionAction


def routine(*steps: Step, lead_in: float = 3.0) -> Routine:
    return Routine(id="test", name="Test", steps=steps, lead_in=lead_in)


HOLD = Step(name="Plank", kind=StepKind.HOLD, duration=10.0)
REPS = Step(name="Bridge", kind=StepKind.REPS, reps=4, tempo=2.0)
BREATHE = Step(name="Breathe", kind=StepKind.BREATHE, cycles=2, inhale=4.0, exhale=6.0)


def runner_for(
    clock: FakeClock, *steps: Step, sinks: list[RecordingSink] | None = None
) -> SessionRunner:
    return SessionRunner(Session(routine(*steps), clock=clock), sinks or [])


class BrokenSink(RecordingSink):
    """Raises on every call, after recording it."""

    def handle(self, session: Session, events: list[Event]) -> None:
        super().handle(session, events)
        raise OSError("no sound card")

    def close(self) -> None:
        super().close()
        raise OSError("still no sound card")


# --- delivering ----------------------------------------------------------------------------------


def test_every_sink_gets_every_batch_the_caller_gets(clock: FakeClock) -> None:
    first, second = RecordingSink(), RecordingSink()
    runner = runner_for(clock, HOLD, sinks=[first, second])
    started = runner.start()
    assert started[0].kind is EventKind.PHASE_STARTED
    clock.advance(3.5)
    ticked = runner.tick()
    assert [e.kind for e in ticked][:2] == [EventKind.COUNTDOWN, EventKind.COUNTDOWN]
    assert first.batches == second.batches == [started, ticked]
    assert first.sessions == {id(runner.session)}


def test_each_action_reaches_the_session(clock: FakeClock) -> None:
    runner = runner_for(clock, HOLD, REPS)
    session = runner.session
    runner.start()
    runner.do(A.NEXT)
    assert session.phase.kind is PhaseKind.WORK and session.phase.step_index == 0
    left = session.phase_remaining
    runner.do(A.ADJUST, 10)
    assert session.phase_remaining == pytest.approx(left + 10)
    runner.do(A.TOGGLE_PAUSE)
    assert session.paused
    runner.do(A.RESUME)
    assert not session.paused
    runner.do(A.PAUSE)
    assert session.paused
    runner.do(A.TOGGLE_PAUSE)
    runner.do(A.NEXT)
    runner.do(A.NEXT)  # the bridge's get-ready, then its reps
    assert session.phase.step_index == 1 and session.phase.kind is PhaseKind.WORK
    assert [e.kind for e in runner.do(A.COUNT_REP)] == [EventKind.REP]
    runner.do(A.RESTART)
    assert session.phase.kind is PhaseKind.GET_READY and session.phase.step_index == 1
    runner.do(A.PREVIOUS)
    assert session.phase.step_index == 0


def test_every_action_has_a_way_to_the_session(clock: FakeClock) -> None:
    for action in SessionAction:
        runner = runner_for(clock, HOLD)
        runner.start()
        runner.do(action, 5)  # raises if an action were left out of the table


def test_a_sink_that_raises_is_reported_and_the_session_goes_on(clock: FakeClock) -> None:
    broken, fine = BrokenSink(), RecordingSink()
    problems: list[tuple[object, str]] = []
    runner = SessionRunner(
        Session(routine(HOLD), clock=clock),
        [broken, fine],
        on_problem=lambda sink, error: problems.append((sink, str(error))),
    )
    runner.start()
    clock.advance(20)
    runner.tick()
    assert runner.finished
    assert fine.batches == broken.batches and len(fine.batches) == 2
    runner.close()
    assert broken.closed == fine.closed == 1
    assert problems == [
        (broken, "no sound card"),
        (broken, "no sound card"),
        (broken, "still no sound card"),
    ]


def test_by_default_a_sink_problem_is_logged(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    runner = SessionRunner(Session(routine(HOLD), clock=clock), [BrokenSink()])
    with caplog.at_level(logging.ERROR, logger="backcare_tui.core.runner"):
        runner.start()
    assert "no sound card" in caplog.text


# --- finishing and closing -------------------------------------------------------------------------


def test_the_runner_says_when_the_session_has_finished(clock: FakeClock) -> None:
    sink = RecordingSink()
    runner = runner_for(clock, HOLD, sinks=[sink])
    runner.start()
    clock.advance(3 + 9)
    runner.tick()
    assert not runner.finished
    clock.advance(1)
    events = runner.tick()
    assert runner.finished and events[-1].kind is EventKind.SESSION_DONE


def test_a_closed_runner_does_nothing_more(clock: FakeClock) -> None:
    sink = RecordingSink()
    runner = runner_for(clock, HOLD, sinks=[sink])
    runner.start()
    runner.close()
    runner.close()
    assert sink.closed == 1
    clock.advance(5)
    assert runner.tick() == [] and runner.do(A.NEXT) == [] and runner.start() == []
    assert len(sink.batches) == 1
    assert runner.session.phase.kind is PhaseKind.GET_READY  # still there to read
    assert runner.next_wake() is None


# --- when to look again ------------------------------------------------------------------------------


def test_no_wake_up_while_nothing_can_change(clock: FakeClock) -> None:
    runner = runner_for(clock, HOLD)
    assert runner.next_wake() is None  # not started
    runner.start()
    assert runner.next_wake() is not None
    runner.do(A.PAUSE)
    assert runner.next_wake() is None
    runner.do(A.RESUME)
    while not runner.finished:
        clock.advance(1)
        runner.tick()
    assert runner.next_wake() is None


def test_the_wake_up_is_aimed_just_after_the_next_change_of_the_shown_second(
    clock: FakeClock,
) -> None:
    runner = runner_for(clock, HOLD)
    runner.start()
    assert runner.next_wake() == LONGEST_SLEEP  # a whole second, and a hair: capped
    clock.advance(0.25)
    runner.tick()
    assert runner.next_wake() == pytest.approx(0.75 + LATE_BY)


def test_the_wake_up_comes_for_a_rep_between_two_seconds(clock: FakeClock) -> None:
    rep = Step(name="Quick reps", kind=StepKind.REPS, reps=4, tempo=1.5)
    runner = runner_for(clock, rep)
    runner.start()
    clock.advance(3)
    runner.tick()  # the reps begin: the first rep is due 1.5 s in, the shown second in 1 s
    clock.advance(1.2)
    runner.tick()
    assert runner.next_wake() == pytest.approx(0.3 + LATE_BY)


def test_the_breathing_pacer_is_woken_for_every_frame(clock: FakeClock) -> None:
    runner = runner_for(clock, BREATHE)
    runner.start()
    assert runner.next_wake() == LONGEST_SLEEP  # get-ready: no pacer yet
    clock.advance(3.01)
    runner.tick()
    assert runner.next_wake() == pytest.approx(BREATH_FRAME + LATE_BY)


def test_a_moment_already_due_wakes_soon_but_not_in_a_busy_loop(clock: FakeClock) -> None:
    runner = runner_for(clock, HOLD)
    runner.start()
    clock.advance(5)  # the countdown of the get-ready fell due and has not been looked at
    assert runner.next_wake() == SHORTEST_SLEEP


def test_the_view_changes_at_the_next_whole_second(clock: FakeClock) -> None:
    session = Session(routine(HOLD), clock=clock)
    session.start()
    clock.advance(0.25)
    session.update()
    assert seconds_to_next_change(session) == pytest.approx(0.75)
    clock.advance(0.75)
    assert seconds_to_next_change(session) == 1.0


@settings(max_examples=40, deadline=None)
@given(routines())
def test_woken_when_it_asks_no_event_comes_late(generated: Routine) -> None:
    """Slept exactly as told, the runner hands every event over within the shortest sleep of
    its moment: nothing waits for a later wake-up. (The first 400 wake-ups of each routine: a
    generated one may run for hours.)"""
    clock = FakeClock()
    runner = SessionRunner(Session(generated, clock=clock))
    start = clock.now
    runner.start()
    late = 0.0
    for _ in range(400):
        wait = runner.next_wake()
        if wait is None:
            break
        assert SHORTEST_SLEEP <= wait <= LONGEST_SLEEP
        clock.advance(wait)
        for event in runner.tick():
            late = max(late, clock.now - start - event.elapsed)
    assert late <= SHORTEST_SLEEP + 1e-6
