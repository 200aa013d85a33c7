"""Saving routines: into the user's folder only, atomically, with the old file kept as a backup.

The in-app editor and the summary's "save these timings" write through :func:`save_routine`;
``backcare edit`` copies a file byte for byte with :func:`copy_routine_file`. Both refuse to write
into the built-in folder, so a built-in routine is never changed: a user copy with the same id
shadows it instead. Ids are file stems; what makes a good one, and a good display name, is
:mod:`~backcare_tui.data.routine_names`.

Nothing here imports Textual.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import Routine, RoutineError, RoutineLoadError
from backcare_tui.core.routine_toml import routine_to_toml
from backcare_tui.core.toml_limits import MAX_FILE_BYTES
from backcare_tui.data.atomic import remove_stale_temporaries, staging_path, write_atomic
from backcare_tui.data.catalog import command_path, folder_problem
from backcare_tui.data.locations import builtin_routines_dir, shown_path, user_routines_dir
from backcare_tui.data.routine_file import read_routine_file

__all__ = [
    "SAVED_HEADER",
    "SaveError",
    "SaveResult",
    "copy_routine_file",
    "create_routine",
    "has_comments",
    "is_builtin_path",
    "save_routine",
    "shadows_builtin",
]

SAVED_HEADER = (
    "Saved by backcare-tui. You can change it in any text editor and check it with\n"
    "`backcare validate`. When the app saves it again, comments are not kept;\n"
    "the version it replaces is kept beside it with .bak added to the name."
)
"""The comment at the top of every file :func:`save_routine` writes.

It tells a person opening the file by hand that their comments would not survive the app's next
save. :func:`has_comments` does not count it, so the app does not warn about its own words.
"""

_HEADER_LINES = frozenset(f"# {line}".rstrip() for line in SAVED_HEADER.splitlines())
_DIRECTIVE = "#:"
"""Editor directives such as Taplo's ``#:schema ../routine.schema.json``: kept across a save."""


class SaveError(ValueError):
    """Nothing was saved; the message says why, in words for the user, starting with the path.

    When the routine itself was refused, ``errors`` holds the loader's problems (the same
    :class:`RoutineError` values ``backcare validate`` prints) and the message lists them.
    """

    def __init__(self, message: str, errors: Iterable[RoutineError] = ()) -> None:
        super().__init__(message)
        self.errors = tuple(errors)


@dataclass(frozen=True)
class SaveResult:
    """Where a routine was saved, and where the version it replaced was kept."""

    path: Path
    backup: Path | None = None
    """The ``.bak`` copy of the file this save replaced, or ``None`` if there was none."""
    changed: bool = True
    """False when the file already held exactly these bytes, so nothing was written."""


# --- where files are ------------------------------------------------------------------------


def _stem_problem(routine_id: str) -> str | None:
    """Why ``routine_id`` cannot name a file in the routines folder (looser than valid_id)."""
    if not routine_id.strip():
        return "a routine's id must not be empty"
    if routine_id.startswith("."):
        return f"{routine_id!r} cannot be an id: names starting with a dot are hidden files"
    if any(c in routine_id for c in "/\\\0") or any(not c.isprintable() for c in routine_id):
        return f"{routine_id!r} cannot be an id: it must be a plain file name"
    if len(routine_id.encode("utf-8")) > 200:
        return f"{routine_id!r} cannot be an id: it is too long for a file name"
    return None


def is_builtin_path(path: Path) -> bool:
    """Whether ``path`` (after following links) is in the built-in routines folder."""
    try:
        target = path.expanduser().resolve()
        base = builtin_routines_dir().resolve()
    except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
        return False
    return target.is_relative_to(base)


def shadows_builtin(routine_id: str) -> bool:
    """Whether a user routine with this id would replace a built-in one in the picker."""
    return (builtin_routines_dir() / f"{routine_id}.toml").is_file()


def _target(routine_id: str, folder: Path | None) -> tuple[Path, Path]:
    """(the path as the user sees it, the real file a write goes to), or :class:`SaveError`."""
    problem = _stem_problem(routine_id)
    if problem is not None:
        raise SaveError(problem)
    path = (folder if folder is not None else user_routines_dir()) / f"{routine_id}.toml"
    try:
        # A routine file may be a link into a dotfiles repository: write where it points.
        real = path.expanduser().resolve()
    except (OSError, RuntimeError) as exc:  # a link loop (RuntimeError before Python 3.13)
        raise SaveError(f"{_named(path)}: cannot be followed to a file: {exc}") from exc
    if is_builtin_path(real):
        raise SaveError(
            f"{_named(path)}: is a built-in routine, which is never changed; "
            "save a copy in your routines folder instead"
        )
    problem = folder_problem(path.parent)
    if problem is not None:
        raise SaveError(problem)
    if real.is_dir():
        raise SaveError(f"{_named(path)}: is a folder, not a routine file")
    return path, real


