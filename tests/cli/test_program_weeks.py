"""Two simulated weeks as a new user with a plan and routines of their own (none from the
repository): runs logged, check-ins that rise and fall, sessions in line mode. The doses, what
is due, the calendar file (read back with icalendar) and the charts are compared with the rules
(docs/plan.md, docs/routines.md "Progress over weeks")."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from icalendar import Calendar

from backcare_tui.data.locations import plan_path, user_routines_dir
from tests.cli.program_cli import Backcare

PLAN = """\
name = "Hill block"
rest_days = ["sunday"]
stiff_from = 5

[[routines]]
id = "mini"
per_week = 2

[[routines]]
id = "cooldown"
when = "after-run"

[[routines]]
id = "ease"
when = "stiff-day"
"""
ROUTINES = {
    "mini": """\
name = "Mini strength"
lead_in = 0
[[steps]]
name = "Plank"
kind = "hold"
duration = "20s"
progress = { every = 2, add = "5s", max = "30s" }
[[steps]]
name = "Bird dog"
kind = "reps"
reps = 6
tempo = 1
progress = { every = 1, add = 1, max = 8 }
""",
    "cooldown": 'name = "Cool-down"\nlead_in = 0\n[[steps]]\nname = "Calf"\nkind = "hold"\nduration = 10\n',
    "ease": 'name = "Ease"\nlead_in = 0\n[[steps]]\nname = "Child\'s pose"\nkind = "hold"\nduration = 10\n',
}


@pytest.fixture
def user(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Backcare:
    user_routines_dir().mkdir(parents=True)
    for name, text in ROUTINES.items():
        (user_routines_dir() / f"{name}.toml").write_text(text, encoding="utf-8")
    plan_path().write_text(PLAN, encoding="utf-8")
    return Backcare(monkeypatch, capsys)


def section(text: str, heading: str) -> list[str]:
    """The indented lines under ``heading`` in ``backcare today``'s output."""
    lines = text.splitlines()
    start = lines.index(heading) + 1
    return list(itertools.takewhile(lambda line: line.startswith("  "), lines[start:]))


def session(user: Backcare, day: str, routine: str, before: int, after: int) -> str:
    """Check in, run the routine in line mode, check in again: one evening's session."""
    user(f"{day}T18:00", "checkin", str(before))
    user(f"{day}T18:01", "run", routine, "--plain", "--no-sound")
    return user(f"{day}T18:15", "checkin", str(after)).out


