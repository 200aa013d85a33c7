"""A clock face in block digits as large as the space it is given: read from across a room."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.renderables.digits import Digits as SmallDigits
from textual.widget import Widget

__all__ = ["BigClock", "render_big"]

# Each glyph is drawn on a grid 3 cells wide and 5 tall ("#" is ink). A cell becomes
# 2 × scale columns by 1 × scale rows, so the strokes look even in a terminal cell.
_GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    " ": ("...",),
}
_ROWS = 5


def _glyph(char: str) -> tuple[str, ...]:
    glyph = _GLYPHS.get(char, _GLYPHS[" "])
    return glyph if len(glyph) == _ROWS else tuple(glyph[0] for _ in range(_ROWS))


def big_width(value: str, scale: int) -> int:
    """Columns ``value`` takes at ``scale`` (one blank cell between glyphs)."""
    cells = sum(len(_glyph(c)[0]) for c in value) + max(0, len(value) - 1)
    return cells * 2 * scale


def render_big(value: str, scale: int) -> list[str]:
    """``value`` drawn in block characters, one string per row."""
    rows: list[str] = []
    for row in range(_ROWS):
        cells = ".".join(_glyph(c)[row] for c in value)
        line = "".join(("█" if cell == "#" else " ") * 2 * scale for cell in cells)
        rows.extend([line] * scale)
    return rows


class BigClock(Widget):
    """Shows ``value`` (digits, ``:`` and ``/``) as large as fits, down to one plain line."""

    DEFAULT_CSS = """
    BigClock {
        width: 1fr;
        height: 1fr;
        content-align: center middle;
        text-style: bold;
    }
    """

    value: reactive[str] = reactive("", layout=False)

    def render(self) -> RenderableType:
        width, height = self.content_size
        for scale in (3, 2, 1):
            if big_width(self.value, scale) <= width and _ROWS * scale <= height:
                return Text("\n".join(render_big(self.value, scale)), no_wrap=True, overflow="crop")
        if height >= 3 and SmallDigits.get_width(self.value) <= width:
            return SmallDigits(self.value)
        return Text(self.value, no_wrap=True, overflow="crop")
