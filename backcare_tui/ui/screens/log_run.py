"""Logging a run from the app (``r`` in the picker): how far, and whether it was hard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label

from backcare_tui.core.distances import DistanceError, parse_distance

__all__ = ["LogRunScreen", "RunLogged"]

RunLogged = tuple[float | None, bool]
"""What the dialog returns: the distance in km (None: not given) and whether it was hard."""


class LogRunScreen(ModalScreen[RunLogged | None]):
    """Asks for the run's distance (optional) and whether it was hard; Esc cancels."""

    # Enter logs from the checkbox too (it would toggle it); space toggles.
    BINDINGS = [
        Binding("enter", "log", "Log it", id="log-run.log", priority=True),
        Binding("escape", "cancel", "Cancel", id="log-run.cancel"),
    ]
    DEFAULT_CSS = """
    #log-run { width: 56; }
    #run-problem { color: $error; }
    #run-problem.-empty { display: none; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="log-run", classes="dialog"):
            yield Label("Log a run", classes="dialog-title")
            yield Input(placeholder="how far: 8, 8.5km, 5mi (or leave empty)", id="run-distance")
            yield Checkbox("A hard run", id="run-hard")
            yield Label("", id="run-problem", classes="-empty")
            yield Label("Enter logs it   Esc cancels", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#run-distance", Input).focus()

    def on_resize(self) -> None:
        # At 40x12 every line counts: the title gives up its margin (app.tcss sets it).
        short = self.size.height < 16
        self.query_one(".dialog-title", Label).styles.margin = (0, 0) if short else (1, 0)

    def action_log(self) -> None:
        text = self.query_one("#run-distance", Input).value.strip()
        distance: float | None = None
        if text:
            try:
                distance = parse_distance(text)
            except DistanceError as exc:
                problem = self.query_one("#run-problem", Label)
                problem.update(f"The distance {exc}.")
                problem.remove_class("-empty")
                return
        self.dismiss((distance, self.query_one("#run-hard", Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
