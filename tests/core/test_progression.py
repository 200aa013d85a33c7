"""Progression gated on the back: levels replayed from a journal with injected dates."""

from __future__ import annotations

from backcare_tui.core.journal import Checkin, LevelUsed, Run, SessionDone
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.progression import (
    Move,
    Response,
    StepProgress,
    dose_at,
    dosed,
    judge,
    progress_of,
    rule_words,
    top_level,
    with_level,
)
from backcare_tui.core.routine import Routine
from tests.core.program_journal import checkin, journal, played, session

CORE = parse_routine(
    """
name = "Core"
[[steps]]
name = "Plank"
kind = "hold"
duration = "30s"
progress = { every = 2, add = "5s", max = "45s" }

[[steps]]
name = "Bridge"
kind = "reps"
reps = 10
progress = { every = 1, add = 2, max = 13 }

[[steps]]
name = "Rest"
kind = "rest"
duration = 20
""",
    "core.toml",
)
PLANK, BRIDGE = 0, 1


def plank(routine: Routine, *items: SessionDone | Checkin | Run) -> StepProgress:
    return progress_of(routine, played(routine, *items))[PLANK]


def test_doses_grow_by_add_per_level_and_stop_at_max() -> None:
    step = CORE.steps[PLANK]
    assert [dose_at(step, n) for n in range(5)] == [30, 35, 40, 45, 45]
    assert top_level(step) == 3
    assert top_level(CORE.steps[BRIDGE]) == 2  # 10, 12, then 13 (not 14)
    assert with_level(CORE.steps[BRIDGE], 2).reps == 13
    assert with_level(step, 1).duration == 35
    assert dosed(CORE, {PLANK: 2}).steps[PLANK].duration == 40
    assert dosed(CORE, {PLANK: 2}).steps[BRIDGE] == CORE.steps[BRIDGE]
    assert rule_words(step) == "+5 s every 2 good sessions, up to 45 s"
    assert rule_words(CORE.steps[BRIDGE]) == "+2 reps every good session, up to 13 reps"


def test_two_good_sessions_raise_the_dose_and_say_why() -> None:
    first = progress_of(CORE, played(CORE, session(0, before=4, after=3)))[PLANK]
    assert first.level == 0 and first.move is Move.COUNTING
    assert first.sentence() == "Plank stays 30 s: 1 more good session and it grows to 35 s"
    second = progress_of(
        CORE, played(CORE, session(0, before=4, after=3), session(2, before=3, after=3))
    )[PLANK]
    assert second.level == 1 and second.dose == 35
    assert (
        second.sentence() == "Plank 35 s next time: your back was fine after the last two sessions"
    )


def test_a_stiffer_session_holds_the_dose_and_starts_the_count_again() -> None:
    state = plank(
        CORE,
        session(0, before=3, after=3),
        session(1, before=3, after=5),
        session(2, before=3, after=2),
    )
    assert state.level == 0 and state.good_in_row == 1
    held = plank(CORE, session(0, before=3, after=3), session(1, before=3, after=5))
    assert held.move is Move.HELD
    assert held.sentence() == "Plank stays 30 s: your back was stiffer after it (3, then 5)"


def test_two_stiffer_sessions_in_a_row_step_back_one_level() -> None:
    good = [session(d, before=2, after=2) for d in (0, 2, 4, 6)]  # level 2: 40 s
    state = plank(CORE, *good, session(7, before=2, after=4), session(8, before=3, after=4))
    assert state.level == 1 and state.move is Move.DOWN
    assert (
        state.sentence()
        == "Plank back to 35 s next time: your back was stiffer after the last two sessions"
    )
    # A good one between two stiffer ones breaks the run: no step back.
    broken = plank(
        CORE,
        *good,
        session(7, before=2, after=4),
        session(8, before=2, after=2),
        session(9, before=2, after=4),
    )
    assert broken.level == 2


def test_at_the_base_two_stiffer_sessions_leave_it_there() -> None:
    state = plank(CORE, session(0, before=2, after=4), session(1, before=2, after=3))
    assert state.level == 0 and state.move is Move.HELD


