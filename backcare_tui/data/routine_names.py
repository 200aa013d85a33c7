"""What a routine may be called: its id (a file stem) and its display name, checked and suggested.

Pure rules on text, no files: kept apart from :mod:`~backcare_tui.data.routine_store`, which
writes the files these name, because the save dialog and ``backcare new`` check and suggest
them before anything is written. :func:`valid_id` and :func:`suggest_id` keep new ids easy to
type on a command line; :func:`suggest_name` and :func:`name_problem` keep a copy's name apart
from the routines it is listed beside.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "ID_LIMIT",
    "NAME_LIMIT",
    "name_problem",
    "slug",
    "suggest_id",
    "suggest_name",
    "valid_id",
]

# --- ids -----------------------------------------------------------------------------------

ID_LIMIT = 60
"""The longest id :func:`valid_id` accepts, in characters."""


def slug(name: str) -> str:
    """A routine id from a name: lowercase words and hyphens (``My stretch`` -> ``my-stretch``).

    Accents are dropped (``Mañana`` -> ``manana``); letters of other scripts are kept.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\W_]+", "-", text.lower()).strip("-")
    return text[:ID_LIMIT].rstrip("-")


def valid_id(text: str) -> str | None:
    """Why ``text`` cannot be a new routine's id, or ``None`` if it can.

    An id is a file stem typed on the command line: 1 to 60 lowercase letters (of any script),
    digits and hyphens, starting and ending with a letter or digit (``-x`` would read as an
    option). Files a user named by hand may not follow this; they are still loaded and saved.
    """
    if not text:
        return "An id needs at least one letter or digit."
    if len(text) > ID_LIMIT:
        return f"An id can be at most {ID_LIMIT} characters long; this one has {len(text)}."
    for char in text:
        if char != "-" and not (char.isalnum() and char == char.lower()):
            return (
                "An id can hold only lowercase letters, digits and hyphens, "
                f"not {char!r} (try {slug(text) or 'my-routine'!r})."
            )
    if text.startswith("-") or text.endswith("-"):
        return "An id must start and end with a letter or digit."
    return None


def suggest_id(name: str, taken: set[str]) -> str:
    """An id for a routine called ``name`` that is not in ``taken``: ``hill-day``, ``hill-day-2``…

    The result always passes :func:`valid_id`; a name with no letters or digits gives
    ``routine``.
    """
    base = slug(name)
    if valid_id(base) is not None:
        base = "routine"
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: ID_LIMIT - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


# --- display names -------------------------------------------------------------------------


NAME_LIMIT = 80
"""The longest display name a routine file may hold (the loader's limit)."""


def suggest_name(name: str, taken: Iterable[str]) -> str:
    """A display name for the user's copy of a routine called ``name``: ``Core strength (mine)``.

    Never one of ``taken`` (compared without case): ``(mine 2)``, ``(mine 3)``… follow, and the
    name is cut so the mark always fits in :data:`NAME_LIMIT` characters.
    """
    used = {other.casefold() for other in taken}
    number = 1
    while True:
        mark = " (mine)" if number == 1 else f" (mine {number})"
        candidate = name[: NAME_LIMIT - len(mark)].rstrip() + mark
        if candidate.casefold() not in used:
            return candidate
        number += 1


def name_problem(name: str, others: Iterable[str]) -> str | None:
    """Why ``name`` cannot be a copy's display name, or ``None`` if it can.

    ``others`` are the names of the routines it would be listed beside: one the same as another
    leaves two entries in the picker, the list and the palette that nobody can tell apart.
    """
    if not name.strip():
        return "A name needs at least one letter or digit."
    if len(name) > NAME_LIMIT:
        return f"A name can be at most {NAME_LIMIT} characters long; this one has {len(name)}."
    if any(not char.isprintable() for char in name):
        return "A name cannot hold control characters."
    if name.casefold() in {other.casefold() for other in others}:
        return f"Another routine is already called {name!r}; choose a name that tells them apart."
    return None
