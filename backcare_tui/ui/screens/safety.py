"""The safety notice (before the first session ever) and the help screen (``?``, any time)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from backcare_tui.core.safety import RED_FLAGS, SAFETY_TITLE

__all__ = ["HelpScreen", "SafetyScreen"]

KEYS: tuple[tuple[str, str], ...] = (
    ("space", "pause / resume"),
    ("n  →", "next phase (skip what is left)"),
    ("p  ←", "back to the previous exercise"),
    ("r", "restart this exercise"),
    ("+  -", "10 s more or less (one rep more or less while counting reps)"),
    ("enter", "count a rep by hand (reps are counted for you too)"),
    ("m", "mute or unmute all sound"),
    ("v", "voice on or off"),
    ("?", "this help and the safety notice"),
    ("q", "stop the session (asks: summary, quit, or keep going)"),
    ("h", "history: recent sessions, streak, this week, stiffness"),
    ("e", "in the list of routines: edit the highlighted one"),
    ("s", "at the summary: save the timings you changed with + and -"),
    ("ctrl+p", "find a routine or a command"),
)


def _flags() -> Static:
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
                yield _flags()
            yield Label("Press Enter to continue", classes="dialog-keys")

    def action_understood(self) -> None:
        self.dismiss(True)


class HelpScreen(ModalScreen[None]):
    """Keys, then the safety notice again."""

    BINDINGS = [Binding("enter,escape,question_mark,q", "close", "Close", id="help.close")]

    def __init__(self, sound_status: str = "") -> None:
        super().__init__()
        self.sound_status = sound_status

    def compose(self) -> ComposeResult:
        keys = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        for key, what in KEYS:
            keys.add_row(key, what)
        with Vertical(id="help", classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(keys)
                if self.sound_status:
                    yield Static(self.sound_status, id="sound-status", markup=False)
                yield Label(SAFETY_TITLE, classes="dialog-title")
                yield _flags()
            yield Label("Enter or Esc to close", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
