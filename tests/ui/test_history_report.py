"""The history report as rich draws it: the summary lines, sparklines and the stiffness chart."""

from __future__ import annotations

import io
from datetime import date

from rich.console import Console

from backcare_tui.ui.history_report import history_view, sparkline, summary_text
from tests.records import BERLIN_WINTER, local, rec


def test_summary_says_the_streak_and_the_week() -> None:
    records = [rec(local(3, 8)), rec(local(2, 8))]
    text = summary_text(records, date(2025, 3, 4), {"strength": 2}, BERLIN_WINTER).plain
    assert "Streak: 2 days in a row (a session today keeps it going)" in text
    assert "This week (Mon 3 Mar – Sun 9 Mar): strength 1 of 2 ■□" in text


def test_sparkline_rises_with_the_rating() -> None:
    assert sparkline([0, 5, 10, None, 12]) == "▁▅█ █"


def test_the_chart_draws_a_bar_per_check_in() -> None:
    records = [rec(local(3, 8), before=7, after=3)]
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(history_view(records, date(2025, 3, 3), {"strength": 2}, tz=BERLIN_WINTER))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "███████··· " in out and "███······· " in out and "-4" in out
    assert "before ▆  after ▃" in out
