"""The end of a session: what was done and skipped, what changed, how the back feels, and
where each progressing dose goes next and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static

from backcare_tui.core.doses import DoseChange, with_doses_used
from backcare_tui.core.durations import count, format_duration
from backcare_tui.core.routine import Routine
from backcare_tui.core.session import Session
from backcare_tui.core.session_state import StepStatus
from backcare_tui.core.text import printable
from backcare_tui.ui.widgets.key_bar import KeyBar

__all__ = ["SummaryScreen", "ending", "summary_rows"]

NAMES_SHOWN = 4
"""Steps named in a row of skipped or not-reached steps before "and n more"."""


def ending(session: Session) -> str:
    """The summary's title: complete only when every step was done."""
    steps = len(session.routine.steps)
    if not session.finished:
        return f"Session stopped · {session.steps_done} of {count(steps, 'step')} done"
    if session.steps_skipped:
        return f"Session over · {session.steps_skipped} of {count(steps, 'step')} skipped"
    return "Session complete"


def _names(session: Session, status: StepStatus) -> str:
    """How many steps ended with ``status``, and the first few of their names."""
    names = [
        step.name
        for step, ended in zip(session.routine.steps, session.step_status, strict=True)
        if ended is status
    ]
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += f" and {len(names) - NAMES_SHOWN} more"
    return f"{len(names)}: {shown}"


def stiffness_text(before: int | None, after: int | None) -> str:
    """The check-in as entered: ``6 before → 3 after``; empty when none was given."""
    if before is None and after is None:
        return ""
    parts = []
    if before is not None:
        parts.append(f"{before} before")
    if after is not None:
        parts.append(f"{after} after")
    return " → ".join(parts)


def summary_rows(
    session: Session,
    changes: list[DoseChange] | None = None,
    stiffness: tuple[int | None, int | None] = (None, None),
) -> list[tuple[str, str]]:
    """The figures shown at the end, as (what, how much). Names come from the routine file."""
    steps = len(session.routine.steps)
    rows = [
        ("Time", format_duration(session.elapsed)),
        ("Steps done", f"{session.steps_done} of {steps}"),
    ]
    if session.steps_skipped:
        rows.append(("Skipped", _names(session, StepStatus.SKIPPED)))
    if session.steps_left and not session.finished:
        rows.append(("Not done", _names(session, StepStatus.PENDING)))  # the one stopped in too
    if changes is None:
        changes = with_doses_used(session)[1]
    rows += [("Changed" if index == 0 else "", str(c)) for index, c in enumerate(changes)]
    if shown := stiffness_text(*stiffness):
        rows.append(("Stiffness", shown))
    return rows


class SummaryScreen(Screen[None]):
    """How the session went. Enter: back to the routines; s: save the doses used; q: quit."""

    @dataclass
    class SaveDoses(Message):
        """Save ``routine`` (``source`` at the doses this session used) as the user's own."""

        routine: Routine
        source: Routine
        changes: tuple[str, ...]
        """Each change, in words: ``Plank 30 s → 40 s``."""

    @dataclass
    class Back(Message):
        """Back to the routines, with ``routine_id`` highlighted."""

        routine_id: str

    DEFAULT_CSS = (Path(__file__).parent / "summary.tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("enter", "back", "Routines", id="summary.back"),
        Binding("s", "save_doses", "Save these doses", id="summary.save"),
        Binding("q", "app.quit", "Quit", id="summary.quit"),
    ]

    def __init__(
        self,
        session: Session,
        sound_problems: Sequence[str] = (),
        *,
        stiffness_before: int | None = None,
        notes: Sequence[str] = (),
        base: Routine | None = None,
    ) -> None:
        """``sound_problems``: what went wrong with the sound during the session. ``notes``: a
        line for each step that progresses (``Plank 35 s next time: …``). ``base``: the routine
        as its file has it, when the session ran at today's doses (see :func:`with_doses_used`).
        """
        super().__init__()
        self.session = session
        self.sound_problems = tuple(sound_problems)
        self.source = base if base is not None else session.routine
        self.adjusted, self.changes = with_doses_used(session, base)
        self.stiffness: tuple[int | None, int | None] = (stiffness_before, None)
        self.notes = tuple(notes)

    def _table(self) -> Table:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(style="bold")
        for what, value in summary_rows(self.session, self.changes, self.stiffness):
            table.add_row(what, Text(printable(value)))  # names from the file, as written
        return table

    def compose(self) -> ComposeResult:
        with Vertical(id="summary"):
            complete = self.session.finished and not self.session.steps_skipped
            title = Label(ending(self.session), id="summary-title", markup=False)
            yield title.set_class(not complete, "-partial")
            name = printable(self.session.routine.name)
            yield Label(name, id="summary-routine", markup=False)
            if self.sound_problems:
                # The latest is what the user must know: what sound the rest of it had.
                problem = printable(self.sound_problems[-1])
                yield Label(problem, id="summary-sound", markup=False)
            with VerticalScroll(id="summary-scroll"), Center():
                yield Static(self._table(), id="summary-table")
                yield Static(
                    self._notes(), id="summary-progress", classes="" if self.notes else "-empty"
                )
            keys = "Enter: back to the routines   q: quit"
            if self.changes:
                keys = "s: save these doses   " + keys
            yield Label(Text(keys), id="summary-keys")
        yield KeyBar()

    def on_resize(self) -> None:
        # The key bar says the same as the keys line; on a small screen the figures need the room.
        self.set_class(self.size.width < 60 or self.size.height < 16, "-compact")

    def _notes(self) -> Text:
        text = Text()
        for number, line in enumerate(self.notes):
            if number:
                text.append("\n")
            flagged = line.startswith("Red flag") or line.startswith("See a doctor")
            text.append(printable(line), style="bold red" if flagged else "")
        return text

    def show_notes(self, notes: Sequence[str]) -> None:
        """Show where the doses go now (after the check-in that followed the session)."""
        self.notes = tuple(notes)
        progress = self.query_one("#summary-progress", Static)
        progress.update(self._notes())
        progress.set_class(not self.notes, "-empty")

    def show_stiffness(self, before: int | None, after: int | None) -> None:
        """Show the check-in just entered (None for a rating not given)."""
        self.stiffness = (before, after)
        self.query_one("#summary-table", Static).update(self._table())

    def action_save_doses(self) -> None:
        """Save the routine at the doses this session used into the user's own routine."""
        if not self.changes:
            self.notify(
                "No hold, rep or breath count was changed in this session: nothing to save."
            )
            return
        changes = tuple(str(change) for change in self.changes)
        self.post_message(self.SaveDoses(self.adjusted, self.source, changes))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_doses":
            return bool(self.changes)
        return True

    def action_back(self) -> None:
        self.post_message(self.Back(self.session.routine.id))
