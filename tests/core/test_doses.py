"""What the summary's ``s`` saves: the dose each step was last used at, side by side, exactly."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from backcare_tui.core.doses import DoseChange, with_doses_used
from backcare_tui.core.events import EventKind
from backcare_tui.core.phases import Phase, PhaseKind, Side
from backcare_tui.core.routine import Routine, Step, StepKind, StepSides
from backcare_tui.core.session import Session
from tests.core.steps import breathe, hold, reps, rest, routine, timer
from tests.fakes import FakeClock
from tests.strategies import routines


def run_to(
    session: Session, clock: FakeClock, step: int, kind: PhaseKind, set_number: int = 1
) -> None:
    """Let the clock run until the session is in the phase asked for."""
    if not session.started:
        session.start()
    while not (
        session.phase.step_index == step
        and session.phase.kind is kind
        and session.phase.set_number == set_number
    ):
        clock.advance(0.25)
        session.update()
        assert not session.finished


def finish(session: Session, clock: FakeClock) -> None:
    while not session.finished:
        clock.advance(0.5)
        session.update()


def test_the_issue_plank_held_longer_in_the_only_set_reached(clock: FakeClock) -> None:
    # Plank set 1 held 40 s instead of 30 s, then stopped before set 2: an average over both
    # sets said 35 s; what was used is 40 s.
    session = Session(routine(hold(30, name="Plank", sets=2, rest_between=15)), clock)
    run_to(session, clock, 0, PhaseKind.WORK)
    session.adjust(10)
    run_to(session, clock, 0, PhaseKind.REST, set_number=2)  # set 1 done at 40 s; stopped here
    saved, changes = with_doses_used(session)
    assert saved.steps[0].duration == 40
    assert [str(c) for c in changes] == ["Plank 30 s → 40 s"]


def test_the_issue_glute_bridge_set_two_at_eleven(clock: FakeClock) -> None:
    session = Session(
        routine(reps(12, tempo=1, name="Glute bridge", sets=2, rest_between=5)), clock
    )
    run_to(session, clock, 0, PhaseKind.WORK, set_number=2)
    session.adjust(-10)  # one rep fewer in set 2
    finish(session, clock)
    saved, changes = with_doses_used(session)
    assert saved.steps[0].reps == 11
    assert changes == [DoseChange("Glute bridge", "12 reps", "11 reps")]


def test_a_set_skipped_untouched_says_nothing_about_the_dose(clock: FakeClock) -> None:
    session = Session(routine(hold(30, name="Plank", sets=2, rest_between=5)), clock)
    run_to(session, clock, 0, PhaseKind.WORK)
    session.adjust(10)
    run_to(session, clock, 0, PhaseKind.WORK, set_number=2)
    session.next()  # set 2 skipped at once
    saved, _ = with_doses_used(session)
    assert saved.steps[0].duration == 40


def test_the_last_set_done_wins_over_an_earlier_changed_one(clock: FakeClock) -> None:
    session = Session(routine(hold(30, name="Plank", sets=2, rest_between=5)), clock)
    run_to(session, clock, 0, PhaseKind.WORK)
    session.adjust(10)
    finish(session, clock)  # set 2 held the 30 s it asked for
    saved, changes = with_doses_used(session)
    assert saved.steps[0].duration == 30
    assert changes == []


def test_minus_that_ends_a_hold_saves_the_time_held(clock: FakeClock) -> None:
    session = Session(routine(hold(30, name="Plank")), clock)
    run_to(session, clock, 0, PhaseKind.WORK)
    clock.advance(22)
    session.update()
    session.adjust(-10)  # 8 s left: ends it, held 22 s
    saved, changes = with_doses_used(session)
    assert saved.steps[0].duration == 22
    assert [str(c) for c in changes] == ["Plank 30 s → 22 s"]


def test_sides_that_differ_are_saved_as_a_step_each(clock: FakeClock) -> None:
    side_plank = hold(30, name="Side plank", sides=StepSides.EACH, instructions="On one elbow.")
    session = Session(routine(side_plank, rest(10)), clock)
    run_to(session, clock, 0, PhaseKind.WORK)
    session.adjust(10)  # the left side held 40 s, the right the 30 s asked for
    finish(session, clock)
    saved, changes = with_doses_used(session)
    left, right, after = saved.steps
    assert (left.name, left.sides, left.duration) == ("Side plank (left)", StepSides.NONE, 40)
    assert (right.name, right.sides, right.duration) == ("Side plank (right)", StepSides.NONE, 30)
    assert left.instructions == right.instructions == "On one elbow."
    assert after == session.routine.steps[1]
    assert [str(c) for c in changes] == [
        "Side plank 30 s per side → left 40 s, right 30 s (saved as two steps, left then right)"
    ]


def test_sides_changed_alike_stay_one_step(clock: FakeClock) -> None:
    session = Session(routine(reps(10, tempo=1, name="Clam", sides=StepSides.EACH)), clock)
    run_to(session, clock, 0, PhaseKind.WORK)
    session.adjust(10)
    while not (session.phase.kind is PhaseKind.WORK and session.phase.side is Side.RIGHT):
        clock.advance(0.5)
        session.update()
    session.adjust(10)
    finish(session, clock)
    saved, changes = with_doses_used(session)
    assert (saved.steps[0].reps, saved.steps[0].sides) == (11, StepSides.EACH)
    assert [str(c) for c in changes] == ["Clam 10 reps per side → 11 reps per side"]


def test_alternating_reps_change_by_a_rep_on_each_side(clock: FakeClock) -> None:
    session = Session(routine(reps(8, tempo=1, name="Bird dog", sides=StepSides.ALTERNATE)), clock)
    run_to(session, clock, 0, PhaseKind.WORK)
    session.adjust(10)
    assert session.rep_target == 18  # one more on the left and one more on the right
    finish(session, clock)
    saved, changes = with_doses_used(session)
    assert saved.steps[0].reps == 9
    assert [str(c) for c in changes] == ["Bird dog 8 reps per side → 9 reps per side"]


def test_breaths_change_a_breath_at_a_time(clock: FakeClock) -> None:
    session = Session(routine(breathe(name="Slow breathing", cycles=6, inhale=4, exhale=6)), clock)
    run_to(session, clock, 0, PhaseKind.WORK)
    session.adjust(10)
    assert session.phase_duration == 70  # seven breaths of 10 s
    finish(session, clock)
    saved, changes = with_doses_used(session)
    assert saved.steps[0].cycles == 7
    assert [str(c) for c in changes] == ["Slow breathing 6 breaths → 7 breaths"]


def test_a_timer_shortened_below_its_reminder_interval_drops_the_reminders(
    clock: FakeClock,
) -> None:
    session = Session(routine(timer(30, remind_every=20, name="Ice")), clock)
    run_to(session, clock, 0, PhaseKind.WORK)
    session.adjust(-10)
    finish(session, clock)
    saved, _ = with_doses_used(session)
    assert (saved.steps[0].duration, saved.steps[0].remind_every) == (20, None)


def test_nothing_used_changes_nothing(clock: FakeClock) -> None:
    session = Session(routine(hold(30), reps(5)), clock)
    session.start()
    saved, changes = with_doses_used(session)
    assert saved == session.routine and changes == []


# --- any routine, any keys ----------------------------------------------------------------------

KEYS = ["more", "more", "less", "less", "next", "next", "next", "back", "restart", "rep", "pause"]
"""The keys, + - and n oftener: they take a session through its sets and change doses."""
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("wait"), st.floats(min_value=0.05, max_value=40)),
        st.tuples(st.sampled_from(KEYS), st.just(0.0)),
    ),
    max_size=60,
)


@st.composite
def _short_step(draw: st.DrawFn) -> Step:
    """A step of a few seconds, so that a few dozen keys and waits take a session through it."""
    kind = draw(st.sampled_from([StepKind.HOLD, StepKind.REPS, StepKind.TIMER, StepKind.BREATHE]))
    sets = draw(st.integers(1, 3))
    rest_between = draw(st.sampled_from([0.0, 2.0, 3.5]))
    name = draw(st.sampled_from(["Plank", "Bird dog", "Clam", "A" * 80]))
    if kind is StepKind.REPS:
        sides = draw(st.sampled_from(list(StepSides)))
        return reps(
            draw(st.integers(1, 8)),
            tempo=draw(st.sampled_from([0.5, 1.0, 2.5])),
            name=name,
            sides=sides,
            sets=sets,
            rest_between=rest_between,
        )
    if kind is StepKind.BREATHE:
        if draw(st.booleans()):
            return breathe(name=name, cycles=draw(st.integers(1, 4)), inhale=2, exhale=3, sets=sets)
        return breathe(name=name, duration=draw(st.sampled_from([6.0, 12.5])), inhale=2, exhale=3)
    duration = draw(st.sampled_from([3.0, 7.5, 12.0, 25.0]))
    sides = draw(st.sampled_from([StepSides.NONE, StepSides.EACH]))
    if kind is StepKind.TIMER:
        return Step(
            name=name,
            kind=kind,
            duration=duration,
            sides=sides,
            sets=sets,
            remind_every=draw(st.sampled_from([None, 2.0])) if duration > 2 else None,
        )
    return hold(duration, name=name, sides=sides, sets=sets, rest_between=rest_between)


SHORT_ROUTINES = st.builds(
    lambda steps, lead_in: routine(*steps, lead_in=lead_in),
    st.lists(st.one_of(_short_step(), st.just(rest(4))), min_size=1, max_size=4),
    st.sampled_from([0.0, 2.0, 5.0]),
)
"""Short routines, most of whose sets a generated run reaches; any routine at all comes too."""


def _dose_now(session: Session) -> float:
    return float(session.rep_target) if session.phase.is_reps else session.phase_duration


def _in_step_terms(step: Step, used: float) -> float:
    """A run's dose as the routine writes it: reps per side, breaths, or whole seconds."""
    if step.kind is StepKind.REPS:
        per_side = math.ceil(used / 2) if step.sides is StepSides.ALTERNATE else round(used)
        runs = 2 if step.sides is StepSides.ALTERNATE else 1
        return max(1, min(500, math.floor(3600 / (step.tempo * runs)), per_side))
    if step.kind is StepKind.BREATHE and step.cycles is not None:
        return max(
            1, min(500, math.floor(3600 / step.breath_cycle), round(used / step.breath_cycle))
        )
    if math.isclose(used, step.duration or 0.0, abs_tol=1e-6):
        return step.duration or 0.0
    limit = 4 * 3600 if step.kind is StepKind.TIMER else 3600
    return max(1, min(limit, round(used)))


