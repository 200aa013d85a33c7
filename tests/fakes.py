"""Fakes shared by the tests, imported one way: ``from tests.fakes import FakeClock``."""

from __future__ import annotations

import shlex
import sys
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

from backcare_tui.core.events import Event
from backcare_tui.core.session import Session
from backcare_tui.sound.players import Clip, PlayerFailed
from backcare_tui.sound.speech import SpeechEngine


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Sleeper:
    """Stands in for ``time.sleep``: moves the fake clock instead of waiting.

    ``late`` adds that many seconds to every sleep, like a machine too busy to wake on time.
    ``interrupt_at`` raises KeyboardInterrupt (Ctrl+C) once the clock has moved that far.
    """

    def __init__(
        self, clock: FakeClock, *, late: float = 0.0, interrupt_at: float | None = None
    ) -> None:
        self.clock = clock
        self.start = clock.now
        self.late = late
        self.interrupt_at = interrupt_at
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.clock.advance(seconds + self.late)
        if self.interrupt_at is not None and self.clock.now - self.start >= self.interrupt_at:
            raise KeyboardInterrupt


class RecordingSink:
    """An event sink that keeps every batch it is handed, when, and how often it was closed."""

    def __init__(self) -> None:
        self.batches: list[list[Event]] = []
        self.arrived: list[float] = []
        """When each event was handed over, on the monotonic clock."""
        self.sessions: set[int] = set()
        self.closed = 0

    @property
    def events(self) -> list[Event]:
        return [event for batch in self.batches for event in batch]

    def handle(self, session: Session, events: list[Event]) -> None:
        self.sessions.add(id(session))
        self.batches.append(list(events))
        self.arrived.extend(time.monotonic() for _ in events)

    def close(self) -> None:
        self.closed += 1


class FakePlayer:
    """Records what it plays, with start and end times; can be told to fail or to hang.

    ``seconds`` is how long each sound takes (``None``: the clip's own length, divided by
    ``scale`` for tests that run the clock fast). ``hang`` makes it block that long and then
    fail as a stuck player does. ``clock`` times the spans (the monotonic clock by default).
    """

    def __init__(
        self,
        name: str = "fake",
        *,
        fail: bool = False,
        seconds: float | None = 0.0,
        speaks: bool = True,
        hang: float = 0.0,
        scale: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.fail = fail
        self.seconds = seconds
        self.speaks = speaks
        self.hang = hang
        self.scale = scale
        self.clock = clock
        self.played: list[Path] = []
        self.spans: list[tuple[float, float, Path]] = []
        self.stops = 0
        self.checked = 0
        """How often the sink checked this player works, with a moment of silence."""
        self.stopped: list[Path | None] = []
        """What each stop() was for: a clip's path, or None for everything."""
        self._lock = threading.Lock()
        self._playing: dict[Path, threading.Event] = {}

    def play(self, clip: Clip) -> None:
        if self.fail:
            raise PlayerFailed("no sound device")
        if clip.path.name == "silence.wav":
            self.checked += 1  # the check before a session: nothing anyone hears
            return
        start = self.clock()
        if self.hang:
            time.sleep(self.hang)
            raise PlayerFailed("did not finish in time", hung=True)
        self.played.append(clip.path)
        cut = threading.Event()
        with self._lock:
            self._playing[clip.path] = cut
        length = clip.duration / self.scale if self.seconds is None else self.seconds
        try:
            cut.wait(length)
        finally:
            with self._lock:
                self._playing.pop(clip.path, None)
        self.spans.append((start, self.clock(), clip.path))

    def stop(self, clip: Clip | None = None) -> None:
        self.stops += 1
        self.stopped.append(clip.path if clip is not None else None)
        with self._lock:
            for path, cut in self._playing.items():
                if clip is None or path == clip.path:
                    cut.set()


class FakeEngine(SpeechEngine):
    """Writes a tone per phrase instead of running a speech engine: 0.1 s, or ``per_char``
    seconds a character, about as long as the words would take to say."""

    def __init__(self, cache: Path, *, per_char: float = 0.0) -> None:
        super().__init__("fake-tts", lambda text, out: ["fake-tts", str(out), text], cache)
        self.per_char = per_char
        self.texts: dict[Path, str] = {}
        self.rendered: list[str] = []
        self.lock = threading.Lock()

    def render(self, text: str) -> Path:
        target = self.cached(text)
        with self.lock:
            if target.exists():
                self.texts[target] = text
                return target
            self.rendered.append(text)
            target.parent.mkdir(parents=True, exist_ok=True)
            with wave.open(str(target), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(22050)
                frames = round(22050 * self.per_char * len(text)) if self.per_char else 2205
                out.writeframes(b"\x01\x00" * frames)
        self.texts[target] = text
        return target


def python_script(path: Path, source: str) -> Path:
    """An executable at ``path`` that runs ``source`` with this Python.

    A ``#!`` line cannot name an interpreter whose path has a space in it (a clone in
    "~/My projects"), so a small shell script runs the Python file beside it.
    """
    program = path.with_name(path.name + ".py")
    program.write_text(source)
    python, target = shlex.quote(sys.executable), shlex.quote(str(program))
    path.write_text(f'#!/bin/sh\nexec {python} {target} "$@"\n')
    path.chmod(0o755)
    return path
