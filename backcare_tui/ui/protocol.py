"""What screens and the command palette may read from the running app, and nothing more.

Screens ask the app to *do* things by posting messages; the few things they need to *read*
from it are declared here, and :class:`~backcare_tui.ui.app.BackcareApp` provides them. A screen
reaches them with ``textual.getters.app(BackcareBase)``, so no screen imports ``ui/app.py`` (an
import contract in pyproject.toml holds that).

A base class rather than a ``typing.Protocol``: ``getters.app`` checks the running app with
``isinstance`` and its type variable is bound to ``App``, and a protocol can be neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.notifications import SeverityLevel

from backcare_tui.core.text import printable

if TYPE_CHECKING:
    from backcare_tui.core.routine import Step
    from backcare_tui.data.catalog import Catalog
    from backcare_tui.data.settings import Settings

__all__ = ["BackcareBase"]


class BackcareBase(App[int]):
    """The app as its screens see it: the routines it knows, and the settings."""

    settings: Settings
    """What the app remembers between runs (sound, voice, check-ins), as they stand now."""

    @property
    def catalog(self) -> Catalog:
        """Every routine: the built-in ones, the user's own, and the files that failed to load."""
        raise NotImplementedError

    def sound_heard(self) -> tuple[bool, bool]:
        """(sound on, voice on) as the user has them now: the running session's own, which
        m and v change for it alone, or else the settings."""
        return self.settings.sound, self.settings.voice

    def exercise_library(self) -> list[Step]:
        """Every exercise of the built-in routines, once each, for the editor's Add."""
        raise NotImplementedError

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's notification, its control characters escaped first, whoever calls it.

        Notices quote paths, file text and error messages; those that do are sent with
        ``markup=False`` as well, so ``[bold]`` in a file name is shown, never obeyed.
        """
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )
