"""The app's hold on sound: m and v carried to the running session, and what went wrong.

Sound itself lives in :mod:`backcare_tui.sound`; a session's sound is one of its sinks. Here is
what the app adds: the settings applied to that sink when they change, a line for the help
screen, and the problems the players reported (a player dropped, no speech engine), kept until
they can be shown without covering anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from backcare_tui.core.events import EventSink
from backcare_tui.core.runner import SinkFactory
from backcare_tui.core.session import Session
from backcare_tui.data.settings import Settings

if TYPE_CHECKING:
    from backcare_tui.sound.sink import SoundSink

__all__ = ["SoundControls", "session_sound"]

SHOWN_IN_HELP = 3
"""The latest problems the help screen lists."""


def session_sound(
    settings: Callable[[], Settings],
    *,
    no_sound: bool,
    no_voice: bool,
    notify: Callable[[str], None],
) -> SinkFactory:
    """Makes each session's sound, as the settings are when it starts.

    ``no_sound`` and ``no_voice`` turn sound off for this run only; ``notify`` hears of problems
    (from the sound's worker thread).
    """

    from backcare_tui.sound.sink import create_sound

    def sound_for(session: Session) -> list[EventSink]:
        path = session.routine.path
        now = settings()
        return [
            create_sound(
                sound=now.sound and not no_sound,
                voice=now.voice and not no_voice,
                routine_folder=path.parent if path is not None else None,
                notify=notify,
            )
        ]

    return sound_for


def _sound_of(sinks: Iterable[EventSink]) -> list[SoundSink]:
    """The sound among a session's sinks, found the one way the app looks for it."""
    # Imported here: the sound package is loaded by whoever made the sinks, not before.
    from backcare_tui.sound.sink import SoundSink

    return [sink for sink in sinks if isinstance(sink, SoundSink)]


class SoundControls:
    """Problems reported by the sound, and the settings carried to a session's sound sink."""

    def __init__(self) -> None:
        self.notices: list[str] = []
        """Every problem reported, oldest first."""
        self._waiting: list[str] = []

    def report(self, message: str, *, show_now: bool) -> bool:
        """Keep a problem; True when it is to be shown now, else it waits (see :meth:`waiting`)."""
        self.notices.append(message)
        if not show_now:
            self._waiting.append(message)
        return show_now

    def waiting(self) -> list[str]:
        """The problems not shown yet, handed over once."""
        waiting, self._waiting = self._waiting, []
        return waiting

    def status(self, sinks: Iterable[EventSink]) -> str:
        """What plays the running session's sound, and the latest problems, for help."""
        found = [sink.describe() for sink in _sound_of(sinks)]
        lines = ["Now playing through: " + "; ".join(found)] if found else []
        return "\n".join(lines + self.notices[-SHOWN_IN_HELP:])

    def follow(self, settings: Settings, sinks: Iterable[EventSink]) -> None:
        """Bring the running session's sound in line with ``settings`` (after m or v)."""
        for sink in _sound_of(sinks):
            if sink.muted == settings.sound:
                sink.toggle_mute()
            if sink.voice_on != settings.voice:
                sink.toggle_voice()
