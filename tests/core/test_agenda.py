"""What is due today and why, over simulated weeks (Mon 3 Mar 2025 is day 0)."""

from __future__ import annotations

from datetime import date

from backcare_tui.core.agenda import State, agenda
from backcare_tui.core.plan import Cadence, Plan, PlanItem, default_plan
from tests.core.program_journal import at, checkin, journal, run, session

PLAN = default_plan({"core-strength", "post-run-stretch", "quick-relief", "recovery"})


def states(
    day: int, *items: object, plan: Plan = PLAN, hour: int = 12
) -> dict[str, tuple[str, str]]:
    result = agenda(plan, journal(*items), at(day, hour))  # type: ignore[arg-type]
    return {e.routine_id: (e.state.value, e.reason) for e in result.entries}


def test_a_new_week_with_nothing_done_wants_core_strength() -> None:
    result = agenda(PLAN, journal(), at(0, 9))
    assert [e.routine_id for e in result.due] == ["core-strength"]
    assert result.due[0].reason == "0 of 2 this week"
    assert result.headline() == "core-strength: 0 of 2 this week"
    assert not result.rated_today and result.flag is None
    assert states(0)["post-run-stretch"] == ("not today", "no run logged today")
    assert states(0)["quick-relief"] == ("not today", "no stiffness rating today")


def test_a_run_makes_the_stretch_due_first_until_it_is_done_after_the_run() -> None:
    ran = run(1, 8, hour=7)
    result = agenda(PLAN, journal(ran), at(1, 9))
    assert [e.routine_id for e in result.due] == ["post-run-stretch", "core-strength"]
    assert result.due[0].reason == "after your 8 km run at 07:00"
    # A stretch done before the run does not count for it; one after it does.
    before = session(1, "post-run-stretch", hour=6)
    assert states(1, ran, before)["post-run-stretch"][0] == "due"
    after = session(1, "post-run-stretch", hour=8)
    assert states(1, ran, after)["post-run-stretch"] == (
        "done",
        "done after your 8 km run at 07:00",
    )
    # The next day it is no longer due.
    assert states(2, ran)["post-run-stretch"][0] == "not today"


def test_a_hard_run_adds_recovery_and_moves_strength_to_another_day() -> None:
    hard = run(1, 12, hard=True, hour=7)
    now = states(1, hard)
    assert now["recovery"] == ("due", "after your 12 km hard run at 07:00")
    assert now["post-run-stretch"][0] == "due"
    assert now["core-strength"] == ("not today", "0 of 2 this week; not on a hard-run day")
    # An easy run does not call for recovery.
    assert states(1, run(1, 5))["recovery"] == ("not today", "no hard run logged today")


def test_a_stiff_rating_makes_quick_relief_due_until_done_after_it() -> None:
    assert states(2, checkin(2, 5, hour=8))["quick-relief"] == ("due", "stiffness 5 at 08:00")
    assert states(2, checkin(2, 3, hour=8))["quick-relief"] == (
        "not today",
        "stiffness 3 at 08:00: not a stiff day",
    )
    relief = session(2, "quick-relief", hour=9)
    assert states(2, checkin(2, 5), relief)["quick-relief"][0] == "done"
    # A stiffness after a session counts too: the latest rating of the day decides.
    assert (
        states(2, session(2, "core-strength", hour=9, before=2, after=6))["quick-relief"][0]
        == "due"
    )


def test_two_a_week_leaves_a_day_between_unless_the_week_runs_out() -> None:
    monday = session(0, "core-strength", hour=9)
    assert states(0, monday)["core-strength"] == ("done", "done today (1 of 2 this week)")
    assert states(1, monday)["core-strength"] == (
        "not today",
        "1 of 2 this week; a day's rest after yesterday's session",
    )
    assert states(2, monday)["core-strength"] == ("due", "1 of 2 this week")
    thursday = session(3, "core-strength", hour=9)
    assert states(4, monday, thursday)["core-strength"] == (
        "not today",
        "2 of 2 this week: done for the week",
    )
    # Saturday with one done on Friday: only Sunday is left, so it is due after all.
    friday = session(4, "core-strength", hour=9)
    assert states(5, friday)["core-strength"] == (
        "not today",
        "1 of 2 this week; a day's rest after yesterday's session",
    )
    saturday_late = session(5, "core-strength", hour=9)
    assert states(6, saturday_late)["core-strength"] == (
        "due",
        "1 of 2 this week, the last day of the week",
    )


def test_a_new_week_starts_the_count_again() -> None:
    last_week = [session(d, "core-strength", hour=9) for d in (0, 3)]
    assert states(7, *last_week)["core-strength"] == ("due", "0 of 2 this week")


def test_rest_days_hold_weekly_and_fixed_routines_but_not_a_stretch_after_a_run() -> None:
    plan = Plan(
        items=(
            PlanItem("core-strength", Cadence.WEEKLY, per_week=2),
            PlanItem("hills", Cadence.DAYS, days=(1, 5)),
            PlanItem("post-run-stretch", Cadence.AFTER_RUN),
        ),
        rest_days=(6,),
        path="plan.toml",
    )
    sunday = agenda(plan, journal(run(6, 5)), at(6, 12))
    assert sunday.rest_day
    assert [e.routine_id for e in sunday.due] == ["post-run-stretch"]
    assert states(6, plan=plan)["core-strength"] == (
        "not today",
        "0 of 2 this week; today is a rest day",
    )
    assert states(1, plan=plan)["hills"] == ("due", "Tuesday is one of its days")
    assert states(2, plan=plan)["hills"] == ("not today", "on Tue and Sat")
    assert states(1, session(1, "hills", hour=9), plan=plan)["hills"] == ("done", "done today")


def test_when_nothing_is_due_it_says_what_comes_next() -> None:
    plan = Plan(items=(PlanItem("hills", Cadence.DAYS, days=(3,)),), path="p")
    result = agenda(plan, journal(), at(0))
    assert not result.due
    assert result.next_due == (date(2025, 3, 6), "hills")
    assert result.headline() == "nothing due; next: hills on Thursday 6 Mar"
    tomorrow = agenda(plan, journal(), at(2))
    assert tomorrow.headline() == "nothing due; next: hills tomorrow"


def test_the_red_flag_is_on_the_agenda() -> None:
    result = agenda(PLAN, journal(checkin(0, 8)), at(0, 12))
    assert result.flag is not None and result.rated_today
    assert [e.state for e in result.entries][0] is State.DUE
