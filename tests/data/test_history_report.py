"""The history report: streaks and weeks across midnights, the chart, exports and the command."""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from rich.console import Console

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.session import Session
from backcare_tui.data.history import (
    HistoryRecorder,
    SessionRecord,
    SessionStatus,
    open_history,
)
from backcare_tui.data.history_report import (
    EXPORT_FIELDS,
    counts_for_target,
    current_streak,
    default_targets,
    export_csv,
    export_json,
    history_view,
    run_history_command,
    sparkline,
    stiffness_points,
    summary_text,
    week_start,
    weekly_progress,
)
from backcare_tui.data.locations import history_path
from backcare_tui.data.settings import Settings

BERLIN_WINTER = timezone(timedelta(hours=1))
"""A fixed zone ahead of UTC, so local midnight and UTC midnight differ."""


def rec(
    started: datetime,
    *,
    id: int = 1,
    done: int = 3,
    total: int = 3,
    status: SessionStatus = SessionStatus.FINISHED,
    tags: tuple[str, ...] = ("strength",),
    before: int | None = None,
    after: int | None = None,
    name: str = "Core strength",
) -> SessionRecord:
    return SessionRecord(
        id=id,
        routine_id="core",
        routine_name=name,
        routine_tags=tags,
        started_at=started,
        ended_at=started + timedelta(minutes=10),
        status=status,
        steps_total=total,
        steps_done=done,
        steps_skipped=total - done,
        steps_extended=0,
        steps_shortened=0,
        seconds=600.0,
        stiffness_before=before,
        stiffness_after=after,
    )


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2025 on the Berlin-winter clock (Mon 3 Mar is a Monday)."""
    return datetime(2025, 3, day, hour, minute, tzinfo=BERLIN_WINTER)


# --- streak ------------------------------------------------------------------------------------


def test_streak_counts_local_days_in_a_row_ending_today() -> None:
    records = [rec(local(10, 7)), rec(local(9, 23, 50)), rec(local(8, 0, 10)), rec(local(6, 8))]
    assert current_streak(records, date(2025, 3, 10), BERLIN_WINTER) == 3


def test_streak_still_stands_in_the_morning_before_todays_session() -> None:
    records = [rec(local(9, 18)), rec(local(8, 18))]
    assert current_streak(records, date(2025, 3, 10), BERLIN_WINTER) == 2
    assert current_streak(records, date(2025, 3, 11), BERLIN_WINTER) == 0


def test_streak_days_follow_the_local_clock_not_utc() -> None:
    # 00:30 local on the 10th is 23:30 UTC on the 9th: it is the 10th for the user.
    just_after_midnight = local(10, 0, 30)
    assert just_after_midnight.astimezone(UTC).day == 9
    records = [rec(just_after_midnight), rec(local(9, 12))]
    assert current_streak(records, date(2025, 3, 10), BERLIN_WINTER) == 2
    assert current_streak(records, date(2025, 3, 10), UTC) == 1  # both the 9th in UTC


def test_streak_counts_a_day_with_a_step_done_even_if_stopped_early() -> None:
    records = [
        rec(local(10, 7), done=1, status=SessionStatus.STOPPED_EARLY),
        rec(local(9, 7), done=0, status=SessionStatus.STOPPED_EARLY),  # opened and quit at once
        rec(local(8, 7)),
    ]
    assert current_streak(records, date(2025, 3, 10), BERLIN_WINTER) == 1


def test_no_sessions_no_streak() -> None:
    assert current_streak([], date(2025, 3, 10)) == 0


# --- weeks -------------------------------------------------------------------------------------


def test_weeks_start_on_monday() -> None:
    assert week_start(date(2025, 3, 3)) == date(2025, 3, 3)
    assert week_start(date(2025, 3, 9)) == date(2025, 3, 3)
    assert week_start(date(2025, 3, 10)) == date(2025, 3, 10)
    assert week_start(date(2025, 1, 1)) == date(2024, 12, 30)  # across a year end


def test_weekly_target_counts_this_week_by_tag_only() -> None:
    records = [
        rec(local(2, 23, 59), id=1),  # Sunday of last week
        rec(local(3, 0, 1), id=2),  # Monday just after midnight
        rec(local(9, 23, 59), id=3),  # Sunday, last minute of the week
        rec(local(5, 12), id=4, tags=("stretch",)),
        rec(local(10, 0, 0), id=5),  # next Monday
    ]
    [strength, stretch] = weekly_progress(
        records, date(2025, 3, 9), {"strength": 2, "stretch": 3}, BERLIN_WINTER
    )
    assert (strength.tag, strength.done, strength.target, strength.met) == ("strength", 2, 2, True)
    assert (stretch.done, stretch.met) == (1, False)
    [next_week] = weekly_progress(records, date(2025, 3, 10), {"strength": 2}, BERLIN_WINTER)
    assert next_week.done == 1


def test_only_sessions_run_to_the_end_with_half_their_steps_count_for_targets() -> None:
    assert counts_for_target(rec(local(3, 8), done=5, total=10))
    assert not counts_for_target(rec(local(3, 8), done=4, total=10))
    assert not counts_for_target(
        rec(local(3, 8), done=9, total=10, status=SessionStatus.STOPPED_EARLY)
    )


def test_default_target_comes_from_the_settings_and_zero_means_none() -> None:
    assert default_targets(Settings()) == {"strength": 2}
    assert default_targets(Settings(weekly_strength_target=3)) == {"strength": 3}
    assert weekly_progress([], date(2025, 3, 3), {"strength": 0}) == []


def test_summary_says_the_streak_and_the_week() -> None:
    records = [rec(local(3, 8)), rec(local(2, 8))]
    text = summary_text(records, date(2025, 3, 4), {"strength": 2}, BERLIN_WINTER).plain
    assert "Streak: 2 days in a row (a session today keeps it going)" in text
    assert "This week (Mon 3 Mar – Sun 9 Mar): strength 1 of 2 ■□" in text


# --- stiffness ---------------------------------------------------------------------------------


def test_stiffness_points_are_oldest_first_and_skip_sessions_without_a_rating() -> None:
    records = [
        rec(local(5, 8), id=3, before=4, after=2),
        rec(local(4, 8), id=2),
        rec(local(3, 8), id=1, before=7, after=None),
    ]
    points = stiffness_points(records, BERLIN_WINTER)
    assert [(p.day.day, p.before, p.after, p.change) for p in points] == [
        (3, 7, None, None),
        (5, 4, 2, -2),
    ]


def test_sparkline_rises_with_the_rating() -> None:
    assert sparkline([0, 5, 10, None, 12]) == "▁▅█ █"


def test_the_chart_draws_a_bar_per_check_in() -> None:
    records = [rec(local(3, 8), before=7, after=3)]
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(history_view(records, date(2025, 3, 3), {"strength": 2}, tz=BERLIN_WINTER))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "███████··· " in out and "███······· " in out and "-4" in out
    assert "before ▆  after ▃" in out


# --- exports -----------------------------------------------------------------------------------


def exported_records() -> list[SessionRecord]:
    return [
        rec(
            datetime(2025, 3, 4, 7, tzinfo=UTC),
            id=2,
            name='Say "hi", then [bold]x[/]',
            tags=("strength", "core"),
            before=6,
            after=3,
        ),
        rec(
            datetime(2025, 3, 3, 7, tzinfo=UTC),
            id=1,
            done=1,
            status=SessionStatus.STOPPED_EARLY,
            tags=(),
        ),
    ]


def test_json_export_is_a_list_of_objects_with_stable_keys_oldest_first() -> None:
    data = json.loads(export_json(exported_records()))
    assert [d["id"] for d in data] == [1, 2]
    assert all(list(d) == [*EXPORT_FIELDS, "steps"] for d in data)
    assert data[0]["status"] == "stopped_early" and data[0]["stiffness_before"] is None
    assert data[1]["routine_name"] == 'Say "hi", then [bold]x[/]'
    assert data[1]["routine_tags"] == ["strength", "core"]
    assert data[1]["started_at"] == "2025-03-04T07:00:00+00:00"


def test_csv_export_has_a_header_and_parses_back() -> None:
    rows = list(csv.DictReader(io.StringIO(export_csv(exported_records()))))
    assert list(rows[0]) == list(EXPORT_FIELDS)
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["stiffness_after"] == "" and rows[0]["routine_tags"] == ""
    assert rows[1]["routine_tags"] == "strength;core"
    assert rows[1]["routine_name"] == 'Say "hi", then [bold]x[/]'
    assert float(rows[1]["seconds"]) == 600.0


def test_exports_of_nothing_are_still_well_formed() -> None:
    assert json.loads(export_json([])) == []
    assert export_csv([]) == ",".join(EXPORT_FIELDS) + "\n"


# --- the command -------------------------------------------------------------------------------

TINY = """
name = "Tiny [bold]x[/]"
tags = ["strength"]
lead_in = 0

