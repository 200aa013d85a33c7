"""A breathing pacer: a shape that grows while you breathe in and shrinks while you breathe out."""

from __future__ import annotations

import math

from rich.segment import Segment
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["BreathPacer", "pacer_size"]


def pacer_size(part: str, fraction: float) -> float:
    """How full the pacer is (0-1) at ``fraction`` through a breath ``part``.

    Eased with a sine so the shape moves like a breath: slow at the turns, quicker in between.
    """
    eased = (1 - math.cos(math.pi * min(1.0, max(0.0, fraction)))) / 2
    if part == "in":
        return eased
    if part == "out":
        return 1 - eased
    return 1.0


def ellipse_row(y: int, width: int, height: int, fraction: float) -> str:
    """Row ``y`` of an ellipse centred in ``width`` × ``height`` cells, sized by ``fraction``."""
    # Terminal cells are about twice as tall as wide: a round shape is twice as wide in columns.
    max_ry = max(0.5, height / 2)
    max_rx = min(width / 2, max_ry * 2.2)
    scale = 0.15 + 0.85 * min(1.0, max(0.0, fraction))
    rx, ry = max(0.5, max_rx * scale), max(0.5, max_ry * scale)
    cx, cy = (width - 1) / 2, (height - 1) / 2
    dy = (y - cy) / ry
    if dy * dy > 1:
        return " " * width
    half = rx * math.sqrt(1 - dy * dy)
    return "".join("█" if abs(x - cx) <= half else " " for x in range(width))


class BreathPacer(Widget):
    """An ellipse sized by :attr:`size_fraction` (0-1), centred in the widget."""

    DEFAULT_CSS = """
    BreathPacer {
        width: 1fr;
        height: 1fr;
    }
    """

    size_fraction: reactive[float] = reactive(0.0)

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        row = ellipse_row(y, width, height, self.size_fraction)
        return Strip([Segment(row, self.rich_style)], width)
