"""History (``h``): recent sessions, the streak, this week, stiffness, and the program's charts.

The report is worked out in a thread of its own, on a connection of its own to the file, so the
screen is up at once saying "Loading…" and the app goes on meanwhile: keys, timers and a
session's wake-ups are never held up by the file (with 100,000 sessions, working it out on the
event loop once froze the app for 6.8 s). Damage met by that read is repaired by the store, on
the app's side, and the report read again.

The program's charts (stiffness over time, sessions a week against the plan) read only the last
weeks of the history; they sit in a Static of their own at the screen's width, so they fit 40
columns. Below :data:`NARROW_BELOW` columns the report takes its narrow layout rather than being
cut.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from backcare_tui.core.durations import count
from backcare_tui.core.text import printable
from backcare_tui.data.history import HistoryStore
from backcare_tui.data.history_file import read_only
from backcare_tui.data.history_progress import TargetProgress, default_targets, local_time
from backcare_tui.data.history_schema import is_damage
from backcare_tui.data.history_summary import HistorySummary, summarize
from backcare_tui.data.settings import Settings
from backcare_tui.data.wall_clock import wall_now
from backcare_tui.ui.history_report import NARROW_BELOW, history_view
from backcare_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from backcare_tui.ui.program_link import ProgramLink

__all__ = ["LOADING", "HistoryScreen"]

LOADING = "Loading…"
"""What the report says until the thread that works it out has done so."""

SCROLLBAR = 2
"""Columns of the dialog's vertical scroll bar (Textual's default size)."""


class HistoryScreen(ModalScreen[None]):
    """The same report as ``backcare history``, over whatever screen was showing."""

    BINDINGS = [Binding("escape,h,q,enter", "close", "Close", id="history.close")]

    def __init__(
        self,
        store: HistoryStore | None,
        settings: Settings,
        live_id: int | None,
        program: ProgramLink | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.live_id = live_id
        self.program = program
        self._repaired = False
        self._summary: HistorySummary | None = None
        self._left_out = 0
        self._week: tuple[TargetProgress, ...] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history", classes="dialog"):
            yield Static("History", classes="dialog-title")
            yield Static(LOADING, id="history-report")
            yield Static(Text(""), id="history-charts")
        yield KeyBar()

    def on_mount(self) -> None:
        store = self.store
        if store is None or not store.available:
            notes = " ".join(store.notices) if store is not None else ""
            # Notices name files and quote SQLite: shown as they are, never read as markup.
            self._show(Text(printable(f"History is not available. {notes}".strip())))
            return
        if self.program is not None:
            from backcare_tui.ui.charts import charts_for

            program = self.program.program(live_id=self.live_id)
            self._week = program.this_week()  # the plan's week, as `today` counts it
            charts = charts_for(program)
            self.query_one("#history-charts", Static).update(charts)
        self.load(store)

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def load(self, store: HistoryStore) -> None:
        """Work out the report off the event loop, and hand it to the screen."""
        try:
            conn = read_only(store.path)
            try:
                today = local_time(wall_now()).date()
                targets = default_targets(self.settings)
                summary = summarize(conn, today, targets, live_id=self.live_id)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            self.app.call_from_thread(self._not_read, exc)
            return
        self.app.call_from_thread(self._loaded, summary)

    def _loaded(self, summary: HistorySummary) -> None:
        self._summary = summary if self._week is None else replace(summary, week=self._week)
        self._draw()

    def _draw(self) -> None:
        """The report at the screen's width: its narrow layout below :data:`NARROW_BELOW`."""
        summary = self._summary
        if summary is None:
            return
        width = self._report_width()
        charted = self.program is not None  # the charts below take the stiffness table's place
        report: list[RenderableType] = [
            history_view(summary, width=width, charts=Text("") if charted else None)
        ]
        if summary.unreadable:
            left_out = f"{count(summary.unreadable, 'session')} could not be read and are left out."
            report.insert(0, Text(left_out, style="yellow"))
        self._show(*report)

    def on_resize(self) -> None:
        # Narrow: the report takes its narrow layout and wraps, rather than scrolling sideways.
        self.set_class(self._report_width() < NARROW_BELOW, "-narrow")
        self._draw()

    def _report_width(self) -> int:
        """Columns the report may take: the screen less the dialog's padding and the room its
        scroll bar takes when the report is taller than the screen (at 80x24 it always is)."""
        return self.app.size.width - 2 - SCROLLBAR

    def _not_read(self, exc: sqlite3.Error) -> None:
        """On the app's side: repair damage (once) and read again, or say what went wrong."""
        store = self.store
        if store is not None and is_damage(exc) and not self._repaired:
            self._repaired = True
            if store.repair(exc):  # the store's notice says what was saved (the app shows it)
                self.load(store)
                return
        self._show(Text(printable(f"History could not be read: {exc}."), style="yellow"))

    def _show(self, *report: RenderableType) -> None:
        if not self.is_mounted:
            return  # closed while the report was being worked out
        shown = report[0] if len(report) == 1 else Group(*report)
        self.query_one("#history-report", Static).update(shown)

    def action_close(self) -> None:
        self.dismiss(None)
