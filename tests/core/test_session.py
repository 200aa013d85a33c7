"""The session engine, driven by a hand-moved clock: phases, deadlines, events, and the keys."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.phases import Phase, PhaseKind, Side, plan, total_time
from backcare_tui.core.routine import Routine, Step, StepKind, StepSides
from backcare_tui.core.session import CLOCK_JUMP, Session
from backcare_tui.core.session_state import StepStatus
from tests.core.steps import breathe, hold, reps, rest, routine, timer
from tests.fakes import FakeClock

MS = 1e-3
E = EventKind


def only(events: Iterable[Event], *kinds: EventKind) -> list[Event]:
    return [e for e in events if e.kind in kinds]


def tick_until_finished(session: Session, clock: FakeClock, gaps: Iterable[float]) -> list[Event]:
    """Start ``session`` and call update after each gap, until it finishes."""
    events = session.start()
    for gap in gaps:
        clock.advance(gap)
        events += session.update()
        if session.finished:
            return events
    raise AssertionError("the session did not finish")


def irregular(seed: int) -> Iterable[float]:
    rng = random.Random(seed)
    while True:
        yield rng.uniform(0.001, 2.5)


def steady(gap: float) -> Iterable[float]:
    while True:
        yield gap


def advance_to(session: Session, clock: FakeClock, elapsed: float) -> list[Event]:
    """Move the clock so the session's elapsed time becomes ``elapsed``, updating every second
    on the way, as the app and the line mode do (a longer silence is a sleeping machine)."""
    left = elapsed - session.elapsed
    events: list[Event] = []
    while left > 1e-9:
        step = min(1.0, left)
        clock.advance(step)
        left -= step
        events += session.update()
    return events


# --- a session needs something to run -------------------------------------------------------------


def test_a_routine_with_no_steps_cannot_be_run() -> None:
    with pytest.raises(ValueError, match="no phases"):
        Session(routine())


# --- the hour-long run: precision, once each, in order --------------------------------------------


def hour_routine() -> Routine:
    """About an hour of every kind of step, with tempos and lengths that are not round floats."""
    return routine(
        timer(20 * 60, remind_every=5 * 60, name="Ice"),
        hold(30, name="Hip flexor", sides=StepSides.EACH, sets=2, rest_between=10),
        reps(10, tempo=1.7, name="Bird dog", sides=StepSides.EACH),
        reps(25, tempo=0.7, name="Twists", sides=StepSides.ALTERNATE, sets=3, rest_between=20),
        breathe(name="Box", cycles=8, inhale=4, breath_hold=2, exhale=6),
        rest(45),
        breathe(name="Slow", duration=180, inhale=3.3, exhale=5.1),
        timer(15 * 60 + 7.3, remind_every=4 * 60, name="Heat"),
        hold(45.25, name="Plank", sets=3, rest_between=15.5),
        hold(2.5, name="Blink"),
        hold(19.9, name="Nearly twenty"),
        hold(20, name="Twenty"),
        timer(10 * 60 + 19.9, remind_every=2 * 60, name="Walk"),
        lead_in=5.3,
    )


def expected_moments(phase: Phase, start: float) -> list[tuple[EventKind, Any, Any, float]]:
    """What the issue asks of one phase, worked out from the plan alone: (kind, value, side or
    breath, session time). Independent of the engine's own bookkeeping."""
    step, end = phase.step, start + phase.duration
    found: list[tuple[EventKind, Any, Any, float]] = []
    if phase.kind is PhaseKind.SWITCH_SIDES or phase.announce_switch:
        found.append((E.SWITCH_SIDES, None, phase.side, start))
    if True:  # every phase counts down its last seconds
        found += [(E.COUNTDOWN, n, None, end - n) for n in (3, 2, 1) if n < phase.duration]
    if phase.is_work and step.kind in (StepKind.HOLD, StepKind.TIMER) and phase.duration >= 20:
        found.append((E.HALFWAY, None, None, start + phase.duration / 2))
    if phase.is_work and step.remind_every:
        number = 1
        while number * step.remind_every < phase.duration - 1:
            found.append((E.REMINDER, number, None, start + number * step.remind_every))
            number += 1
    if phase.is_reps:
        for number in range(1, phase.reps + 1):
            side: Side | None
            if step.sides is StepSides.ALTERNATE:
                side = Side.LEFT if number % 2 else Side.RIGHT
            else:
                side = phase.side
            found.append((E.REP, number, side, start + number * step.tempo))
    if phase.is_breathing:
        parts = [("in", 0.0), ("hold", step.inhale), ("out", step.inhale + step.breath_hold)]
        parts = [p for p in parts if p[0] != "hold" or step.breath_hold > 0]
        cycle = 0
        while start + cycle * step.breath_cycle < end:
            for name, offset in parts:
                moment = start + cycle * step.breath_cycle + offset
                if moment < end:
                    found.append((E.BREATH, cycle + 1, name, moment))
            cycle += 1
    return found


SCHEDULED = {E.COUNTDOWN, E.HALFWAY, E.REMINDER, E.REP, E.BREATH, E.SWITCH_SIDES}