def test_two_weeks_of_a_plan(user: Backcare, tmp_path: Path) -> None:
    # --- Week 1 ------------------------------------------------------------------------------
    assert "Start it with: backcare run cooldown" in user("2025-03-03T07:00", "ran", "6").out
    monday = user("2025-03-03T07:05", "today").out
    assert section(monday, "Due today:") == [
        "  Cool-down (cooldown, 10 s): after your 6 km run at 07:00",
        "  Mini strength (mini, 26 s): 0 of 2 this week",
        "    Plank stays 20 s: no session with this rule yet (+5 s every 2 good sessions, up to 30 s)",
        "    Bird dog stays 6 reps: no session with this rule yet (+1 rep every good session, up to 8 reps)",
    ]
    user("2025-03-03T07:30", "run", "cooldown", "--plain", "--no-sound")
    assert section(user("2025-03-03T07:45", "today").out, "Done today:") == [
        "  Cool-down (cooldown): done after your 6 km run at 07:00"
    ]
    after = session(user, "2025-03-03", "mini", 3, 2)
    assert "Plank stays 20 s: 1 more good session and it grows to 25 s" in after
    assert "Bird dog 7 reps next time: your back was fine after the last session" in after

    tuesday = user("2025-03-04T08:00", "checkin", "2").out
    assert "It is the next-morning check-in after Mini strength (before it: 3)." in tuesday
    assert "  Mini strength (mini): 1 of 2 this week; a day's rest after yesterday's session" in (
        section(user("2025-03-04T08:05", "today").out, "Not today:")
    )

    wednesday = session(user, "2025-03-05", "mini", 2, 2)
    assert "Plank 25 s next time: your back was fine after the last two sessions" in wednesday
    assert "Bird dog 8 reps next time" in wednesday

    # Thursday morning is stiffer than before Wednesday's session: that session went badly,
    # and the rise it earned is taken back before it is ever used.
    thursday = user("2025-03-06T08:00", "checkin", "4").out
    assert "Plank stays 20 s: your back was stiffer the next morning (2, then 4)" in thursday
    assert "Bird dog stays 7 reps: your back was stiffer the next morning (2, then 4)" in thursday
    assert "  Mini strength (mini): 2 of 2 this week: done for the week" in section(
        user("2025-03-06T08:05", "today").out, "Not today:"
    )

    friday = user("2025-03-07T08:00", "checkin", "6").out
    assert "Due today: Ease." in friday
    user("2025-03-07T08:30", "run", "ease", "--plain", "--no-sound")
    assert "Cool-down" in user("2025-03-08T09:00", "ran", "10", "--hard").out

    # --- Week 2 ------------------------------------------------------------------------------
    monday2 = session(user, "2025-03-10", "mini", 3, 5)  # stiffer again: two in a row
    assert (
        "Bird dog back to 6 reps next time: your back was stiffer after the last two sessions"
        in monday2
    )
    assert (
        "Plank stays 20 s: your back was stiffer after the last two sessions (already the base)"
        in monday2
    )
    assert "Due today: Ease." in monday2  # 5 after the session makes it a stiff day

    tuesday2 = user("2025-03-11T08:00", "checkin", "7").out
    assert "Red flag: stiffness 7 on Tue 11 Mar. Doses are held where they are." in tuesday2
    assert "See a doctor or physical therapist" in tuesday2

    wednesday2 = session(user, "2025-03-12", "mini", 4, 3)
    assert "Plank stays 20 s: held while the red flag is up" in wednesday2
    shown = " ".join(user("2025-03-12T19:00", "show", "mini").out.split())
    assert "today 6 reps, base 6 reps (+1 rep every good session, up to 8 reps)" in shown

    saturday2 = session(user, "2025-03-15", "mini", 2, 2)  # the flag is down: days have passed
    assert "Red flag" not in saturday2
    assert "Bird dog 7 reps next time: your back was fine after the last session" in saturday2
    assert "Plank stays 20 s: 1 more good session and it grows to 25 s" in saturday2
    sunday2 = user("2025-03-16T09:00", "today").out
    assert sunday2.splitlines()[0] == "Sunday 16 March · Hill block (a rest day)"

    # --- The charts say the same, week by week and day by day ---------------------------------
    figures = user("2025-03-16T09:00", "history", "--plain").out.splitlines()
    assert "  Mon 3 Mar: before 3, after 2" in figures
    assert "  Thu 6 Mar: check-in 4" in figures
    assert "  Tue 11 Mar: check-in 7" in figures
    # Week 1: mini 2 of 2, cool-down after 1 of 2 runs, ease on 1 of 1 stiff day.
    assert "  week of 3 Mar: 4 of 5" in figures
    # Week 2 (its Sunday has come): mini 2 of 2 and one more; ease on neither stiff day
    # (Mon 5 after the session, Tue 7).
    assert "  week of 10 Mar: 2 of 4, 1 more" in figures
    assert "  Fri 7 Mar: before 6" in figures  # the check-in just before Ease stood for it

    # --- The calendar ----------------------------------------------------------------------------
    ics = tmp_path / "hill.ics"
    assert user("2025-03-16T09:00", "plan", "--ics", str(ics)).code == 0
    calendar: Any = Calendar.from_ical(ics.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"mini-weekly@backcare-tui", "rest-days@backcare-tui"}

    def days(uid: str) -> list[date]:
        event = events[uid]
        first = datetime.combine(event["dtstart"].dt, time())
        rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=first)
        return [d.date() for d in itertools.islice(rule, 3)]

    assert days("mini-weekly@backcare-tui") == [
        date(2025, 3, 17),
        date(2025, 3, 20),
        date(2025, 3, 24),
    ]
    assert days("rest-days@backcare-tui") == [
        date(2025, 3, 16),
        date(2025, 3, 23),
        date(2025, 3, 30),
    ]

    # --- The report for a physio ---------------------------------------------------------------
    report = user("2025-03-16T09:00", "report", "--since", "2w").out
    assert "# Back-care report: 3 Mar 2025 to 16 Mar 2025" in report
    assert "over the whole weeks: 67 %" in report  # 6 of the 9 sessions the plan asked for
    assert "- 11 Mar 2025: stiffness 7 on Tue 11 Mar" in report
    assert "Bird dog: 7 reps (base 6 reps; +1 rep every good session, up to 8 reps)" in report
