"""Saving an edited routine as the user's own: ask what must be asked, then write it.

A built-in is never written: its edit is saved as the user's own copy, under a display name and
an id they confirm (neither already in use, so two entries never share a name). Saving over the
user's own file keeps the old one as a backup, and says first what changes (from the summary),
and when the file changed on disk since it was loaded or has comments, which a rewrite cannot
keep. Both the editor (ctrl+s) and the summary ("save these doses") come here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.app import App

from backcare_tui.core.routine import Routine, RoutineLoadError
from backcare_tui.core.text import printable
from backcare_tui.data.catalog import Catalog, load_routine
from backcare_tui.data.locations import shown_path
from backcare_tui.data.routine_names import name_problem, suggest_id, suggest_name, valid_id
from backcare_tui.data.routine_store import has_comments, save_routine

if TYPE_CHECKING:
    from backcare_tui.ui.screens.save_copy import CopyAnswer

__all__ = ["overwrite_warning", "save_as_own"]


def overwrite_warning(source: Routine) -> str | None:
    """What to say before saving over ``source``'s file, or None when there is nothing to say."""
    path = source.path
    if path is None:
        return None
    warnings = []
    try:
        changed_since = load_routine(path) != source
    except RoutineLoadError:
        changed_since = True
    if changed_since:
        warnings.append(f"{path.name} was changed since it was loaded here; saving replaces it.")
    if has_comments(path):
        warnings.append(f"{path.name} has comments, which saving cannot keep.")
    if not warnings:
        return None
    return " ".join(warnings) + f" The current file is kept as {path.name}.bak. Save?"


def _id_problem(catalog: Catalog) -> Callable[[str], str | None]:
    """Checks a new id: a valid file name, and not one of the user's routines already."""
    mine = {r.id for r in catalog.routines.values() if not r.builtin}

    def problem(text: str) -> str | None:
        if message := valid_id(text):
            return message
        if text in mine:
            return f"You already have a routine called {text!r}; choose another name."
        return None

    return problem


def _name_problem(catalog: Catalog) -> Callable[[str, str], str | None]:
    """Checks a copy's display name against the routines it would be listed with.

    A copy saved under a built-in's id takes that built-in's place, so the built-in's name is
    free for it.
    """

    def problem(name: str, routine_id: str) -> str | None:
        others = [r.name for r in catalog.routines.values() if r.id != routine_id]
        return name_problem(name, others)

    return problem


def _changes_text(changes: Sequence[str]) -> str:
    return "".join(f"\n• {change}" for change in changes)


async def _ask_for_copy(
    app: App[Any], catalog: Catalog, routine: Routine, changes: Sequence[str]
) -> CopyAnswer | None:
    """The name and id to save ``routine`` under as the user's own, or None if they cancel."""
    from backcare_tui.ui.screens.save_copy import SaveCopyScreen

    taken = set(catalog.routines)
    names = [r.name for r in catalog.routines.values()]
    # The name given in the editor, if it is new; else "Core strength (mine)".
    name = (
        routine.name
        if name_problem(routine.name, names) is None
        else suggest_name(routine.name, names)
    )
    asked = SaveCopyScreen(
        name=name,
        routine_id=suggest_id(name, taken),
        id_for=lambda typed: suggest_id(typed, taken),
        name_problem=_name_problem(catalog),
        id_problem=_id_problem(catalog),
        changes=changes,
    )
    return await app.push_screen_wait(asked)


async def save_as_own(
    app: App[Any],
    catalog: Catalog,
    routine: Routine,
    source: Routine,
    changes: Sequence[str] = (),
) -> str | None:
    """Save ``routine`` (an edit of ``source``), asking first; the id saved under, or None.

    A built-in becomes the user's own copy, under a name and id they confirm; the user's own
    file is saved over once they have seen ``changes`` (what is being saved, if listed) and any
    warning. Runs in a worker: it waits for the user's answers.
    """
    from backcare_tui.ui.screens.confirm import ConfirmScreen

    if source.builtin or source.path is None:
        answer = await _ask_for_copy(app, catalog, routine, changes)
        if answer is None:
            return None
        routine = replace(routine, name=answer.name)
        routine_id = answer.routine_id
    else:
        warning = overwrite_warning(source)
        if changes or warning is not None:
            question = f"Save into {source.name}?" if changes else ""
            question += _changes_text(changes)
            if warning is not None:
                question = f"{question}\n\n{warning}" if question else warning
            shown = printable(question.strip(), lines=True)  # names from the file
            confirm = ConfirmScreen(shown, "y: save   n / Esc: cancel")
            if not await app.push_screen_wait(confirm):
                return None
        routine_id = source.id
    try:
        result = save_routine(routine, routine_id)
    except (OSError, ValueError) as exc:
        app.notify(f"Not saved: {exc}", severity="error", timeout=10, markup=False)
        return None
    backup = f" (the previous version is in {result.backup.name})" if result.backup else ""
    saved = f"Saved {printable(routine.name)} as {shown_path(result.path)}{backup}"
    app.notify(saved, timeout=6, markup=False)
    return routine_id