def check_whole_run(r: Routine, events: list[Event]) -> None:
    """Every phase starts and ends on its planned time, and each of its events comes exactly
    once, on time, and in order."""
    phases = plan(r)
    boundaries = [0.0]
    for phase in phases:
        boundaries.append(math.fsum([boundaries[-1], phase.duration]))

    elapsed = [e.elapsed for e in events]
    assert elapsed == sorted(elapsed), "events' elapsed went backwards"

    done = only(events, E.PHASE_DONE)
    assert [e.phase.index for e in done] == [p.index for p in phases]
    for event in done:
        assert event.elapsed == pytest.approx(boundaries[event.phase.index + 1], abs=MS)
        assert not event.skipped
    started = only(events, E.PHASE_STARTED)
    assert [e.phase.index for e in started] == [p.index for p in phases]
    for event in started:
        assert event.elapsed == pytest.approx(boundaries[event.phase.index], abs=MS)

    by_phase: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        by_phase[event.phase.index].append(event)
    for phase in phases:
        own = by_phase[phase.index]
        kinds = [e.kind for e in own]
        first = kinds.index(E.PHASE_STARTED)
        last = kinds.index(E.PHASE_DONE)
        between = [e for e in own[first + 1 : last] if e.kind is not E.SWITCH_SIDES]
        assert all(e.kind in SCHEDULED for e in between), kinds
        got = sorted(
            ((e.kind, e.value, e.breath or e.side, e.elapsed) for e in own if e.kind in SCHEDULED),
            key=lambda item: (round(item[3], 6), item[0].value),
        )
        want = sorted(
            expected_moments(phase, boundaries[phase.index]),
            key=lambda item: (round(item[3], 6), item[0].value),
        )
        assert [g[:3] for g in got] == [w[:3] for w in want], (phase.index, phase.label)
        for g, w in zip(got, want, strict=True):
            assert g[3] == pytest.approx(w[3], abs=MS), (phase.index, g, w)
        countdown = [e.value or 0 for e in own if e.kind is E.COUNTDOWN]
        assert countdown == sorted(countdown, reverse=True)

    step_done = only(events, E.STEP_DONE)
    assert [e.value for e in step_done] == list(range(len(r.steps)))
    assert [e.kind for e in events].count(E.SESSION_DONE) == 1
    assert events[-1].kind is E.SESSION_DONE
    assert events[-1].elapsed == pytest.approx(boundaries[-1], abs=MS)


def test_an_hour_with_irregular_ticks_ends_every_phase_on_time(clock: FakeClock) -> None:
    r = hour_routine()
    assert 55 * 60 <= total_time(r) <= 65 * 60
    session = Session(r, clock)
    events = tick_until_finished(session, clock, irregular(seed=2024))
    check_whole_run(r, events)
    assert session.finished
    assert session.elapsed == pytest.approx(total_time(r), abs=MS)
    assert session.steps_done == len(r.steps)
    assert session.steps_left == 0
    assert session.remaining == 0


def signature(events: Iterable[Event]) -> list[tuple[Any, ...]]:
    return [
        (e.kind, e.phase.index, e.value, e.side, e.breath, e.skipped, round(e.elapsed, 9))
        for e in events
    ]


def test_the_events_do_not_depend_on_how_often_update_is_called() -> None:
    # Up to CLOCK_JUMP late, a call replays everything on time; later than that the machine
    # was asleep (see the tests of clock jumps below).
    r = hour_routine()
    runs = []
    for gaps in (steady(0.25), steady(7.0), irregular(seed=7), steady(CLOCK_JUMP)):
        clock = FakeClock()
        runs.append(signature(tick_until_finished(Session(r, clock), clock, gaps)))
    assert runs[0] == runs[1] == runs[2] == runs[3]
    assert len(runs[0]) > 300


@pytest.mark.parametrize("tempo", [0.7, 1.1, 1.7, 2.3, 3.3])
@pytest.mark.parametrize("start", [0.1, 1000.0, 98765.4321])
def test_the_last_rep_is_never_lost_to_rounding(tempo: float, start: float) -> None:
    clock = FakeClock(start)
    session = Session(routine(reps(50, tempo=tempo, sides=StepSides.ALTERNATE), lead_in=3.3), clock)
    events = tick_until_finished(session, clock, steady(0.37))
    assert [e.value for e in only(events, E.REP)] == list(range(1, 101))


# --- pause and resume ------------------------------------------------------------------------------


def test_pause_moves_the_deadline_and_leaves_the_pause_out_of_elapsed(clock: FakeClock) -> None:
    session = Session(routine(hold(30)), clock)
    session.start()
    began = clock.now
    advance_to(session, clock, 15.0)
    paused = session.pause()
    assert [e.kind for e in paused] == [E.PAUSED]
    assert paused[0].elapsed == pytest.approx(15.0)
    assert session.paused

    clock.advance(100)
    assert session.update() == []
    assert session.elapsed == pytest.approx(15.0)
    assert session.phase_remaining == pytest.approx(20.0)

    resumed = session.resume()
    assert [(e.kind, e.elapsed) for e in resumed] == [(E.RESUMED, pytest.approx(15.0))]
    clock.advance(19.999)
    assert E.PHASE_DONE not in [e.kind for e in session.update()]
    clock.advance(0.001)
    done = only(session.update(), E.PHASE_DONE)
    assert [e.elapsed for e in done] == [pytest.approx(35.0, abs=MS)]
    assert clock.now - began == pytest.approx(135.0)
    assert session.finished


def test_a_moment_that_falls_due_is_not_lost_across_a_pause(clock: FakeClock) -> None:
    session = Session(routine(hold(30)), clock)
    session.start()
    clock.advance(5 + 16)  # the hold's halfway (15 s in) is due but nobody has asked yet
    events = session.pause()
    assert [e.kind for e in events][-2:] == [E.HALFWAY, E.PAUSED]
    assert only(events, E.HALFWAY)[0].elapsed == pytest.approx(20.0)


# --- the machine asleep: a clock jump -------------------------------------------------------------


def test_a_jump_far_past_the_next_moment_pauses_where_the_session_was(clock: FakeClock) -> None:
    # Lid shut 10 s into a 60 s hold, opened 12 minutes later: the boot-time clock counted the
    # sleep, but nobody held the stretch. Nothing more is done or credited; the session waits.
    session = Session(routine(hold(60), hold(30)), clock)
    session.start()
    advance_to(session, clock, 5 + 10)
    clock.advance(12 * 60)
    events = session.update()
    assert [(e.kind, e.value) for e in events] == [(E.PAUSED, 12 * 60)]
    assert events[0].elapsed == pytest.approx(15.0)
    assert session.paused and session.slept_for == pytest.approx(12 * 60)
    assert (session.index, session.elapsed, session.phase_remaining) == (1, 15.0, 50.0)
    assert session.step_status == [StepStatus.PENDING, StepStatus.PENDING]
    assert session.update() == []

    resumed = session.resume()
    assert [(e.kind, e.elapsed) for e in resumed] == [(E.RESUMED, pytest.approx(15.0))]
    assert session.slept_for is None
    clock.advance(50)
    done = only(session.update(), E.PHASE_DONE)
    assert [e.elapsed for e in done] == [pytest.approx(65.0)]


