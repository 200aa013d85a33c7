"""The bottom line of every screen: the keys that work now, drawn as one line of text.

Textual's Footer builds a widget per key and builds them all again whenever the bindings
change, restyling each as it goes: 15 restyles before a session's first frame. This draws the
same line (the keys in the footer colours, unavailable ones dimmed, the command palette's key
at the right) as one widget, repainted when the bindings change. A click on a key presses it,
as in the Footer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.strip import Strip

from backcare_tui.ui.widgets.styled import StyledWidget

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = ["DescribesKeys", "Key", "KeyBar", "key_line"]

Key = tuple[str, str, str, bool]
"""``(key, shown as, description, enabled)``."""


@runtime_checkable
class DescribesKeys(Protocol):
    """A screen whose keys do different things at different times, and says what they do now."""

    def describe_key(self, binding: Binding) -> str | None:
        """What ``binding`` does now, or None for its own description."""


def key_line(keys: list[Key], palette: Key | None, width: int) -> list[tuple[str, str | None, str]]:
    """Lay the keys out in ``width`` columns: ``(text, key it presses, part)`` pieces.

    ``part`` is ``key``, ``description``, ``disabled`` or ``gap``. Keys that do not fit are
    left out from the end, and the palette's key (at the right) gives way before any of them.
    """
    pieces: list[tuple[str, str | None, str]] = []
    used = 0
    for key, shown, description, enabled in keys:
        size = cell_len(shown) + (cell_len(description) + 1 if description else 0) + 2
        if used + size > width:
            palette = None  # a key left out matters more than the palette's
            break
        pieces.append((" ", None, "gap"))
        pieces.append((shown, key, "key" if enabled else "disabled"))
        if description:
            pieces.append((" " + description, key, "description" if enabled else "disabled"))
        pieces.append((" ", None, "gap"))
        used += size
    if palette is not None:
        key, shown, description, _ = palette
        tail = f"▏{shown} {description} "
        if used + cell_len(tail) <= width:
            pieces.append((" " * (width - used - cell_len(tail)), None, "gap"))
            pieces.append(("▏", None, "rule"))
            pieces.append((shown, key, "key"))
            pieces.append((" " + description + " ", key, "description"))
    return pieces


class KeyBar(StyledWidget, can_focus=False):
    """The keys of the current screen, in one line at the bottom."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--disabled {
        color: $footer-description-foreground;
        text-style: dim;
    }
    KeyBar > .key-bar--rule {
        color: $foreground 20%;
    }
    """
    PREFIX = "key-bar"
    PARTS = ("key", "description", "disabled", "rule")
    COMPONENT_CLASSES = {f"key-bar--{part}" for part in PARTS}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def keys(self) -> tuple[list[Key], Key | None]:
        """The keys to show now, one per action, and the command palette's key if it has one."""
        app = self.app
        active = self.screen.active_bindings
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        shown: list[Key] = []
        actions: set[str] = set()
        screen = self.screen
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions or binding.key == palette_key:
                continue
            actions.add(binding.action)
            description = binding.description
            if isinstance(screen, DescribesKeys):
                description = screen.describe_key(binding) or description
            shown.append((binding.key, app.get_key_display(binding), description, enabled))
        palette = None
        if palette_key is not None and palette_key in active:
            _node, binding, enabled, _tooltip = active[palette_key]
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
        return shown, palette

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y != 0:
            return Strip.blank(width, self.part_style())
        pieces = key_line(*self.keys(), width)
        segments: list[Segment] = []
        spans: list[tuple[int, int, str]] = []
        column = 0
        for text, key, part in pieces:
            segments.append(Segment(text, self.part_style("" if part == "gap" else part)))
            if key is not None:
                spans.append((column, column + cell_len(text), key))
            column += cell_len(text)
        if column < width:
            segments.append(Segment(" " * (width - column), self.part_style()))
        self._spans = spans
        return Strip(segments, width)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
