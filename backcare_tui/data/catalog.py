"""Where routines live, and finding them: the built-ins shipped with the app and the user's own.

:func:`load_routine` reads one routine file; the core's loader checks what it read.

A user routine with a built-in's id shadows the built-in. One broken file never stops the others
from loading: it is kept in :attr:`Catalog.broken` with its problems. A routines folder that
cannot be used at all (a file in its place, no permission to read it) is not silence either:
:func:`folder_problem` says what is wrong and what to do, for the list, the picker and the
commands that write there.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import Routine, RoutineError, RoutineLoadError
from backcare_tui.core.text import control_in, escape
from backcare_tui.data.locations import builtin_routines_dir, shown_path, user_routines_dir
from backcare_tui.data.routine_file import NotARoutineFile, read_routine_file

__all__ = [
    "Catalog",
    "command_path",
    "folder_problem",
    "canonical_id",
    "load_catalog",
    "load_routine",
    "resolve",
    "source_of",
    "suggestions",
]


def load_routine(path: Path, *, builtin: bool = False, shown: str | None = None) -> Routine:
    """Read and validate one routine file. Raises only :class:`RoutineLoadError`.

    ``shown`` is how messages name the file (default: ``path``, from ``~`` when it is in the
    home folder); a step's ``sound`` file is looked up in the routine's folder. Only a regular
    file is read, and never more of it than a routine may be (:func:`read_routine_file`).
    """
    label = shown or shown_path(path)
    bad = control_in(path.stem)
    if bad is not None:
        # The id is typed on command lines and shown everywhere: it must be plain text.
        message = f"has a control character ({escape(bad)}) in its name; rename the file"
        raise RoutineLoadError([RoutineError(label, message)])
    try:
        data = read_routine_file(path)
    except NotARoutineFile as exc:
        raise RoutineLoadError([RoutineError(label, str(exc))]) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise RoutineLoadError([RoutineError(label, f"cannot be read: {reason}")]) from None
    routine = parse_routine(data, label, routine_id=path.stem, builtin=builtin, folder=path.parent)
    return replace(routine, path=path)


def source_of(routine: Routine) -> str:
    """Where ``routine`` comes from, as the user is shown it: ``built-in``, or its file from ``~``.

    Never the built-in folder's own path: that differs from one install to the next.
    """
    if routine.builtin:
        return "built-in"
    return shown_path(routine.path) if routine.path is not None else ""


@dataclass
class Catalog:
    """Every routine that loaded, by id, and every file that did not."""

    routines: dict[str, Routine] = field(default_factory=dict)
    broken: list[tuple[Path, tuple[RoutineError, ...]]] = field(default_factory=list)
    shadowed: dict[str, Routine] = field(default_factory=dict)
    """Built-ins hidden by a user routine with the same id."""
    problems: list[str] = field(default_factory=list)
    """Folders that could not be read, each a message for the user (see :func:`folder_problem`)."""

    def sorted(self) -> list[Routine]:
        """Built-ins first, then the user's, each by name."""
        return sorted(self.routines.values(), key=lambda r: (not r.builtin, r.name.lower(), r.id))


def command_path(path: Path) -> str:
    """``path`` as written in a command the user may copy: from ``~`` when it is in the home
    folder (left unquoted, so the shell expands it), the rest quoted as the shell needs."""
    shown = shown_path(path)
    if shown.startswith("~/"):
        return "~/" + shlex.quote(shown[2:])
    return shlex.quote(shown)


def folder_problem(folder: Path) -> str | None:
    """Why routines cannot be kept in ``folder``, in words for the user; None if they can.

    A folder that does not exist yet is fine (it is made on the first save). A file in its place,
    or in the place of a folder above it, is not: ``mkdir`` would only say "File exists".
    """
    part = folder
    while not os.path.lexists(part) and part != part.parent:
        part = part.parent
    if part.is_symlink() and not part.exists():
        return (
            f"{shown_path(part)}: is a link to {os.readlink(part)}, which does not exist, so your"
            f" routines cannot be kept in {shown_path(folder)}. Make that folder, or remove the"
            " link, and try again."
        )
    if not part.is_dir():
        why = (
            "; your own routines are kept in a folder of this name"
            if part == folder
            else f", so your routines folder {shown_path(folder)} cannot be made"
        )
        aside = command_path(part.with_name(part.name + ".old"))
        return (
            f"{shown_path(part)}: is a file, not a folder{why}. Move the file aside "
            f"(for example `mv {command_path(part)} {aside}`) and try again."
        )
    if part == folder:
        try:
            with os.scandir(folder):
                pass
        except OSError as exc:
            return (
                f"{shown_path(folder)}: your routines folder cannot be read"
                f" ({exc.strerror or exc}). Check its permissions"
                f" (for example `chmod u+rwx {command_path(folder)}`)."
            )
    return None