def test_a_session_asleep_past_its_end_does_not_count_as_done(clock: FakeClock) -> None:
    session = Session(routine(hold(30), rest(10)), clock)
    session.start()
    advance_to(session, clock, 8.0)
    clock.advance(3600)  # an hour later: every deadline has long passed
    assert [e.kind for e in session.update()] == [E.PAUSED]
    assert not session.finished and session.steps_done == 0
    assert session.elapsed == pytest.approx(8.0)


def test_a_stall_shorter_than_a_jump_still_replays_on_time(clock: FakeClock) -> None:
    session = Session(routine(hold(60)), clock)
    session.start()
    advance_to(session, clock, 5.0)
    clock.advance(25 + CLOCK_JUMP - 1)  # halfway (at 35 s) is due, by a little under the limit
    events = session.update()
    assert E.PAUSED not in [e.kind for e in events] and not session.paused
    assert [e.elapsed for e in only(events, E.HALFWAY)] == [pytest.approx(35.0)]


def test_a_long_phase_counts_on_through_a_sleep_before_its_next_moment(clock: FakeClock) -> None:
    # A 20-minute ice timer with nothing due for a while: the boot-time clock is the timer, so a
    # short sleep that ends before anything fell due is time on the ice, as it should be.
    session = Session(routine(timer(20 * 60), lead_in=0), clock)
    session.start()
    clock.advance(5 * 60)
    assert session.update() == [] and not session.paused
    assert session.phase_remaining == pytest.approx(15 * 60)


def test_a_key_pressed_before_the_jump_was_noticed_acts_on_the_paused_session(
    clock: FakeClock,
) -> None:
    session = Session(routine(reps(10, tempo=2), hold(30), lead_in=0), clock)
    session.start()
    advance_to(session, clock, 4.5)  # two reps counted
    clock.advance(600)
    assert [e.kind for e in session.count_rep()] == [E.PAUSED]
    assert session.rep_count == 2
    events = session.next()
    assert [e.kind for e in events][:1] == [E.PHASE_DONE]
    assert [e.elapsed for e in events] == [pytest.approx(4.5)] * len(events)
    assert session.paused and session.phase.step.kind is StepKind.HOLD
    assert session.pause() == []


def test_toggle_pause_and_pausing_twice(clock: FakeClock) -> None:
    session = Session(routine(hold(30)), clock)
    assert session.pause() == [] and session.resume() == []
    session.start()
    assert [e.kind for e in session.toggle_pause()] == [E.PAUSED]
    assert session.pause() == []
    assert [e.kind for e in session.toggle_pause()] == [E.RESUMED]
    assert session.resume() == []


# --- next, previous, restart -----------------------------------------------------------------------


def test_next_with_time_left_skips_the_step(clock: FakeClock) -> None:
    session = Session(routine(hold(30, name="A"), hold(30, name="B")), clock)
    session.start()
    advance_to(session, clock, 15.0)
    events = session.next()
    assert [e.kind for e in events] == [E.PHASE_DONE, E.STEP_DONE, E.PHASE_STARTED]
    assert events[0].skipped
    assert events[0].elapsed == pytest.approx(15.0)
    assert session.step_status == [StepStatus.SKIPPED, StepStatus.PENDING]
    assert (session.steps_done, session.steps_skipped, session.steps_left) == (0, 1, 1)
    assert (session.phase.step_index, session.phase.kind) == (1, PhaseKind.GET_READY)


def test_next_in_the_last_second_counts_as_done(clock: FakeClock) -> None:
    session = Session(routine(hold(30, name="A"), hold(30, name="B")), clock)
    session.start()
    advance_to(session, clock, 34.5)
    (done, *_) = session.next()
    assert done.kind is E.PHASE_DONE and not done.skipped
    assert session.step_status[0] is StepStatus.DONE


def test_next_during_get_ready_does_not_skip(clock: FakeClock) -> None:
    session = Session(routine(hold(30)), clock)
    session.start()
    clock.advance(1)
    events = session.next()
    assert [(e.kind, e.skipped) for e in events] == [
        (E.PHASE_DONE, False),
        (E.PHASE_STARTED, False),
    ]
    assert session.phase.kind is PhaseKind.WORK
    assert session.phase_remaining == 30.0
    assert session.step_status == [StepStatus.PENDING]
    tick_rest = advance_to(session, clock, 31.0)
    assert E.STEP_DONE in [e.kind for e in tick_rest]
    assert session.step_status == [StepStatus.DONE]


def test_next_on_the_last_phase_ends_the_session(clock: FakeClock) -> None:
    session = Session(routine(hold(30)), clock)
    session.start()
    advance_to(session, clock, 10.0)
    events = session.next()
    assert [e.kind for e in events] == [E.PHASE_DONE, E.STEP_DONE, E.SESSION_DONE]
    assert session.finished and session.elapsed == pytest.approx(10.0)
    assert session.next() == session.previous() == session.adjust(10) == []
    assert session.restart_step() == session.count_rep() == session.pause() == []


def test_previous_goes_to_the_previous_steps_get_ready_and_resets_statuses(
    clock: FakeClock,
) -> None:
    session = Session(routine(hold(30, name="A"), hold(30, name="B"), hold(30, name="C")), clock)
    session.start()
    advance_to(session, clock, 35.0)  # A done
    advance_to(session, clock, 45.0)  # into B's hold
    session.next()  # B skipped, into C's get-ready
    assert session.step_status == [StepStatus.DONE, StepStatus.SKIPPED, StepStatus.PENDING]
    events = session.previous()
    # C's get-ready was left with its time still running: cut short, so no "done" cue plays.
    assert [(e.kind, e.skipped) for e in events] == [(E.PHASE_DONE, True), (E.PHASE_STARTED, False)]
    assert (session.phase.step_index, session.phase.kind) == (1, PhaseKind.GET_READY)
    assert session.step_status == [StepStatus.DONE, StepStatus.PENDING, StepStatus.PENDING]
    session.previous()
    assert (session.phase.step_index, session.phase.kind, session.phase.index) == (
        0,
        PhaseKind.GET_READY,
        0,
    )
    assert session.step_status == [StepStatus.PENDING] * 3
    assert session.steps_left == 3
    assert session.phase_remaining == 5.0
    assert session.elapsed == pytest.approx(45.0), "going back does not rewind session time"


