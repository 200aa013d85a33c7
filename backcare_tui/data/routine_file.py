"""Reading a routine file's bytes: a regular file only, never more than a routine can be.

``backcare validate /dev/zero`` once read until memory ran out, and a named pipe (FIFO) blocked
until something wrote to it. :func:`read_routine_file` looks at what the path is before opening
it, opens without blocking (``O_NONBLOCK``: a FIFO opens at once even with no writer), looks
again at what it opened (the path may have been swapped in between), and reads at most one byte
more than :data:`~backcare_tui.core.toml_limits.MAX_FILE_BYTES`, so "too large" can still be
told. Every command that reads a routine file comes through here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from backcare_tui.core.toml_limits import MAX_FILE_BYTES

__all__ = ["NotARoutineFile", "not_a_routine_file", "read_routine_file"]

_CHUNK = 1 << 16
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotARoutineFile(OSError):
    """The path is a folder, a device, a FIFO or a socket; the message says which."""


def _what_it_is(mode: int) -> str | None:
    """What a file of ``mode`` is, in words, when it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_unless_regular(mode: int) -> None:
    what = _what_it_is(mode)
    if what is not None:
        raise NotARoutineFile(f"is {what}, not a routine file")


def not_a_routine_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a routine (``is a folder, not a routine file``), or None.

    None too when it does not exist or cannot be looked at: reading it will say so.
    """
    try:
        _refuse_unless_regular(os.stat(path).st_mode)
    except NotARoutineFile as exc:
        return str(exc)
    except OSError:
        return None
    return None


def read_routine_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path`` (links followed).

    Raises :class:`NotARoutineFile` for anything but a regular file, and :class:`OSError` when
    it cannot be read. Never blocks on a FIFO or a device.
    """
    _refuse_unless_regular(os.stat(path).st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        _refuse_unless_regular(os.fstat(fd).st_mode)
        chunks: list[bytes] = []
        wanted = limit + 1
        while wanted > 0:
            chunk = os.read(fd, min(wanted, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
