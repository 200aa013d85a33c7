"""The plan file in the config folder, BACKCARE_TODAY, and the plan written as a calendar."""

from __future__ import annotations

import itertools
import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from icalendar import Calendar

from backcare_tui.core.plan import Cadence, Plan, PlanItem
from backcare_tui.data.catalog import load_catalog
from backcare_tui.data.locations import plan_path, user_config_dir
from backcare_tui.data.plan_calendar import PRODID, event_days, plan_calendar, unscheduled
from backcare_tui.data.plan_file import load_plan
from backcare_tui.data.wall_clock import TODAY_VARIABLE, WallClockError, wall_now


def test_the_plan_lives_in_the_config_folder(isolated_dirs: Path) -> None:
    assert plan_path() == user_config_dir() / "plan.toml"
    assert str(plan_path()).startswith(str(isolated_dirs))


def test_no_plan_file_means_the_default_plan() -> None:
    loaded = load_plan(load_catalog())
    assert loaded.plan.is_default and not loaded.broken
    assert [i.routine_id for i in loaded.plan.items] == [
        "post-run-stretch",
        "recovery",
        "quick-relief",
        "core-strength",
    ]


def test_a_broken_plan_file_keeps_its_problems_and_is_not_touched() -> None:
    plan_path().parent.mkdir(parents=True, exist_ok=True)
    text = '[[routines]]\nid = "core-strenght"\nper_week = 2\n'
    plan_path().write_text(text)
    loaded = load_plan(load_catalog())
    assert loaded.broken and loaded.plan.is_default
    assert [str(e) for e in loaded.problems] == [
        f'{plan_path()}:2: routine 1 "core-strenght": id is not a known routine; did you mean "core-strength"?'
    ]
    assert plan_path().read_text() == text


def test_a_plan_may_name_the_users_own_routines_even_a_broken_one() -> None:
    routines = user_config_dir() / "routines"
    routines.mkdir(parents=True)
    (routines / "hills.toml").write_text(
        'name = "Hills"\n[[steps]]\nname = "A"\nkind = "hold"\nduration = 5\n'
    )
    (routines / "wobbly.toml").write_text("name = \n")
    plan_path().write_text(
        '[[routines]]\nid = "hills"\ndays = ["tue"]\n[[routines]]\nid = "wobbly"\nper_week = 1\n'
    )
    loaded = load_plan(load_catalog())
    assert not loaded.broken
    assert [i.routine_id for i in loaded.plan.items] == ["hills", "wobbly"]


def test_a_plan_path_that_is_a_folder_or_a_pipe_is_refused_without_blocking() -> None:
    plan_path().mkdir(parents=True)
    assert "is a folder" in str(load_plan(load_catalog()).problems[0])
    plan_path().rmdir()
    os.mkfifo(plan_path())
    assert "is a named pipe (FIFO), not a plan file" in str(load_plan(load_catalog()).problems[0])


def test_backcare_today_moves_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TODAY_VARIABLE, raising=False)
    real = wall_now()
    assert real.tzinfo is not None and abs(real - datetime.now(UTC)) < timedelta(seconds=5)
    monkeypatch.setenv(TODAY_VARIABLE, "2025-03-05")
    assert wall_now().date() == date(2025, 3, 5)
    monkeypatch.setenv(TODAY_VARIABLE, "2025-03-05T18:30+01:00")
    assert wall_now() == datetime(2025, 3, 5, 17, 30, tzinfo=UTC)
    monkeypatch.setenv(TODAY_VARIABLE, "next tuesday")
    with pytest.raises(WallClockError, match="BACKCARE_TODAY must be a date such as 2025-03-03"):
        wall_now()


# --- the calendar -------------------------------------------------------------------------------

PLAN = Plan(
    items=(
        PlanItem("core-strength", Cadence.WEEKLY, per_week=2),
        PlanItem("quick-relief", Cadence.DAYS, days=(1, 5)),
        PlanItem("post-run-stretch", Cadence.AFTER_RUN),
    ),
    name="Spring, base; building",
    rest_days=(6,),
    path="plan.toml",
)
WEDNESDAY = datetime(2025, 3, 5, 9).astimezone()
"""Wednesday 5 March 2025 at 09:00 where the tests run: the calendar counts days as the user does."""