def test_previous_on_the_first_step_restarts_it(clock: FakeClock) -> None:
    session = Session(routine(hold(30), hold(30)), clock)
    session.start()
    advance_to(session, clock, 20.0)
    session.previous()
    assert (session.phase.index, session.phase_remaining) == (0, 5.0)


def test_previous_to_a_rest_step_lands_on_the_rest(clock: FakeClock) -> None:
    session = Session(routine(rest(20), hold(30)), clock)
    session.start()
    advance_to(session, clock, 30.0)
    session.previous()
    assert (session.phase.index, session.phase.step.kind) == (0, StepKind.REST)


def test_restart_step_goes_back_to_its_get_ready(clock: FakeClock) -> None:
    session = Session(routine(hold(30), hold(30, sides=StepSides.EACH)), clock)
    session.start()
    advance_to(session, clock, 35.0 + 5.0 + 30.0 + 5.0 + 10.0)  # step 2, right side
    assert session.phase.side is Side.RIGHT
    events = session.restart_step()
    assert [e.kind for e in events] == [E.PHASE_DONE, E.PHASE_STARTED]
    assert (session.phase.step_index, session.phase.kind) == (1, PhaseKind.GET_READY)
    assert session.step_status == [StepStatus.DONE, StepStatus.PENDING]
    assert session.remaining == pytest.approx(5 + 30 + 5 + 30)


# --- adjust --------------------------------------------------------------------------------------------


def test_plus_ten_moves_the_deadline_and_rearms_the_countdown(clock: FakeClock) -> None:
    session = Session(routine(hold(30)), clock)
    events = session.start()
    events += advance_to(session, clock, 32.5)  # 2.5 s left: "3" has been counted
    assert [e.value for e in only(events, E.COUNTDOWN) if e.phase.index == 1] == [3]
    adjusted = session.adjust(10)
    assert [(e.kind, e.value) for e in adjusted] == [(E.ADJUSTED, 10)]
    assert session.phase_remaining == pytest.approx(12.5)
    assert session.adjusted == [10.0]
    assert session.phase_adjusted == [0.0, 10.0]
    assert (session.steps_extended, session.steps_shortened) == (1, 0)
    after = tick_until_finished_from_here(session, clock)
    countdown = [(e.value, e.elapsed) for e in only(after, E.COUNTDOWN)]
    assert countdown == [
        (3, pytest.approx(42.0)),
        (2, pytest.approx(43.0)),
        (1, pytest.approx(44.0)),
    ]
    assert only(after, E.PHASE_DONE)[0].elapsed == pytest.approx(45.0)


def tick_until_finished_from_here(session: Session, clock: FakeClock) -> list[Event]:
    events: list[Event] = []
    while not session.finished:
        clock.advance(0.1)
        events += session.update()
    return events


def test_minus_ten_shortens_the_phase(clock: FakeClock) -> None:
    session = Session(routine(hold(30), hold(30)), clock)
    session.start()
    advance_to(session, clock, 15.0)
    assert [(e.kind, e.value) for e in session.adjust(-10)] == [(E.ADJUSTED, -10)]
    assert session.phase_remaining == pytest.approx(10.0)
    assert session.adjusted == [-10.0, 0.0]
    assert session.steps_shortened == 1
    events = advance_to(session, clock, 25.0)
    assert [e.elapsed for e in only(events, E.PHASE_DONE)] == [pytest.approx(25.0)]


def test_minus_ten_with_less_than_ten_left_ends_the_phase(clock: FakeClock) -> None:
    session = Session(routine(hold(30), hold(30)), clock)
    session.start()
    advance_to(session, clock, 27.0)  # 8 s left
    events = session.adjust(-10)
    assert [(e.kind, e.skipped) for e in events][:2] == [
        (E.PHASE_DONE, False),
        (E.STEP_DONE, False),
    ]
    assert events[0].elapsed == pytest.approx(27.0)
    assert session.adjusted[0] == pytest.approx(-8.0)
    assert session.step_status[0] is StepStatus.DONE
    assert (session.phase.step_index, session.phase.kind) == (1, PhaseKind.GET_READY)


def test_shortening_past_the_halfway_point_keeps_events_in_order(clock: FakeClock) -> None:
    session = Session(routine(hold(60)), clock)
    events = session.start()
    events += advance_to(session, clock, 5.0 + 20.0)  # 20 s into a 60 s hold: halfway is at 30
    events += session.adjust(-30)  # now a 30 s hold, whose halfway (15 s) has passed
    assert [(e.kind, e.elapsed) for e in events[-2:]] == [
        (E.ADJUSTED, pytest.approx(25.0)),
        (E.HALFWAY, pytest.approx(25.0)),
    ]
    events += tick_until_finished_from_here(session, clock)
    elapsed = [e.elapsed for e in events]
    assert elapsed == sorted(elapsed)
    assert len(only(events, E.HALFWAY)) == 1


def test_adjust_on_reps_adds_and_removes_one_rep(clock: FakeClock) -> None:
    session = Session(routine(reps(10, tempo=3)), clock)
    session.start()
    advance_to(session, clock, 5.0 + 6.5)  # two reps counted
    assert session.rep_count == 2
    assert [(e.kind, e.value) for e in session.adjust(10)] == [(E.ADJUSTED, 1)]
    assert session.rep_target == 11
    assert session.phase_remaining == pytest.approx(9 * 3 - 0.5)  # nine reps left, one begun
    assert session.adjusted == [3.0]
    assert [(e.kind, e.value) for e in session.adjust(-10)] == [(E.ADJUSTED, -1)]
    assert session.rep_target == 10
    session.adjust(-10)
    events = tick_until_finished_from_here(session, clock)
    assert [e.value for e in only(events, E.REP)] == list(range(3, 10))
    assert only(events, E.PHASE_DONE)[0].elapsed == pytest.approx(5.0 + 27.0)


