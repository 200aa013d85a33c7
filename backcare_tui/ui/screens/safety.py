"""The safety notice: the red flags, shown before the first session ever."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from backcare_tui.core.safety import RED_FLAGS, SAFETY_TITLE

__all__ = ["SafetyScreen", "red_flags"]


def red_flags() -> Static:
    """The red flags, one paragraph each: shown before the first session and under help."""
    text = Text()
    for index, flag in enumerate(RED_FLAGS):
        if index:
            text.append("\n\n")
        text.append("•  ", style="bold")
        text.append(flag)
    return Static(text, id="red-flags")


class SafetyScreen(ModalScreen[bool]):
    """The red flags. Enter dismisses it; the app remembers that it was read."""

    BINDINGS = [Binding("enter,escape", "understood", "I understand", id="safety.ok")]

    def compose(self) -> ComposeResult:
        with Vertical(id="safety", classes="dialog"):
            yield Label(SAFETY_TITLE, classes="dialog-title")
            with VerticalScroll():
                yield red_flags()
            yield Label("Press Enter to continue", classes="dialog-keys")

    def action_understood(self) -> None:
        self.dismiss(True)