def occurrences(event: Any, count: int) -> list[date]:
    """The first ``count`` days a repeating event falls on, as a calendar would expand them."""
    start = event["dtstart"].dt
    first = datetime.combine(start, time()) if not isinstance(start, datetime) else start
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=first)
    return [moment.date() for moment in itertools.islice(rule, count)]


def test_the_calendar_reads_back_with_its_repeating_events() -> None:
    data = plan_calendar(PLAN, load_catalog(), now=WEDNESDAY)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded, as RFC 5545 wants
    calendar: Any = Calendar.from_ical(data)
    assert calendar["prodid"] == PRODID and calendar["version"] == "2.0"
    events: dict[str, Any] = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "core-strength-weekly@backcare-tui",
        "quick-relief-days@backcare-tui",
        "rest-days@backcare-tui",
    }
    core = events["core-strength-weekly@backcare-tui"]
    assert str(core["summary"]) == "Core strength (2 a week)"
    assert core["dtstamp"].dt == WEDNESDAY and core["dtstamp"].dt.utcoffset() == timedelta(0)
    assert occurrences(core, 4) == [
        date(2025, 3, 6),
        date(2025, 3, 10),
        date(2025, 3, 13),
        date(2025, 3, 17),
    ]
    relief = events["quick-relief-days@backcare-tui"]
    assert [d.weekday() for d in occurrences(relief, 4)] == [5, 1, 5, 1]
    rest = events["rest-days@backcare-tui"]
    assert occurrences(rest, 2) == [date(2025, 3, 9), date(2025, 3, 16)]
    assert "post-run-stretch after each run" in str(calendar["x-wr-caldesc"])
    assert str(calendar["x-wr-calname"]) == "backcare: Spring, base; building"


def test_with_a_time_events_start_then_last_the_routine_and_remind() -> None:
    calendar: Any = Calendar.from_ical(
        plan_calendar(PLAN, load_catalog(), now=WEDNESDAY, at=time(18, 30))
    )
    core: Any = next(e for e in calendar.walk("VEVENT") if "core" in str(e["uid"]))
    start, end = core["dtstart"].dt, core["dtend"].dt
    assert start == datetime(2025, 3, 6, 18, 30) and start.tzinfo is None  # floating local time
    assert end - start == timedelta(minutes=16)  # 15 min 21 s, in whole minutes
    (alarm,) = core.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"


def test_weekly_days_are_spread_and_keep_off_rest_days() -> None:
    def days(per_week: int, rest: tuple[int, ...] = ()) -> tuple[int, ...]:
        plan = Plan((PlanItem("x", Cadence.WEEKLY, per_week=per_week),), rest_days=rest)
        return event_days(plan.items[0], plan)

    assert days(1) == (0,)
    assert days(2) == (0, 3)
    assert days(3) == (0, 2, 4)
    assert days(2, rest=(0, 6)) == (1, 3)
    assert [i.routine_id for i in unscheduled(PLAN)] == ["post-run-stretch"]


def test_the_week_line_counts_as_the_plan_does() -> None:
    from backcare_tui.data.catalog import load_catalog
    from backcare_tui.data.plan_file import load_plan
    from backcare_tui.data.program import Program
    from tests.core.program_journal import at, journal, run, session

    catalog = load_catalog()
    program = Program(
        load_plan(catalog),  # no file: the default plan
        journal(
            session(0, "core-strength"),
            session(2, "core-strength"),
            session(3, "core-strength"),  # a third: the plan asked for two
            session(2, "my-own-core"),  # not in the plan
            run(2, 8),
            session(2, "post-run-stretch", hour=9),
        ),
        at(3, 20),
        catalog,
    )
    week = {item.tag: (item.done, item.target) for item in program.this_week()}
    assert week["Core strength"] == (2, 2)
    assert week["Post-run stretch"] == (1, 1)
    assert "my-own-core" not in week and all(target > 0 for _, target in week.values())
