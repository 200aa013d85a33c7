"""Fakes shared by the tests, imported one way: ``from tests.fakes import FakeClock``."""

from __future__ import annotations

import threading
import time
import wave
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
    """Records what it plays, with start and end times; can be told to fail."""

    def __init__(
        self, name: str = "fake", *, fail: bool = False, seconds: float = 0.0, speaks: bool = True
    ) -> None:
        self.name = name
        self.fail = fail
        self.seconds = seconds
        self.speaks = speaks
        self.played: list[Path] = []
        self.spans: list[tuple[float, float, Path]] = []
        self.stops = 0

    def play(self, clip: Clip) -> None:
        if self.fail:
            raise PlayerFailed("no sound device")
        start = time.monotonic()
        self.played.append(clip.path)
        time.sleep(self.seconds)
        self.spans.append((start, time.monotonic(), clip.path))

    def stop(self) -> None:
        self.stops += 1


class FakeEngine(SpeechEngine):
    """Writes a short tone per phrase instead of running a speech engine."""

    def __init__(self, cache: Path) -> None:
        super().__init__("fake-tts", lambda text, out: ["fake-tts", str(out), text], cache)
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
                out.writeframes(b"\x01\x00" * 2205)
        self.texts[target] = text
        return target
