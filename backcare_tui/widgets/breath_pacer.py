"""A breathing pacer: a shape that grows while you breathe in and shrinks while you breathe out."""

from __future__ import annotations

import math

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
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


class BreathPacer(Widget):
    """An ellipse sized by :attr:`size` (0-1), centred in the widget."""

    DEFAULT_CSS = """
    BreathPacer {
        width: 1fr;
        height: 1fr;
        content-align: center middle;
    }
    """

    size_fraction: reactive[float] = reactive(0.0)

    def render(self) -> RenderableType:
        width, height = self.content_size
        if width < 3 or height < 1:
            return Text("")
        # Terminal cells are about twice as tall as wide: a circle is twice as wide in columns.
        max_ry = max(0.5, height / 2)
        max_rx = min(width / 2, max_ry * 2.2)
        scale = 0.15 + 0.85 * self.size_fraction
        rx, ry = max_rx * scale, max_ry * scale
        cx, cy = (width - 1) / 2, (height - 1) / 2
        lines = []
        for y in range(height):
            dy = (y - cy) / ry if ry else 0
            row = []
            for x in range(width):
                dx = (x - cx) / rx if rx else 0
                row.append("█" if dx * dx + dy * dy <= 1.0 else " ")
            lines.append("".join(row))
        return Text("\n".join(lines), no_wrap=True, overflow="crop")
