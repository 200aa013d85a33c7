"""Sound for a session: a cue for every event that matters, and spoken phrases.

Public API: :func:`create_sound` returns a :class:`SoundSink`, an
:class:`~backcare_tui.core.events.EventSink`: :meth:`~SoundSink.attach` it to a session before
the start (with voice on, the get-readies grow to fit their words), hand it every event list the
session returns (``handle``), and ``close`` it when the session ends. It also offers
:attr:`SoundSink.muted`, :attr:`SoundSink.voice_on`, :attr:`SoundSink.voice_problem`,
:meth:`SoundSink.toggle_mute`, :meth:`SoundSink.toggle_voice`, :meth:`SoundSink.describe`,
:meth:`SoundSink.silence_reason` and, off the event loop only, :meth:`SoundSink.drain`.

How it works. :meth:`SoundSink.handle` only turns events into playlist items and returns in
microseconds: each moment gets one cue (the one that matters most) and one utterance (what its
events say, in order), stamped with when the moment was due; the words follow the cue by at
most :data:`~backcare_tui.sound.cues.PHRASE_LAG`. Two worker threads play them
(:mod:`backcare_tui.sound.lanes`): one for cues, one for phrases, each one sound at a time,
never waiting for each other. Which item starts,
waits or is dropped is decided by :class:`~backcare_tui.sound.playlist.Playlist`, a pure function
of the clock: phrases never overlap or cut each other off, stale items are dropped, and a phrase
gives way to a weightier one.

The player is chosen once, by trying the list of
:func:`~backcare_tui.sound.players.find_players` in order: a player that fails is dropped for the
rest of the process with one line through ``notify``, and the item is tried on the next only if
it is still on time.
"""

from __future__ import annotations

import atexit
import contextlib
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path

from backcare_tui.core.cues import Cue
from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.session import Session
from backcare_tui.data.locations import sounds_dir, speech_cache_dir
from backcare_tui.sound.chain import (
    NO_PLAYER,
    PlayerChain,
    describe_player,
    failed_players,
    silence_clip,
)
from backcare_tui.sound.clips import CueFiles
from backcare_tui.sound.cues import (
    BELL_PATTERNS,
    PHRASE_LAG,
    cue_item,
    moment_cue,
    moment_phrase,
    phrase_item,
)
from backcare_tui.sound.lanes import Lanes
from backcare_tui.sound.lead_ins import brief_words, spoken_lead_ins
from backcare_tui.sound.phrases import Phrase, PhraseKind, moments, said_at
from backcare_tui.sound.players import Player, find_players
from backcare_tui.sound.playlist import Item
from backcare_tui.sound.prerender import Prerenderer
from backcare_tui.sound.speech import SpeechEngine, SpeechError, find_speech_engine

__all__ = ["SoundSink", "create_sound", "describe_setup"]

EXIT_GRACE = 4.0
"""Seconds the process waits at exit for sound still queued after :meth:`SoundSink.close`
(the "complete" chord and "Session complete" in plain mode, which exits straight after)."""


_live_sinks: weakref.WeakSet[SoundSink] = weakref.WeakSet()


