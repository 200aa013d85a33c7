"""A one-line progress meter that repaints only when a cell of it changes.

Textual's ProgressBar animates and keeps its own timers; over a 20-minute timer that costs far
more than the few cells that actually move, so the session screen uses this instead.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["Meter", "filled_cells"]

STEPS_PER_CELL = 2
"""Half-cell resolution: "╸" draws the half-filled cell."""


def filled_cells(fraction: float, width: int) -> int:
    """How many half cells of ``width`` are filled at ``fraction``."""
    return round(min(1.0, max(0.0, fraction)) * width * STEPS_PER_CELL)


class Meter(Widget):
    """Shows :attr:`fraction` (0-1) as a bar across the widget's width."""

    DEFAULT_CSS = """
    Meter {
        width: 1fr;
        height: 1;
        color: $primary;
    }
    Meter > .meter--empty {
        color: $foreground 15%;
    }
    """
    COMPONENT_CLASSES = {"meter--empty"}

    fraction: reactive[float] = reactive(0.0, repaint=False)

    def watch_fraction(self, old: float, new: float) -> None:
        width = self.content_size.width
        if filled_cells(old, width) != filled_cells(new, width):
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        halves = filled_cells(self.fraction, width)
        full, half = divmod(halves, STEPS_PER_CELL)
        ink: Style = self.rich_style
        empty = self.get_component_rich_style("meter--empty")
        segments = [Segment("━" * full, ink)]
        if half:
            segments.append(Segment("╸", ink))
        rest = width - full - half
        if rest > 0:
            segments.append(Segment("━" * rest, empty))
        return Strip(segments, width)
