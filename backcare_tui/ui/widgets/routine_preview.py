"""The picker's preview of a routine: what it is, every step with its timing, the safety notes.

Text from the file is never read as markup, and its control characters are escaped. The file is
named from ``~`` for the user's own routines and not at all for a built-in ("built-in" says it),
so the preview is the same on every machine and checkout.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from backcare_tui.core.durations import count, format_duration
from backcare_tui.core.phases import session_total
from backcare_tui.core.routine import Routine, RoutineError, StepKind
from backcare_tui.core.safety import RED_FLAGS
from backcare_tui.core.text import printable
from backcare_tui.data.catalog import source_of

__all__ = ["RoutinePreview", "preview_of"]


def preview_of(routine: Routine) -> RenderableType:
    """A renderable describing ``routine``. Text from the file is never read as markup."""
    total = session_total(routine)  # as the list row, `list` and `show` say it
    parts: list[RenderableType] = [Text(printable(routine.name), style="bold")]
    meta = Text(f"{count(len(routine.steps), 'step')} · {format_duration(total)}", style="dim")
    if routine.tags:
        meta.append(" · " + printable(", ".join(routine.tags)))
    meta.append(" · built-in" if routine.builtin else " · your routine")
    parts.append(meta)
    if routine.description:
        parts += [Text(""), Text(printable(routine.description, lines=True))]
    table = Table(box=None, show_header=False, pad_edge=False, expand=True, padding=(0, 1, 0, 0))
    table.add_column(justify="right", style="dim", no_wrap=True)
    table.add_column(ratio=1)
    table.add_column(justify="right", no_wrap=True)
    for index, step in enumerate(routine.steps):
        name = "Rest" if step.kind is StepKind.REST and not step.name else step.name
        table.add_row(f"{index + 1}.", Text(printable(name)), Text(step.summary(), style="dim"))
    parts += [Text(""), table, Text(""), Text(f"Total {format_duration(total)}", style="bold")]
    notes = routine.safety or RED_FLAGS
    parts += [Text(""), Text("Safety", style="bold")]
    parts += [Text(f"• {printable(note, lines=True)}") for note in notes]
    if not routine.builtin and routine.path is not None:
        parts += [Text(""), Text(printable(source_of(routine)), style="dim")]
    return Group(*parts)


def preview_of_errors(errors: tuple[RoutineError, ...]) -> RenderableType:
    """The preview of a file that did not load: every problem, as the command line prints it."""
    parts: list[RenderableType] = [Text("This file has problems and cannot be run:", style="bold")]
    parts += [Text(str(error)) for error in errors]
    parts += [
        Text(""),
        Text("Fix the file, then reopen backcare (or run `backcare validate`).", style="dim"),
    ]
    return Group(*parts)


class RoutinePreview(Static):
    """Shows a routine, or a broken file's problems."""

    def show_routine(self, routine: Routine) -> None:
        self.update(preview_of(routine))

    def show_errors(self, errors: tuple[RoutineError, ...]) -> None:
        self.update(preview_of_errors(errors))
