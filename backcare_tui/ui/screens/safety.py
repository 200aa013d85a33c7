"""The safety notice: the red flags, shown before the first session ever."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from backcare_tui.core.safety import RED_FLAGS, SAFETY_TITLE

__all__ = ["MORE_BELOW", "READ_ALL", "SafetyScreen", "red_flags"]


def red_flags() -> Static:
    """The red flags, one paragraph each: shown before the first session and under help.

    A grid of two columns, so a bullet's wrapped lines stand under its words, not its dot.
    """
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1)
    for index, flag in enumerate(RED_FLAGS):
        if index:
            grid.add_row("", "")
        grid.add_row(Text("•", style="bold"), Text(flag))
    return Static(grid, id="red-flags")


MORE_BELOW = "↓ more · Enter: read on · q: quit"
FIXED_ROWS = 8
"""Rows of the dialog that are not the notice: border (2), the title and the margins around it
(3), the keys line (1), the padding under it (1), and one to spare."""
READ_ALL = "Enter: I have read it · q: quit"


class SafetyScreen(ModalScreen[bool]):
    """The red flags. Enter reads on until the last has been on screen, then dismisses it; the
    app then remembers that it was read.

    On a small terminal the notice does not fit: it scrolls, says there is more below, and Enter
    scrolls a page rather than taking it as read, so the bladder and bowel warning at the end
    is never skipped unseen. Only Enter takes it as read: Esc and q leave the app, and the
    notice is shown again next time.
    """

    BINDINGS = [
        Binding("enter", "understood", "I understand", id="safety.ok"),
        Binding("escape,q", "leave", "Quit", id="safety.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.end_seen = False
        """The end of the notice has been on screen: Enter now takes it as read."""

    def compose(self) -> ComposeResult:
        with Vertical(id="safety", classes="dialog"):
            yield Label(SAFETY_TITLE, classes="dialog-title")
            with VerticalScroll(id="safety-scroll"):
                yield red_flags()
            yield Label(READ_ALL, id="safety-keys", classes="dialog-keys")

    def on_mount(self) -> None:
        scroll = self.query_one("#safety-scroll", VerticalScroll)
        scroll.focus()  # the arrows and Page Down scroll it too
        self.watch(scroll, "scroll_y", self._scrolled, init=False)
        self.call_after_refresh(self._scrolled)

    def on_resize(self) -> None:
        short = self.size.height < 20
        self.set_class(short, "-short")
        # The scroll must be no taller than the rows the dialog leaves it, or its last lines
        # would be clipped by the dialog while it counts them as seen: border, title and keys
        # take FIXED_ROWS (fewer on a short screen, where the title has no margin above it).
        fixed = FIXED_ROWS - (1 if short else 0)
        scroll = self.query_one("#safety-scroll", VerticalScroll)
        scroll.styles.max_height = max(3, self.size.height - fixed)
        self.call_after_refresh(self._scrolled)

    def _scrolled(self) -> None:
        """Note whether the end is on screen now, and say whether there is more."""
        scroll = self.query_one("#safety-scroll", VerticalScroll)
        at_end = scroll.scroll_y >= scroll.max_scroll_y - 0.5
        self.end_seen = self.end_seen or at_end
        self.query_one("#safety-keys", Label).update(READ_ALL if at_end else MORE_BELOW)

    def action_leave(self) -> None:
        self.app.exit()

    def action_understood(self) -> None:
        if not self.end_seen:
            scroll = self.query_one("#safety-scroll", VerticalScroll)
            scroll.scroll_page_down(animate=False)
            self.call_after_refresh(self._scrolled)
            return
        self.dismiss(True)
