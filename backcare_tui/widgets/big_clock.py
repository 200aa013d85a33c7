"""A clock face in block digits as large as the space it is given: read from across a room."""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Region
from textual.reactive import reactive
from textual.renderables.digits import Digits as SmallDigits
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["BigClock", "big_width", "render_big"]

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
SCALES = (6, 5, 4, 3, 2, 1)
"""Sizes tried, largest first: on a big terminal the digits grow to fill it."""


def _glyph(char: str) -> tuple[str, ...]:
    glyph = _GLYPHS.get(char, _GLYPHS[" "])
    return glyph if len(glyph) == _ROWS else tuple(glyph[0] for _ in range(_ROWS))


def big_width(value: str, scale: int) -> int:
    """Columns ``value`` takes at ``scale`` (one blank cell between glyphs)."""
    cells = sum(len(_glyph(c)[0]) for c in value) + max(0, len(value) - 1)
    return cells * 2 * scale


def render_big(value: str, scale: int) -> list[str]:
    """``value`` drawn in block characters, one string per row, all the same width."""
    rows: list[str] = []
    for row in range(_ROWS):
        cells = ".".join(_glyph(c)[row] for c in value)
        line = "".join(("█" if cell == "#" else " ") * 2 * scale for cell in cells)
        rows.extend([line] * scale)
    return rows


def fit(value: str, width: int, height: int) -> list[str]:
    """The largest drawing of ``value`` that fits, down to a single line of plain text."""
    for scale in SCALES:
        if big_width(value, scale) <= width and _ROWS * scale <= height:
            return render_big(value, scale)
    if height >= 3 and SmallDigits.get_width(value) <= width:
        # Textual's three-row digits, drawn by hand so rows line up with ours.
        from rich.console import Console

        console = Console(width=max(1, width), color_system=None, file=None, legacy_windows=False)
        lines = console.render_lines(SmallDigits(value), pad=False)
        return ["".join(segment.text for segment in line) for line in lines][:3]
    return [value]


class BigClock(Widget):
    """Shows ``value`` (digits, ``:`` and ``/``) as large as fits, centred."""

    DEFAULT_CSS = """
    BigClock {
        width: 1fr;
        height: 1fr;
        text-style: bold;
    }
    """

    value: reactive[str] = reactive("", repaint=False)

    def __init__(
        self, value: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._strips: tuple[tuple[object, ...], list[Strip]] | None = None
        self.set_reactive(BigClock.value, value)

    def watch_value(self, old: str, new: str) -> None:
        """Repaint only the glyphs that changed: a ticking clock mostly changes one digit."""
        width, height = self.content_size
        scale = next((k for k in SCALES if big_width(new, k) <= width and _ROWS * k <= height), 0)
        if not scale or len(old) != len(new) or big_width(old, scale) != big_width(new, scale):
            self.refresh()
            return
        left = (width - big_width(new, scale)) // 2
        top = (height - _ROWS * scale) // 2
        regions = []
        column = left
        for before, after in zip(old, new, strict=True):
            span = len(_glyph(after)[0]) * 2 * scale
            if before != after:
                regions.append(Region(column, top, span, _ROWS * scale))
            column += span + 2 * scale
        if regions:
            self.refresh(*regions)

    def notify_style_update(self) -> None:
        """The colour changed (a new mood class): draw the face again in the new one."""
        self._strips = None
        super().notify_style_update()

    def _all_strips(self) -> list[Strip]:
        """Every row of the face, cached until the value, the size or the colour changes.

        Looking up ``rich_style`` is costly, and the compositor asks for each row of the face
        every second: the style is read once per drawing, not once per row.
        """
        width, height = self.content_size
        key = (self.value, width, height)
        if self._strips is None or self._strips[0] != key:
            style = self.rich_style
            lines = fit(self.value, width, height)
            top = (height - len(lines)) // 2
            blank = Strip([Segment(" " * width, style)], width)
            strips = [blank] * height
            for index, line in enumerate(lines):
                if 0 <= top + index < height:
                    line = line[:width]
                    left = (width - len(line)) // 2
                    text = " " * left + line + " " * (width - left - len(line))
                    strips[top + index] = Strip([Segment(text, style)], width)
            self._strips = (key, strips)
        return self._strips[1]

    def render_line(self, y: int) -> Strip:
        strips = self._all_strips()
        return strips[y] if 0 <= y < len(strips) else Strip.blank(self.content_size.width)
