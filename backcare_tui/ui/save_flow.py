"""Saving an edited routine as the user's own: ask what must be asked, then write it.

A built-in is never written: its edit is saved under an id the user confirms (and that is not
already one of theirs). Saving over the user's own file keeps the old one as a backup, and says
first when the file changed on disk since it was loaded or has comments, which a rewrite cannot
keep. Both the editor (ctrl+s) and the summary ("save these timings") come here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App

from backcare_tui.core.routine import Routine, RoutineLoadError
from backcare_tui.data.catalog import Catalog, load_routine
from backcare_tui.data.locations import shown_path
from backcare_tui.data.routine_store import has_comments, save_routine, suggest_id, valid_id

__all__ = ["overwrite_warning", "save_as_own"]

SAVE_AS_QUESTION = "Save as your own routine, with the file name:"


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


async def save_as_own(
    app: App[Any], catalog: Catalog, routine: Routine, source: Routine
) -> str | None:
    """Save ``routine`` (an edit of ``source``), asking first; the id saved under, or None.

    Runs in a worker: it waits for the user's answers.
    """
    from backcare_tui.ui.screens.ask_id import AskIdScreen
    from backcare_tui.ui.screens.confirm import ConfirmScreen

    if source.builtin or source.path is None:
        suggestion = suggest_id(f"{source.id}-mine", set(catalog.routines))
        asked = AskIdScreen(SAVE_AS_QUESTION, suggestion, _id_problem(catalog))
        routine_id = await app.push_screen_wait(asked)
        if routine_id is None:
            return None
    else:
        warning = overwrite_warning(source)
        if warning is not None:
            confirm = ConfirmScreen(warning, "y: save   n / Esc: cancel")
            if not await app.push_screen_wait(confirm):
                return None
        routine_id = source.id
    try:
        result = save_routine(routine, routine_id)
    except (OSError, ValueError) as exc:
        app.notify(f"Not saved: {exc}", severity="error", timeout=10, markup=False)
        return None
    backup = f" (the previous version is in {result.backup.name})" if result.backup else ""
    app.notify(f"Saved {shown_path(result.path)}{backup}", timeout=6, markup=False)
    return routine_id
