"""Styles read once: for widgets that draw their own lines every second.

Asking a widget for its ``rich_style`` or a component class's style walks up the DOM each time.
A widget drawing many lines a second would pay that per line; these keep the styles until
Textual says they changed (a class, the theme).
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from textual.widget import Widget

__all__ = ["StyledWidget"]


class StyledWidget(Widget):
    """A widget whose parts are drawn in its own style plus a component class each.

    ``PARTS`` names the component classes, without the ``PREFIX--`` they are declared with:
    ``part_style("label")`` is the widget's style with ``.dial--label`` on top (for a ``PREFIX``
    of ``dial``), and ``part_style("")`` the widget's own.
    """

    PREFIX: ClassVar[str] = ""
    PARTS: ClassVar[tuple[str, ...]] = ()

    _parts: dict[str, Style] | None = None

    def notify_style_update(self) -> None:
        self._parts = None
        super().notify_style_update()

    def part_style(self, part: str = "") -> Style:
        if self._parts is None:
            base = self.rich_style
            self._parts = {"": base} | {
                name: base + self.get_component_rich_style(f"{self.PREFIX}--{name}")
                for name in self.PARTS
            }
        return self._parts[part]
