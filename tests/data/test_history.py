"""The history store and recorder: rows written as a session goes, and files that go wrong."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import Routine
from backcare_tui.core.session import Session
from backcare_tui.data import history_file
from backcare_tui.data.history import HistoryStore, open_history
from backcare_tui.data.history_recorder import HistoryRecorder
from backcare_tui.data.history_records import SessionStatus
from backcare_tui.data.history_schema import SCHEMA_VERSION
from backcare_tui.data.locations import history_path

if TYPE_CHECKING:
    from tests.fakes import FakeClock

ROUTINE_TOML = """
name = "Tiny [bold]core[/]"
tags = ["strength", "core"]
lead_in = 2

[[steps]]
name = "Plank"
kind = "hold"
duration = 10

[[steps]]
name = "Bridge"
kind = "reps"
reps = 3
tempo = 2

[[steps]]
name = "Rest"
kind = "rest"
duration = 5
"""

START = datetime(2025, 3, 3, 7, 30, tzinfo=UTC)


@pytest.fixture
def routine() -> Routine:
    return parse_routine(ROUTINE_TOML, "tiny.toml")


class Wall:
    """A wall clock that moves with the fake session clock, as real ones do."""

    def __init__(self, clock: FakeClock, start: datetime = START) -> None:
        self.clock = clock
        self.origin = clock.now
        self.start = start

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self.clock.now - self.origin)


def run(session: Session, recorder: HistoryRecorder, clock: FakeClock, seconds: float) -> None:
    """Move the clock a second at a time, handing every event to the recorder."""
    for _ in range(int(seconds)):
        clock.advance(1)
        recorder.handle(session, session.update())


def raw_row(path: Path, session_id: int) -> dict[str, object]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    row = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
    conn.close()
    return dict(row)


def test_the_file_lives_in_the_user_data_folder(isolated_dirs: Path) -> None:
    assert history_path() == isolated_dirs / "data" / "backcare-tui" / "history.sqlite3"


def test_a_session_run_to_the_end_is_recorded_finished(routine: Routine, clock: FakeClock) -> None:
    store = open_history(now=Wall(clock))
    session = Session(routine, clock=clock)
    recorder = HistoryRecorder(store)
    recorder.handle(session, session.start())
    run(session, recorder, clock, 2 + 4)  # get ready, then 4 s into the plank
    recorder.handle(session, session.adjust(+5))  # plank made longer
    run(session, recorder, clock, 11)  # plank over, into the bridge's get-ready
    run(session, recorder, clock, 2)
    recorder.handle(session, session.next())  # bridge skipped
    run(session, recorder, clock, 5)  # the rest step runs out: the end
    assert session.finished
    recorder.close()

    [record] = store.sessions()
    assert record.status is SessionStatus.FINISHED
    assert (record.steps_total, record.steps_done, record.steps_skipped, record.steps_extended) == (
        3,
        2,
        1,
        1,
    )
    assert record.seconds == pytest.approx(session.elapsed) == 2 + 15 + 2 + 5
    assert record.routine_id == "tiny"
    assert record.routine_name == "Tiny [bold]core[/]"
    assert record.routine_tags == ("strength", "core")
    assert record.started_at == START
    assert record.ended_at == START + timedelta(seconds=24)
    assert [(s.name, s.status, s.adjusted) for s in record.steps] == [
        ("Plank", "done", 5.0),
        ("Bridge", "skipped", 0.0),
        ("Rest", "done", 0.0),
    ]
    assert raw_row(store.path, record.id)["status"] == "finished"


def test_the_row_is_written_at_the_start_and_after_each_step(
    routine: Routine, clock: FakeClock
) -> None:
    store = open_history(now=Wall(clock))
    session = Session(routine, clock=clock)
    recorder = HistoryRecorder(store)
    recorder.handle(session, session.start())
    assert recorder.session_id is not None
    row = raw_row(store.path, recorder.session_id)
    assert (row["status"], row["steps_done"], row["seconds"]) == ("running", 0, 0)

    run(session, recorder, clock, 2 + 10 + 1)  # the plank ends at 12 s; one more second passes
    row = raw_row(store.path, recorder.session_id)
    assert (row["status"], row["steps_done"], row["seconds"]) == ("running", 1, 12)

    [live] = store.sessions(live_id=recorder.session_id)
    assert live.status is SessionStatus.RUNNING
    [seen_elsewhere] = store.sessions()
    assert seen_elsewhere.status is SessionStatus.STOPPED_EARLY


def test_a_session_abandoned_is_stopped_early(routine: Routine, clock: FakeClock) -> None:
    store = open_history(now=Wall(clock))
    session = Session(routine, clock=clock)
    recorder = HistoryRecorder(store)
    recorder.handle(session, session.start())
    run(session, recorder, clock, 2 + 10 + 3)  # plank done, 3 s into the bridge
    recorder.close()
    recorder.close()

    [record] = store.sessions()
    assert record.status is SessionStatus.STOPPED_EARLY
    assert (record.steps_done, record.steps_skipped) == (1, 0)
    assert record.seconds == 15
    assert raw_row(store.path, record.id)["status"] == "stopped_early"


def test_a_session_never_started_leaves_no_row(routine: Routine, clock: FakeClock) -> None:
    store = open_history(now=Wall(clock))
    recorder = HistoryRecorder(store)
    recorder.set_stiffness(before=4)
    recorder.close()
    assert store.sessions() == []


def test_stiffness_before_and_after(routine: Routine, clock: FakeClock) -> None:
    store = open_history(now=Wall(clock))
    session = Session(routine, clock=clock)
    recorder = HistoryRecorder(store)
    recorder.set_stiffness(before=7)  # asked before the first phase: no row yet
    recorder.handle(session, session.start())
    run(session, recorder, clock, 40)
    recorder.close()
    recorder.set_stiffness(after=10)
    [record] = store.sessions()
    assert (record.stiffness_before, record.stiffness_after) == (7, 10)
    recorder.set_stiffness(before=None, after=3)
    assert store.sessions()[0].stiffness_before == 7
    for wrong in (11, -1, 2.5, True, "5"):
        with pytest.raises(ValueError, match="0 to 10"):
            recorder.set_stiffness(after=wrong)  # type: ignore[arg-type]


KILLED = """
import os, signal
from backcare_tui.data.history import open_history
from backcare_tui.data.history_recorder import HistoryRecorder
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.events import EventKind
from backcare_tui.core.session import Session

