"""Sound for a session: a cue for every event that matters, and spoken phrases.

Public API: :func:`create_sound` returns a :class:`SoundSink`, an
:class:`~backcare_tui.core.events.EventSink`: hand it every event list the session returns
(``handle``), and ``close`` it when the session ends. It also offers :attr:`SoundSink.muted`,
:attr:`SoundSink.voice_on`, :meth:`SoundSink.toggle_mute`, :meth:`SoundSink.toggle_voice`,
:meth:`SoundSink.describe` and, off the event loop only, :meth:`SoundSink.drain`.

How it works. :meth:`SoundSink.handle` only turns events into playlist items (a cue WAV or a
phrase, stamped with the moment its event was due; :mod:`backcare_tui.sound.cues` says which)
and returns in microseconds. Two worker
threads play them: one for cues, one for phrases, each one sound at a time. Which item starts,
waits or is dropped is decided by :class:`~backcare_tui.sound.playlist.Playlist`, a pure function of
the clock: phrases never overlap or cut each other off, a countdown tick is never held up by
earlier speech, stale items are dropped, and a phrase gives way to a weightier one.

The player is chosen once, by trying the list of
:func:`~backcare_tui.sound.players.find_players` in order: a player that fails is dropped for the
rest of the process with one line through ``notify``, and the same item is tried at once on the
next.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path

from backcare_tui.core.cues import Cue
from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.session import Session
from backcare_tui.data.locations import sounds_dir
from backcare_tui.sound.cues import cue_for, cue_item, phrase_item
from backcare_tui.sound.phrases import Phrase, phrases_for, session_phrases
from backcare_tui.sound.players import (
    Clip,
    ClipError,
    Player,
    PlayerFailed,
    SilentPlayer,
    find_players,
)
from backcare_tui.sound.playlist import Item, Playlist
from backcare_tui.sound.speech import SpeechEngine, SpeechError, find_speech_engine

__all__ = ["SoundSink", "create_sound"]

EXIT_GRACE = 4.0
"""Seconds the process waits at exit for sound still queued after :meth:`SoundSink.close`
(the "complete" chord and "Session complete" in plain mode, which exits straight after)."""


_CUE_NAMES = frozenset(c.value for c in Cue)
_failed_players: set[str] = set()
"""Players that failed in this process: not offered again to a later sink."""
_live_sinks: weakref.WeakSet[SoundSink] = weakref.WeakSet()


def _describe_player(player: Player) -> str:
    return {"terminal bell": "the terminal bell", "silent": "silence"}.get(player.name, player.name)


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
    ) -> None:
        self._players = list(players) or [SilentPlayer()]
        self._engine = engine
        self._muted = not sound
        self._voice = voice
        self._routine_folder = routine_folder
        self._notify_callback = notify
        self._sounds = sounds or sounds_dir()
        self._clock = clock
        self._cond = threading.Condition()
        self._playlist = Playlist()
        self._workers: dict[bool | None, threading.Thread] = {}
        """The running threads: each lane's worker (True for speech, False for cues), and the
        pre-render thread (None)."""
        self._closing = False
        self._sounding = 0
        """How many clips the player is playing at this moment (at most one per lane)."""
        self._session: Session | None = None
        self._to_render: Session | None = None
        self._generation = 0
        """Bumped to stop a pre-render under way (a new session, close, exit)."""
        self._clips: dict[Path, Clip] = {}
        self._told: set[str] = set()
        _live_sinks.add(self)
        # Threads start here rather than in the first handle(): a thread that has just started
        # can hold the GIL for a few milliseconds, and handle() runs on the event loop.
        with self._cond:
            self._start_workers()

    # --- the public face -------------------------------------------------------------------------

    @property
    def player(self) -> Player:
        """The player in use now (it changes only when one fails)."""
        return self._players[0]

    @property
    def muted(self) -> bool:
        """True while nothing at all is played."""
        return self._muted

    @property
    def voice_on(self) -> bool:
        """True when phrases are spoken: voice wanted, an engine found, a player that can speak."""
        return self._voice and self._engine is not None and self.player.speaks

    def toggle_mute(self) -> bool:
        """Mute (dropping the queue, cutting off what plays) or unmute; returns :attr:`muted`."""
        with self._cond:
            self._muted = not self._muted
            if self._muted:
                self._playlist.clear()
                if self._playlist.playing:
                    self.player.stop()
            session = self._session
        if not self._muted and self.voice_on and session is not None:
            self._prepare(session)
        return self._muted

    def toggle_voice(self) -> bool:
        """Turn speech off (cues go on) or back on; returns :attr:`voice_on`."""
        with self._cond:
            self._voice = not self._voice
            if not self._voice:
                self._playlist.clear(speech_only=True)
                if any(item.is_speech for item in self._playlist.playing):
                    self.player.stop()  # the player cannot tell lanes apart: a cue may stop too
            session = self._session
        if self.voice_on and session is not None:
            self._prepare(session)
        return self.voice_on

    def describe(self) -> str:
        """The set-up in one line, for a status line or ``--help``.

        For example ``sound: aplay, voice: espeak-ng``.

        It can change during a session: when a player fails, the next one takes over.
        """
        sound = f"sound: {self.player.name}" + (" (muted)" if self._muted else "")
        if self._engine is None:
            voice = "voice: none (install espeak-ng)"
        elif not self.player.speaks:
            voice = "voice: off (no player that can speak)"
        else:
            voice = f"voice: {self._engine.name}" if self._voice else "voice: off"
        return f"{sound}, {voice}"

    def handle(self, session: Session, events: list[Event]) -> None:
        """Queue the sounds for ``events`` and return at once; the worker plays them."""
        if not events:
            return
        if self._muted:
            self._session = session  # so that unmuting can pre-render its phrases
            return
        now = self._clock()
        behind = session.elapsed
        items: list[Item] = []
        pause = False
        for event in events:
            # Stamp each item with when its event was due, not when we heard of it, so a
            # batch replayed late (after a stall) is recognised as stale.
            due = now - max(0.0, behind - event.elapsed)
            items += self._items_for(event, session, due)
            pause = pause or event.kind is EventKind.PAUSED
        new_session = False
        with self._cond:
            if pause:
                self._playlist.clear()
            if session is not self._session:
                self._session = session
                new_session = True
            self._playlist.push(items)
            self._closing = False
            self._start_workers()  # only after close(): they are running otherwise
            self._cond.notify_all()
        if new_session and self.voice_on:
            self._prepare(session)

    def drain(self, timeout: float) -> bool:
        """Block until everything queued has played or been dropped; False if ``timeout`` ran out.

        For plain mode before it exits, and for tests. Never call it on the event loop.
        """
        with self._cond:
            return self._cond.wait_for(
                lambda: not self._playlist.playing and not self._playlist.waiting, timeout
            )

    def close(self) -> None:
        """Let what is queued finish, then let the worker threads end. Returns at once.

        The sink can be used again afterwards (``handle`` starts new workers). At interpreter
        exit, queued sound is given up to :data:`EXIT_GRACE` seconds to finish.
        """
        with self._cond:
            self._closing = True
            self._generation += 1  # stops any pre-rendering
            self._cond.notify_all()

    # --- inside ---------------------------------------------------------------------------------

    def _items_for(self, event: Event, session: Session, due: float) -> list[Item]:
        phase = event.phase.index
        items: list[Item] = []
        cue = cue_for(event)
        path = self._cue_path(cue, session) if cue else None
        if cue is not None and path is not None:
            items.append(cue_item(cue, path, due, phase))
        if self.voice_on:
            items += (phrase_item(phrase, due, phase) for phrase in phrases_for(event, session))
        return items

    def _cue_path(self, name: str, session: Session) -> Path | None:
        if name in _CUE_NAMES:
            return self._sounds / f"{name}.wav"
        routine = session.routine
        folder = self._routine_folder or (routine.path.parent if routine.path else None)
        return folder / name if folder is not None else None

    def _start_workers(self) -> None:
        """Start whichever threads are not running. Call with the lock held."""
        for speech in (False, True):
            if speech not in self._workers:
                self._workers[speech] = worker = threading.Thread(
                    target=self._run,
                    args=(speech,),
                    daemon=True,
                    name="backcare-speech" if speech else "backcare-cues",
                )
                worker.start()
        if self._engine is not None and None not in self._workers:
            self._workers[None] = worker = threading.Thread(
                target=self._render_ahead, name="backcare-render", daemon=True
            )
            worker.start()

    def _prepare(self, session: Session) -> None:
        """Have the session's phrases rendered in the background, in the order they are needed."""
        with self._cond:
            self._generation += 1
            self._to_render = session
            self._cond.notify_all()

    def _render_ahead(self) -> None:
        """The pre-render thread: renders each session's phrases once :meth:`_prepare` asks."""
        engine = self._engine
        assert engine is not None
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._to_render is not None or self._closing)
                session, self._to_render = self._to_render, None
                generation = self._generation
                if session is None:  # closing, and nothing asked for
                    del self._workers[None]
                    return
            for text in session_phrases(session):
                if self._generation != generation or not self.voice_on:
                    break
                try:
                    engine.render(text)
                except SpeechError as exc:
                    self._tell(f"voice: {exc}")
                    break

    def _run(self, speech: bool) -> None:
        """One lane's worker: start what the playlist allows, play it to the end, repeat."""
        while True:
            with self._cond:
                while True:
                    waiting = len(self._playlist.waiting)
                    item = self._playlist.take(self._clock(), speech=speech)
                    if item is not None:
                        break
                    if len(self._playlist.waiting) != waiting:
                        # take() dropped stale items and may have emptied the playlist: wake
                        # drain(). Only then: waking the other lane for nothing would have the
                        # two idle workers wake each other in an endless loop.
                        self._cond.notify_all()
                    if self._closing and not self._playlist.waiting:
                        del self._workers[speech]
                        return
                    self._cond.wait(self._playlist.wait_time(self._clock()))
            try:
                self._play(item)
            except Exception as exc:  # noqa: BLE001 - the worker must outlive any one sound
                self._tell(f"sound: could not play {item.source}: {exc}")
            finally:
                with self._cond:
                    self._playlist.finish(item)
                    self._cond.notify_all()

    def _play(self, item: Item) -> None:
        if isinstance(item.source, Phrase):
            if not self.voice_on or self._engine is None:
                return
            try:
                path = self._engine.render(item.source.text)
            except SpeechError as exc:
                self._tell(f"voice: {exc}")
                return
            if self._clock() - item.due > item.patience:
                return
        else:
            path = item.source
        clip = self._clip(path, keep=not item.is_speech)
        while clip is not None and not self._muted:
            player = self.player
            if item.is_speech and not player.speaks:
                return
            with self._cond:
                self._sounding += 1
            try:
                player.play(clip)
                return
            except PlayerFailed as exc:
                with self._cond:
                    overlapping = self._sounding > 1
                if overlapping:
                    # The other lane is playing through this very player, so the device works:
                    # it cannot play two sounds at once. Skip this one; keep the player.
                    self._tell(f"sound: {player.name} cannot play two sounds at once; one skipped")
                    return
                self._drop(player, str(exc))
            finally:
                with self._cond:
                    self._sounding -= 1

    def _clip(self, path: Path, *, keep: bool) -> Clip | None:
        """``path`` read, or None (with a notice) when it cannot be played. Cues stay in memory."""
        clip = self._clips.get(path)
        if clip is None:
            try:
                clip = Clip.load(path)
            except ClipError as exc:
                self._tell(f"sound: cannot play {exc}")
                return None
            if keep:
                self._clips[path] = clip
        return clip

    def _drop(self, player: Player, reason: str) -> None:
        with self._cond:
            if self._players[0] is player and len(self._players) > 1:
                self._players.pop(0)
            _failed_players.add(player.name)
            following = self.player
        self._tell(
            f"sound: {player.name} failed ({reason}); falling back to {_describe_player(following)}"
        )

    def _tell(self, message: str) -> None:
        if message in self._told or self._notify_callback is None:
            return
        self._told.add(message)
        with contextlib.suppress(Exception):  # a broken callback must not stop the sound
            self._notify_callback(message)

    def _finish(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for queued sound after close, then cut everything off."""
        deadline = time.monotonic() + grace
        with self._cond:
            workers = list(self._workers.values()) if self._closing else []
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        with self._cond:
            self._muted = True
            self._playlist.clear()
            self._closing = True
            self._generation += 1
            self._cond.notify_all()
        self.player.stop()


@atexit.register
def _finish_all() -> None:
    deadline = time.monotonic() + EXIT_GRACE
    for sink in list(_live_sinks):
        sink._finish(max(0.0, deadline - time.monotonic()))


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
        find_players(skip=_failed_players),
        find_speech_engine(),
        sound=sound,
        voice=voice,
        routine_folder=routine_folder,
        notify=notify,
    )