[[steps]]
name = "Plank"
kind = "hold"
duration = 10

[[steps]]
name = "Bridge"
kind = "hold"
duration = 5
"""


def parse(*argv: str) -> argparse.Namespace:
    from backcare_tui.cli.main import build_parser

    return build_parser().parse_args(["history", *argv])


def command(
    *argv: str, now: datetime = datetime(2025, 3, 3, 9, tzinfo=UTC)
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_history_command(
        parse(*argv),
        Console(file=out, width=120, color_system=None),
        err_console=Console(file=err, width=200, color_system=None),
        settings=Settings(),
        now=lambda: now,
        tz=UTC,
    )
    return code, out.getvalue(), err.getvalue()


def record_tiny(seconds: float, close: bool = True) -> None:
    """Run the tiny routine for ``seconds`` on a hand-moved clock, recording it."""
    moment = [0.0]
    session = Session(parse_routine(TINY, "tiny.toml"), clock=lambda: moment[0])
    store = open_history(now=lambda: datetime(2025, 3, 3, 8, tzinfo=UTC))
    recorder = HistoryRecorder(store)
    recorder.handle(session, session.start())
    for _ in range(int(seconds)):
        moment[0] += 1
        recorder.handle(session, session.update())
    if close:
        recorder.close()
    store.close()


def test_a_finished_run_shows_in_the_report_and_the_export() -> None:
    record_tiny(15)
    record_tiny(12, close=False)  # the app died in the second step
    code, out, err = command()
    assert (code, err) == (0, "")
    assert "Tiny [bold]x[/]" in out  # shown as written, never taken as markup
    assert "Streak: 1 day in a row" in out and "strength 1 of 2" in out
    assert "finished" in out and "stopped" in out and "early" in out  # a narrow column wraps

    code, out, _ = command("--export", "json")
    later, first = json.loads(out)[::-1]
    assert (first["status"], first["steps_done"], first["steps_total"], first["seconds"]) == (
        "finished",
        2,
        2,
        15.0,
    )
    assert (later["status"], later["steps_done"], later["seconds"]) == ("stopped_early", 1, 10.0)


def test_markup_in_a_name_is_printed_literally_in_colour_too() -> None:
    record_tiny(15)
    out = io.StringIO()
    run_history_command(
        parse(),
        Console(file=out, width=120, force_terminal=True),
        err_console=Console(file=io.StringIO()),
        settings=Settings(),
        tz=UTC,
    )
    assert "Tiny [bold]x[/]" in out.getvalue()


def test_limit_caps_the_recent_list_but_not_the_export() -> None:
    for _ in range(3):
        record_tiny(15)
    _, out, _ = command("--limit", "2")
    assert out.count("Tiny [bold]x[/]") == 2
    _, out, _ = command("--export", "csv", "--limit", "1")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 3


@pytest.mark.parametrize("bad", ["0", "-3", "many"])
def test_limit_must_be_a_positive_whole_number(bad: str) -> None:
    with pytest.raises(SystemExit):
        parse("--limit", bad)


def test_an_empty_history_says_so() -> None:
    code, out, _ = command()
    assert code == 0 and "No sessions recorded yet" in out


def test_a_garbage_file_is_reported_on_stderr_and_the_export_stays_clean() -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x13\x37" * 2000)
    code, out, err = command("--export", "json")
    assert code == 0 and json.loads(out) == []
    assert "moved to history.sqlite3.corrupt-2025030" in err.replace("\n", "")


def test_an_unusable_folder_is_an_error_exit(isolated_dirs: Path) -> None:
    (isolated_dirs / "data" / "backcare-tui").write_text("a file in the way")
    code, out, err = command("--export", "json")
    assert code == 1 and out == "" and "History is off" in err
