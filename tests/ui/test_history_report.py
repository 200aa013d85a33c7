"""The history report as rich draws it: the summary lines, sparklines and the stiffness chart."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from rich.console import Console

from backcare_tui.data.history_progress import (
    counts_for_streak,
    current_streak,
    local_day,
    stiffness_points,
    weekly_progress,
)
from backcare_tui.data.history_records import SessionRecord
from backcare_tui.data.history_summary import HistorySummary
from backcare_tui.ui.history_report import history_view, sparkline, summary_text
from tests.records import BERLIN_WINTER, local, rec


def summary_of(records: Sequence[SessionRecord], today: date) -> HistorySummary:
    """The summary the file's queries would give for these records, by the rules themselves."""
    tz = BERLIN_WINTER
    return HistorySummary(
        today=today,
        has_sessions=bool(records),
        streak=current_streak(records, today, tz),
        done_today=any(
            counts_for_streak(r) and local_day(r.started_at, tz) == today for r in records
        ),
        week=tuple(weekly_progress(records, today, {"strength": 2}, tz)),
        recent=tuple(records),
        stiffness=tuple(stiffness_points(records, tz)),
    )


def test_summary_says_the_streak_and_the_week() -> None:
    records = [rec(local(3, 8)), rec(local(2, 8))]
    text = summary_text(summary_of(records, date(2025, 3, 4))).plain
    assert "Streak: 2 days in a row (a session today keeps it going)" in text
    assert "This week (Mon 3 Mar – Sun 9 Mar): strength 1 of 2 ■□" in text


def test_sparkline_rises_with_the_rating() -> None:
    assert sparkline([0, 5, 10, None, 12]) == "▁▅█ █"


def test_the_chart_draws_a_bar_per_check_in() -> None:
    records = [rec(local(3, 8), before=7, after=3)]
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(history_view(summary_of(records, date(2025, 3, 3)), tz=BERLIN_WINTER))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "███████··· " in out and "███······· " in out and "-4" in out
    assert "before ▆  after ▃" in out


def test_one_check_in_is_not_counted_as_check_ins() -> None:
    records = [rec(local(3, 8), before=7, after=3)]
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(history_view(summary_of(records, date(2025, 3, 3)), tz=BERLIN_WINTER))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Last 1 check-ins" not in out
    assert "Last check-in  before ▆  after ▃" in out
    two = [rec(local(3, 8), before=7, after=3), rec(local(2, 8), before=5, after=4)]
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(history_view(summary_of(two, date(2025, 3, 3)), tz=BERLIN_WINTER))
    assert "Last 2 check-ins  before" in console.file.getvalue()  # type: ignore[attr-defined]


def test_at_40_columns_the_report_takes_its_narrow_layout_and_nothing_is_cut() -> None:
    from backcare_tui.data.history_records import SessionStatus

    records = [
        rec(local(3, 8), before=7, after=3, status=SessionStatus.STOPPED_EARLY, done=1, total=7),
        rec(local(2, 8), name="A routine with a long name indeed", before=10, after=10),
    ]
    console = Console(file=io.StringIO(), width=38, color_system=None)
    view = history_view(summary_of(records, date(2025, 3, 3)), tz=BERLIN_WINTER, width=38)
    console.print(view)
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert max(len(line.rstrip()) for line in lines) <= 38
    out = "\n".join(lines)
    assert "stopped early" in out and "1/7" in out and "7→3" in out
    assert "long name" in out
    assert "Change" in out and "-4" in out
    assert "Statu" not in out
