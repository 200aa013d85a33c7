"""Figures over weeks: sessions against the plan, week by week, and stiffness day by day."""

from __future__ import annotations

from datetime import date

from backcare_tui.core.plan import Cadence, Plan, PlanItem
from backcare_tui.core.trends import StiffnessDay, adherence, stiffness_days, weeks
from tests.core.program_journal import MONDAY, checkin, journal, run, session

PLAN = Plan(
    items=(
        PlanItem("core", Cadence.WEEKLY, per_week=2),
        PlanItem("stretch", Cadence.AFTER_RUN),
        PlanItem("relief", Cadence.STIFF_DAY),
        PlanItem("hills", Cadence.DAYS, days=(1,)),
    ),
    path="plan.toml",
)
FIRST = MONDAY.date()


def test_each_week_tallies_what_the_plan_asked_and_what_was_done() -> None:
    history = journal(
        session(0, "core", hour=9),
        session(2, "core", hour=9),
        session(4, "core", hour=9),
        run(1, 8, hour=7),
        session(1, "stretch", hour=8),
        run(3, 5, hour=7),
        session(3, "stretch", hour=6),  # before the run: does not count
        checkin(2, 6, hour=7),
        session(2, "relief", hour=8),
        session(1, "hills", hour=12),
        session(8, "core", hour=9, counted=False),  # stopped early
    )
    (first, second) = weeks(PLAN, history, FIRST, date(2025, 3, 11))
    assert [(t.item.routine_id, t.done, t.target) for t in first.tallies] == [
        ("core", 2, 2),
        ("stretch", 1, 2),
        ("relief", 1, 1),
        ("hills", 1, 1),
    ]
    assert first.extra == 2  # the third core session and the stretch before a run
    assert (first.done, first.target, first.partial) == (5, 6, False)
    assert second.partial and second.monday == date(2025, 3, 10)
    assert [(t.done, t.target) for t in second.tallies] == [(0, 2), (0, 0), (0, 0), (0, 1)]
    # A week cut at the start asks for its share of a weekly target: Thursday on, 4 of 7 days.
    (cut,) = weeks(PLAN, history, date(2025, 3, 6), date(2025, 3, 9))
    assert cut.partial and cut.tallies[0].target == 1
    assert adherence([first, second]) == 5 / 6  # the week under way is left out


def test_no_week_asked_anything_means_no_adherence_figure() -> None:
    assert adherence(weeks(PLAN, journal(), FIRST, date(2025, 3, 5))) is None


def test_stiffness_by_day_keeps_before_after_and_check_ins_apart() -> None:
    history = journal(
        session(0, "core", before=4, after=3),
        checkin(1, 5, hour=8),
        checkin(2, 4, hour=17),
        session(2, "core", hour=18),
        checkin(2, 2, hour=19),
    )
    assert stiffness_days(history, FIRST, date(2025, 3, 9)) == [
        StiffnessDay(date(2025, 3, 3), before=4, after=3),
        StiffnessDay(date(2025, 3, 4), checkin=5),
        StiffnessDay(date(2025, 3, 5), before=4, after=2),
    ]
    assert stiffness_days(history, date(2025, 3, 4), date(2025, 3, 4)) == [
        StiffnessDay(date(2025, 3, 4), checkin=5)
    ]