def _saved_dose(step: Step) -> float:
    if step.kind is StepKind.REPS:
        return float(step.reps or 0)
    if step.kind is StepKind.BREATHE and step.cycles is not None:
        return float(step.cycles)
    return step.duration or 0.0


def _used_by_watching(
    session: Session, clock: FakeClock, actions: list[tuple[str, float]]
) -> dict[tuple[int, Side | None], float]:
    """Run ``actions`` and note, as a person watching the screen would, the dose of each set
    when it ended or was changed: the last note per step and side is what was used."""
    used: dict[tuple[int, Side | None], float] = {}

    def note(phase: Phase, dose: float) -> None:
        if phase.is_work:
            used.pop((phase.step_index, phase.side), None)
            used[(phase.step_index, phase.side)] = _in_step_terms(phase.step, dose)

    session.start()
    for action, seconds in actions:
        if session.finished:
            break
        before, dose_before = session.phase, _dose_now(session)
        held, counted = session.phase_elapsed, session.rep_count
        if action == "wait":
            clock.advance(seconds)
            events = session.update()
        else:
            call = {
                "more": lambda: session.adjust(10),
                "less": lambda: session.adjust(-10),
                "next": session.next,
                "back": session.previous,
                "restart": session.restart_step,
                "rep": session.count_rep,
                "pause": session.toggle_pause,
            }[action]
            events = call()
        for event in events:
            done = event.kind is EventKind.PHASE_DONE and not event.skipped
            if (
                done
                and event.phase is before
                and action in ("less",)
                and not any(e.kind is EventKind.ADJUSTED for e in events)
            ):
                # - brought the end forward to now: what was held, or the reps counted.
                note(before, float(counted) if before.is_reps else held)
            elif done and event.phase is before:
                note(before, dose_before)
            elif done:
                note(
                    event.phase,
                    float(event.phase.reps) if event.phase.is_reps else event.phase.duration,
                )
            if event.kind is EventKind.ADJUSTED:
                note(session.phase, _dose_now(session))
    return used