def test_removing_the_only_rep_left_ends_the_phase(clock: FakeClock) -> None:
    session = Session(routine(reps(3, tempo=3)), clock)
    session.start()
    advance_to(session, clock, 5.0 + 7.0)  # two of three reps counted
    events = session.adjust(-10)
    assert [e.kind for e in events] == [E.PHASE_DONE, E.STEP_DONE, E.SESSION_DONE]
    assert session.step_status == [StepStatus.DONE]


# --- reps --------------------------------------------------------------------------------------------


def test_count_rep_counts_now_and_restarts_the_tempo(clock: FakeClock) -> None:
    session = Session(routine(reps(4, tempo=3)), clock)
    session.start()
    advance_to(session, clock, 6.0)  # 1 s into the reps
    events = session.count_rep()
    assert [(e.kind, e.value, e.manual, e.elapsed) for e in events] == [
        (E.REP, 1, True, pytest.approx(6.0))
    ]
    assert session.phase_remaining == pytest.approx(9.0)
    events = advance_to(session, clock, 8.9)
    assert only(events, E.REP) == []
    events = advance_to(session, clock, 9.0)
    assert [(e.value, e.manual, e.elapsed) for e in only(events, E.REP)] == [
        (2, False, pytest.approx(9.0))
    ]


def test_counting_the_last_rep_by_hand_ends_the_phase(clock: FakeClock) -> None:
    session = Session(routine(reps(2, tempo=3), hold(30)), clock)
    session.start()
    advance_to(session, clock, 5.5)
    session.count_rep()
    clock.advance(0.5)
    events = [e for e in session.count_rep() if e.kind is not E.COUNTDOWN]
    assert [e.kind for e in events][:3] == [E.REP, E.PHASE_DONE, E.STEP_DONE]
    assert events[1].elapsed == pytest.approx(6.0) and not events[1].skipped
    assert session.step_status[0] is StepStatus.DONE


def test_count_rep_outside_a_reps_phase_or_while_paused_counts_nothing(clock: FakeClock) -> None:
    session = Session(routine(reps(4)), clock)
    assert session.count_rep() == []
    session.start()
    clock.advance(1)
    assert only(session.count_rep(), E.REP) == []
    advance_to(session, clock, 6.0)
    session.pause()
    assert session.count_rep() == []
    assert session.rep_count == 0


def test_alternating_reps_say_which_side(clock: FakeClock) -> None:
    session = Session(routine(reps(3, tempo=2, sides=StepSides.ALTERNATE)), clock)
    events = tick_until_finished(session, clock, steady(0.5))
    assert [(e.value, e.side) for e in only(events, E.REP)] == [
        (1, Side.LEFT),
        (2, Side.RIGHT),
        (3, Side.LEFT),
        (4, Side.RIGHT),
        (5, Side.LEFT),
        (6, Side.RIGHT),
    ]


def test_reps_on_each_side_carry_the_phase_side(clock: FakeClock) -> None:
    session = Session(routine(reps(2, tempo=2, sides=StepSides.EACH)), clock)
    events = tick_until_finished(session, clock, steady(0.5))
    assert [(e.value, e.side) for e in only(events, E.REP)] == [
        (1, Side.LEFT),
        (2, Side.LEFT),
        (1, Side.RIGHT),
        (2, Side.RIGHT),
    ]


# --- breathing, reminders, halfway, switching sides --------------------------------------------------


def test_breathing_events_in_hold_out_with_cycle_numbers(clock: FakeClock) -> None:
    session = Session(
        routine(breathe(cycles=2, inhale=4, breath_hold=2, exhale=6), lead_in=0), clock
    )
    events = tick_until_finished(session, clock, steady(0.5))
    assert [(e.breath, e.value, e.elapsed) for e in only(events, E.BREATH)] == [
        ("in", 1, 0.0),
        ("hold", 1, 4.0),
        ("out", 1, 6.0),
        ("in", 2, 12.0),
        ("hold", 2, 16.0),
        ("out", 2, 18.0),
    ]
    assert only(events, E.PHASE_DONE)[0].elapsed == 24.0
    # The last breath out is counted down like any phase: 3, 2, 1 before the end.
    assert [(e.value, e.elapsed) for e in only(events, E.COUNTDOWN)] == [
        (3, 21.0),
        (2, 22.0),
        (1, 23.0),
    ]


def test_breathing_for_a_duration_without_a_held_breath(clock: FakeClock) -> None:
    session = Session(routine(breathe(duration=15, inhale=4, exhale=6), lead_in=0), clock)
    events = tick_until_finished(session, clock, steady(0.5))
    assert [(e.breath, e.value, e.elapsed) for e in only(events, E.BREATH)] == [
        ("in", 1, 0.0),
        ("out", 1, 4.0),
        ("in", 2, 10.0),
        ("out", 2, 14.0),
    ]


def test_breath_now_follows_the_pacer(clock: FakeClock) -> None:
    session = Session(
        routine(breathe(cycles=2, inhale=4, breath_hold=2, exhale=6), lead_in=0), clock
    )
    session.start()
    clock.advance(1)
    assert session.breath_now() == ("in", 0.25)
    clock.advance(4)
    assert session.breath_now() == ("hold", 0.5)
    clock.advance(4)
    assert session.breath_now() == ("out", 0.5)


@pytest.mark.parametrize(
    ("duration", "expected"),
    [(600, [300.0]), (601, [300.0]), (602, [300.0, 600.0]), (900, [300.0, 600.0])],
)
def test_timer_reminders_but_not_at_the_very_end(
    clock: FakeClock, duration: float, expected: list[float]
) -> None:
    session = Session(routine(timer(duration, remind_every=300), lead_in=0), clock)
    events = tick_until_finished(session, clock, steady(3.0))
    reminders = only(events, E.REMINDER)
    assert [e.elapsed for e in reminders] == expected
    assert [e.value for e in reminders] == list(range(1, len(expected) + 1))


@pytest.mark.parametrize(
    ("step", "halfway"),
    [
        (hold(20), [15.0]),
        (hold(19.9), []),
        (hold(60), [35.0]),
        (timer(60), [35.0]),
        (reps(10, tempo=3), []),
        (rest(60), []),
        (breathe(duration=60), []),
    ],
)
def test_halfway_once_for_holds_and_timers_of_twenty_seconds_or_more(
    clock: FakeClock, step: Step, halfway: list[float]
) -> None:
    events = tick_until_finished(Session(routine(step), clock), clock, steady(0.7))
    assert [e.elapsed for e in only(events, E.HALFWAY)] == pytest.approx(halfway)


