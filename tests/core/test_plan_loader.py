"""Plan files: what the plan loader accepts, and the words and places of what it refuses."""

from __future__ import annotations

import pytest

from backcare_tui.core.plan import Cadence, Plan, PlanItem, default_plan
from backcare_tui.core.plan_loader import parse_plan, weekday
from backcare_tui.core.routine import RoutineLoadError

KNOWN = {"core-strength", "post-run-stretch", "quick-relief", "recovery", "hill-mobility"}

GOOD = """\
name = "Spring base"
rest_days = ["sunday"]
stiff_from = 5

[[routines]]
id = "core-strength"
per_week = 2

[[routines]]
id = "post-run-stretch"
when = "after-run"

[[routines]]
id = "quick-relief"
when = "stiff-day"

[[routines]]
id = "hill-mobility"
days = ["Tue", "saturday"]
"""


def problems(text: str | bytes) -> list[str]:
    with pytest.raises(RoutineLoadError) as caught:
        parse_plan(text, "plan.toml", known=KNOWN)
    return [str(e) for e in caught.value.errors]


def test_a_plan_with_every_kind_of_entry_loads() -> None:
    plan = parse_plan(GOOD, "plan.toml", known=KNOWN)
    assert plan == Plan(
        items=(
            PlanItem("core-strength", Cadence.WEEKLY, per_week=2),
            PlanItem("post-run-stretch", Cadence.AFTER_RUN),
            PlanItem("quick-relief", Cadence.STIFF_DAY),
            PlanItem("hill-mobility", Cadence.DAYS, days=(1, 5)),
        ),
        name="Spring base",
        rest_days=(6,),
        stiff_from=5,
        path="plan.toml",
    )
    assert [i.how_often for i in plan.items] == [
        "2 a week",
        "after each run",
        "on a stiff day",
        "on Tue and Sat",
    ]
    assert plan.weekly_target() == 4 and not plan.is_default


def test_every_problem_is_told_with_its_line_and_entry() -> None:
    text = """\
rest_days = ["sundy"]

[[routines]]
id = "core-strenght"
per_week = 9

[[routines]]
id = "post-run-stretch"
when = "after-runs"

[[routines]]
id = "quick-relief"

[[routines]]
id = "recovery"
per_week = 1
days = ["mon"]
evry = 2
"""
    assert problems(text) == [
        'plan.toml:1: rest_days names "sundy", which is not a weekday; did you mean "sunday"?',
        'plan.toml:4: routine 1 "core-strenght": id is not a known routine; did you mean "core-strength"?',
        'plan.toml:5: routine 1 "core-strenght": per_week must be a whole number from 1 to 7, got 9',
        'plan.toml:9: routine 2 "post-run-stretch": when must be one of "after-run", "after-hard-run", "stiff-day", got "after-runs"; did you mean "after-run"?',
        'plan.toml:11: routine 3 "quick-relief": needs one of per_week (such as 2), days (such as ["tue", "sat"]) or when ("after-run", "after-hard-run" or "stiff-day")',
        'plan.toml:17: routine 4 "recovery": per_week and days both set; give one of per_week, days or when',
        'plan.toml:18: routine 4 "recovery": evry is not a known key; known keys: id, per_week, days, when',
    ]


def test_rest_days_and_the_routines_must_fit_in_a_week() -> None:
    assert problems(
        'rest_days = ["sat", "sun"]\n[[routines]]\nid = "core-strength"\nper_week = 6\n'
    ) == [
        'plan.toml:4: routine 1 "core-strength": per_week asks for 6 a week, but only 5 days are not rest days'
    ]
    assert problems('rest_days = ["sun"]\n[[routines]]\nid = "recovery"\ndays = ["sun"]\n') == [
        'plan.toml:4: routine 1 "recovery": days names sunday, which the plan\'s rest_days keep free'
    ]
    every_day = '", "'.join(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    assert (
        "rest_days cannot be every day of the week"
        in problems(
            f'rest_days = ["{every_day}"]\n[[routines]]\nid = "recovery"\nwhen = "after-run"\n'
        )[0]
    )


def test_the_same_entry_twice_is_refused_but_two_ways_for_one_routine_are_fine() -> None:
    twice = '[[routines]]\nid = "recovery"\nwhen = "after-run"\n' * 2
    assert problems(twice) == [
        'plan.toml:5: routine 2 "recovery": id is already in the plan the same way (routine 1)'
    ]
    two_ways = '[[routines]]\nid = "recovery"\nwhen = "after-hard-run"\n[[routines]]\nid = "recovery"\nper_week = 1\n'
    assert len(parse_plan(two_ways, "p", known=KNOWN).items) == 2


def test_broken_files_are_told_like_routines() -> None:
    assert problems("") == ["plan.toml: is empty; a plan needs at least one [[routines]]"]
    assert problems('name = "x"\n') == [
        "plan.toml: routines are missing: add at least one [[routines]] table"
    ]
    assert problems("[[routines]\n") == ["plan.toml:1: a [[routines]] header must end with ]]"]
    assert problems(b"\xff")[0] == "plan.toml:1: is not UTF-8 text (byte 0xff); save it as UTF-8"
    assert problems('stif_from = 3\n[[routines]]\nid = "recovery"\nwhen = "stiff-day"\n') == [
        "plan.toml:1: stif_from is not a known key; did you mean `stiff_from`?"
    ]


def test_weekdays_are_read_in_any_case_short_or_long() -> None:
    assert [weekday(w) for w in ("Mon", "monday", "SUN", "sunday ", "mo")] == [0, 0, 6, 6, None]


def test_the_default_plan_follows_the_guidance_with_the_builtins_there_are() -> None:
    plan = default_plan(KNOWN)
    assert plan.is_default
    assert [(i.routine_id, i.how_often) for i in plan.items] == [
        ("post-run-stretch", "after each run"),
        ("recovery", "after a hard run"),
        ("quick-relief", "on a stiff day"),
        ("core-strength", "2 a week"),
    ]
    assert [i.routine_id for i in default_plan({"core-strength"}).items] == ["core-strength"]


def test_control_characters_are_refused_as_in_routines() -> None:
    text = 'name = "My \\u001b]0;owned\\u0007 plan"\n[[routines]]\nid = "quick-relief"\nwhen = "stiff-day"\n'
    (message,) = problems(text)
    assert message.startswith("plan.toml:1: name holds a control character (\\u001b)")
    assert "\x1b" not in message
    raw = 'name = "x"\n[[routines]]\nid = "a\x1bb"\nper_week = 1\n'
    assert "\x1b" not in " ".join(problems(raw))
