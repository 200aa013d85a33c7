"""Write a file so that a crash at any moment leaves either the old contents or the new."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["remove_stale_temporaries", "write_atomic"]

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


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files that killed writes of ``path`` left behind (older than a minute).

    The catalog never reads them, but they would pile up in the user's folder.
    """
    import time

    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > STALE_AFTER:
                stale.unlink()
