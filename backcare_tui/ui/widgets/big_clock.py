"""Block digits as large as the space they are given: a clock read from across a room.

Pure drawing, no widget: :class:`~backcare_tui.ui.widgets.dial.Dial` paints what these return.
"""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console
from textual.renderables.digits import Digits as SmallDigits

__all__ = ["best_scale", "big_width", "changed_areas", "fit", "render_big"]

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


def _widths(value: str) -> list[int]:
    """The width of each glyph of ``value``, in grid cells."""
    return [len(_glyph(c)[0]) for c in value]


def big_width(value: str, scale: int) -> int:
    """Columns ``value`` takes at ``scale`` (one blank cell between glyphs)."""
    cells = sum(_widths(value)) + max(0, len(value) - 1)
    return cells * 2 * scale


def best_scale(value: str, width: int, height: int) -> int:
    """The largest scale at which ``value`` fits ``width`` × ``height``, or 0 if none does."""
    cells = sum(_widths(value)) + max(0, len(value) - 1)
    return next((k for k in SCALES if cells * 2 * k <= width and _ROWS * k <= height), 0)


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
    scale = best_scale(value, width, height)
    if scale:
        return render_big(value, scale)
    if height >= 3 and SmallDigits.get_width(value) <= width:
        # Textual's three-row digits, drawn by hand so rows line up with ours.
        lines = _console(max(1, width)).render_lines(SmallDigits(value), pad=False)
        return ["".join(segment.text for segment in line) for line in lines][:3]
    return [value]


@lru_cache(maxsize=4)
def _console(width: int) -> Console:
    """A console that only measures: making one reads the environment, so it is kept."""
    return Console(width=width, color_system=None, file=None, legacy_windows=False)


def _changed_rows(before: tuple[str, ...], after: tuple[str, ...]) -> list[tuple[int, int]]:
    """Runs of glyph rows that differ between two glyphs, as ``(first, last + 1)`` pairs."""
    runs: list[tuple[int, int]] = []
    for row, (old, new) in enumerate(zip(before, after, strict=True)):
        if old == new:
            continue
        if runs and runs[-1][1] == row:
            runs[-1] = (runs[-1][0], row + 1)
        else:
            runs.append((row, row + 1))
    return runs


Area = tuple[int, int, int, int]
"""``(x, y, width, height)``."""


def changed_areas(old: str, new: str, width: int, height: int) -> list[Area] | None:
    """Where the drawing of ``new`` differs from that of ``old`` in ``width`` × ``height``.

    Returns ``(x, y, width, height)`` areas, or ``None`` when the whole face must be drawn again
    (the glyphs moved, or the digits are too small to be worth the reckoning). A ticking clock
    mostly changes one digit, and a digit mostly changes in two or three of its five rows (9 to
    8 in one), so a second's repaint is usually a few rows of one glyph.
    """
    scale = best_scale(new, width, height)
    if not scale or _widths(old) != _widths(new):
        return None
    left = (width - big_width(new, scale)) // 2
    top = (height - _ROWS * scale) // 2
    areas: list[Area] = []
    column = left
    for before, after in zip(old, new, strict=True):
        span = len(_glyph(after)[0]) * 2 * scale
        if before != after:
            areas.extend(
                (column, top + first * scale, span, (last - first) * scale)
                for first, last in _changed_rows(_glyph(before), _glyph(after))
            )
        column += span + 2 * scale
    return areas
