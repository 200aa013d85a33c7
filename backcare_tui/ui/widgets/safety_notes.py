"""A routine's safety notes on the session screen, at the start of the first get-ready.

The notes are read from the mat, with no key to press: when they do not fit, they are shown a
screenful at a time, each page for its share of the reading time, with "more below" while there
is more. The session's clock decides the page, so a pause holds it.
"""

from __future__ import annotations

import math

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from backcare_tui.core.text import printable

__all__ = ["SafetyNotes", "page_at"]


SHORT_PAGE = 1 / 3
"""The least share of a full page's time a page is shown for, however few lines it holds: a last
note of one or two lines (Recovery's "stand up slowly after a warm bath") came and went in
about five seconds, just after the page turned."""


def page_at(fraction: float, lines: int, seen: int) -> int:
    """The page (from 0) to show ``fraction`` of the way through the reading time.

    The reader is taken to move through the ``lines`` at an even pace, and sees ``seen`` of
    them at a time: a page lasts as long as its lines, but at least :data:`SHORT_PAGE` of a
    full page's time.
    """
    if seen <= 0 or lines <= seen:
        return 0
    pages = math.ceil(lines / seen)
    weights = [max(min(seen, lines - page * seen), seen * SHORT_PAGE) for page in range(pages)]
    reached = fraction * sum(weights)
    for page, weight in enumerate(weights):
        reached -= weight
        if reached < 0:
            return page
    return pages - 1


class SafetyNotes(Vertical):
    """The notes under a title that says where the reader is: ``Safety · 1 of 3 · more below``."""

    DEFAULT_CSS = """
    SafetyNotes {
        height: auto;
        border-top: solid $warning;
        margin: 0 1;
    }
    SafetyNotes > #safety-title {
        width: 100%;
        text-style: bold;
        color: $warning;
    }
    SafetyNotes > VerticalScroll {
        height: auto;
        scrollbar-size-vertical: 0;
    }
    """

    def __init__(self, notes: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes = notes
        self.page = 0
        self.pages = 1

    def compose(self) -> ComposeResult:
        yield Label("Safety", id="safety-title", markup=False)
        # A grid of two columns: a note's wrapped lines stand under its words, not its dot.
        notes = Table.grid(padding=(0, 1, 0, 0))
        notes.add_column(width=1, no_wrap=True)
        notes.add_column(ratio=1)
        for note in self.notes:
            # From the routine file: never markup, no controls.
            notes.add_row(Text("•", style="bold"), Text(printable(note)))
        with VerticalScroll(can_focus=False):
            yield Static(notes, id="safety-text")

    def show_at(self, fraction: float) -> None:
        """Show the page for ``fraction`` (0-1) of the reading time, and say where it is."""
        scroll = self.query_one(VerticalScroll)
        seen = scroll.size.height
        total = scroll.virtual_size.height
        self.pages = max(1, math.ceil(total / seen)) if seen > 0 else 1
        self.page = page_at(fraction, total, seen)
        scroll.scroll_to(y=self.page * seen, animate=False, immediate=True)
        where = "Safety · before you start"
        if self.pages > 1:
            where = f"Safety · {self.page + 1}/{self.pages}"
            if self.page < self.pages - 1:
                where += " · more below ↓"
        self.query_one("#safety-title", Label).update(where)