def test_switch_sides_phase_announces_the_right_side(clock: FakeClock) -> None:
    session = Session(routine(hold(30, sides=StepSides.EACH, rest_between=10)), clock)
    events = tick_until_finished(session, clock, steady(0.5))
    switch = only(events, E.SWITCH_SIDES)
    assert [(e.side, e.elapsed, e.phase.kind) for e in switch] == [
        (Side.RIGHT, 35.0, PhaseKind.SWITCH_SIDES)
    ]
    at = events.index(switch[0])
    assert events[at - 1].kind is E.PHASE_STARTED
    assert events[at - 1].phase.kind is PhaseKind.SWITCH_SIDES


def test_switch_without_a_switch_phase_is_announced_on_the_right_side(clock: FakeClock) -> None:
    session = Session(routine(hold(30, sides=StepSides.EACH), lead_in=0), clock)
    events = tick_until_finished(session, clock, steady(0.5))
    switch = only(events, E.SWITCH_SIDES)
    assert [(e.side, e.elapsed, e.phase.side) for e in switch] == [(Side.RIGHT, 30.0, Side.RIGHT)]
    at = events.index(switch[0])
    assert (events[at + 1].kind, events[at + 1].side) == (E.PHASE_STARTED, Side.RIGHT)


def test_a_short_phase_counts_down_only_the_seconds_it_has(clock: FakeClock) -> None:
    session = Session(routine(hold(2.5), lead_in=3), clock)
    events = tick_until_finished(session, clock, steady(0.1))
    by_phase = [(e.phase.index, e.value) for e in only(events, E.COUNTDOWN)]
    assert by_phase == [(0, 2), (0, 1), (1, 2), (1, 1)]


# --- time and steps at several points ---------------------------------------------------------------


def test_remaining_elapsed_total_and_steps_along_the_way(clock: FakeClock) -> None:
    session = Session(routine(hold(30), rest(20), reps(5, tempo=2)), clock)
    assert (session.elapsed, session.remaining, session.total) == (0.0, 70.0, 70.0)
    assert (session.steps_done, session.steps_left) == (0, 3)
    session.start()
    advance_to(session, clock, 12.0)
    assert (session.elapsed, session.remaining, session.total) == (
        pytest.approx(12.0),
        pytest.approx(58.0),
        pytest.approx(70.0),
    )
    assert session.phase_elapsed == pytest.approx(7.0)
    assert session.phase_duration == pytest.approx(30.0)
    assert (session.steps_done, session.steps_left) == (0, 3)
    advance_to(session, clock, 40.0)
    assert session.phase.step.kind is StepKind.REST
    assert (session.steps_done, session.steps_left) == (1, 2)
    assert session.remaining == pytest.approx(30.0)
    session.adjust(10)
    assert session.total == pytest.approx(80.0)
    assert session.next_step is not None and session.next_step.kind is StepKind.REPS
    advance_to(session, clock, 65.0)
    assert (session.steps_done, session.steps_left) == (2, 1)
    assert session.next_step is None
    advance_to(session, clock, 80.0)
    assert session.finished
    assert (session.elapsed, session.remaining, session.total) == (
        pytest.approx(80.0),
        0.0,
        pytest.approx(80.0),
    )
    assert (session.steps_done, session.steps_left, session.phase_remaining) == (3, 0, 0.0)
    clock.advance(100)
    assert session.elapsed == pytest.approx(80.0), "a finished session's time stands still"
    assert session.update() == []


def test_start_twice_and_update_before_start(clock: FakeClock) -> None:
    session = Session(routine(hold(30)), clock)
    assert session.update() == []
    first = session.start()
    assert [(e.kind, e.elapsed) for e in first] == [(E.PHASE_STARTED, 0.0)]
    assert session.start() == []


# --- operations while paused ----------------------------------------------------------------------


def test_next_while_paused_stays_paused_and_the_new_phase_does_not_run(clock: FakeClock) -> None:
    session = Session(routine(hold(30), rest(20)), clock)
    session.start()
    advance_to(session, clock, 15.0)
    session.pause()
    clock.advance(5)
    events = session.next()
    assert [e.kind for e in events] == [E.PHASE_DONE, E.STEP_DONE, E.PHASE_STARTED]
    assert all(e.elapsed == pytest.approx(15.0) for e in events)
    assert session.paused
    assert session.phase.step.kind is StepKind.REST
    clock.advance(50)
    assert session.update() == []
    assert session.phase_remaining == pytest.approx(20.0)
    assert session.elapsed == pytest.approx(15.0)
    session.resume()
    events = advance_to(session, clock, 35.0)
    assert [e.elapsed for e in only(events, E.PHASE_DONE)] == [pytest.approx(35.0, abs=MS)]
    assert session.finished


def test_adjust_and_previous_while_paused(clock: FakeClock) -> None:
    session = Session(routine(hold(30), hold(30)), clock)
    session.start()
    advance_to(session, clock, 45.0)  # second hold, 5 s in
    session.pause()
    clock.advance(30)
    assert [e.kind for e in session.adjust(10)] == [E.ADJUSTED]
    assert session.phase_remaining == pytest.approx(35.0)
    assert session.paused
    session.previous()
    assert session.paused
    assert (session.phase.index, session.phase_remaining) == (0, 5.0)
    clock.advance(30)
    assert session.phase_remaining == 5.0
    session.resume()
    events = advance_to(session, clock, 50.0)
    assert [e.phase.index for e in only(events, E.PHASE_DONE)] == [0]


