"""The two lanes sound plays on: a worker thread each, for cues and for words, one sound at a time.

:class:`Lanes` owns the :class:`~backcare_tui.sound.playlist.Playlist` and the threads that play
what it allows, through the player chain: a player that fails is dropped and the sound tried
on the next only while it is still on time; a player that cannot play two sounds at once makes
the lanes take turns from then on. The sink decides what to queue; the lanes, when to play it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from backcare_tui.sound.chain import PlayerChain
from backcare_tui.sound.clips import CueFiles
from backcare_tui.sound.phrases import Phrase
from backcare_tui.sound.players import Clip, PlayerFailed
from backcare_tui.sound.playlist import Item, Playlist
from backcare_tui.sound.speech import SpeechEngine, SpeechError

__all__ = ["Lanes"]


class Lanes:
    """The playlist and its two workers. Hold :attr:`lock` to change several things at once.

    ``audible(item)`` says whether an item may still be heard (not muted, or a confirmation);
    ``speaking()`` whether words may be (voice on); ``tell`` hears of problems.
    """

    def __init__(
        self,
        chain: PlayerChain,
        files: CueFiles,
        engine: SpeechEngine | None,
        *,
        audible: Callable[[Item], bool],
        speaking: Callable[[], bool],
        tell: Callable[[str], None],
        clock: Callable[[], float],
        clock_rate: float,
    ) -> None:
        self._chain = chain
        self._files = files
        self._engine = engine
        self._audible = audible
        self._speaking = speaking
        self._tell = tell
        self._clock = clock
        self._clock_rate = clock_rate
        """Seconds of ``clock`` per real second: a test's clock may run fast."""
        self.lock = threading.Condition()
        self.playlist = Playlist()
        self._workers: dict[bool, threading.Thread] = {}
        """Each lane's running worker (True for speech, False for cues)."""
        self.closing = False
        self._sounding = 0
        """How many clips the player is playing at this moment (at most one per lane)."""
        self._exclusive = False
        """The player was found unable to play two sounds at once: one at a time from then."""
        self._now_playing: dict[bool, Clip] = {}
        """The clip each lane is playing (True: speech), so voice off stops speech alone."""
        self.speaking_phase = 0
        """The phase the words playing now belong to."""
        # Threads start here rather than on the first push: a thread that has just started can
        # hold the GIL for a few milliseconds, and pushes come from the event loop.
        with self.lock:
            self._start_workers()

    def push(self, items: list[Item]) -> None:
        """Queue ``items`` and wake the workers. Call with :attr:`lock` held."""
        self.playlist.push(items)
        self.closing = False
        self._start_workers()  # only after close(): they are running otherwise
        self.lock.notify_all()

    def stop(self, *, speech_only: bool = False) -> None:
        """Cut off what plays (only the words, with ``speech_only``). Call with the lock held."""
        if speech_only:
            speaking = self._now_playing.get(True)
            if speaking is not None:
                self._chain.player.stop(speaking)
        elif self.playlist.playing:
            self._chain.player.stop()

    def drain(self, timeout: float) -> bool:
        """Block until all that is queued has played or been dropped; False on ``timeout``."""
        with self.lock:
            return self.lock.wait_for(
                lambda: not self.playlist.playing and not self.playlist.waiting, timeout
            )

    def close(self) -> None:
        """Let what is queued finish, then let the workers end."""
        with self.lock:
            self.closing = True
            self.lock.notify_all()

    def finish(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for what is queued after :meth:`close`, then cut off."""
        deadline = time.monotonic() + grace
        with self.lock:
            workers = list(self._workers.values()) if self.closing else []
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        with self.lock:
            self.playlist.clear()
            self.closing = True
            self.lock.notify_all()
        self._chain.player.stop()

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

    def _run(self, speech: bool) -> None:
        """One lane's worker: start what the playlist allows, play it to the end, repeat."""
        while True:
            with self.lock:
                while True:
                    waiting = len(self.playlist.waiting)
                    item = self.playlist.take(
                        self._clock(), speech=speech, exclusive=self._exclusive
                    )
                    if item is not None:
                        break
                    if len(self.playlist.waiting) != waiting:
                        # take() dropped stale items and may have emptied the playlist: wake
                        # drain(). Only then: waking the other lane for nothing would have the
                        # two idle workers wake each other in an endless loop.
                        self.lock.notify_all()
                    if self.closing and not self.playlist.waiting:
                        del self._workers[speech]
                        return
                    wait = self.playlist.wait_time(self._clock())
                    self.lock.wait(None if wait is None else wait / self._clock_rate)
            try:
                self._play(item)
            except Exception as exc:  # noqa: BLE001 - the worker must outlive any one sound
                self._tell(f"sound: could not play {item.source}: {exc}")
            finally:
                with self.lock:
                    self.playlist.finish(item)
                    self.lock.notify_all()

    def _play(self, item: Item) -> None:
        if isinstance(item.source, Phrase):
            if not self._speaking() or self._engine is None:
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
        clip = self._files.clip(path, keep=not item.is_speech)
        lane = item.is_speech
        while clip is not None and self._audible(item):
            player = self._chain.player
            if item.is_speech and not player.speaks:
                return
            if self._clock() - item.due > item.patience:
                return  # tried too late (after a player that hung): it would mislead now
            with self.lock:
                self._sounding += 1
                self._now_playing[lane] = clip
                if lane:
                    self.speaking_phase = item.phase
            try:
                player.play(clip)
                return
            except PlayerFailed as exc:
                with self.lock:
                    overlapping = self._sounding > 1
                if overlapping and not exc.hung:
                    # The other lane is playing through this very player, so the device works:
                    # it cannot play two sounds at once. Skip this one; keep the player, and
                    # from now on play one sound at a time.
                    with self.lock:
                        self._exclusive = True
                    self._tell(
                        f"sound: {player.name} cannot play two sounds at once; "
                        "one skipped, one at a time from now on"
                    )
                    return
                self._tell(self._chain.drop(player, str(exc)))
            finally:
                with self.lock:
                    self._sounding -= 1
                    self._now_playing.pop(lane, None)