def _expected_steps(
    routine: Routine, used: dict[tuple[int, Side | None], float]
) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for index, step in enumerate(routine.steps):
        planned = _saved_dose(step)
        if step.kind is StepKind.REST:
            out.append((step.name, planned))
        elif step.sides is StepSides.EACH:
            left = used.get((index, Side.LEFT), planned)
            right = used.get((index, Side.RIGHT), planned)
            if left != right:
                out += [(f"{step.name[:73]} (left)", left), (f"{step.name[:72]} (right)", right)]
            else:
                out.append((step.name, left))
        else:
            out.append((step.name, used.get((index, None), planned)))
    return out


@settings(max_examples=150, deadline=None)
@given(routine_=st.one_of(SHORT_ROUTINES, routines()), actions=ACTIONS)
def test_the_saved_dose_is_the_dose_of_the_last_set_used(
    routine_: Routine, actions: list[tuple[str, float]]
) -> None:
    clock = FakeClock()
    session = Session(routine_, clock)
    used = _used_by_watching(session, clock, actions)
    saved, changes = with_doses_used(session)
    assert [(s.name, _saved_dose(s)) for s in saved.steps] == _expected_steps(routine_, used)
    assert len(changes) == sum(
        1
        for index, step in enumerate(routine_.steps)
        if any(dose != _saved_dose(step) for (i, _), dose in used.items() if i == index)
        or (
            step.sides is StepSides.EACH
            and used.get((index, Side.LEFT), _saved_dose(step))
            != used.get((index, Side.RIGHT), _saved_dose(step))
        )
    )


def test_a_dose_past_its_progress_max_keeps_room_to_grow_and_loads_back(
    clock: FakeClock,
) -> None:
    from dataclasses import replace

    from backcare_tui.core.loader import parse_routine
    from backcare_tui.core.routine import Progress
    from backcare_tui.core.routine_toml import routine_to_toml

    plank = replace(hold(30, name="Plank"), progress=Progress(add=5, most=40))
    session = Session(routine(plank), clock)
    run_to(session, clock, 0, PhaseKind.WORK)
    session.adjust(10)
    session.adjust(10)  # 50 s: past the rule's max of 40 s
    finish(session, clock)
    saved, _ = with_doses_used(session)
    assert saved.steps[0].duration == 50
    assert saved.steps[0].progress == Progress(add=5, most=55)
    again = parse_routine(routine_to_toml(saved), "p.toml")  # as saving checks it
    assert again.steps[0].progress == Progress(add=5, most=55)
