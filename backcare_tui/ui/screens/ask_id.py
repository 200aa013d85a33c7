"""Asks for the id (file name) a routine is saved under."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

__all__ = ["AskIdScreen"]


class AskIdScreen(ModalScreen[str | None]):
    """One line of text, checked by ``problem`` (a message, or None when it is fine)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask.cancel")]

    def __init__(
        self, question: str, suggestion: str, problem: Callable[[str], str | None]
    ) -> None:
        super().__init__()
        self.question = question
        self.suggestion = suggestion
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-id", classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            yield Input(self.suggestion, id="ask-input")
            yield Label("", id="ask-problem", markup=False)
            yield Label("Enter saves · Esc cancels", classes="dialog-keys")

    @on(Input.Changed, "#ask-input")
    def _check(self, event: Input.Changed) -> None:
        self.query_one("#ask-problem", Label).update(self.problem(event.value.strip()) or "")

    @on(Input.Submitted, "#ask-input")
    def _submit(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        problem = self.problem(value)
        if problem:
            self.query_one("#ask-problem", Label).update(problem)
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
