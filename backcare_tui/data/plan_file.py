"""The user's plan file: read from ``$XDG_CONFIG_HOME/backcare-tui/plan.toml``, or the default.

The core's loader checks the text (:func:`~backcare_tui.core.plan_loader.parse_plan`); this
module finds the file and says which routine ids exist. No file means the default plan from the
built-ins; a file with problems is reported with every problem and never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backcare_tui.core.plan import Plan, default_plan
from backcare_tui.core.plan_loader import parse_plan
from backcare_tui.core.routine import RoutineError, RoutineLoadError
from backcare_tui.data.catalog import Catalog
from backcare_tui.data.locations import plan_path
from backcare_tui.data.routine_file import NotARoutineFile, read_routine_file

__all__ = ["PlanFile", "known_ids", "load_plan", "read_plan"]


def known_ids(catalog: Catalog) -> set[str]:
    """The ids a plan may name: every routine, and the user's files that failed to load."""
    return set(catalog.routines) | {path.stem for path, _errors in catalog.broken}


def read_plan(path: Path, catalog: Catalog, *, shown: str | None = None) -> Plan:
    """Read and check one plan file. Raises only :class:`RoutineLoadError`."""
    label = shown or str(path)
    try:
        # As a routine is read: a regular file only, never blocking on a pipe, never past
        # the size a file may have.
        data = read_routine_file(path)
    except NotARoutineFile as exc:
        what = str(exc).replace("not a routine file", "not a plan file")
        raise RoutineLoadError([RoutineError(label, what)]) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise RoutineLoadError([RoutineError(label, f"cannot be read: {reason}")]) from None
    return parse_plan(data, label, known=known_ids(catalog))


@dataclass(frozen=True)
class PlanFile:
    """The plan in use, and the problems of the user's file when it could not be used."""

    plan: Plan
    problems: tuple[RoutineError, ...] = ()
    path: Path | None = None

    @property
    def broken(self) -> bool:
        return bool(self.problems)


def load_plan(catalog: Catalog, path: Path | None = None) -> PlanFile:
    """The user's plan; the default plan when there is no file, or when the file is broken.

    A broken file's problems are kept so the caller can show them: it never stands in silence
    for the default.
    """
    path = path or plan_path()
    if not path.exists() and not path.is_symlink():
        return PlanFile(default_plan(set(catalog.routines)), path=path)
    try:
        return PlanFile(read_plan(path, catalog), path=path)
    except RoutineLoadError as exc:
        return PlanFile(default_plan(set(catalog.routines)), exc.errors, path)