def test_a_stiffer_next_morning_counts_as_a_stiffer_session() -> None:
    items: list[SessionDone | Checkin | Run] = [
        session(0, before=3, after=2),
        checkin(1, 5),
        session(2, before=4, after=4),
    ]
    assert (
        judge(played(CORE, *items).sessions[0], played(CORE, *items)).response is Response.STIFFER
    )
    state = plank(CORE, *items)
    assert state.level == 0 and state.good_in_row == 1
    # The same morning, no higher than before the session: fine.
    fine = plank(CORE, session(0, before=3, after=2), checkin(1, 3), session(2, before=3, after=3))
    assert fine.level == 1


def test_a_check_in_just_before_or_after_a_session_stands_for_its_rating() -> None:
    items: list[SessionDone | Checkin | Run] = [
        checkin(0, 4, hour=17),
        session(0, hour=18),
        checkin(0, 3, hour=19),
        checkin(2, 3, hour=17),
        session(2, hour=18),
        checkin(2, 2, hour=19),
    ]
    state = plank(CORE, *items)
    assert state.level == 1
    # Hours later it is a check-in of its own, not the session's rating.
    late = played(CORE, session(0, hour=8), checkin(0, 5, hour=14))
    assert late.after_rating(late.sessions[0]) is None


def test_unrated_sessions_count_neither_way() -> None:
    state = plank(CORE, session(0), session(1), session(2))
    assert state.level == 0 and state.move is Move.UNRATED
    assert "rate your stiffness" in state.sentence()


def test_a_high_rating_holds_progression_and_names_the_red_flag() -> None:
    state = plank(CORE, session(0, before=5, after=5), session(1, before=7, after=7))
    assert state.level == 0 and state.move is Move.FLAGGED
    assert "red flag (stiffness 7 on Tue 4 Mar)" in state.sentence()


def test_sessions_stopped_early_or_without_the_step_do_not_count() -> None:
    state = plank(
        CORE,
        session(0, before=2, after=2, counted=False),
        session(1, before=2, after=2, done=("Bridge",)),
        session(2, before=2, after=2),
    )
    assert state.level == 0 and state.good_in_row == 1


def test_sessions_from_before_the_rule_do_not_raise_it_at_once() -> None:
    old = [session(d, before=2, after=2, levels={}) for d in range(6)]
    history = journal(*old)
    assert progress_of(CORE, history)[PLANK].level == 0
    assert progress_of(CORE, history)[PLANK].move is Move.NONE


def test_the_recorded_level_is_the_truth_and_a_new_base_starts_again() -> None:
    recorded = journal(session(0, before=2, after=2, levels={"Plank": (2, 30.0)}))
    assert progress_of(CORE, recorded)[PLANK].level == 2
    moved = journal(session(0, before=2, after=2, levels={"Plank": (2, 25.0)}))
    state = progress_of(CORE, moved)[PLANK]
    assert state.level == 0 and state.move is Move.RESTARTED
    assert (
        state.sentence()
        == "Plank stays 30 s: its dose in the file changed, so it starts from there"
    )


def test_the_dose_stops_at_max() -> None:
    good = [session(d, before=2, after=2) for d in range(0, 16, 2)]
    state = plank(CORE, *good)
    assert state.level == 3 and state.dose == 45 and state.move is Move.AT_MAX
    assert state.sentence() == "Plank stays 45 s: that is its max (45 s)"


def test_reps_grow_every_good_session() -> None:
    history = played(CORE, session(0, before=2, after=2), session(1, before=2, after=1))
    bridge = progress_of(CORE, history)[BRIDGE]
    assert bridge.level == 2 and bridge.dosed.reps == 13
    assert (
        bridge.sentence() == "Bridge 13 reps next time: your back was fine after the last session"
    )


def test_levels_are_stored_per_session_by_step_name() -> None:
    history = played(CORE, session(0, before=2, after=2), session(1, before=2, after=2))
    assert history.sessions[1].levels == {"Plank": LevelUsed(0, 30.0), "Bridge": LevelUsed(1, 10.0)}


def test_the_morning_check_in_is_offered_the_day_after_a_counted_session() -> None:
    from tests.core.program_journal import at

    history = journal(session(0, before=3, after=2))
    assert history.morning_due(at(1, 7)) == history.sessions[0]
    assert history.morning_due(at(0, 22)) is None  # the same evening: not the morning after
    assert history.morning_due(at(2, 7)) is None  # two days on: not the next morning
    answered = journal(session(0, before=3, after=2), checkin(1, 3, hour=6))
    assert answered.morning_due(at(1, 7)) is None
    stopped = journal(session(0, before=3, counted=False))
    assert stopped.morning_due(at(1, 7)) is None
