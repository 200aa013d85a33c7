"""Line mode ended by a signal: SIGTERM (``kill``, a shutdown) or SIGHUP (the terminal closed).

Real processes on the real clock: the session must be recorded as stopped early with its time,
not left ``running``, and say where it stopped when there is still someone to read it.
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backcare_tui.data.locations import history_path

pytestmark = pytest.mark.realtime


def _raw_rows() -> list[tuple[str, float, int]]:
    conn = sqlite3.connect(history_path())
    try:
        return conn.execute("SELECT status, seconds, steps_done FROM sessions").fetchall()
    finally:
        conn.close()


def _start(stdout: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "backcare_tui", "run", "quick-relief", "--plain", "--no-sound"],
        stdout=stdout,
        stderr=subprocess.STDOUT,
    )


def _read_until(fd: int, marker: bytes, timeout: float = 20.0) -> bytes:
    """What ``fd`` gave up to ``marker``; fails (rather than waits a whole session) after
    ``timeout`` seconds without it."""
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"no {marker!r} within {timeout} s: {seen!r}"
        chunk = os.read(fd, 4096)
        assert chunk, f"line mode ended before {marker!r}: {seen!r}"
        seen += chunk
    return seen


def _two_seconds_in(fd: int) -> None:
    """Wait until the session has run two seconds (into its first get-ready, which the safety
    notes make long: nothing is printed in it after its first line)."""
    _read_until(fd, b"[00:00]")
    time.sleep(2.0)


def test_sigterm_records_the_session_stopped_early_and_says_where() -> None:
    read, write = os.pipe()
    process = _start(write)
    os.close(write)
    try:
        _two_seconds_in(read)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 128 + signal.SIGTERM
        with os.fdopen(read, "rb") as rest:
            tail = rest.read().decode()
    finally:
        if process.poll() is None:
            process.kill()
    assert tail.splitlines()[-1].startswith("Stopped at [00:0")
    assert "Traceback" not in tail
    [(status, seconds, done)] = _raw_rows()
    assert status == "stopped_early" and done == 0
    assert 2.0 <= seconds < 5.0


def test_a_closed_terminal_still_records_the_session(tmp_path: Path) -> None:
    # The terminal goes away first (its master end closed: every write now fails), then the
    # hang-up arrives, as when a terminal window is closed.
    master, slave = pty.openpty()
    process = _start(slave)
    os.close(slave)
    try:
        _two_seconds_in(master)
        os.close(master)
        process.send_signal(signal.SIGHUP)
        assert process.wait(timeout=10) == 128 + signal.SIGHUP
    finally:
        with contextlib.suppress(OSError):
            os.close(master)
        if process.poll() is None:
            process.kill()
    [(status, seconds, _)] = _raw_rows()
    assert status == "stopped_early" and 2.0 <= seconds < 5.0


def test_a_closed_terminal_after_a_progressing_routine_ends_without_a_traceback() -> None:
    # After the session, line mode says where each progressing dose goes next: with the
    # terminal gone that print failed (OSError) and the exit status was 1, not 129.
    from backcare_tui.data.locations import user_routines_dir

    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "grows.toml").write_text(
        'name = "Grows"\nlead_in = 0\n[[steps]]\nname = "Plank"\nkind = "hold"\n'
        'duration = 30\nprogress = { add = "5s" }\n',
        encoding="utf-8",
    )
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "backcare_tui", "run", "grows", "--plain", "--no-sound"],
        stdout=slave,
        stderr=subprocess.PIPE,
    )
    os.close(slave)
    try:
        _read_until(master, b"[00:00]")
        os.close(master)
        process.send_signal(signal.SIGHUP)
        assert process.wait(timeout=10) == 128 + signal.SIGHUP
        assert process.stderr is not None
        assert b"Traceback" not in process.stderr.read()
    finally:
        with contextlib.suppress(OSError):
            os.close(master)
        if process.poll() is None:
            process.kill()
