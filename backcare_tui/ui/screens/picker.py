"""The routine picker: what is due today, every routine, a preview of the highlighted one.

The first row is today's (:class:`~backcare_tui.ui.today_view.TodayRow`): the first routine the
plan has due and why, Enter to begin it; ``r`` logs a run and ``c`` a check-in, and the row
follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList
from textual.widgets.option_list import Option

from backcare_tui.core.durations import count, format_duration
from backcare_tui.core.phases import session_total
from backcare_tui.core.routine import Routine
from backcare_tui.core.text import printable
from backcare_tui.data.catalog import Catalog
from backcare_tui.ui.today_view import TodayRow
from backcare_tui.ui.widgets.key_bar import KeyBar
from backcare_tui.ui.widgets.routine_preview import RoutinePreview

__all__ = ["PickerScreen"]

BROKEN_PREFIX = "broken:"
TODAY = "today:"
"""The id of the first row, what is due today."""


def _today_label(row: TodayRow) -> Text:
    title = ("⚠ " if row.flagged else "") + printable(row.title)
    label = Text(title, style="bold red" if row.flagged else "bold")
    label.append("\n" + printable(row.detail), style="dim")
    return label


def today_preview(row: TodayRow) -> RenderableType:
    """The preview of the first row: everything about today, the red flag first."""
    parts: list[RenderableType] = []
    for number, line in enumerate(row.lines):
        style = "bold" if number == 0 else "bold red" if line.startswith("Red flag") else None
        parts.append(Text(printable(line), style=style or ""))
    keys = "Enter starts it · " if row.routine_id else ""
    parts += [Text(""), Text(f"{keys}r logs a run · c checks in how your back is", style="dim")]
    return Group(*parts)


class RoutineList(OptionList):
    """The picker's list: Enter starts the highlighted routine, and the footer says so.

    The key stays with the list (not a priority binding on the screen) so that keys typed
    quickly are handled in order: Down, Down, Enter starts the routine two rows down.
    """

    BINDINGS = [Binding("enter", "select", "Start", id="picker.start")]


class PickerScreen(Screen[None]):
    """Lists the catalog; files with errors are listed too, with their message."""

    @dataclass
    class Start(Message):
        """Begin ``routine`` (after the check-in, if the settings ask for one)."""

        routine: Routine

    @dataclass
    class Edit(Message):
        """Open ``routine`` in the editor."""

        routine: Routine

    DEFAULT_CSS = (Path(__file__).parent / "picker.tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("e", "edit", "Edit", id="picker.edit"),
        Binding("r", "app.log_run", "Ran", id="picker.log-run"),
        Binding("c", "app.checkin", "Check in", id="picker.checkin"),
        Binding("h", "app.history", "History", id="picker.history"),
        Binding("q", "app.quit", "Quit", id="picker.quit"),
    ]

    def __init__(
        self, catalog: Catalog, selected: str | None = None, today: TodayRow | None = None
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.selected = selected
        self.today = today

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="picker"):
            yield RoutineList(*self._options(), id="routines")
            with VerticalScroll(id="preview-scroll"):
                yield RoutinePreview(id="preview")
        yield KeyBar()

    def _options(self) -> list[Option]:
        options = [] if self.today is None else [Option(_today_label(self.today), id=TODAY)]
        for routine in self.catalog.sorted():
            label = Text(printable(routine.name), style="bold")
            label.append(f"\n{format_duration(session_total(routine))}", style="dim")
            # Said of both, so a copy and its built-in are told apart at a glance.
            label.append(" · built-in" if routine.builtin else " · yours", style="dim italic")
            options.append(Option(label, id=routine.id))
        for path, errors in self.catalog.broken:
            label = Text(f"⚠ {printable(path.name)}", style="bold red")
            label.append(f"\n{count(len(errors), 'problem')}", style="dim")
            options.append(Option(label, id=BROKEN_PREFIX + str(path)))
        return options

    def on_mount(self) -> None:
        self.title = "backcare"
        self.sub_title = "" if self.app.size.width < 60 else "pick a routine"
        for problem in self.catalog.problems:  # a routines folder that cannot be read
            self.notify(problem, severity="warning", timeout=10)
        routines = self.query_one("#routines", OptionList)
        routines.focus()
        if routines.option_count:
            index = 0
            if self.selected is not None:
                try:
                    index = routines.get_option_index(self.selected)
                except Exception:  # noqa: BLE001 - an id that has gone away just selects the first
                    index = 0
            routines.highlighted = index
            self._preview(routines.get_option_at_index(index).id)

    def on_resize(self) -> None:
        self._fit(self.size.width)

    def on_screen_resume(self) -> None:
        # Shown after the first-run safety notice, the screen gets no resize of its own.
        self._fit(self.app.size.width)

    def _fit(self, width: int) -> None:
        """The narrow layout below 60 columns; there the header says only "backcare", which
        fits, rather than "backcare — pick a rou…"."""
        narrow = width < 60
        self.set_class(narrow, "-narrow")
        self.sub_title = "" if narrow else "pick a routine"

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._start(event.option.id)

    def update_today(self, today: TodayRow) -> None:
        """Say what is due now (after a run or a check-in was logged)."""
        self.today = today
        routines = self.query_one("#routines", OptionList)
        if routines.option_count and routines.get_option_at_index(0).id == TODAY:
            routines.replace_option_prompt(TODAY, _today_label(today))
            if routines.highlighted == 0:
                self._preview(TODAY)

    def action_edit(self) -> None:
        routines = self.query_one("#routines", OptionList)
        if routines.highlighted is None:
            return
        option_id = routines.get_option_at_index(routines.highlighted).id
        if option_id == TODAY and self.today is not None and self.today.routine_id:
            option_id = self.today.routine_id
        if option_id is None or option_id.startswith(BROKEN_PREFIX):
            self.notify(
                "This file has problems: fix it in a text editor (backcare edit).",
                severity="warning",
            )
            return
        self.post_message(self.Edit(self.catalog.routines[option_id]))

    def _preview(self, option_id: str | None) -> None:
        preview = self.query_one("#preview", RoutinePreview)
        if option_id is None:
            return
        if option_id == TODAY:
            if self.today is not None:
                preview.update(today_preview(self.today))
            return
        if option_id.startswith(BROKEN_PREFIX):
            path = option_id.removeprefix(BROKEN_PREFIX)
            for broken, errors in self.catalog.broken:
                if str(broken) == path:
                    preview.show_errors(errors)
            return
        preview.show_routine(self.catalog.routines[option_id])
        self.query_one("#preview-scroll", VerticalScroll).scroll_home(animate=False)

    def _start(self, option_id: str | None) -> None:
        if option_id == TODAY and self.today is not None:
            if self.today.routine_id is None:
                self.notify(self.today.detail, title=self.today.title)
                return
            option_id = self.today.routine_id
        if option_id is None or option_id.startswith(BROKEN_PREFIX):
            self.notify("This file has problems; fix them first.", severity="warning")
            return
        self.post_message(self.Start(self.catalog.routines[option_id]))