now = [1000.0]
session = Session(parse_routine({toml!r}, "tiny.toml"), clock=lambda: now[0])
recorder = HistoryRecorder(open_history())
recorder.handle(session, session.start())
steps = 0
while True:
    now[0] += 0.5
    events = session.update()
    recorder.handle(session, events)
    steps += sum(e.kind is EventKind.STEP_DONE for e in events)
    if steps == 2:
        now[0] += 0.5  # part of the next step happens, then the process dies without a word
        recorder.handle(session, session.update())
        os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_session_keeps_its_steps_and_reads_as_stopped_early(tmp_path: Path) -> None:
    script = tmp_path / "killed.py"
    script.write_text(KILLED.format(toml=ROUTINE_TOML), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, timeout=30)
    assert result.returncode == -9, result.stderr.decode()

    store = open_history()
    [record] = store.sessions()
    assert record.status is SessionStatus.STOPPED_EARLY
    assert (record.steps_done, record.steps_skipped) == (2, 0)
    assert record.seconds == 2 + 10 + 2 + 6  # up to the end of the second step
    assert raw_row(store.path, record.id)["status"] == "running"  # the file says what it saw


# --- files that cannot be used ------------------------------------------------------------------


def moved_files(path: Path, label: str) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.{label}-*"))


def record_one(store: HistoryStore, routine: Routine, clock: FakeClock) -> None:
    session = Session(routine, clock=clock)
    recorder = HistoryRecorder(store)
    recorder.handle(session, session.start())
    run(session, recorder, clock, 40)
    recorder.close()


@pytest.mark.parametrize(
    "content",
    [b"\x00\xffnot sqlite at all" * 300, b"my notes, not a database\n" * 20],
    ids=["garbage", "text"],
)
def test_a_file_that_is_not_a_database_is_moved_aside(
    content: bytes, routine: Routine, clock: FakeClock
) -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    seen: list[str] = []
    store = open_history(now=Wall(clock), on_notice=seen.append)

    [moved] = moved_files(path, "corrupt")
    stamp = START.astimezone().strftime("%Y%m%d-%H%M%S")
    assert moved.name == f"history.sqlite3.corrupt-{stamp}"
    assert moved.read_bytes() == content
    assert seen == store.notices
    [message] = store.notices
    assert "\n" not in message and moved.name in message and "new history" in message
    record_one(store, routine, clock)
    assert [r.status for r in store.sessions()] == [SessionStatus.FINISHED]


