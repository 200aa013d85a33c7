"""``backcare today``, ``ran``, ``checkin``, ``plan``, ``report``, ``show`` and ``history`` with
the program: each on an injected day, as a new user meets them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from backcare_tui.cli.program import parse_distance
from backcare_tui.data.locations import plan_path, user_routines_dir
from tests.cli.program_cli import Backcare

MINI = """\
name = "Mini core"
tags = ["strength"]
lead_in = 0

[[steps]]
name = "Plank"
kind = "hold"
duration = 2
progress = { every = 2, add = 1, max = 5 }

[[steps]]
name = "Bridge"
kind = "reps"
reps = 2
tempo = 0.5
"""


@pytest.fixture
def backcare(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Backcare:
    return Backcare(monkeypatch, capsys)


def mine(name: str, text: str) -> Path:
    user_routines_dir().mkdir(parents=True, exist_ok=True)
    path = user_routines_dir() / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_new_user_with_no_plan_gets_the_default_one(backcare: Backcare) -> None:
    said = backcare("2025-03-03T09:00", "today")
    assert said.code == 0
    lines = said.out.splitlines()
    assert lines[0] == "Monday 3 March · The default plan"
    assert "Due today:" in lines
    assert "  Core strength (core-strength, 15 min 21 s): 0 of 2 this week" in lines
    assert "  Post-run stretch (post-run-stretch): no run logged today" in lines
    assert "Start it with: backcare run core-strength" in lines
    assert lines[-1] == "How is your back today? backcare checkin 0-10 (0 none, 10 worst)"


def test_logging_a_run_makes_the_stretch_due_and_it_can_be_taken_back(backcare: Backcare) -> None:
    said = backcare("2025-03-04T07:30", "ran", "8km")
    assert said.code == 0
    assert said.out.splitlines() == [
        "Run logged 8 km: 07:30 on Tue 4 Mar.",
        "Now due: Post-run stretch: after your 8 km run at 07:30",
        "Start it with: backcare run post-run-stretch",
    ]
    today = backcare("2025-03-04T08:00", "today").out
    assert today.index("Post-run stretch (post-run-stretch, 9 min 35 s)") < today.index(
        "Core strength"
    )
    hard = backcare("2025-03-05T07:30", "ran", "12", "--hard").out
    assert "Now due: Recovery: after your 12 km hard run at 07:30" in hard
    assert (
        backcare("2025-03-05T07:35", "ran", "--undo").out == "Took back the run logged at 07:30.\n"
    )
    assert "no run logged today" in backcare("2025-03-05T08:00", "today").out
    nothing = backcare("2025-03-05T08:00", "ran", "--undo")
    assert nothing.code == 1 and "No run logged today" in nothing.err


def test_distances_in_any_common_unit(backcare: Backcare) -> None:
    assert [parse_distance(t) for t in ("8", "8.5km", "10k", "5mi", "800m", "3 miles")] == [
        8,
        8.5,
        10,
        8.047,
        0.8,
        4.828,
    ]
    refused = backcare("2025-03-04T07:30", "ran", "far")
    assert refused.code == 2 and "must be written like 8, 8.5km" in refused.err


def test_a_check_in_is_a_rating_from_0_to_10(backcare: Backcare) -> None:
    said = backcare("2025-03-04T08:00", "checkin", "5")
    assert said.code == 0
    assert said.out.splitlines()[0] == "Stiffness 5 noted: 08:00 on Tue 4 Mar."
    assert "Due today: Quick relief, Core strength." in said.out
    assert backcare("2025-03-04T08:00", "checkin", "11").code == 2
    asked = backcare("2025-03-04T08:00", "checkin")  # not at a terminal: nobody to ask
    assert asked.code == 1 and "give a rating from 0 (none) to 10 (worst)" in asked.err


def test_a_high_rating_shows_the_red_flag_advice(backcare: Backcare) -> None:
    said = backcare("2025-03-04T08:00", "checkin", "8")
    assert "Red flag: stiffness 8 on Tue 4 Mar. Doses are held where they are." in said.out
    assert "See a doctor or physical therapist" in said.out
    assert "See a doctor or physical therapist" in backcare("2025-03-05T08:00", "today").out


def test_plan_init_check_and_a_broken_plan(backcare: Backcare) -> None:
    assert "The default plan: you have no plan file." in backcare("2025-03-03", "plan").out
    assert backcare("2025-03-03", "plan", "--init").code == 0
    assert plan_path().read_text().startswith("# Your back-care plan")
    again = backcare("2025-03-03", "plan", "--init")
    assert again.code == 1 and "already exists" in again.err
    assert (
        backcare("2025-03-03", "plan", "--check").out
        == f"{plan_path()}: ok (My plan: 4 routines)\n"
    )
    plan_path().write_text('[[routines]]\nid = "core-strenght"\nper_week = 9\n')
    check = backcare("2025-03-03", "plan", "--check")
    assert check.code == 1
    assert check.out.splitlines() == [
        f'{plan_path()}:2: routine 1 "core-strenght": id is not a known routine; did you mean "core-strength"?',
        f'{plan_path()}:3: routine 1 "core-strenght": per_week must be a whole number from 1 to 7, got 9',
    ]
    today = backcare("2025-03-03", "today")
    assert today.code == 1 and 'did you mean "core-strength"?' in today.err
    assert "backcare plan --check" in today.err


def test_plan_as_a_calendar_file_and_on_stdout(backcare: Backcare, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    said = backcare("2025-03-05T09:00", "plan", "--ics", str(target), "--at", "18:30")
    assert said.code == 0
    assert said.out.splitlines() == [
        f"Wrote {target}: core-strength on Mon and Thu, every week.",
        "Not in the calendar, as they depend on your day: post-run-stretch after each run; "
        "recovery after a hard run; quick-relief on a stiff day.",
    ]
    calendar: Any = Calendar.from_ical(target.read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["rrule"].to_ical().decode()) == "FREQ=WEEKLY;BYDAY=MO,TH"
    stdout = backcare("2025-03-05T09:00", "plan", "--ics", "-")
    assert stdout.out.startswith("BEGIN:VCALENDAR")
    bad = backcare("2025-03-05T09:00", "plan", "--ics", str(tmp_path))
    assert bad.code == 1 and "is a folder" in bad.err
    assert backcare("2025-03-05", "plan", "--ics", "x.ics", "--at", "late").code == 2


def test_schema_for_plans(backcare: Backcare) -> None:
    schema = json.loads(backcare("2025-03-05", "schema", "--plan").out)
    assert schema["title"] == "backcare-tui plan"
    assert json.loads(backcare("2025-03-05", "schema").out)["title"] == "backcare-tui routine"


def test_a_bad_backcare_today_is_said_plainly(backcare: Backcare) -> None:
    said = backcare("tomorrow", "today")
    assert said.code == 1
    assert said.err.strip() == (
        "BACKCARE_TODAY must be a date such as 2025-03-03 or a date and time such as "
        "2025-03-03T18:30, got 'tomorrow'"
    )


def test_show_gives_todays_dose_beside_the_base(backcare: Backcare) -> None:
    mine("mini", MINI)
    first = backcare("2025-03-03T08:00", "show", "mini").out
    assert "today 2 s, base 2 s (+1 s every 2 good sessions, up to 5 s)" in first
    assert " ".join(first.split()).count("+1 s every 2 good sessions") == 1  # said once
    for day in ("03", "05"):
        backcare(f"2025-03-{day}T08:00", "checkin", "3")
        backcare(f"2025-03-{day}T08:01", "run", "mini", "--plain", "--no-sound")
        backcare(f"2025-03-{day}T08:10", "checkin", "2")
    shown = backcare("2025-03-06T08:00", "show", "mini").out
    assert "hold · 3 s" in shown
    assert "today 3 s, base 2 s (+1 s every 2 good sessions, up to 5 s):" in shown
    assert "your back was fine after the last two sessions" in " ".join(shown.split())


def test_line_mode_runs_at_todays_dose_and_says_where_it_goes_next(backcare: Backcare) -> None:
    mine("mini", MINI)
    backcare("2025-03-03T08:00", "checkin", "3")
    first = backcare("2025-03-03T08:01", "run", "mini", "--plain", "--no-sound").out
    assert "Plank stays 2 s: the last session was not rated" in first
    assert "`backcare checkin 0-10` in the next two hours" in first
    after = backcare("2025-03-03T08:10", "checkin", "2").out
    assert "It counts as how your back felt after Mini core." in after
    assert "Plank stays 2 s: 1 more good session and it grows to 3 s" in after
    history = json.loads(backcare("2025-03-03T09:00", "history", "--export", "json").out)
    assert (history[0]["stiffness_before"], history[0]["stiffness_after"]) == (3, 2)


def test_history_draws_the_charts_and_says_them_in_plain_lines(backcare: Backcare) -> None:
    mine("mini", MINI)
    backcare("2025-03-03T08:00", "checkin", "4")
    backcare("2025-03-03T08:01", "run", "mini", "--plain", "--no-sound")
    backcare("2025-03-03T08:10", "checkin", "3")
    backcare("2025-03-04T08:00", "checkin", "5")
    chart = backcare("2025-03-04T09:00", "history").out
    assert "Stiffness, 0 none to 10 worst: ○ before ● after ◉ both ◇ check-in" in chart
    assert " 5 │" in chart and "◇" in chart and "Sessions a week against the plan" in chart
    plain = backcare("2025-03-04T09:00", "history", "--plain").out.splitlines()
    assert "  Mon 3 Mar: before 4, after 3" in plain
    assert "  Tue 4 Mar: check-in 5" in plain
    # Mini core is not in the default plan: two core sessions and two stiff days (4 and 5).
    assert "  week of 3 Mar: 0 of 4 (so far)" in plain


def test_at_a_terminal_enter_starts_what_is_due(
    backcare: Backcare, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcare_tui.cli import program

    mine("mini", MINI)
    plan_path().write_text('[[routines]]\nid = "mini"\nper_week = 1\n')
    asked: list[str] = []

    def enter(question: str) -> str:
        asked.append(question)
        return ""

    monkeypatch.setattr(program, "_ask", enter)
    said = backcare("2025-03-03T08:00", "today", "--plain", "--no-sound")
    assert said.code == 0
    assert asked == ["Enter starts Mini core; q leaves: "]
    assert "Session complete: Mini core" in said.out
    monkeypatch.setattr(program, "_ask", lambda question: "q")
    assert "Session complete" not in backcare("2025-03-04T08:00", "today", "--plain").out
