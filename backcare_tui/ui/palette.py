"""Command palette (ctrl+p): find a routine by name and start it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from backcare_tui.core.durations import format_duration
from backcare_tui.core.phases import total_time

if TYPE_CHECKING:
    from backcare_tui.ui.app import BackcareApp

__all__ = ["RoutineCommands"]


class RoutineCommands(Provider):
    """Offers every routine in the catalog as "Start <name>"."""

    def _entries(self) -> list[tuple[str, str, str]]:
        app: BackcareApp = self.app  # type: ignore[assignment]
        return [
            (r.id, f"Start {r.name}", f"{format_duration(total_time(r))} · {r.description}")
            for r in app.catalog.sorted()
        ]

    async def discover(self) -> Hits:
        app: BackcareApp = self.app  # type: ignore[assignment]
        for routine_id, title, help_text in self._entries():
            yield DiscoveryHit(title, partial(app.start_session_by_id, routine_id), help=help_text)

    async def search(self, query: str) -> Hits:
        app: BackcareApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for routine_id, title, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(app.start_session_by_id, routine_id),
                    help=help_text,
                )
