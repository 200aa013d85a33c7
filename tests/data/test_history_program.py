"""The program's tables in the history: upgrading old files, runs, check-ins and step levels."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backcare_tui.core.journal import LevelUsed
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.session import Session
from backcare_tui.data.history import open_history
from backcare_tui.data.history_program import (
    log_checkin,
    log_run,
    read_journal,
    record_levels,
    remove_run,
)
from backcare_tui.data.history_recorder import HistoryRecorder
from backcare_tui.data.history_schema import MIGRATIONS, SCHEMA_VERSION
from backcare_tui.data.locations import history_path
from backcare_tui.data.program import load_journal, todays_routine
from tests.fakes import FakeClock

MONDAY = datetime(2025, 3, 3, 18, tzinfo=UTC)

ROUTINE = parse_routine(
    """
name = "Tiny core"
tags = ["strength"]
lead_in = 0
[[steps]]
name = "Plank"
kind = "hold"
duration = 3
progress = { every = 1, add = 2, max = 20 }
[[steps]]
name = "Bridge"
kind = "reps"
reps = 2
tempo = 1
""",
    "tiny.toml",
)


def version_2_file(path: Path) -> None:
    """A history as the previous version left it: two migrations and one finished session."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    for number, migration in enumerate(MIGRATIONS[:2], start=1):
        migration(conn)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute(
        "INSERT INTO sessions (routine_id, routine_name, started_at, ended_at, status, steps_total,"
        " steps_done, stiffness_before, stiffness_after, steps) VALUES ('tiny', 'Tiny core',"
        " '2025-03-01T08:00:00+00:00', '2025-03-01T08:10:00+00:00', 'finished', 2, 2, 4, 3,"
        ' \'[{"index": 0, "name": "Plank", "status": "done", "adjusted": 0}]\')'
    )
    conn.commit()
    conn.close()


def test_a_version_2_history_is_upgraded_in_place_and_keeps_its_sessions() -> None:
    version_2_file(history_path())
    store = open_history(now=lambda: MONDAY)
    assert store.notices == [] and store.writable
    assert log_run(store, MONDAY, 8.0) is not None
    journal = read_journal(store, tz=UTC)
    assert [(s.routine_id, s.before, s.after, s.counted) for s in journal.sessions] == [
        ("tiny", 4, 3, True)
    ]
    assert journal.sessions[0].steps_done == frozenset({"Plank"})
    assert journal.sessions[0].levels == {}  # run before levels were kept: it counts for none
    store.close()
    conn = sqlite3.connect(history_path())
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sessions", "runs", "checkins", "step_levels"} <= tables
    conn.close()


def test_runs_and_check_ins_read_back_in_order_and_a_run_can_be_taken_back() -> None:
    store = open_history(now=lambda: MONDAY)
    later = log_run(store, MONDAY + timedelta(hours=2), 5.5, hard=True)
    log_run(store, MONDAY)
    log_checkin(store, MONDAY + timedelta(hours=1), 6)
    journal = read_journal(store, tz=UTC)
    assert [(r.distance_km, r.hard) for r in journal.runs] == [(None, False), (5.5, True)]
    assert [(c.at, c.rating) for c in journal.checkins] == [(MONDAY + timedelta(hours=1), 6)]
    # Only what happened since a moment, when asked.
    assert [r.hard for r in read_journal(store, since=MONDAY + timedelta(minutes=30)).runs] == [
        True
    ]
    assert later is not None
    remove_run(store, later)
    assert len(read_journal(store).runs) == 1
    with pytest.raises(ValueError):
        log_checkin(store, MONDAY, 11)
    with pytest.raises(ValueError):
        log_run(store, MONDAY, -3)
    store.close()


def test_the_recorder_keeps_the_level_each_step_ran_at(clock: FakeClock) -> None:
    store = open_history(now=lambda: MONDAY)
    session = Session(ROUTINE, clock=clock)
    recorder = HistoryRecorder(store, {"Plank": LevelUsed(2, 3.0)})
    recorder.set_stiffness(before=3)
    recorder.handle(session, session.start())
    for _ in range(20):
        clock.advance(1)
        recorder.handle(session, session.update())
    recorder.set_stiffness(after=2)
    recorder.close()
    journal = read_journal(store, tz=UTC)
    (done,) = journal.sessions
    assert done.levels == {"Plank": LevelUsed(2, 3.0)}
    assert (done.before, done.after, done.counted) == (3, 2, True)
    assert done.steps_done == {"Plank", "Bridge"}
    store.close()


def test_todays_routine_runs_at_the_level_the_history_gives() -> None:
    store = open_history(now=lambda: MONDAY)
    store.close()
    conn = sqlite3.connect(history_path())
    conn.execute(
        "INSERT INTO sessions (routine_id, routine_name, started_at, ended_at, status, steps_total,"
        " steps_done, stiffness_before, stiffness_after, steps) VALUES ('tiny', 'Tiny core',"
        " '2025-03-03T08:00:00+00:00', '2025-03-03T08:10:00+00:00', 'finished', 2, 2, 3, 3,"
        ' \'[{"index": 0, "name": "Plank", "status": "done", "adjusted": 0}]\')'
    )
    conn.commit()
    conn.close()
    store = open_history(now=lambda: MONDAY)
    record_levels(store, 1, {"Plank": LevelUsed(1, 3.0)})
    today = todays_routine(ROUTINE, load_journal(store, now=MONDAY, tz=UTC))
    assert today.routine.steps[0].duration == 7  # level 1 was 5 s, and the session went well
    assert today.levels == {"Plank": LevelUsed(2, 3.0)}
    assert today.routine.steps[1] == ROUTINE.steps[1]
    store.close()
    assert load_journal(None).sessions == ()


def test_runs_and_check_ins_that_cannot_be_read_are_left_out_and_said_once() -> None:
    store = open_history(now=lambda: MONDAY)
    log_run(store, MONDAY, 8.0)
    log_checkin(store, MONDAY, 3)
    store.write("INSERT INTO checkins (at, rating) VALUES (?, ?)", ("3 March", 4))
    store.write("INSERT INTO runs (at, distance_km, hard) VALUES (?, ?, ?)", ("soon", 5.0, 0))
    for _ in range(2):
        journal = read_journal(store)
        assert [c.rating for c in journal.checkins] == [3]
        assert [r.distance_km for r in journal.runs] == [8.0]
    said = [n for n in store.notices if "could not be read" in n]
    assert len(said) == 1 and "1 run and 1 check-in" in said[0]
    store.close()
