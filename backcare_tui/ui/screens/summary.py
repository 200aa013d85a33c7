"""The end of a session: how it went."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static

from backcare_tui.core.durations import format_duration
from backcare_tui.core.routine import Routine
from backcare_tui.core.session import Session
from backcare_tui.core.text import printable
from backcare_tui.ui.widgets.key_bar import KeyBar

__all__ = ["SummaryScreen", "summary_rows"]


def summary_rows(session: Session) -> list[tuple[str, str]]:
    """The figures shown at the end, as (what, how much)."""
    steps = len(session.routine.steps)
    rows = [
        ("Time", format_duration(session.elapsed)),
        ("Steps done", f"{session.steps_done} of {steps}"),
        ("Skipped", str(session.steps_skipped)),
        ("Extended", str(session.steps_extended)),
    ]
    if session.steps_shortened:
        rows.append(("Shortened", str(session.steps_shortened)))
    return rows


class SummaryScreen(Screen[None]):
    """Time spent, steps done, skipped and extended. Enter: back to the routines; q: quit."""

    @dataclass
    class SaveTimings(Message):
        """Save ``routine`` (``source`` with this session's timings) as the user's own."""

        routine: Routine
        source: Routine

    @dataclass
    class Back(Message):
        """Back to the routines, with ``routine_id`` highlighted."""

        routine_id: str

    DEFAULT_CSS = (Path(__file__).parent / "summary.tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("enter", "back", "Routines", id="summary.back"),
        Binding("s", "save_timings", "Save these timings", id="summary.save"),
        Binding("q", "app.quit", "Quit", id="summary.quit"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(style="bold")
        for what, value in summary_rows(self.session):
            table.add_row(what, value)
        finished = self.session.finished
        with Vertical(id="summary"):
            yield Label("Session complete" if finished else "Session stopped", id="summary-title")
            name = printable(self.session.routine.name)
            yield Label(name, id="summary-routine", markup=False)
            with Center():
                yield Static(table, id="summary-table")
            keys = "Enter: back to the routines   q: quit"
            if any(self.session.adjusted):
                keys = "s: save these timings   " + keys
            yield Label(Text(keys), id="summary-keys")
        yield KeyBar()

    def action_save_timings(self) -> None:
        """Write the holds and reps as lengthened or shortened in this session into a copy."""
        from backcare_tui.core.draft import with_session_timings

        adjusted = with_session_timings(self.session)
        if adjusted == self.session.routine:
            self.notify("No hold or rep count was changed in this session: nothing to save.")
            return
        self.post_message(self.SaveTimings(adjusted, self.session.routine))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_timings":
            return any(self.session.adjusted)
        return True

    def action_back(self) -> None:
        self.post_message(self.Back(self.session.routine.id))
