"""History (``h``): recent sessions, the streak, this week against its targets, stiffness."""

from __future__ import annotations

from datetime import date

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from backcare_tui.core.text import printable
from backcare_tui.data.history import HistoryStore
from backcare_tui.data.history_progress import default_targets
from backcare_tui.data.settings import Settings
from backcare_tui.ui.history_report import history_view
from backcare_tui.ui.widgets.key_bar import KeyBar

__all__ = ["HistoryScreen"]


class HistoryScreen(ModalScreen[None]):
    """The same report as ``backcare history``, over whatever screen was showing."""

    BINDINGS = [Binding("escape,h,q,enter", "close", "Close", id="history.close")]

    def __init__(self, store: HistoryStore | None, settings: Settings, live_id: int | None) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.live_id = live_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history", classes="dialog"):
            yield Static("History", classes="dialog-title")
            yield Static(self._report(), id="history-report")
        yield KeyBar()

    def _report(self) -> RenderableType:
        if self.store is None or not self.store.available:
            notes = " ".join(self.store.notices) if self.store is not None else ""
            # Notices name files and quote SQLite: shown as they are, never read as markup.
            return Text(printable(f"History is not available. {notes}".strip()))
        records = self.store.sessions(live_id=self.live_id)
        return history_view(records, date.today(), default_targets(self.settings))

    def action_close(self) -> None:
        self.dismiss(None)
