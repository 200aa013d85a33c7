"""Any date a history file holds, valid or not, in any time zone: shown or left out with a note.

Dates at the edges of what Python can hold (``0001-01-01`` seen from a zone west of UTC,
``9999-12-31T23:59:59-12:00`` seen from the east) once crashed ``backcare history`` and, on
``h``, the app mid-session.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from backcare_tui.cli.history import history_command
from backcare_tui.cli.main import build_parser
from backcare_tui.data.history import open_history
from backcare_tui.data.locations import history_path
from backcare_tui.data.settings import Settings

EDGES = [
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59+00:00",
    "2025-03-03T07:30:00",  # no offset: read as UTC
]
NOT_DATES = ["last tuesday", "", "2025-13-45T99:00:00+00:00", "9999-12-31T23:59:60+00:00"]


def store_rows(started: list[str]) -> None:
    """Rows with these start times, written as another program (or a damaged disk) might."""
    open_history().close()
    conn = sqlite3.connect(history_path())
    with conn:
        conn.executemany(
            "INSERT INTO sessions (routine_id, routine_name, started_at, ended_at, status,"
            " steps_total, steps_done, seconds, stiffness_before, stiffness_after)"
            " VALUES ('core', ?, ?, ?, 'finished', 3, 3, 600, 4, 2)",
            [(f"Session {n}", text, text) for n, text in enumerate(started)],
        )
    conn.close()


def report(tz: tzinfo | None, *argv: str, today: datetime | None = None) -> tuple[int, str, str]:
    args = build_parser().parse_args(["history", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = history_command(
        args,
        out=Console(file=out, width=100, color_system=None),
        err=Console(file=err, width=300, color_system=None),
        settings=Settings(),
        now=lambda: today or datetime(2025, 3, 5, 12, tzinfo=UTC),
        tz=tz,
    )
    return code, out.getvalue(), err.getvalue()


ZONES = [timezone(timedelta(hours=-12)), timezone(timedelta(hours=14)), UTC, None]


@pytest.mark.parametrize("tz", ZONES, ids=["UTC-12", "UTC+14", "UTC", "local"])
def test_dates_at_the_edges_are_shown_and_bad_ones_noted(tz: tzinfo | None) -> None:
    store_rows(EDGES + NOT_DATES)
    code, out, err = report(tz, "--limit", "20")
    assert code == 0, err
    shown = [n for n in range(len(EDGES)) if f"Session {n} " in out or f"Session {n}\n" in out]
    assert shown == list(range(len(EDGES)))
    assert "4 sessions" in err and err.count("could not be read") == 1  # the four not dates, once
    for kind in ("json", "csv"):
        code, out, err = report(tz, "--export", kind)
        assert code == 0 and "4 sessions" in err
    assert [row["started_at"][:4] for row in json.loads(report(tz, "--export", "json")[1])] == [
        "0001",
        "0001",
        "2025",
        "9999",
        "9999",
    ]


_offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


_moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.one_of(
        st.datetimes(max_value=datetime(1, 1, 3)),  # the first days Python can hold
        st.datetimes(min_value=datetime(9999, 12, 29)),  # and the last
        st.datetimes(),
    ),
    _offsets,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    moments=st.lists(_moments, min_size=1, max_size=6),
    zone=st.one_of(st.none(), _offsets),
    today=st.datetimes(
        min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=_offsets
    ),
)
def test_any_stored_date_in_any_zone_never_breaks_the_report(
    moments: list[datetime], zone: tzinfo | None, today: datetime
) -> None:
    history_path().unlink(missing_ok=True)
    for extra in ("-wal", "-shm"):
        history_path().with_name(history_path().name + extra).unlink(missing_ok=True)
    store_rows([m.isoformat() for m in moments])
    code, out, err = report(zone, "--limit", "10", today=today)
    assert code == 0, err
    assert "Traceback" not in out + err
    assert sum(f"Session {n}" in out for n in range(len(moments))) == len(moments)


def test_the_real_command_in_a_zone_far_west() -> None:
    store_rows(EDGES)
    # A POSIX zone twelve hours behind UTC: no tz database needed.
    env = {**os.environ, "TZ": "WEST+12"}
    result = subprocess.run(
        [sys.executable, "-m", "backcare_tui", "history"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Session 0" in result.stdout


@pytest.mark.parametrize(
    "command",
    [["report"], ["report", "--format", "html"], ["today"], ["plan"], ["history", "--plain"]],
)
def test_the_program_commands_read_dates_at_the_edges_too(command: list[str]) -> None:
    store_rows(EDGES)
    for zone in ("WEST+12", "EAST-14", "UTC0"):
        env = {**os.environ, "TZ": zone}
        result = subprocess.run(
            [sys.executable, "-m", "backcare_tui", *command],
            capture_output=True,
            text=True,
            env=env,
        )
        assert result.returncode == 0, (zone, result.stderr)
        assert "Traceback" not in result.stderr