def test_a_stale_log_beside_a_bad_file_does_not_leak_into_the_new_one(
    routine: Routine, clock: FakeClock
) -> None:
    # SQLite itself drops a log that belongs to no usable database when it closes the file;
    # what matters is that the bad file is kept and the new history starts clean.
    path = history_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 500)
    log = Path(f"{path}-wal")
    log.write_bytes(b"an old log" * 100)
    store = open_history(now=Wall(clock))
    [moved] = moved_files(path, "corrupt")
    assert moved.read_bytes() == b"garbage" * 500
    assert not log.exists() or b"an old log" not in log.read_bytes()
    record_one(store, routine, clock)
    assert len(store.sessions()) == 1


def test_a_truncated_database_is_moved_aside_and_what_is_left_is_saved(
    routine: Routine, clock: FakeClock
) -> None:
    store = open_history(now=Wall(clock))
    fill(store, 300)
    store.close()
    path = history_path()
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])

    again = open_history(now=Wall(clock))
    [moved] = moved_files(path, "corrupt")
    assert moved.read_bytes() == whole[: len(whole) // 2]
    [notice] = again.notices
    assert "\n" not in notice and moved.name in notice
    saved = again.sessions()
    assert 50 < len(saved) < 300 and f"{len(saved)} sessions were saved" in notice
    assert again.writable
    record_one(again, routine, clock)
    assert len(again.sessions()) == len(saved) + 1


# --- a damaged page --------------------------------------------------------------------------------


def fill(store: HistoryStore, count: int) -> None:
    """``count`` finished sessions, one a day back from START, written straight into the file."""
    assert store._conn is not None
    steps = json.dumps(
        [{"index": i, "name": f"Step {i}", "status": "done", "adjusted": 0.0} for i in range(8)]
    )
    rows = [
        (
            "core", f"Session {n}", '["strength"]', (START - timedelta(days=n)).isoformat(),
            (START - timedelta(days=n, minutes=-20)).isoformat(), "finished", 8, 8, 0, 0, 0,
            1200.0, n % 11, n % 7, steps,
        )
        for n in range(count)
    ]  # fmt: skip
    with store._conn:
        store._conn.execute("BEGIN")
        store._conn.executemany(
            "INSERT INTO sessions (routine_id, routine_name, routine_tags, started_at, ended_at,"
            " status, steps_total, steps_done, steps_skipped, steps_extended, steps_shortened,"
            " seconds, stiffness_before, stiffness_after, steps)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def pages(path: Path, *kinds: int) -> list[int]:
    """The numbers of the pages of these b-tree kinds (2, 5: interior; 10, 13: leaf)."""
    data = path.read_bytes()
    size = int.from_bytes(data[16:18], "big")
    return [
        number for number in range(2, len(data) // size + 1) if data[(number - 1) * size] in kinds
    ]


def scribble(path: Path, page: int) -> None:
    """Overwrite all of one page but its first byte (its kind) with junk, as a bad disk might."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    start = (page - 1) * size
    data[start + 1 : start + size] = (b"\xde\xad\xbe\xef" * size)[: size - 1]
    path.write_bytes(bytes(data))


def test_a_damaged_index_page_loses_no_session(routine: Routine, clock: FakeClock) -> None:
    store = open_history(now=Wall(clock))
    fill(store, 500)
    before = store.sessions()
    store.close()
    path = history_path()
    scribble(path, pages(path, 2, 10)[0])  # the index of start times

    again = open_history(now=Wall(clock))
    [moved] = moved_files(path, "corrupt")
    [notice] = again.notices
    assert "\n" not in notice and len(notice) < 400  # once 101 lines of SQLite's findings
    assert "500 sessions were saved" in notice and moved.name in notice
    assert again.sessions() == before
    assert again.writable


def test_a_damaged_page_of_sessions_costs_only_the_sessions_on_it(
    routine: Routine, clock: FakeClock
) -> None:
    store = open_history(now=Wall(clock))
    fill(store, 500)
    before = {r.id: r for r in store.sessions()}
    store.close()
    path = history_path()
    leaves = pages(path, 13)
    scribble(path, leaves[len(leaves) // 2])  # a page of sessions in the middle

    again = open_history(now=Wall(clock))
    [notice] = again.notices
    kept = again.sessions()
    assert 400 < len(kept) < 500 and f"{len(kept)} sessions were saved" in notice
    assert all(before[r.id] == r for r in kept)  # what was saved is exactly what was there
    lost = sorted(set(before) - {r.id for r in kept})
    assert lost == list(range(lost[0], lost[-1] + 1))  # one run of neighbours: that one page


def test_a_database_from_a_newer_version_is_moved_aside(clock: FakeClock) -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, future TEXT)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    original = path.read_bytes()

    store = open_history(now=Wall(clock))
    [moved] = moved_files(path, "newer")
    assert moved.read_bytes() == original
    assert "newer backcare-tui" in store.notices[0]
    assert store.writable and store.sessions() == []


def test_another_programs_database_is_moved_aside_not_changed(clock: FakeClock) -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    store = open_history(now=Wall(clock))
    [moved] = moved_files(path, "corrupt")
    assert sqlite3.connect(moved).execute("SELECT count(*) FROM recipes").fetchone() == (0,)
    assert "not a backcare-tui history" in store.notices[0]


def test_files_moved_aside_in_the_same_second_do_not_overwrite_each_other(
    clock: FakeClock,
) -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    for content in (b"first" * 200, b"second" * 200):
        path.write_bytes(content)
        open_history(now=Wall(clock)).close()
        path.unlink()
    assert sorted(p.read_bytes()[:6] for p in moved_files(path, "corrupt")) == [
        b"firstf",
        b"second",
    ]


def test_an_empty_file_is_simply_used() -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    path.touch()
    store = open_history()
    assert store.writable and store.notices == []


def test_a_folder_that_cannot_be_created_turns_history_off(
    isolated_dirs: Path, routine: Routine, clock: FakeClock
) -> None:
    # Running as root ignores permission bits, so a file where the folder should be stands in
    # for a read-only place.
    (isolated_dirs / "data" / "backcare-tui").write_text("in the way")
    store = open_history(now=Wall(clock))
    assert not store.available and not store.writable
    assert "History is off" in store.notices[0]
    record_one(store, routine, clock)  # nothing raises
    assert store.sessions() == []


def test_a_write_failing_mid_session_turns_recording_off_quietly(
    routine: Routine, clock: FakeClock
) -> None:
    store = open_history(now=Wall(clock))
    session = Session(routine, clock=clock)
    recorder = HistoryRecorder(store)
    recorder.handle(session, session.start())
    assert store._conn is not None
    store._conn.execute("PRAGMA query_only = ON")  # the disk refuses from here on
    run(session, recorder, clock, 40)
    recorder.close()
    assert not store.writable
    assert len(store.notices) == 1 and "could not write" in store.notices[0]
    store._conn.execute("PRAGMA query_only = OFF")
    assert store.sessions()[0].steps_done == 0


class Holder:
    """Another program holding the history file's write lock (``BEGIN EXCLUSIVE``) for a while,
    from a thread with a connection of its own."""

    def __init__(self, path: Path, seconds: float) -> None:
        self.path = path
        self.seconds = seconds
        self.holding = threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        self.holding.set()
        time.sleep(self.seconds)
        conn.execute("ROLLBACK")
        conn.close()

    def __enter__(self) -> Holder:
        self.thread.start()
        assert self.holding.wait(5)
        return self

    def __exit__(self, *exc: object) -> None:
        self.thread.join()


def test_a_lock_held_while_the_store_opens_still_records_the_session(
    routine: Routine, clock: FakeClock
) -> None:
    open_history().close()  # a history file that exists, as it does after the first run
    with Holder(history_path(), 1.0):
        store = open_history(now=Wall(clock))
    assert store.writable, store.notices
    record_one(store, routine, clock)
    [record] = store.sessions()
    assert record.status is SessionStatus.FINISHED and record.steps_done == 3
    store.close()


def test_a_lock_held_longer_than_opening_waits_is_waited_out_by_the_first_write(
    routine: Routine, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_file, "OPEN_WAIT", 0.05)
    monkeypatch.setattr(history_file, "RETRY_AFTER", 0.0)
    open_history().close()
    with Holder(history_path(), 0.5):
        store = open_history(now=Wall(clock))
    assert store.writable and [n for n in store.notices if "busy" in n]
    record_one(store, routine, clock)
    [record] = store.sessions()
    assert record.status is SessionStatus.FINISHED
    store.close()


def test_a_lock_held_while_a_session_writes_loses_nothing(
    routine: Routine, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_file, "BUSY_TIMEOUT", 0.01)
    store = open_history(now=Wall(clock))
    session = Session(routine, clock=clock)
    recorder = HistoryRecorder(store)
    recorder.set_stiffness(before=6)
    with Holder(store.path, 1.0):
        # The whole session starts, runs and ends while the other program holds the file.
        recorder.handle(session, session.start())
        run(session, recorder, clock, 40)
        recorder.close()
        recorder.set_stiffness(after=3)
    assert "busy" in store.notices[0] and len(store.notices) == 1
    store.close()  # what could not be written yet is written before the file is let go
    [record] = open_history().sessions()
    assert record.status is SessionStatus.FINISHED and record.steps_done == 3
    assert (record.stiffness_before, record.stiffness_after) == (6, 3)
    assert record.seconds == pytest.approx(session.elapsed)


def test_a_busy_moment_mid_session_is_caught_up_by_the_next_write(
    routine: Routine, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_file, "BUSY_TIMEOUT", 0.01)
    monkeypatch.setattr(history_file, "RETRY_AFTER", 0.0)
    store = open_history(now=Wall(clock))
    session = Session(routine, clock=clock)
    recorder = HistoryRecorder(store)
    recorder.handle(session, session.start())
    assert recorder.session_id is not None
    with Holder(store.path, 0.3):
        run(session, recorder, clock, 2 + 10)  # the plank ends while the file is held
    assert store.writable and "busy" in store.notices[0]
    assert raw_row(store.path, recorder.session_id)["steps_done"] == 0
    run(session, recorder, clock, 1)  # the next event carries the whole state again
    assert raw_row(store.path, recorder.session_id)["steps_done"] == 1


# --- migrations --------------------------------------------------------------------------------

VERSION_1 = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    routine_id TEXT NOT NULL,
    routine_name TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped_early')),
    steps_total INTEGER NOT NULL,
    steps_done INTEGER NOT NULL DEFAULT 0,
    steps_skipped INTEGER NOT NULL DEFAULT 0,
    steps_extended INTEGER NOT NULL DEFAULT 0,
    seconds REAL NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_start ON sessions (started_at);
INSERT INTO sessions VALUES
    (1, 'core-strength', 'Core strength', '2025-02-01T08:00:00+00:00',
     '2025-02-01T08:20:00+00:00', 'finished', 11, 10, 1, 2, 1200.5),
    (2, 'recovery', 'Recovery', '2025-02-02T08:00:00+00:00', NULL, 'running', 5, 1, 0, 0, 900);
PRAGMA user_version = 1;
"""


def test_a_version_1_file_is_upgraded_in_place(routine: Routine, clock: FakeClock) -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.executescript(textwrap.dedent(VERSION_1))
    conn.close()

    store = open_history(now=Wall(clock))
    assert store.notices == [] and store.writable
    older, old = store.sessions()[::-1][:2]
    assert (old.routine_name, old.status, old.steps_done, old.seconds) == (
        "Recovery",
        SessionStatus.STOPPED_EARLY,
        1,
        900,
    )
    assert (older.routine_id, older.status, older.steps_extended) == (
        "core-strength",
        SessionStatus.FINISHED,
        2,
    )
    assert older.routine_tags == () and older.stiffness_before is None and older.steps == ()
    assert older.started_at == datetime(2025, 2, 1, 8, tzinfo=UTC)
    record_one(store, routine, clock)
    assert len(store.sessions()) == 3
    store.close()

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(sessions)")}
    added = {"routine_tags", "stiffness_before", "stiffness_after", "steps_shortened", "steps"}
    assert added <= columns
    conn.close()


def test_a_fresh_file_is_at_the_current_version() -> None:
    store = open_history()
    store.close()
    conn = sqlite3.connect(history_path())
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # cheap commits, see history
    conn.close()


def test_a_row_that_cannot_be_read_is_left_out_with_a_notice(
    routine: Routine, clock: FakeClock
) -> None:
    store = open_history(now=Wall(clock))
    record_one(store, routine, clock)
    record_one(store, routine, clock)
    assert store._conn is not None
    store._conn.execute("UPDATE sessions SET started_at = 'last tuesday' WHERE id = 1")
    assert [r.id for r in store.sessions()] == [2]
    assert "1 session in" in store.notices[0]


def test_steps_are_kept_as_json_for_reuse(routine: Routine, clock: FakeClock) -> None:
    store = open_history(now=Wall(clock))
    record_one(store, routine, clock)
    steps = json.loads(str(raw_row(store.path, 1)["steps"]))
    assert steps[0] == {"index": 0, "name": "Plank", "status": "done", "adjusted": 0.0}


def test_a_file_that_cannot_be_upgraded_is_moved_aside_untouched(clock: FakeClock) -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.executescript(textwrap.dedent(VERSION_1))
    conn.execute("ALTER TABLE sessions ADD COLUMN steps TEXT")  # in the way of migration 2
    conn.commit()
    conn.close()
    store = open_history(now=Wall(clock))
    [moved] = moved_files(path, "corrupt")
    assert "could not be upgraded (duplicate column name: steps)" in store.notices[0]
    conn = sqlite3.connect(moved)
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)  # migration 2 rolled back
    assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (2,)
    conn.close()
    assert store.writable


def test_damage_in_a_file_too_large_to_check_is_met_by_a_write_and_saved(
    routine: Routine, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcare_tui.data import history_schema

    monkeypatch.setattr(history_schema, "QUICK_CHECK_LIMIT", 0)  # as for a very long history
    store = open_history(now=Wall(clock))
    fill(store, 500)
    store.close()
    path = history_path()
    scribble(path, pages(path, 2, 10)[0])

    again = open_history(now=Wall(clock))
    assert again.notices == []  # not checked page by page: the damage is not seen yet
    record_one(again, routine, clock)  # its row goes into the damaged index
    [notice] = again.notices
    assert "500 sessions were saved" in notice
    assert len(again.sessions()) == 501 and again.sessions()[0].status is SessionStatus.FINISHED


def test_a_session_begun_while_the_file_is_held_is_written_once(
    routine: Routine, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first write that gets through catches up what the lock kept back; it is the
    # session's own insert, which must not be made again from inside itself (two rows, the
    # second left "running", were seen with a lock of 6 s on a 2 s session).
    monkeypatch.setattr(history_file, "OPEN_WAIT", 0.05)
    monkeypatch.setattr(history_file, "BUSY_TIMEOUT", 0.01)
    monkeypatch.setattr(history_file, "RETRY_AFTER", 0.0)
    open_history().close()
    session = Session(routine, clock=clock)
    with Holder(history_path(), 0.3):
        store = open_history(now=Wall(clock))
        recorder = HistoryRecorder(store)
        recorder.handle(session, session.start())
        assert recorder.session_id is None  # held: not written yet
    run(session, recorder, clock, 40)
    recorder.close()
    store.close()
    [record] = open_history().sessions()
    assert record.status is SessionStatus.FINISHED and record.steps_done == 3


def test_a_file_held_from_opening_to_the_end_is_waited_for_when_the_store_closes(
    routine: Routine, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_file, "OPEN_WAIT", 0.05)
    monkeypatch.setattr(history_file, "BUSY_TIMEOUT", 0.01)
    open_history().close()
    with Holder(history_path(), 0.5):
        store = open_history(now=Wall(clock))
        session = Session(routine, clock=clock)
        recorder = HistoryRecorder(store)
        recorder.handle(session, session.start())
        run(session, recorder, clock, 40)
        recorder.close()
        store.close()  # waits for the lock (CLOSE_WAIT), though the file never finished opening
    assert not [n for n in store.notices if "could not be recorded" in n]
    [record] = open_history().sessions()
    assert record.status is SessionStatus.FINISHED


def test_a_new_file_held_as_it_opens_says_busy_once_and_nothing_about_reading(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_file, "OPEN_WAIT", 0.05)
    monkeypatch.setattr(history_file, "BUSY_TIMEOUT", 0.01)
    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with Holder(path, 0.5):  # the file is made, empty, by the other program's lock
        store = open_history(now=Wall(clock))
        assert store.rows("SELECT * FROM runs") == []  # no tables yet, and locked
        assert store.sessions() == []
    assert [n for n in store.notices if "busy" in n] and not [
        n for n in store.notices if "could not be read" in n
    ]
    store.close()


def test_damage_met_by_a_write_that_waits_is_repaired_and_never_raises(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Flaky(sqlite3.Connection):
        """A connection whose next insert of a run meets a damaged page."""

        armed = False

        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if Flaky.armed and sql.startswith("INSERT INTO runs"):
                Flaky.armed = False
                raise sqlite3.DatabaseError("database disk image is malformed")
            return super().execute(sql, *args)

    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, factory=Flaky, **k))
    store = open_history(now=Wall(clock))
    Flaky.armed = True
    insert = "INSERT INTO runs (at, distance_km, hard) VALUES (?, ?, ?)"
    # The session's last write waits for a lock (END_WAIT): the repair replaced its connection.
    row = store._write(insert, ("2025-03-03T07:00:00+00:00", 8.0, 0), wait=0.5)
    assert row is not None and [n for n in store.notices if "new history" in n]
    assert store.rows("SELECT distance_km FROM runs") == [(8.0,)]
    store.close()