def test_events_are_counted_once_across_every_operation(clock: FakeClock) -> None:
    """A busy session (pauses, skips, adjustments, hand-counted reps) still emits each phase's
    start and end once, and never goes back in time."""
    r = routine(hold(30, sides=StepSides.EACH, rest_between=5), reps(6, tempo=2), timer(120, 30))
    session = Session(r, clock)
    events = session.start()
    rng = random.Random(11)
    actions: list[Callable[[], list[Event]]] = [
        session.pause,
        session.resume,
        session.next,
        session.count_rep,
        lambda: session.adjust(10),
        lambda: session.adjust(-10),
    ]
    while not session.finished:
        clock.advance(rng.uniform(0.01, 4.0))
        events += session.update()
        if rng.random() < 0.15:
            events += rng.choice(actions)()
        if session.paused and rng.random() < 0.5:
            events += session.resume()
    elapsed = [e.elapsed for e in events]
    assert elapsed == sorted(elapsed)
    started = Counter(e.phase.index for e in only(events, E.PHASE_STARTED))
    done = Counter(e.phase.index for e in only(events, E.PHASE_DONE))
    assert started == done
    assert [e.kind for e in events].count(E.SESSION_DONE) == 1
    assert events[-1].kind is E.SESSION_DONE


# --- hypothesis: any routine, any ticking ---------------------------------------------------------

_halves = st.integers(min_value=2, max_value=400).map(lambda n: n / 2)
_sets = st.integers(min_value=1, max_value=3)
_rest_between = st.sampled_from([0.0, 5.0, 7.5])


@st.composite
def _any_step(draw: st.DrawFn) -> Step:
    kind = draw(st.sampled_from(list(StepKind)))
    if kind is StepKind.HOLD:
        return hold(
            draw(_halves),
            sides=draw(st.sampled_from([StepSides.NONE, StepSides.EACH])),
            sets=draw(_sets),
            rest_between=draw(_rest_between),
        )
    if kind is StepKind.REST:
        return rest(draw(_halves))
    if kind is StepKind.REPS:
        return reps(
            draw(st.integers(min_value=1, max_value=30)),
            tempo=draw(st.sampled_from([0.5, 0.7, 1.1, 1.5, 2.0, 3.3])),
            sides=draw(st.sampled_from(list(StepSides))),
            sets=draw(_sets),
            rest_between=draw(_rest_between),
        )
    if kind is StepKind.TIMER:
        length = draw(st.integers(min_value=30, max_value=900))
        remind = draw(st.one_of(st.none(), st.integers(min_value=10, max_value=length - 1)))
        return timer(float(length), None if remind is None else float(remind))
    cycles = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=5)))
    return breathe(
        cycles=cycles,
        duration=None if cycles else draw(_halves),
        inhale=draw(st.sampled_from([1.0, 3.3, 4.0])),
        exhale=draw(st.sampled_from([1.0, 5.1, 6.0])),
        breath_hold=draw(st.sampled_from([0.0, 1.5, 2.0])),
    )


_any_routine = st.builds(
    lambda steps, lead_in: routine(*steps, lead_in=lead_in),
    st.lists(_any_step(), min_size=1, max_size=4),
    st.sampled_from([0.0, 2.5, 5.0]),
)


@settings(max_examples=60, deadline=None)
@given(r=_any_routine, seed=st.integers(min_value=0, max_value=2**32), start=st.floats(0.1, 1e6))
def test_any_routine_runs_on_time_with_every_event_once(
    r: Routine, seed: int, start: float
) -> None:
    clock = FakeClock(start)
    check_whole_run(r, tick_until_finished(Session(r, clock), clock, irregular(seed)))


_ACTIONS = ["wait", "wait", "pause", "resume", "next", "previous", "restart", "rep", "+10", "-10"]


@settings(max_examples=60, deadline=None)
@given(
    r=_any_routine,
    script=st.lists(st.tuples(st.floats(0.001, 6.0), st.sampled_from(_ACTIONS)), max_size=60),
)
def test_any_keys_in_any_order_keep_the_events_consistent(
    r: Routine, script: list[tuple[float, str]]
) -> None:
    clock = FakeClock()
    session = Session(r, clock)
    keys: dict[str, Callable[[], list[Event]]] = {
        "wait": list,
        "pause": session.pause,
        "resume": session.resume,
        "next": session.next,
        "previous": session.previous,
        "restart": session.restart_step,
        "rep": session.count_rep,
        "+10": lambda: session.adjust(10),
        "-10": lambda: session.adjust(-10),
    }
    events = session.start()
    for gap, key in script:
        clock.advance(gap)
        events += session.update()
        events += keys[key]()
    events += session.resume()
    while not session.finished:
        clock.advance(1.3)
        events += session.update()
    elapsed = [e.elapsed for e in events]
    assert elapsed == sorted(elapsed)
    started = Counter(e.phase.index for e in only(events, E.PHASE_STARTED))
    assert started == Counter(e.phase.index for e in only(events, E.PHASE_DONE))
    assert [e.kind for e in events].count(E.SESSION_DONE) == 1
    assert events[-1].kind is E.SESSION_DONE
    assert session.elapsed == pytest.approx(events[-1].elapsed)
    assert session.steps_left == 0
    assert session.steps_done + session.steps_skipped == len(r.steps)


def test_adjusting_by_zero_changes_nothing(clock: FakeClock) -> None:
    session = Session(routine(reps(5, 2.0), lead_in=0), clock=clock)
    session.start()
    assert session.adjust(0) == []
    assert session.rep_target == 5


def test_cutting_a_rest_step_short_counts_it_as_skipped(clock: FakeClock) -> None:
    session = Session(routine(rest(60.0), hold(10.0)), clock)
    session.start()
    clock.advance(5)
    events = session.next()
    assert [e.skipped for e in events if e.kind is E.PHASE_DONE] == [True]
    assert session.step_status[0] is StepStatus.SKIPPED


# --- following by ear: every phase counted down, reminders that say what is left ----------------


def test_a_reps_phase_counts_down_its_last_three_seconds(clock: FakeClock) -> None:
    session = Session(routine(reps(4, tempo=3), lead_in=0), clock)
    events = tick_until_finished(session, clock, steady(0.25))
    assert [(e.value, e.elapsed) for e in only(events, E.COUNTDOWN)] == [
        (3, 9.0),
        (2, 10.0),
        (1, 11.0),
    ]
    # ... and the last rep is still counted, on the deadline.
    assert [(e.value, e.elapsed) for e in only(events, E.REP)][-1] == (4, 12.0)


