"""A yes/no question that needs one key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

__all__ = ["ConfirmScreen", "StopScreen"]


class ConfirmScreen(ModalScreen[bool]):
    """Asks ``question``; y (or q again) answers yes, n / Esc / Enter answers no."""

    BINDINGS = [
        Binding("y,q", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape,enter", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, keys: str = "y: yes   n / Esc: no") -> None:
        super().__init__()
        self.question = question
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            yield Label(self.keys, classes="dialog-keys", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class StopScreen(ModalScreen[str | None]):
    """q during a session: "stop" (y: see the summary), "quit" (q again: leave the app), or None."""

    BINDINGS = [
        Binding("y,s", "answer('stop')", "Stop", id="stop.summary"),
        Binding("q", "answer('quit')", "Quit app", id="stop.quit"),
        Binding("n,escape,enter", "answer(None)", "Keep going", id="stop.keep"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Label("Stop this session?", classes="dialog-title")
            yield Label("y  stop and see the summary")
            yield Label("q  quit backcare")
            yield Label("n  keep going (Esc too)")

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
