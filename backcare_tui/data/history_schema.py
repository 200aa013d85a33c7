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

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "examine", "is_busy", "is_environment", "migrate"]


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


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _create_sessions,
    _add_tags_stiffness_and_steps,
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


def examine(conn: sqlite3.Connection) -> tuple[str, str] | None:
    """Why this file cannot be used as it is, as (label for the moved file, reason), or None."""
    version = _user_version(conn)
    if version > SCHEMA_VERSION:
        return "newer", (
            f"it was written by a newer backcare-tui (schema {version};"
            f" this one knows {SCHEMA_VERSION})"
        )
    check = conn.execute("PRAGMA quick_check").fetchall()
    if check != [("ok",)]:
        return "corrupt", f"it is damaged ({check[0][0] if check else 'no check result'})"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and tables:
        return "corrupt", "it is an SQLite database but not a backcare-tui history"
    if version > 0 and "sessions" not in tables:
        return "corrupt", "its sessions table is missing"
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
