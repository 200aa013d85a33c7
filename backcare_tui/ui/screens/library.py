"""The exercise library: every exercise in the built-in routines, found by typing its name."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from backcare_tui.core.routine import Step
from backcare_tui.core.text import printable

__all__ = ["LibraryScreen"]


class LibraryScreen(ModalScreen[int | None]):
    """Returns the index of the chosen exercise in ``steps``, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="library.cancel")]

    def __init__(self, steps: list[Step]) -> None:
        super().__init__()
        self.steps = steps

    def compose(self) -> ComposeResult:
        with Vertical(id="library", classes="dialog"):
            yield Label("Add an exercise", classes="dialog-title")
            yield Input(placeholder="type to search by name", id="library-search")
            yield OptionList(id="library-list")
            yield Label("Enter adds it after the current step · Esc cancels", classes="dialog-keys")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        found = self.query_one("#library-list", OptionList)
        found.clear_options()
        words = query.lower().split()
        for index, step in enumerate(self.steps):
            if all(word in step.name.lower() for word in words):
                label = Text(printable(step.name))
                label.append(f"  {step.kind.value}, {step.summary()}", style="dim")
                found.add_option(Option(label, id=str(index)))
        if found.option_count:
            found.highlighted = 0

    @on(Input.Changed, "#library-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#library-search")
    def _take_highlighted(self) -> None:
        found = self.query_one("#library-list", OptionList)
        if found.highlighted is not None:
            self.dismiss(int(found.get_option_at_index(found.highlighted).id or 0))

    @on(OptionList.OptionSelected, "#library-list")
    def _take(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def on_key(self, event: object) -> None:
        # Up and down move through the results while the search box keeps the focus.
        key = getattr(event, "key", "")
        if key in ("up", "down"):
            found = self.query_one("#library-list", OptionList)
            found.action_cursor_up() if key == "up" else found.action_cursor_down()

    def action_cancel(self) -> None:
        self.dismiss(None)
