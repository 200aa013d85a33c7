"""The history file's tables and their versions: creating, upgrading and examining a file.

The file's ``user_version`` counts the migrations it has had. :func:`migrate` brings an older
file up to :data:`SCHEMA_VERSION`, one migration per transaction; :func:`examine` says why a file
cannot be used as it is (newer than this app, damaged, someone else's database) so the store can
move it aside. The SQLite errors are sorted here too: a problem with the disk or another process
turns history off, a problem with the file's contents moves the file aside.

No Textual.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "MIGRATIONS",
    "QUICK_CHECK_LIMIT",
    "SCHEMA_VERSION",
    "Problem",
    "examine",
    "is_busy",
    "is_damage",
    "is_environment",
    "migrate",
    "one_line",
]


def _create_sessions(conn: sqlite3.Connection) -> None:
    """Version 1: what the first design recorded."""
    conn.execute(
        """
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
        )
        """
    )
    conn.execute("CREATE INDEX sessions_by_start ON sessions (started_at)")


def _add_tags_stiffness_and_steps(conn: sqlite3.Connection) -> None:
    """Version 2: tags for weekly targets, the stiffness check-in, and how each step went.

    Steps are one JSON column rather than a table so that a step ending stays a single UPDATE,
    and going back a step (which resets later steps to pending) is simply the next snapshot.
    """
    for column in (
        "routine_tags TEXT NOT NULL DEFAULT '[]'",
        "steps_shortened INTEGER NOT NULL DEFAULT 0",
        "stiffness_before INTEGER CHECK (stiffness_before BETWEEN 0 AND 10)",
        "stiffness_after INTEGER CHECK (stiffness_after BETWEEN 0 AND 10)",
        "steps TEXT NOT NULL DEFAULT '[]'",
    ):
        conn.execute(f"ALTER TABLE sessions ADD COLUMN {column}")


def _index_for_the_report(conn: sqlite3.Connection) -> None:
    """Version 3: indexes that let the report read only what it shows (see history_summary).

    ``sessions_counting`` holds the start of every session that counts for the streak, so the
    streak walks back through it without touching a row; ``sessions_rated`` finds the last
    stiffness check-ins, which most sessions lack, without a scan. Their conditions are
    :data:`~backcare_tui.data.history_progress.STREAK_SQL` and ``RATED_SQL``, written out as
    they were when this migration was made: a migration never changes.
    """
    # steps_done is in it too, though the condition already says what it is: without it SQLite
    # goes to each row to check it (0.18 s for 100,000 sessions, against 0.08 s).
    conn.execute(
        "CREATE INDEX sessions_counting ON sessions (started_at, steps_done) WHERE steps_done >= 1"
    )
    conn.execute(
        "CREATE INDEX sessions_rated ON sessions (started_at)"
        " WHERE stiffness_before IS NOT NULL OR stiffness_after IS NOT NULL"
    )


def _add_runs_checkins_and_levels(conn: sqlite3.Connection) -> None:
    """Version 4: the program: runs logged, check-ins of their own, step levels.

    ``step_levels`` holds the level each progressing step was run at in a session and the base
    dose it was counted from: the routine file keeps only the base, so the level lives here.
    """
    conn.execute(
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            distance_km REAL CHECK (distance_km IS NULL OR distance_km > 0),
            hard INTEGER NOT NULL DEFAULT 0 CHECK (hard IN (0, 1))
        )
        """
    )
    conn.execute("CREATE INDEX runs_by_time ON runs (at)")
    conn.execute(
        """
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10)
        )
        """
    )
    conn.execute("CREATE INDEX checkins_by_time ON checkins (at)")
    conn.execute(
        """
        CREATE TABLE step_levels (
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            step_name TEXT NOT NULL,
            level INTEGER NOT NULL CHECK (level >= 0),
            base REAL NOT NULL,
            PRIMARY KEY (session_id, step_name)
        )
        """
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _create_sessions,
    _add_tags_stiffness_and_steps,
    _index_for_the_report,
    _add_runs_checkins_and_levels,
)
"""Migration n (from 1) takes a file at version n - 1 to version n. Only ever append."""

SCHEMA_VERSION = len(MIGRATIONS)


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> None:
    """Run the migrations the file has not had yet, each in its own transaction."""
    for number in range(_user_version(conn) + 1, SCHEMA_VERSION + 1):
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            MIGRATIONS[number - 1](conn)
            conn.execute(f"PRAGMA user_version = {number}")


@dataclass(frozen=True)
class Problem:
    """Why a history file cannot be used as it is."""

    label: str
    """Goes into the name the file is moved aside to: ``corrupt`` or ``newer``."""
    reason: str
    """Words for the user, on one line: ``it is damaged (…)``."""
    damaged: bool = False
    """Damaged, as opposed to someone else's or a newer one's: worth saving what can be read."""


QUICK_CHECK_LIMIT = 8 * 1024 * 1024
"""Files up to this size are checked page by page when opened: about 9,000 sessions, years of
them for most people. ``PRAGMA quick_check`` reads the whole file, 3.5 ms a megabyte on the dev
VM (32 ms for 10,000 sessions), and every ``backcare history`` opens the file, which with
100,000 sessions must answer in half a second. A larger file is trusted until a read or write
meets damage, which the store then handles the same way (see ``HistoryStore.repair``)."""


def one_line(text: str, limit: int = 120) -> str:
    """An SQLite message fit for a notice: its first real line, cut to ``limit`` characters.

    ``quick_check`` reports up to 100 problems, one a line, after a heading line: the notice
    needs one.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("***")] or lines or [""]
    first = " ".join(lines[0].split())
    more = len(lines) - 1
    if more:
        first += f" and {more} more"
    return first if len(first) <= limit else first[: limit - 1] + "…"


def examine(conn: sqlite3.Connection, size: int = 0) -> Problem | None:
    """Why this file (``size`` bytes) cannot be used as it is, or None."""
    version = _user_version(conn)
    if version > SCHEMA_VERSION:
        return Problem(
            "newer",
            f"it was written by a newer backcare-tui (schema {version};"
            f" this one knows {SCHEMA_VERSION})",
        )
    if size <= QUICK_CHECK_LIMIT:
        check = conn.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            found = "\n".join(str(row[0]) for row in check) or "no check result"
            return Problem("corrupt", f"it is damaged ({one_line(found)})", damaged=True)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and tables:
        return Problem("corrupt", "it is an SQLite database but not a backcare-tui history")
    if version > 0 and "sessions" not in tables:
        return Problem("corrupt", "its sessions table is missing")
    return None


_ENVIRONMENT_ERRORS = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_CANTOPEN",
    "SQLITE_READONLY",
    "SQLITE_IOERR",
    "SQLITE_FULL",
    "SQLITE_PERM",
    "SQLITE_NOMEM",
)


def is_environment(exc: sqlite3.Error) -> bool:
    """A problem with the disk, the folder or another process, not with the file's contents."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name:
        return name.startswith(_ENVIRONMENT_ERRORS)
    return isinstance(exc, sqlite3.OperationalError)


def is_busy(exc: sqlite3.Error) -> bool:
    """Another process holds the file for a moment: worth trying again, not worth stopping."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


def is_damage(exc: sqlite3.Error) -> bool:
    """The file's contents are damaged (or it is not a database at all)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name:
        return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    return "malformed" in str(exc) or "not a database" in str(exc)
