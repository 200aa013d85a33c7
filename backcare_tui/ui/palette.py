"""Command palette (ctrl+p): find a routine by name and start it.

Textual reads a hit's text and help as markup; a routine's name and description are the file's
text, so they go in as :class:`~textual.content.Content` made from plain text (controls escaped),
and ``[bold]`` in a name is shown as it is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape
from textual.message import Message

from backcare_tui.core.durations import format_duration
from backcare_tui.core.phases import total_time
from backcare_tui.core.text import printable
from backcare_tui.ui.protocol import BackcareBase

__all__ = ["RoutineCommands"]


class RoutineCommands(Provider):
    """Offers every routine in the catalog as "Start <name>"."""

    @dataclass
    class Start(Message):
        """Begin the routine called ``routine_id``, posted to the app when a hit is chosen."""

        routine_id: str

    @property
    def backcare(self) -> BackcareBase:
        """The running app, typed. ``textual.getters.app`` is made for widgets and screens,
        and a provider is neither, so the same check is written out here."""
        app = self.app
        if not isinstance(app, BackcareBase):
            raise TypeError(f"the routine commands need the backcare app, not {app!r}")
        return app

    def _entries(self) -> list[tuple[str, str, str]]:
        return [
            (
                r.id,
                printable(f"Start {r.name}"),
                printable(f"{format_duration(total_time(r))} · {r.description}"),
            )
            for r in self.backcare.catalog.sorted()
        ]

    def _start(self, routine_id: str) -> partial[bool]:
        return partial(self.app.post_message, self.Start(routine_id))

    async def discover(self) -> Hits:
        for routine_id, title, help_text in self._entries():
            yield DiscoveryHit(
                Content(title), self._start(routine_id), text=title, help=escape(help_text)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for routine_id, title, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    _highlighted(matcher, title),
                    self._start(routine_id),
                    text=title,
                    help=escape(help_text),
                )


def _highlighted(matcher: Matcher, title: str) -> Content:
    """``title`` with the letters the search matched picked out, as plain text.

    ``Matcher.highlight`` would read the title as markup.
    """
    content = Content(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
