"""The report's sums computed in SQL: the same answers as the rules over every record, from
reading only what is shown."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare_tui.data.history import HistoryStore, open_history
from backcare_tui.data.history_progress import (
    counts_for_streak,
    current_streak,
    local_day,
    stiffness_points,
    weekly_progress,
)
from backcare_tui.data.history_records import SessionStatus
from backcare_tui.data.history_rows import COLUMNS
from backcare_tui.data.history_summary import summarize

TODAY = date(2025, 3, 12)  # a Wednesday
ZONES: list[tzinfo] = [UTC, timezone(timedelta(hours=-7)), timezone(timedelta(hours=5, minutes=30))]


Row = tuple[datetime, int, str, str, int | None, int | None]


def put(store: HistoryStore, rows: list[Row]) -> None:
    """Sessions as (start, steps done, status, tags JSON, before, after), straight into the file."""
    assert store._conn is not None
    with store._conn:
        store._conn.execute("BEGIN")
        store._conn.executemany(
            "INSERT INTO sessions (routine_id, routine_name, routine_tags, started_at, ended_at,"
            " status, steps_total, steps_done, seconds, stiffness_before, stiffness_after)"
            " VALUES ('r', 'Routine', ?, ?, ?, ?, 4, ?, 60, ?, ?)",
            [
                (tags, start.astimezone(UTC).isoformat(), start.astimezone(UTC).isoformat(),
                 status, done, before, after)
                for start, done, status, tags, before, after in rows
            ],
        )  # fmt: skip


_rows = st.lists(
    st.tuples(
        st.integers(min_value=-20 * 24 * 60, max_value=2 * 24 * 60),  # minutes from TODAY noon UTC
        st.integers(min_value=0, max_value=4),
        st.sampled_from(["finished", "stopped_early", "running"]),
        st.sampled_from(['["strength"]', '["strength", "core"]', '["stretch"]', "[]"]),
        st.one_of(st.none(), st.integers(0, 10)),
        st.one_of(st.none(), st.integers(0, 10)),
    ),
    max_size=60,
)


_files = itertools.count()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=_rows, zone=st.sampled_from(ZONES), live=st.booleans())
def test_the_sums_agree_with_the_rules_over_every_record(
    tmp_path: Path,
    rows: list[tuple[int, int, str, str, int | None, int | None]],
    zone: tzinfo,
    live: bool,
) -> None:
    path = tmp_path / f"h{next(_files)}.sqlite3"  # a new file for each example
    store = open_history(path)
    noon = datetime.combine(TODAY, datetime.min.time(), UTC) + timedelta(hours=12)
    put(store, [(noon + timedelta(minutes=m), d, s, t, b, a) for m, d, s, t, b, a in rows])
    live_id = 1 if live and rows else None
    every = store.sessions(live_id=live_id)
    targets = {"strength": 2, "stretch": 1, "core": 0}
    assert store._conn is not None
    summary = summarize(store._conn, TODAY, targets, limit=7, tz=zone, live_id=live_id)
    assert summary.has_sessions == bool(rows)
    assert summary.streak == current_streak(every, TODAY, zone)
    assert summary.done_today == any(
        counts_for_streak(r) and local_day(r.started_at, zone) == TODAY for r in every
    )
    assert list(summary.week) == weekly_progress(every, TODAY, targets, zone)
    assert list(summary.stiffness) == stiffness_points(every, zone)[-40:]
    assert list(summary.recent) == every[:7] and not summary.unreadable
    store.close()


def test_the_report_reads_only_what_it_shows(tmp_path: Path) -> None:
    store = open_history(tmp_path / "long.sqlite3")
    start = datetime(2025, 3, 12, 7, tzinfo=UTC)
    # Three years of sessions, four a day, the last five days without a break; a rating on one
    # in ten.
    rows = [
        (start - timedelta(hours=6 * n + (48 if n > 20 else 0)), 4, "finished", '["strength"]',
         5 if n % 10 == 0 else None, 3 if n % 10 == 0 else None)
        for n in range(4 * 365 * 3)
    ]  # fmt: skip
    put(store, rows)
    conn = store._conn
    assert conn is not None
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    conn.set_progress_handler(count, 100)
    conn.execute(f"SELECT {COLUMNS} FROM sessions ORDER BY started_at").fetchall()
    whole, steps[0] = steps[0], 0
    summary = summarize(conn, TODAY, {"strength": 2}, limit=10)
    conn.set_progress_handler(None, 0)
    assert summary.streak == 6 and len(summary.recent) == 10 and len(summary.stiffness) == 40
    # A small part of the work of reading every row: what is shown, with the indexes to find it.
    assert steps[0] < whole / 20, (steps[0], whole)
    store.close()


def test_an_empty_history_has_nothing_to_sum(tmp_path: Path) -> None:
    store = open_history(tmp_path / "empty.sqlite3")
    assert store._conn is not None
    summary = summarize(store._conn, TODAY, {"strength": 2})
    assert (summary.has_sessions, summary.streak, summary.recent, summary.stiffness) == (
        False, 0, (), ()
    )  # fmt: skip
    assert [(t.tag, t.done) for t in summary.week] == [("strength", 0)]


def test_the_summary_counts_running_rows_of_the_live_session_as_running(tmp_path: Path) -> None:
    store = open_history(tmp_path / "live.sqlite3")
    put(store, [(datetime(2025, 3, 12, 8, tzinfo=UTC), 1, "running", "[]", None, None)])
    assert store._conn is not None
    [elsewhere] = summarize(store._conn, TODAY, {}).recent
    [mine] = summarize(store._conn, TODAY, {}, live_id=elsewhere.id).recent
    assert elsewhere.status is SessionStatus.STOPPED_EARLY and mine.status is SessionStatus.RUNNING
    store.close()


def test_the_report_queries_use_their_indexes(tmp_path: Path) -> None:
    path = tmp_path / "plans.sqlite3"
    open_history(path).close()
    conn = sqlite3.connect(path)

    def plan(query: str) -> str:
        return str(conn.execute(f"EXPLAIN QUERY PLAN {query}", (0,)).fetchall())

    rated = plan(
        "SELECT started_at FROM sessions WHERE stiffness_before IS NOT NULL"
        " OR stiffness_after IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT ?"
    )
    counting = plan(
        "SELECT started_at FROM sessions WHERE steps_done >= 1 AND started_at < ?"
        " ORDER BY started_at DESC"
    )
    conn.close()
    assert "sessions_rated" in rated
    assert "COVERING INDEX sessions_counting" in counting


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Berlin",
        "Australia/Lord_Howe",  # clocks change by half an hour; midnight skipped on 1 Mar 1981
        "America/Havana",  # summer time starts at midnight: the midnight does not exist
        "Pacific/Apia",  # 30 December 2011 was skipped altogether
    ],
)
def test_the_quick_way_back_through_the_days_keeps_to_local_midnight(
    zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The streak's walk writes out whole weeks from their dates between changes of clocks; it
    # must give what the long way gives for every day, across every kind of change.
    import time

    from backcare_tui.data.history_summary import _day_starts, _midnight

    if not (Path("/usr/share/zoneinfo") / zone).exists():
        pytest.skip("no time zone database here (Debian's tzdata)")
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        days = _day_starts(date(2026, 12, 2), None)
        for _ in range(50 * 366):  # back to 1976
            day, start = next(days)
            assert start == _midnight(day, None), day
    finally:
        monkeypatch.undo()
        time.tzset()
