"""The session's top line: the exercise's name at the left, where it is in the routine at the right.

One widget drawing both, rather than a row of two labels: three widgets fewer to build before
the first frame. Text from a routine file is drawn as it is, never read as markup.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.strip import Strip

from backcare_tui.ui.widgets.styled import StyledWidget

__all__ = ["Heading", "heading_texts"]


def heading_texts(title: str, where: str, width: int) -> tuple[str, str]:
    """``title`` padded or cut (with "…") and ``where``, to fill ``width`` columns together.

    ``where`` ("Step 3 of 9") is kept whole while there is room for it and a word of the title.
    """
    if cell_len(where) + 6 > width:
        where = ""
    room = width - cell_len(where) - (1 if where else 0)
    if cell_len(title) > room:
        title = set_cell_size(title, max(0, room - 1)) + "…" if room > 0 else ""
    return set_cell_size(title, room) + (" " if where else ""), where


class Heading(StyledWidget):
    """Shows the title in bold and where the session is, muted, after it, on one line."""

    DEFAULT_CSS = """
    Heading {
        height: 1;
        width: 1fr;
        text-style: bold;
    }
    Heading > .heading--where {
        color: $text-muted;
        text-style: not bold;
    }
    """
    PREFIX = "heading"
    PARTS = ("where",)
    COMPONENT_CLASSES = {"heading--where"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._title = ""
        self._where = ""

    @property
    def title(self) -> str:
        return self._title

    def update(self, title: str, where: str) -> None:
        if (title, where) != (self._title, self._where):
            self._title, self._where = title, where
            self.refresh()

    def render_line(self, y: int) -> Strip:
        title_style, where_style = self.part_style(), self.part_style("where")
        width = self.size.width
        if y != 0:
            return Strip.blank(width, title_style)
        title, where = heading_texts(self._title, self._where, width)
        return Strip([Segment(title, title_style), Segment(where, where_style)], width)