def _named(path: Path | str) -> str:
    """A path in a message: from ``~`` when it is in the home folder."""
    return shown_path(Path(path))


# --- comments --------------------------------------------------------------------------------


def has_comments(path: Path) -> bool:
    """Whether the file holds comments a rewrite would drop.

    Not counted: the header :func:`save_routine` writes, and ``#:`` editor directives at the top
    (a save keeps those). A file that cannot be read has nothing to lose, so it gives False.
    """
    try:
        data = read_routine_file(path)
    except OSError:
        return False
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    offset = 0
    for line in lines:
        bare = line.strip()
        if bare and not bare.startswith("#"):
            break
        if bare.startswith("#") and not bare.startswith(_DIRECTIVE) and bare not in _HEADER_LINES:
            return True
        offset += len(line)
    return _comment_after(text, offset)


def _comment_after(text: str, start: int) -> bool:
    """Whether a ``#`` outside every TOML string appears in ``text`` from ``start`` on."""
    index, end = start, len(text)
    while index < end:
        char = text[index]
        if char == "#":
            return True
        if text.startswith('"""', index) or text.startswith("'''", index):
            index = _skip_multiline(text, index + 3, char)
        elif char in "\"'":
            index = _skip_string(text, index + 1, char)
        else:
            index += 1
    return False


def _skip_multiline(text: str, index: int, quote: str) -> int:
    """The index just past a multi-line string whose body starts at ``index``."""
    end = len(text)
    while index < end:
        char = text[index]
        if char == "\\" and quote == '"':
            index += 2
            continue
        if text.startswith(quote * 3, index):
            # Up to two more quotes may belong to the body: """a"""" is a followed by one quote.
            while index < end and text[index] == quote:
                index += 1
            return index
        index += 1
    return end


def _skip_string(text: str, index: int, quote: str) -> int:
    """The index just past a one-line string whose body starts at ``index``."""
    end = len(text)
    while index < end:
        char = text[index]
        if char == "\\" and quote == '"':
            index += 2
            continue
        if char == quote or char == "\n":
            return index + 1
        index += 1
    return end


def _directives(old: bytes) -> str:
    """The ``#:`` directive lines among the comments at the top of ``old``, to keep in a save.

    A blank line follows them: some tools (Tombi) read a directive only when it stands apart
    from the comments after it.
    """
    kept: list[str] = []
    text = old.decode("utf-8", errors="replace").removeprefix("\ufeff")
    for line in text.splitlines():
        bare = line.strip()
        if bare and not bare.startswith("#"):
            break
        if bare.startswith(_DIRECTIVE):
            kept.append(bare + "\n")
    return "".join(kept) + "\n" if kept else ""


# --- saving ----------------------------------------------------------------------------------


def save_routine(routine: Routine, routine_id: str, *, folder: Path | None = None) -> SaveResult:
    """Write ``routine`` as ``<folder>/<routine_id>.toml`` (folder: the user's routines folder).

    Before anything is written the text is read back with the loader, from the folder it is going
    to (so a missing ``.wav`` counts), and must give an equal routine. Then an existing file is
    copied to ``<routine_id>.toml.bak`` and replaced; both writes are atomic, so a crash at any
    moment leaves the old file or the new one. ``#:`` directive lines at the top of the old file
    are kept.

    Raises :class:`SaveError`, having written nothing, if the routine is not valid (its
    ``errors`` are the loader's), if the id cannot be a file name, if the target is in the
    built-in folder, or if a file cannot be read or written.
    """
    path, real = _target(routine_id, folder)
    remove_stale_temporaries(real.parent)
    try:
        old: bytes | None = read_routine_file(real)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        reason = exc.strerror or exc
        raise SaveError(f"{_named(path)}: cannot read the current file: {reason}") from exc
    if old is not None and len(old) > MAX_FILE_BYTES:
        # Only the start was read: a backup of it would lose the rest of the user's file.
        raise SaveError(f"{_named(path)}: is larger than any routine; move it aside first")
    text = (_directives(old) if old else "") + routine_to_toml(routine, header=SAVED_HEADER)
    expected = replace(routine, id=routine_id)
    try:
        # Sounds are looked up beside the path the catalog sees, as load_routine does.
        again = parse_routine(text, _named(path), routine_id=routine_id, folder=path.parent)
    except RoutineLoadError as exc:
        raise SaveError(str(exc), exc.errors) from exc
    if again != expected:
        raise SaveError(
            f"{_named(path)}: the routine would not read back as it is; nothing was saved "
            "(this is a bug in backcare-tui, please report it)"
        )
    data = text.encode("utf-8")
    if old == data:
        return SaveResult(path=path, backup=None, changed=False)
    backup = path.with_name(path.name + ".bak") if old is not None else None
    try:
        if backup is not None and old is not None:
            write_atomic(backup, old)
        write_atomic(real, data)
    except OSError as exc:
        raise _unwritable(exc, real.parent, f"{_named(path)}: cannot save the routine") from exc
    return SaveResult(path=path, backup=backup)