class SoundSink:
    """Plays a session's cues and phrases on two worker threads; made by :func:`create_sound`.

    ``notify`` is called with one line of text when something the user should know happens (a
    player failed and was dropped, a sound file cannot be played). It is called on the worker
    thread: in a Textual app, pass it on with ``App.call_from_thread``.
    """

    def __init__(
        self,
        players: Sequence[Player],
        engine: SpeechEngine | None,
        *,
        sound: bool = True,
        voice: bool = True,
        routine_folder: Path | None = None,
        notify: Callable[[str], None] | None = None,
        sounds: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        clock_rate: float = 1.0,
    ) -> None:
        self._chain = PlayerChain(players)
        self._checked = False
        self._engine = engine
        self._muted = not sound
        self._voice = voice
        self._notify_callback = notify
        self._told: set[str] = set()
        self._files = CueFiles(sounds or sounds_dir(), routine_folder, self._tell)
        self._clock = clock
        self._lanes = Lanes(
            self._chain,
            self._files,
            engine,
            audible=lambda item: item.always or not self._muted,
            speaking=lambda: self.voice_on,
            tell=self._tell,
            clock=clock,
            clock_rate=clock_rate,
        )
        self._cond = self._lanes.lock
        self._session: Session | None = None
        self._opened: Session | None = None
        """The session whose opening moment (safety notes first) has been heard."""
        self._phase = 0
        self._brief: dict[str, str] = {}
        """Words said briefer where the full ones would run into a countdown (see attach)."""
        self._brief_for: Session | None = None
        self._prerender = (
            Prerenderer(engine, lambda: self.voice_on, self._tell, self._fit_words)
            if engine is not None
            else None
        )
        _live_sinks.add(self)

    # --- the public face -------------------------------------------------------------------------

    @property
    def player(self) -> Player:
        """The player in use now (it changes only when one fails)."""
        return self._chain.player

    @property
    def muted(self) -> bool:
        """True while nothing at all is played."""
        return self._muted

    @property
    def voice_on(self) -> bool:
        """True when phrases are spoken: voice wanted, an engine found, a player that can speak."""
        return self._voice and self._engine is not None and self.player.speaks

    @property
    def voice_wanted(self) -> bool:
        """Voice is asked for (``v``), whether or not it can play."""
        return self._voice

    @property
    def voice_problem(self) -> str | None:
        """Why no voice can be heard even when it is wanted; None when it can be."""
        if self._engine is None:
            return "no speech engine (install espeak-ng)"
        if not self.player.speaks:
            return f"{describe_player(self.player)} cannot play speech (no audio player)"
        return None

    @property
    def brief_words(self) -> dict[str, str]:
        """The words said briefer in this session, full text to brief (see :meth:`attach`)."""
        return dict(self._brief)

    def silence_reason(self) -> str | None:
        """Why nothing at all can be heard (no player found, or every one failed); else None.

        Muting is not a reason here: it is the user's own choice.
        """
        return self._chain.silence_reason()

    def attach(self, session: Session) -> None:
        """Get ready to follow ``session``, before it starts.

        With voice on, each get-ready is lengthened to fit what is said as it begins (the first
        one the routine's safety notes too), so the words end before the countdown; the phrases
        are rendered meanwhile. Muted or without voice, the plan is left as it is.
        """
        self.check_player()
        if self.voice_on and not self._muted and not session.started:
            engine = self._engine
            assert engine is not None
            try:
                session.fit_lead_ins(spoken_lead_ins(session.routine, engine.seconds))
            except SpeechError as exc:
                self._tell(f"voice: {exc}")
            self._fit_words(session)
        if self.voice_on:
            self._prepare(session)

    def check_player(self) -> None:
        """Find out now, not on the first cue, whether anything can be heard (and so whether
        the get-readies must leave room for words): the player in use plays a moment of
        silence, and each one that fails is dropped and told. Once per sink; not while muted.
        """
        if self._checked or self._muted:
            return
        self._checked = True
        silence = silence_clip(speech_cache_dir())
        for line in self._chain.check(silence) if silence is not None else []:
            self._tell(line)
        self._tell_silence()

    def _tell_silence(self) -> None:
        """Say (once) that nothing can be heard because no player was found at all; a player
        that failed has said so already, with its reason. Muted, silence is the user's choice."""
        if self.silence_reason() == NO_PLAYER and not self._muted:
            self._tell(f"sound: no sound can be played: {NO_PLAYER}")

    def toggle_mute(self) -> bool:
        """Mute (dropping the queue, cutting off what plays) or unmute; returns :attr:`muted`.

        Either way a short sound says so: the last thing heard before the quiet, or the first
        after it.
        """
        with self._cond:
            self._muted = not self._muted
            if self._muted:
                self._lanes.playlist.clear()
                self._lanes.stop()
            self._confirm(Cue.SOUND_OFF if self._muted else Cue.SOUND_ON)
            session = self._session
        if not self._muted and self.voice_on and session is not None:
            self._prepare(session)
        return self._muted

    def toggle_voice(self) -> bool:
        """Turn speech off (cues go on) or back on; returns :attr:`voice_on`.

        Turning it off stops only the words being said, never a cue on the other lane; turning
        it on says "Voice on" (or, where voice cannot play, only the voice-off sound: see
        :attr:`voice_problem`), turning it off plays the voice-off sound.
        """
        with self._cond:
            self._voice = not self._voice
            if not self._voice:
                self._lanes.playlist.clear(speech_only=True)
                self._lanes.stop(speech_only=True)
            if self.voice_on:
                self._lanes.push(
                    [
                        phrase_item(
                            Phrase("Voice on", PhraseKind.CONFIRM), self._clock(), self._phase
                        )
                    ]
                )
            else:
                self._confirm(Cue.VOICE_OFF)
            session = self._session
        if self.voice_on and session is not None:
            self._prepare(session)
        return self.voice_on

    def describe(self) -> str:
        """The set-up in one line, for a status line or ``--help``.

        For example ``sound: aplay, voice: espeak-ng``.

        It can change during a session: when a player fails, the next one takes over.
        """
        return _setup_line(self.player, self._engine, muted=self._muted, voice=self._voice)

    def handle(self, session: Session, events: list[Event]) -> None:
        """Queue the sounds for ``events`` and return at once; the worker plays them."""
        if not events:
            return
        opening = session is not self._opened and _opens(events[0])
        if opening:
            self._opened = session
            self._tell_silence()  # before the first cue (attach has said it already, if used)
        self._phase = events[-1].phase.index
        if self._muted:
            self._session = session  # so that unmuting can pre-render its phrases
            return
        now = self._clock()
        behind = session.elapsed
        items: list[Item] = []
        for number, together in enumerate(moments(events)):
            # Stamp each item with when its moment was due, not when we heard of it, so a
            # batch replayed late (after a stall) is recognised as stale.
            due = now - max(0.0, behind - together[0].elapsed)
            items += self._items_for(together, session, due, opening=opening and number == 0)
        pause = any(event.kind is EventKind.PAUSED for event in events)
        new_session = False
        with self._cond:
            if pause:
                self._lanes.playlist.clear()
            # Words of a phase that is over (left by a key, or run long) are stale: they would
            # talk over the next phase's words and hold them back. Pausing silences them too.
            if pause or self._lanes.speaking_phase < self._phase:
                self._lanes.stop(speech_only=True)
            if session is not self._session:
                self._session = session
                new_session = True
            self._lanes.push(items)
        if new_session and self.voice_on:
            self._prepare(session)

    def drain(self, timeout: float) -> bool:
        """Block until everything queued has played or been dropped; False if ``timeout`` ran out.

        For plain mode before it exits, and for tests. Never call it on the event loop.
        """
        return self._lanes.drain(timeout)

    def close(self) -> None:
        """Let what is queued finish, then let the worker threads end. Returns at once.

        The sink can be used again afterwards (``handle`` starts new workers). At interpreter
        exit, queued sound is given up to :data:`EXIT_GRACE` seconds to finish.
        """
        self._lanes.close()
        if self._prerender is not None:
            self._prerender.close()

    # --- inside ---------------------------------------------------------------------------------

    def _confirm(self, cue: Cue) -> None:
        """Queue the short sound that confirms a toggle, heard even when muting. Lock held."""
        item = cue_item(cue, self._files.cue(cue), self._clock(), self._phase)
        self._lanes.push(
            [Item(item.source, item.due, item.priority, item.patience, None, item.phase, True)]
        )

    def _items_for(
        self, together: list[Event], session: Session, due: float, *, opening: bool
    ) -> list[Item]:
        """The cue and the words of one moment (events that fall together)."""
        phase = together[-1].phase.index
        items: list[Item] = []
        lag = 0.0
        cue = moment_cue(together)
        path = self._files.path(cue, session) if cue else None
        if cue is not None and path is not None:
            items.append(cue_item(cue, path, due, phase))
            lag = min(PHRASE_LAG, self._files.length(path))
        if self.voice_on:
            phrase = moment_phrase(said_at(together, session, opening=opening))
            if phrase is not None and phrase.text in self._brief:
                phrase = Phrase(self._brief[phrase.text], phrase.kind)
            if phrase is not None:
                items.append(phrase_item(phrase, due + lag, phase))
        return items

    def _fit_words(self, session: Session) -> None:
        """Where the words would run into a countdown, choose fewer (once per session).

        Called before the start, or on the pre-render thread once the phrases are rendered
        (voice turned on during a session, whose get-readies were not lengthened for it).
        """
        if self._engine is None or self._brief_for is session:
            return
        try:
            self._brief = brief_words(session, self._engine.seconds)
            self._brief_for = session
        except SpeechError as exc:
            self._tell(f"voice: {exc}")

    def _prepare(self, session: Session) -> None:
        """Have the session's phrases rendered in the background, in the order they are needed."""
        if self._prerender is not None:
            self._prerender.ask(session)

    def _tell(self, message: str) -> None:
        if message in self._told or self._notify_callback is None:
            return
        self._told.add(message)
        with contextlib.suppress(Exception):  # a broken callback must not stop the sound
            self._notify_callback(message)

    def _finish(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for queued sound after close, then cut everything off."""
        self._lanes.finish(grace)
        self._muted = True
        if self._prerender is not None:
            self._prerender.close()


def _opens(event: Event) -> bool:
    """Whether ``event`` is the first of a session: its first phase starting, at time 0."""
    return event.kind is EventKind.PHASE_STARTED and event.phase.index == 0 and event.elapsed == 0


@atexit.register
def _finish_all() -> None:
    deadline = time.monotonic() + EXIT_GRACE
    for sink in list(_live_sinks):
        sink._finish(max(0.0, deadline - time.monotonic()))


def _setup_line(player: Player, engine: SpeechEngine | None, *, muted: bool, voice: bool) -> str:
    """The sound set-up in one line: ``sound: aplay, voice: espeak-ng``."""
    sound = f"sound: {player.name}" + (" (muted)" if muted else "")
    if engine is None:
        spoken = "voice: none (install espeak-ng)"
    elif not player.speaks:
        spoken = "voice: off (no player that can speak)"
    else:
        spoken = f"voice: {engine.name}" if voice else "voice: off"
    return f"{sound}, {spoken}"


def describe_setup(*, sound: bool, voice: bool) -> str:
    """What a session's sound would play through on this machine, as :meth:`SoundSink.describe`
    says it, without starting one: for help outside a session."""
    players = find_players(skip=failed_players)
    return _setup_line(players[0], find_speech_engine(), muted=not sound, voice=voice)


def create_sound(
    *,
    sound: bool,
    voice: bool,
    routine_folder: Path | None = None,
    notify: Callable[[str], None] | None = None,
) -> SoundSink:
    """Choose the player and speech engine for this machine, and return a sink that uses them.

    ``sound=False`` starts muted and ``voice=False`` starts with speech off; both can be turned
    on later with the toggles. ``routine_folder`` is where a step's own ``.wav`` sound is looked
    up (default: the folder of the session's routine file). ``notify`` receives one-line notices
    on the worker thread; see :class:`SoundSink`.
    """
    return SoundSink(
        find_players(skip=failed_players, bell_patterns=BELL_PATTERNS),
        find_speech_engine(),
        sound=sound,
        voice=voice,
        routine_folder=routine_folder,
        notify=notify,
    )
