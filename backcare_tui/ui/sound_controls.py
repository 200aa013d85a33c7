"""The app's hold on sound: m and v carried to the running session, and what went wrong.

Sound itself lives in :mod:`backcare_tui.sound`; a session's sound is one of its sinks. Here is
what the app adds: ``m`` and ``v`` for this session only (``M`` and ``V`` keep the choice in the
settings), the session screen's sound line (muted, no sound, a player that just failed), a line
for the help screen, and the problems the players reported, kept for the summary and for when
they can be shown without covering anything.
"""

from __future__ import annotations

import sys
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
PROBLEM_SHOWN = 15.0
"""Seconds a problem stays on the session screen's sound line."""
CONFIRM_SHOWN = 3.0
"""Seconds the line confirms what m, v, M or V just did."""


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
        sound = create_sound(
            sound=now.sound and not no_sound,
            voice=now.voice and not no_voice,
            routine_folder=path.parent if path is not None else None,
            notify=notify,
        )
        sound.attach(session)  # with voice, each get-ready grows to fit its words
        return [sound]

    return sound_for


def _sound_of(sinks: Iterable[EventSink]) -> list[SoundSink]:
    """The sound among a session's sinks, found the one way the app looks for it."""
    # Whoever made a sound sink loaded its module: if it is not loaded there is none, and
    # importing it only to find that out cost 11 ms before a session's first frame.
    module = sys.modules.get("backcare_tui.sound.sink")
    if module is None:
        return []
    return [sink for sink in sinks if isinstance(sink, module.SoundSink)]


class SoundControls:
    """Problems reported by the sound, and the settings carried to a session's sound sink."""

    def __init__(self) -> None:
        self.notices: list[str] = []
        """Every problem reported, oldest first."""
        self.session_notices: list[str] = []
        """The problems reported during the current session, for its summary."""
        self._waiting: list[str] = []
        self._latest: tuple[str, float] | None = None
        self._confirmed: tuple[str, float] | None = None

    def new_session(self) -> None:
        """A session begins: its summary lists only its own problems."""
        self.session_notices = []
        self._latest = None
        self._confirmed = None

    def confirm(self, message: str, now: float) -> None:
        """What a key just did, on the sound line for a moment (a toast would cover the clock)."""
        self._confirmed = (message, now)

    def during_session(self, message: str, now: float) -> None:
        """A problem while a session runs: on its sound line for a while, and in its summary."""
        self.notices.append(message)
        self.session_notices.append(message)
        self._latest = (message, now)

    def line(self, sinks: Iterable[EventSink], now: float, *, opening: bool) -> str:
        """The session screen's sound line: empty while sound plays as it should.

        A problem just reported comes first; then a mark that sound is off (said in full while
        the session ``opening``, so silence is never a surprise), or that none can be played;
        while it opens, also that the voice asked for cannot be heard.
        """
        if self._confirmed is not None and now - self._confirmed[1] < CONFIRM_SHOWN:
            return self._confirmed[0]
        if self._latest is not None and now - self._latest[1] < PROBLEM_SHOWN:
            return self._latest[0].removeprefix("sound: ")
        for sink in _sound_of(sinks):
            if sink.muted:
                return "Sound off, on purpose · m: on" if opening else "SOUND OFF · m: on"
            if (reason := sink.silence_reason()) is not None:
                return f"No sound: {reason}"
            if opening and sink.voice_wanted and (problem := sink.voice_problem) is not None:
                # Asked for, but no word will be heard: said while the session opens.
                return f"No voice, cues only: {problem}"
        return ""

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

    def status(self, sinks: Iterable[EventSink], setup: Callable[[], str] | None = None) -> str:
        """What plays the running session's sound, and the latest problems, for help.

        Outside a session ``setup`` says what a session's sound would play through.
        """
        found = [sink.describe() for sink in _sound_of(sinks)]
        if found:
            lines = ["Now playing through: " + "; ".join(found)]
        else:
            lines = ["Sessions play through: " + setup()] if setup is not None else []
        return "\n".join(lines + self.notices[-SHOWN_IN_HELP:])

    def follow(self, settings: Settings, sinks: Iterable[EventSink]) -> None:
        """Bring the running session's sound in line with ``settings`` (after m or v)."""
        for sink in _sound_of(sinks):
            if sink.muted == settings.sound:
                sink.toggle_mute()
            if sink.voice_wanted != settings.voice:
                sink.toggle_voice()

    def toggle_mute(self, sinks: Iterable[EventSink]) -> str | None:
        """``m`` in a session: mute or unmute its sound alone; what to say about it (None when
        no session sound is running)."""
        muted = [sink.toggle_mute() for sink in _sound_of(sinks)]
        if not muted:
            return None
        return f"Sound {'off' if muted[-1] else 'on'} for this session · M: keep"

    def toggle_voice(self, sinks: Iterable[EventSink]) -> str | None:
        """``v`` in a session: voice on or off for it alone; what to say about it (None when
        no session sound is running). Voice asked for that cannot play says why."""
        found = _sound_of(sinks)
        for sink in found:
            sink.toggle_voice()
        if not found:
            return None
        wanted, problem = found[-1].voice_wanted, found[-1].voice_problem
        if problem is not None:
            # Asked for or not, no word was heard: say so, not just that it went off.
            return f"Voice cannot play: {problem}" if wanted else f"Voice was silent: {problem}"
        return f"Voice {'on' if wanted else 'off'} for this session · V: keep"

    def kept(self, settings: Settings, sinks: Iterable[EventSink], *, voice: bool) -> str:
        """``M`` or ``V``: the saved ``settings`` applied to the running sound; what to say."""
        self.follow(settings, sinks)
        if not voice:
            return f"Sound {'on' if settings.sound else 'off'} for every session (saved)"
        problem = self.voice_problem(sinks)
        if settings.voice and problem is not None:
            return f"Voice cannot play: {problem}"
        return f"Voice {'on' if settings.voice else 'off'} for every session (saved)"

    def heard(self, sinks: Iterable[EventSink], settings: Settings) -> tuple[bool, bool]:
        """(sound on, voice on) for the running session's sound, or the settings without one."""
        for sink in _sound_of(sinks):
            return not sink.muted, sink.voice_wanted
        return settings.sound, settings.voice

    def voice_problem(self, sinks: Iterable[EventSink]) -> str | None:
        """Why voice cannot play: in the running session, or (none running) on this machine."""
        for sink in _sound_of(sinks):
            return sink.voice_problem
        from backcare_tui.sound.speech import find_speech_engine

        return None if find_speech_engine() is not None else "no speech engine (install espeak-ng)"
