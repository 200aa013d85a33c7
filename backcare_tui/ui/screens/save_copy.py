"""Asks what to call the user's own copy of a routine: the name shown, and the file's name.

A copy that kept its source's name would be listed twice under that name in the picker,
``backcare list`` and the palette; so the name is asked for too, and the file name follows it
until the user types one of their own. Any changes being saved are listed above the fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from backcare_tui.core.text import printable

__all__ = ["CopyAnswer", "SaveCopyScreen"]


@dataclass(frozen=True)
class CopyAnswer:
    """What the copy is to be called."""

    name: str
    """Its display name: ``Core strength (mine)``."""
    routine_id: str
    """Its id, the file's name without ``.toml``."""


class SaveCopyScreen(ModalScreen[CopyAnswer | None]):
    """Two fields, checked as they are typed; Enter saves when both are fine, Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save-copy.cancel")]

    def __init__(
        self,
        *,
        name: str,
        routine_id: str,
        id_for: Callable[[str], str],
        name_problem: Callable[[str, str], str | None],
        id_problem: Callable[[str], str | None],
        changes: Sequence[str] = (),
    ) -> None:
        """``id_for`` suggests an id for a name; ``name_problem`` checks a name for an id."""
        super().__init__()
        self.suggested_name = name
        self.suggested_id = routine_id
        self.id_for = id_for
        self.name_problem = name_problem
        self.id_problem = id_problem
        self.changes = tuple(changes)
        self._id_typed = False
        self._filled_id = routine_id
        """The id last filled in from the name: a change to anything else was typed."""

    def compose(self) -> ComposeResult:
        with Vertical(id="save-copy", classes="dialog"):
            yield Label("Save as your own routine", classes="dialog-title")
            with Horizontal(classes="ask-field"):
                yield Label("Name", classes="ask-label")
                yield Input(self.suggested_name, id="ask-name")
            with Horizontal(classes="ask-field"):
                yield Label("File name", classes="ask-label")
                yield Input(self.suggested_id, id="ask-input")
            yield Label("", id="ask-problem", markup=False)
            if self.changes:
                # Below the fields, which must stay in sight: on a small screen this scrolls.
                text = Text("With these changes:")
                for change in self.changes:
                    text.append(f"\n• {printable(change)}")  # step names from the file
                with VerticalScroll(id="save-changes"):
                    yield Static(text)
            yield Label("Enter saves · Esc cancels", classes="dialog-keys")

    def on_resize(self) -> None:
        self.set_class(self.size.height < 20, "-short")

    def on_mount(self) -> None:
        self.query_one("#ask-name", Input).focus()

    @property
    def answer(self) -> CopyAnswer:
        """What the fields say now."""
        name = self.query_one("#ask-name", Input).value.strip()
        return CopyAnswer(name, self.query_one("#ask-input", Input).value.strip())

    def problem(self) -> str | None:
        """What is wrong with the answer as it stands, if anything: the id first."""
        answer = self.answer
        return self.id_problem(answer.routine_id) or self.name_problem(
            answer.name, answer.routine_id
        )

    @on(Input.Changed, "#ask-name")
    def _name_typed(self, event: Input.Changed) -> None:
        if not self._id_typed:
            self._filled_id = self.id_for(event.value.strip())
            self.query_one("#ask-input", Input).value = self._filled_id
        self._show_problem()

    @on(Input.Changed, "#ask-input")
    def _id_changed(self, event: Input.Changed) -> None:
        if event.value != self._filled_id:
            self._id_typed = True  # the user's own: the name no longer decides it
        self._show_problem()

    def _show_problem(self) -> None:
        self.query_one("#ask-problem", Label).update(self.problem() or "")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        problem = self.problem()
        if problem:
            self.query_one("#ask-problem", Label).update(problem)
            return
        self.dismiss(self.answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
