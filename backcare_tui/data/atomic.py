"""Write a file so that a crash at any moment leaves either the old contents or the new."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["remove_stale_temporaries", "staging_path", "write_atomic"]

STALE_AFTER = 60.0
"""A temporary file this old was left by a write that was killed part way."""


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data``: temporary file in the same folder, fsync, rename.

    The rename is atomic on POSIX and Windows, and the fsync before it means the new name never
    points at a half-written file even after a power cut. A ``path`` that is a symbolic link
    (settings or routines kept in a dotfiles repository) is written through: the file it points
    to is replaced and the link stays, where a rename onto the link would replace the link itself.
    """
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp_name, path.stat().st_mode & 0o777)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def staging_path(path: Path) -> Path:
    """Where a new file for ``path`` is made whole before it takes its name.

    The name holds this process's id, so :func:`remove_stale_temporaries` can tell a file left by
    a killed process from one that a live process is still making.
    """
    return path.with_name(f".{path.name}.{os.getpid()}.new")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or not a pid we can ask about: leave it
    return True


def _left_behind(path: Path) -> bool:
    """Whether ``path`` is a temporary file of ours that a killed write left behind."""
    name = path.name
    if name.endswith(".tmp"):
        return True  # write_atomic's: its random part names no process; age alone decides
    pid = name.removesuffix(".new").rpartition(".")[2]
    return name.endswith(".new") and pid.isdigit() and not _process_alive(int(pid))


def remove_stale_temporaries(folder: Path, suffix: str = ".toml") -> None:
    """Delete temporary files that killed writes left in ``folder`` (older than a minute).

    Two kinds: write_atomic's ``.NAME.*.tmp`` and :func:`staging_path`'s ``.NAME.PID.new``, for
    every ``NAME`` ending in ``suffix``. A staging file is removed only once the process named in
    it has gone, so a copy still being made by another ``backcare`` is never touched. The catalog
    never reads these files, but they would pile up in the user's folder.
    """
    import time

    patterns = (f".*{suffix}.*.tmp", f".*{suffix}.*.new")
    try:
        found = {p for pattern in patterns for p in folder.glob(pattern)}
    except OSError:
        return
    for stale in found:
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > STALE_AFTER and _left_behind(stale):
                stale.unlink()