def test_counting_reps_by_hand_moves_the_countdown_with_the_deadline(clock: FakeClock) -> None:
    session = Session(routine(reps(3, tempo=4), lead_in=0), clock)
    session.start()
    clock.advance(1.0)
    session.count_rep()  # 2 reps left from here: the phase now ends at 9 s, not 12 s
    events = tick_until_finished(session, clock, steady(0.25))
    assert [(e.value, e.elapsed) for e in only(events, E.COUNTDOWN)] == [
        (3, 6.0),
        (2, 7.0),
        (1, 8.0),
    ]
    assert only(events, E.PHASE_DONE)[0].elapsed == 9.0


def test_a_rep_more_moves_the_countdown_too(clock: FakeClock) -> None:
    session = Session(routine(reps(2, tempo=3), lead_in=0), clock)
    session.start()
    advance_to(session, clock, 4.0)  # "3" is due at 3 s and has been heard
    session.adjust(10)  # one rep more: the end moves from 6 s to 9 s
    events = tick_until_finished(session, clock, steady(0.25))
    assert [(e.value, e.elapsed) for e in only(events, E.COUNTDOWN)] == [
        (3, 6.0),
        (2, 7.0),
        (1, 8.0),
    ]


def test_a_reminder_says_how_long_is_left(clock: FakeClock) -> None:
    session = Session(routine(timer(15 * 60, remind_every=5 * 60), lead_in=0), clock)
    session.start()
    advance_to(session, clock, 60.0)
    session.adjust(60)  # a minute more, so the reminders say so
    events = tick_until_finished(session, clock, steady(7.0))
    assert [(e.value, e.left) for e in only(events, E.REMINDER)] == [
        (1, 660.0),
        (2, 360.0),
        (3, 60.0),
    ]


def test_lead_ins_grow_each_get_ready_and_nothing_else(clock: FakeClock) -> None:
    r = routine(
        hold(30, sides=StepSides.EACH), rest(10), reps(5, sets=2, rest_between=4), lead_in=5
    )
    session = Session(r, clock, lead_ins=[12.0, 40.0, 3.0])
    durations = [(p.kind.value, p.step_index, p.duration) for p in session.phases]
    assert durations == [
        ("get_ready", 0, 12.0),
        ("work", 0, 30.0),
        ("switch_sides", 0, 5.0),  # the switch takes the routine's lead-in, not the grown one
        ("work", 0, 30.0),
        ("work", 1, 10.0),  # a rest step has no get-ready to grow
        ("get_ready", 2, 5.0),  # never shorter than the routine's lead-in
        ("work", 2, 15.0),
        ("rest", 2, 4.0),
        ("work", 2, 15.0),
    ]
    assert total_time(r, [12.0, 40.0, 3.0]) == session.remaining == 12 + 60 + 5 + 10 + 5 + 34
    # A lead-in of 0 means no get-ready at all: the sound cannot add one.
    assert plan(routine(hold(30), lead_in=0), [9.0])[0].kind is PhaseKind.WORK


def test_lead_ins_fit_before_the_start_only(clock: FakeClock) -> None:
    session = Session(routine(hold(30), hold(20)), clock)
    session.fit_lead_ins([8.0, 6.5])
    assert [p.duration for p in session.phases] == [8.0, 30.0, 6.5, 20.0]
    session.start()
    with pytest.raises(RuntimeError):
        session.fit_lead_ins([9.0, 9.0])
    with pytest.raises(ValueError, match="3 lead-ins for 2 steps"):
        plan(session.routine, [1.0, 2.0, 3.0])


# --- a longer first get-ready, for the safety notes ---------------------------------------------


def test_the_first_get_ready_can_be_made_longer(clock: FakeClock) -> None:
    session = Session(routine(hold(30), hold(30), lead_in=5), clock, first_get_ready=20)
    assert [p.duration for p in session.phases] == [25, 30, 5, 30]
    assert session.total == pytest.approx(total_time(session.routine) + 20)


def test_without_a_lead_in_a_first_get_ready_is_made(clock: FakeClock) -> None:
    session = Session(routine(rest(10), hold(30), lead_in=0), clock, first_get_ready=12)
    assert [(p.index, p.kind, p.step_index, p.duration) for p in session.phases] == [
        (0, PhaseKind.GET_READY, 0, 12),
        (1, PhaseKind.WORK, 0, 10),
        (2, PhaseKind.WORK, 1, 30),
    ]
    events = tick_until_finished(session, clock, steady(0.5))
    assert only(events, E.SESSION_DONE)[0].elapsed == pytest.approx(52)
    assert session.step_status == [StepStatus.DONE, StepStatus.DONE]


def test_the_total_every_display_shows_is_the_session_s_own(clock: FakeClock) -> None:
    from dataclasses import replace

    from backcare_tui.core.phases import session_total
    from backcare_tui.core.safety import reading_time

    plain = routine(hold(30), hold(30), lead_in=5)
    noted = replace(plain, safety=("Stop if it hurts, and see someone if it stays.",))
    assert session_total(plain) == total_time(plain)  # no notes: nothing to read
    reading = reading_time(noted.safety)
    session = Session(noted, clock, first_get_ready=reading)
    assert session_total(noted) == pytest.approx(session.total)
    assert session_total(noted) == pytest.approx(total_time(noted) + reading)
    # Words that take longer than the reading win, and the total follows them.
    spoken = Session(noted, clock, lead_ins=[60.0, 5.0], first_get_ready=reading)
    assert session_total(noted, [60.0, 5.0]) == pytest.approx(spoken.total)


def test_the_next_reminder_is_where_the_engine_will_give_it(clock: FakeClock) -> None:
    session = Session(routine(timer(125, remind_every=60), lead_in=0), clock)
    session.start()
    assert (session.reminders_given, session.next_reminder_at) == (0, 60)
    events = advance_to(session, clock, 61)
    assert [e.elapsed for e in only(events, E.REMINDER)] == [pytest.approx(60)]
    assert (session.reminders_given, session.next_reminder_at) == (1, 120)
    events = advance_to(session, clock, 124.5)
    assert [e.elapsed for e in only(events, E.REMINDER)] == [pytest.approx(120)]
    assert session.next_reminder_at is None  # 180 s is past the end
