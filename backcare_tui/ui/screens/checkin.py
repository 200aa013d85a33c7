"""The stiffness check-in: one key from 0 to 10, or Enter to skip."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Label, Static

__all__ = ["CheckinScreen"]

TEN_WAIT = 1.2
"""After a 1, how long to wait for a 0 (making ten) before taking it as one."""


class CheckinScreen(ModalScreen[int | None]):
    """Asks how stiff the lower back is: 0 (not at all) to 10 (very). Returns None if skipped."""

    BINDINGS = [Binding("enter,escape", "skip", "Skip", id="checkin.skip")]

    def __init__(self, when: str) -> None:
        super().__init__()
        self.when = when
        self._one: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin", classes="dialog"):
            yield Label(f"Stiffness {self.when}?", classes="dialog-title", markup=False)
            yield Static("0 = none … 10 = very stiff. Press a number (1 then 0 for ten).")
            yield Label("", id="checkin-pending")
            yield Label("Enter skips", classes="dialog-keys")

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        digit = int(event.character)
        if self._one is not None:
            self._one.stop()
            self._one = None
            self.dismiss(10 if digit == 0 else 1)
            return
        if digit == 1:
            self._one = self.set_timer(TEN_WAIT, self._take_one)
            self.query_one("#checkin-pending", Label).update("1… (press 0 for ten)")
            return
        self.dismiss(digit)

    def _take_one(self) -> None:
        # A plain method: a timer awaits what its callback returns, and dismiss() must not be
        # awaited from the screen's own handlers.
        self.dismiss(1)

    def action_skip(self) -> None:
        if self._one is not None:
            self._one.stop()
            self.dismiss(1)
            return
        self.dismiss(None)
