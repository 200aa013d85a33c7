"""A breathing pacer: a shape that grows while you breathe in and shrinks while you breathe out."""

from __future__ import annotations

import math
from functools import lru_cache

from rich.segment import Segment
from textual.geometry import Region
from textual.strip import Strip

from backcare_tui.core.routine import BreathPart
from backcare_tui.ui.widgets.styled import StyledWidget

__all__ = ["BreathPacer", "pacer_size"]


def pacer_size(part: BreathPart, fraction: float) -> float:
    """How full the pacer is (0-1) at ``fraction`` through a breath ``part``.

    Eased with a sine so the shape moves like a breath: slow at the turns, quicker in between.
    """
    eased = (1 - math.cos(math.pi * min(1.0, max(0.0, fraction)))) / 2
    if part is BreathPart.IN:
        return eased
    if part is BreathPart.OUT:
        return 1 - eased
    return 1.0


def ellipse_row(y: int, width: int, height: int, fraction: float) -> str:
    """Row ``y`` of an ellipse centred in ``width`` × ``height`` cells, sized by ``fraction``."""
    # Terminal cells are about twice as tall as wide: a round shape is twice as wide in columns.
    max_ry = max(0.5, height / 2)
    max_rx = min(width / 2, max_ry * 2.2)
    scale = 0.15 + 0.85 * min(1.0, max(0.0, fraction))
    # At least a cell across and a row high, or on a small, even-sized area the smallest
    # shape falls between the cells and the pacer goes blank.
    rx, ry = max(1.0, max_rx * scale), max(1.0 if height > 1 else 0.5, max_ry * scale)
    cx, cy = (width - 1) / 2, (height - 1) / 2
    dy = (y - cy) / ry
    if dy * dy > 1:
        return " " * width
    half = rx * math.sqrt(1 - dy * dy)
    return "".join("█" if abs(x - cx) <= half else " " for x in range(width))


@lru_cache(maxsize=256)
def pacer_frame(width: int, height: int, fraction: float) -> tuple[str, ...]:
    """Every row of the pacer at ``fraction``, kept: a breath passes the same sizes each cycle."""
    return tuple(ellipse_row(y, width, height, fraction) for y in range(height))


class BreathPacer(StyledWidget):
    """An ellipse sized by the fraction given to :meth:`update` (0-1), centred in the widget.

    It moves twelve times a second for minutes on end, so it repaints only the rows whose
    drawing changed, works each drawing out once per size, and reads its style once.
    """

    DEFAULT_CSS = """
    BreathPacer {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._fraction = 0.0
        self._rows: tuple[str, ...] = ()

    def update(self, fraction: float) -> None:
        """Show the shape at ``fraction``, repainting only the rows that change."""
        if fraction == self._fraction:
            return
        size = self.outer_size
        gutter = self.styles.gutter
        width, height = size.width - gutter.width, size.height - gutter.height
        before = pacer_frame(width, height, self._fraction)
        after = pacer_frame(width, height, fraction)
        self._fraction = fraction
        changed = [y for y, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        if changed:
            top, bottom = changed[0], changed[-1] + 1
            self.refresh(Region(0, top, width, bottom - top))

    def render_lines(self, crop: Region) -> list[Strip]:
        width, height = self.content_size
        self._rows = pacer_frame(width, height, self._fraction)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = len(self._rows[0]) if self._rows else 0
        row = self._rows[y] if 0 <= y < len(self._rows) else " " * width
        return Strip([Segment(row, self.part_style())], width)