def _files(folder: Path) -> list[Path]:
    """The folder's ``.toml`` entries but folders: a pipe or a device (or a link to one) is
    listed too, and loading it says what it is, rather than it being left out unsaid."""
    try:
        return sorted(
            p for p in folder.glob("*.toml") if not p.is_dir() and not p.name.startswith(".")
        )
    except OSError:
        return []


def load_catalog(builtin: Path | None = None, user: Path | None = None) -> Catalog:
    """Load the built-in folder, then the user folder over it."""
    catalog = Catalog()
    for folder, is_builtin in (
        (builtin or builtin_routines_dir(), True),
        (user or user_routines_dir(), False),
    ):
        problem = folder_problem(folder)
        if problem is not None:
            catalog.problems.append(problem)
            continue
        for path in _files(folder):
            try:
                routine = load_routine(path, builtin=is_builtin)
            except RoutineLoadError as exc:
                catalog.broken.append((path, exc.errors))
                continue
            if not is_builtin and routine.id in catalog.routines:
                catalog.shadowed[routine.id] = catalog.routines[routine.id]
            catalog.routines[routine.id] = routine
    return catalog


def _is_path(name: str) -> bool:
    """Whether ``name`` names a file rather than a routine id."""
    return name.endswith(".toml") or "/" in name or Path(name).expanduser().is_file()


def _known_ids(catalog: Catalog) -> list[str]:
    """Every id the catalog knows, loaded or broken."""
    return [*catalog.routines, *(path.stem for path, _ in catalog.broken)]


def canonical_id(name: str, catalog: Catalog | None = None) -> str:
    """The id ``name`` means, letter case aside: ``Core-Strength`` is ``core-strength``.

    An exact id wins; otherwise the one id equal to ``name`` in any case. ``name`` comes back
    unchanged when no id, or more than one, matches that way (two files may differ only in case).
    """
    catalog = catalog or load_catalog()
    known = _known_ids(catalog)
    if name in known:
        return name
    folded = {known_id for known_id in known if known_id.casefold() == name.casefold()}
    return folded.pop() if len(folded) == 1 else name


def suggestions(name: str, catalog: Catalog) -> list[str]:
    """Ids the user may have meant by ``name``: those it starts, else those spelt much like it.

    ``core`` gives ``core-strength``; ``core-strenght`` gives ``core-strength`` too. A routine's
    display name typed as an id (``"Quick relief"``) gives that routine's id.
    """
    folded = name.casefold()
    ids = sorted(set(catalog.routines))
    by_name = [r.id for r in catalog.sorted() if r.name.casefold() == folded]
    if by_name:
        return by_name
    starting = [i for i in ids if i.casefold().startswith(folded)] if folded else []
    if starting:
        return starting
    import difflib

    lowered = {i.casefold(): i for i in ids}
    return [lowered[c] for c in difflib.get_close_matches(folded, list(lowered), n=1)]


def _hint(found: list[str]) -> str:
    if not found:
        return "; `backcare list` shows them all"
    if len(found) == 1:
        return f"; did you mean {found[0]!r}?"
    shown = ", ".join(repr(i) for i in found[:5])
    more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
    return f"; did you mean one of {shown}{more}?"


def resolve(name: str, catalog: Catalog | None = None) -> Routine:
    """A routine by id (in any letter case), or by path to a ``.toml`` file.

    Raises :class:`RoutineLoadError`; for an id it does not know, the message suggests the ids
    the user may have meant (see :func:`suggestions`).
    """
    if _is_path(name):
        as_path = Path(name).expanduser()
        if not as_path.exists():
            raise RoutineLoadError([RoutineError(name, "does not exist")])
        return load_routine(as_path, shown=name)
    catalog = catalog or load_catalog()
    routine_id = canonical_id(name, catalog)
    # A broken user file with this id is what the user meant, even if a built-in shares the id:
    # running the built-in instead would hide their mistake.
    for path, errors in catalog.broken:
        if path.stem == routine_id:
            raise RoutineLoadError(errors)
    if routine_id in catalog.routines:
        return catalog.routines[routine_id]
    hint = _hint(suggestions(name, catalog))
    raise RoutineLoadError([RoutineError(name, f"is not a known routine{hint}")])
