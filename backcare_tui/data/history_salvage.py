"""A history file that cannot be used: moved aside, and what can be read of it saved.

:func:`move_aside` renames the file, and the files SQLite keeps beside it, out of the way,
never over another; the store then starts a fresh file.

A bad sector, a full disk mid-write or a copy cut short damages a page or two of the file, and
SQLite then refuses the whole file. Most of it is usually fine: in the damage tests here, a
scribbled index page cost no session at all and a scribbled page of sessions only the sessions
on it. :func:`salvage` reads the damaged file (never writing to it) row by row in id order, and
where a read fails, finds the next id that can be read again and goes on from there, so one
damaged page costs only what was on it.

Only the ``sessions`` table is read, and only through its own b-tree (by id): indexes are not
needed, since the fresh file builds its own. Rows that the fresh file's checks refuse (a status
or rating out of range: damage that happened to decode) are left out and counted.

No Textual.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

__all__ = ["Salvage", "move_aside", "salvage"]

_BATCH = 200
"""Rows read per query: few enough that a failure costs little reading again."""
_FURTHEST = 1 << 62
"""Past the largest id SQLite gives out by itself; the skip stops here."""


_SIDECARS = ("-journal", "-wal", "-shm")
"""Files SQLite may leave beside a database after a crash. They move with a file moved aside:
a journal left at the old name would otherwise be played into the fresh file."""


def move_aside(path: Path, label: str, now: datetime) -> Path | None:
    """Rename ``path`` (and its sidecars) to ``NAME.LABEL-YYYYmmdd-HHMMSS`` (``-2``, ``-3``…
    if that is taken): the new name, or None if it could not be moved."""
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    number = 1
    while any(Path(f"{target}{extra}").exists() for extra in ("", *_SIDECARS)):
        number += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{number}")
    try:
        os.rename(path, target)
    except OSError:
        return None
    for extra in _SIDECARS:
        sidecar = Path(f"{path}{extra}")
        if sidecar.exists():
            try:
                os.rename(sidecar, f"{target}{extra}")
            except OSError:
                return None
    return target


@dataclass(frozen=True)
class Salvage:
    """What :func:`salvage` did."""

    saved: int
    """Sessions copied into the fresh file."""
    refused: int
    """Rows read but refused by the fresh file's checks."""
    damaged_reads: int
    """Reads that failed and were stepped over (0: the damage was not in the sessions)."""


def _open_read_only(path: Path) -> sqlite3.Connection:
    """``path`` for reading only: the damaged file is evidence, kept exactly as it was.

    ``immutable`` reads the file as it lies and creates nothing beside it; a write-ahead log
    moved aside with it holds the latest sessions, though, and only a normal read-only
    connection reads it (creating the small ``-shm`` index beside it to do so).
    """
    log = Path(f"{path}-wal")
    mode = "mode=ro" if log.exists() and log.stat().st_size else "immutable=1"
    conn = sqlite3.connect(f"file:{quote(str(path))}?{mode}", uri=True)
    # A file cut short says in its header that it has more pages than it does, and SQLite then
    # refuses it whole; with this set it reads the pages that are there.
    conn.execute("PRAGMA writable_schema = ON")
    return conn


def _columns(damaged: sqlite3.Connection, fresh: sqlite3.Connection) -> list[str]:
    """The columns of ``sessions`` both files have (an old file may lack later ones)."""
    wanted = [row[1] for row in fresh.execute("PRAGMA table_info(sessions)")]
    have = {row[1] for row in damaged.execute("PRAGMA table_info(sessions)")}
    return [name for name in wanted if name in have]


def _rows_from(
    damaged: sqlite3.Connection, columns: list[str], after: int
) -> Iterator[tuple[Any, ...]]:
    """Rows with an id above ``after``, in id order, until the end or a failed read."""
    query = f"SELECT {', '.join(columns)} FROM sessions WHERE id > ? ORDER BY id LIMIT {_BATCH}"
    while True:
        batch = damaged.execute(query, (after,))
        got = 0
        for row in batch:
            got += 1
            after = int(row[0])
            yield row
        if got < _BATCH:
            return


def _readable_after(damaged: sqlite3.Connection, after: int) -> int | None:
    """The smallest ``x > after`` from which rows can be read again (as a query's lower bound),
    or None if nothing further can be read.

    A read fails once the search for the next row reaches the damaged page; a search that
    starts past that page's ids succeeds. So the first good start is found by doubling a step
    until a read succeeds, then halving back between the last failure and that success.
    """

    def readable(start: int) -> bool:
        try:
            damaged.execute(
                "SELECT id FROM sessions WHERE id > ? ORDER BY id LIMIT 1", (start,)
            ).fetchall()
        except sqlite3.DatabaseError:
            return False
        return True

    step = 1
    while not readable(after + step):
        step *= 2
        if after + step > _FURTHEST:
            return None
    bad, good = after + step // 2, after + step
    if step == 1:
        bad = after
    while good - bad > 1:
        middle = (bad + good) // 2
        if readable(middle):
            good = middle
        else:
            bad = middle
    return good


def salvage(damaged_path: Path, fresh: sqlite3.Connection) -> Salvage:
    """Copy every session that can be read from ``damaged_path`` into ``fresh`` (a new history
    file, already at the current schema), keeping each session's id.

    Whatever cannot be read from the damaged file is stepped over; an error writing ``fresh``
    is raised (and nothing is written to it: the copy is one transaction).
    """
    try:
        damaged = _open_read_only(damaged_path)
        columns = _columns(damaged, fresh)
    except sqlite3.DatabaseError:
        return Salvage(0, 0, 0)  # not a database any more, or not even its tables can be read
    try:
        if "id" not in columns:
            return Salvage(0, 0, 0)
        return _copy(damaged, fresh, columns)
    finally:
        damaged.close()


def _copy(damaged: sqlite3.Connection, fresh: sqlite3.Connection, columns: list[str]) -> Salvage:
    insert = (
        f"INSERT OR IGNORE INTO sessions ({', '.join(columns)})"
        f" VALUES ({', '.join('?' for _ in columns)})"
    )
    saved = refused = failures = 0
    after: int | None = -(1 << 63)
    with fresh:  # one transaction: the fresh file gets all that was saved, or nothing
        fresh.execute("BEGIN IMMEDIATE")
        while after is not None:
            rows = _rows_from(damaged, columns, after)
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    after = None
                    break
                except sqlite3.DatabaseError:  # the damage: step over it
                    failures += 1
                    after = _readable_after(damaged, after)
                    break
                after = int(row[0])
                try:
                    saved += fresh.execute(insert, row).rowcount
                except sqlite3.IntegrityError:
                    refused += 1
    return Salvage(saved, refused, failures)
