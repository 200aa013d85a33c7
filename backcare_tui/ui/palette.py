"""Command palette (ctrl+p): find a routine by name and start it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message

from backcare_tui.core.durations import format_duration
from backcare_tui.core.phases import total_time
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
            (r.id, f"Start {r.name}", f"{format_duration(total_time(r))} · {r.description}")
            for r in self.backcare.catalog.sorted()
        ]

    def _start(self, routine_id: str) -> partial[bool]:
        return partial(self.app.post_message, self.Start(routine_id))

    async def discover(self) -> Hits:
        for routine_id, title, help_text in self._entries():
            yield DiscoveryHit(title, self._start(routine_id), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for routine_id, title, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._start(routine_id), help=help_text)