def copy_routine_file(source: Path, routine_id: str, *, folder: Path | None = None) -> Path:
    """Copy ``source`` byte for byte (comments and all) to ``<folder>/<routine_id>.toml``.

    Never replaces a file: if one with that id exists, raises :class:`SaveError` and leaves it
    alone. The new file appears whole or not at all. The copy is not validated; that is for
    whoever edits it next.
    """
    path, real = _target(routine_id, folder)
    try:
        data = read_routine_file(source)
    except OSError as exc:
        raise SaveError(f"{_named(source)}: cannot be read: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise SaveError(f"{_named(source)}: is larger than any routine; nothing was copied")
    try:
        _create_new(real, data)
    except FileExistsError:
        raise SaveError(f"{_named(path)}: already exists; nothing was copied") from None
    except OSError as exc:
        raise _unwritable(exc, real.parent, f"{_named(path)}: cannot copy the routine") from exc
    return path


def create_routine(
    routine: Routine, routine_id: str, *, header: str = SAVED_HEADER, folder: Path | None = None
) -> Path:
    """Write ``routine`` as a new file ``<folder>/<routine_id>.toml`` (folder: the user's).

    Never replaces a file: if one with that id exists, raises :class:`FileExistsError` and leaves
    it alone, so the caller can say what to do instead. The new file appears whole or not at
    all, with ``header`` as its opening comment. The text must load back first; its sounds are
    not looked for, since a copy of another routine may need its ``.wav`` files copied beside it.

    Raises :class:`SaveError`, having written nothing, if the id cannot be a file name, the
    target is in the built-in folder, the text would not load back (a bug, not the user's doing),
    or the folder or file cannot be written.
    """
    path, real = _target(routine_id, folder)
    text = routine_to_toml(routine, header)
    try:
        parse_routine(text, _named(path), routine_id=routine_id, folder=None)
    except RoutineLoadError as exc:
        raise SaveError(str(exc), exc.errors) from exc
    try:
        _create_new(real, text.encode("utf-8"))
    except FileExistsError:
        raise
    except OSError as exc:
        raise _unwritable(exc, real.parent, f"{_named(path)}: cannot write the routine") from exc
    return path


def _unwritable(exc: OSError, folder: Path, failed: str) -> SaveError:
    """What to tell the user when writing into ``folder`` failed (``failed``: what, where).

    Never the file the system call failed on: that is often one of our temporary files, which
    means nothing to the user. A folder that refuses writes is named, with what to do about it;
    nothing was written in either case.
    """
    reason = exc.strerror or str(exc)
    where = _named(folder)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return SaveError(
            f"{where}: your routines folder cannot be written ({reason}); nothing was written. "
            f"Make it writable (for example `chmod u+w {command_path(folder)}`) "
            "and try again."
        )
    if exc.errno == errno.EROFS:
        return SaveError(
            f"{where}: your routines folder is on a disk that cannot be written ({reason}); "
            "nothing was written."
        )
    return SaveError(f"{failed}: {reason}")


def _create_new(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data``, failing with FileExistsError if it exists.

    A hard link from a finished temporary file makes the new name appear complete, in one step
    that fails if the name is taken. Where links are not allowed (some network or FAT
    filesystems), the file is created exclusively and then filled.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path.parent)
    staging = staging_path(path)
    try:
        # Made first so that write_atomic keeps its mode: 0644 less the umask, as for any new
        # file. Its own temporary file alone would leave the routine 0600, private to its owner.
        os.close(os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
        write_atomic(staging, data)
        os.link(staging, path)
    except FileExistsError:
        raise
    except OSError:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        staging.unlink(missing_ok=True)
