"""The ways of making a WAV file heard, from best to last resort, and the clip they all play.

:func:`find_players` lists what this machine offers, in the order to try them: simpleaudio
(Python below 3.12 only: it crashes the process on 3.12 and later when a sound ends), then a
command-line player on ``PATH`` (``pw-play``, ``paplay``, ``aplay``, ``afplay``), then the
terminal bell, then silence. Nothing here chooses or falls back: :mod:`backcare_tui.sound.sink`
does, when :meth:`Player.play` raises :class:`PlayerFailed`.

Every :meth:`Player.play` blocks until the sound has finished, so it must only ever be called
from a worker thread, never from the event loop; two threads may play through one player at
once (a cue over speech). No player lets anything reach the terminal's
stderr, which Textual draws on: command-line players get ``/dev/null`` for their output, and
ALSA's own error printing is replaced by a handler that does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib
import os
import shutil
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

__all__ = [
    "BellPlayer",
    "Clip",
    "ClipError",
    "CommandPlayer",
    "PATH_PLAYERS",
    "Player",
    "PlayerFailed",
    "SilentPlayer",
    "SimpleaudioPlayer",
    "find_players",
    "load_simpleaudio",
    "silence_alsa",
]

PATH_PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ()),
    ("paplay", ()),
    ("aplay", ("-q",)),
    ("afplay", ()),
)
"""Command-line players in the order they are tried, each with the options it needs."""
COMMAND_GRACE = 5.0
"""Seconds a player may run past its clip's length before it counts as stuck."""
POLL = 0.005
"""Seconds between looks at a playing simpleaudio buffer once it should have ended."""
BELL_GAP = 0.15
"""Seconds the bell holds the channel, so that two rings in a row stay two."""
_RATES = frozenset({8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000, 192000})


class ClipError(Exception):
    """A sound file that cannot be played: missing, not a WAV, or in a format we do not play."""


class PlayerFailed(Exception):
    """A player could not play at all (no device, no server): drop it and try the next.

    ``hung`` marks a player that started but did not finish in time, as opposed to one that
    refused at once (which may only mean the device is busy with the other lane).
    """

    def __init__(self, reason: str, *, hung: bool = False) -> None:
        super().__init__(reason)
        self.hung = hung


@dataclass(frozen=True)
class Clip:
    """A WAV file read into memory: what every player needs to play it."""

    path: Path
    frames: bytes
    channels: int
    sample_width: int
    """Bytes per sample: 1, 2, 3 or 4."""
    rate: int

    @property
    def duration(self) -> float:
        """Seconds of sound."""
        frame_size = self.channels * self.sample_width
        return len(self.frames) / frame_size / self.rate if frame_size and self.rate else 0.0

    @classmethod
    def load(cls, path: Path) -> Clip:
        """Read ``path``, checking it is an uncompressed WAV every player can play."""
        try:
            with wave.open(str(path), "rb") as source:
                channels, width = source.getnchannels(), source.getsampwidth()
                rate = source.getframerate()
                frames = source.readframes(source.getnframes())
        except (OSError, EOFError, wave.Error) as exc:
            raise ClipError(f"{path.name}: not a readable WAV file ({exc})") from None
        if channels not in (1, 2) or width not in (1, 2, 3, 4) or rate not in _RATES:
            raise ClipError(
                f"{path.name}: {channels} channel(s), {8 * width}-bit, {rate} Hz is not a format "
                "the players take; use 16-bit mono or stereo at 22050, 44100 or 48000 Hz"
            )
        if not frames:
            raise ClipError(f"{path.name}: holds no sound")
        return cls(path, frames, channels, width, rate)


class Player(Protocol):
    """One way of making a clip heard."""

    name: str
    """What the user is told: ``simpleaudio``, ``aplay``, ``terminal bell``, ``silent``."""
    speaks: bool
    """Whether it can play speech (the bell and silence cannot)."""

    def play(self, clip: Clip) -> None:
        """Play ``clip`` and return when it has finished. Raises :class:`PlayerFailed`."""

    def stop(self, clip: Clip | None = None) -> None:
        """Cut short ``clip`` (or whatever it is playing), from any thread; a no-op when that
        does not play. Stopping speech must not cut a tick playing on the other lane."""


_alsa_handler: Any = None
"""Kept alive for as long as ALSA may call it: ctypes does not hold on to callbacks."""


def silence_alsa() -> bool:
    """Stop libasound printing "ALSA lib ..." lines to stderr, where they would tear the screen.

    Installs a do-nothing error handler in libasound; returns False where there is no libasound.
    Safe to call more than once.
    """
    global _alsa_handler
    if _alsa_handler is not None:
        return True
    linux = sys.platform.startswith("linux")
    name = "libasound.so.2" if linux else ctypes.util.find_library("asound")
    if not name:
        return False
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return False
    # void handler(const char *file, int line, const char *function, int err, const char *fmt, ...)
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )

    def ignore(file: bytes, line: int, function: bytes, err: int, fmt: bytes) -> None:
        return None

    handler = handler_type(ignore)
    library.snd_lib_error_set_handler(handler)
    _alsa_handler = handler
    return True


def load_simpleaudio() -> Any | None:
    """The simpleaudio module where it is safe and installed, else None.

    Never imported on Python 3.12 or later, where the process dies with a segmentation fault
    when the first sound ends.
    """
    if sys.version_info >= (3, 12):
        return None
    try:
        return importlib.import_module("simpleaudio")
    except Exception:  # noqa: BLE001 - a broken build is as good as absent
        return None


class SimpleaudioPlayer:
    """Plays from memory through ALSA (or the platform's own audio API) with simpleaudio."""

    speaks = True

    def __init__(self, module: Any) -> None:
        self.name = "simpleaudio"
        self._module = module
        self._lock = threading.Lock()
        self._playing: dict[Any, tuple[Clip, threading.Event]] = {}
        silence_alsa()

    def play(self, clip: Clip) -> None:
        try:
            handle = self._module.play_buffer(
                clip.frames, clip.channels, clip.sample_width, clip.rate
            )
        except Exception as exc:  # noqa: BLE001 - SimpleaudioError is not exported at top level
            text = _first_line(str(exc)) or type(exc).__name__
            raise PlayerFailed("no sound device" if "PCM device" in text else text) from None
        stopped = threading.Event()
        with self._lock:
            self._playing[handle] = (clip, stopped)
        try:
            # Not wait_done(): it can block for ever on a stuck device, and a worker that
            # never returns silences its lane for the rest of the session. Not a plain sleep
            # either: stop() must free the lane at once (words gone stale, voice off, mute).
            deadline = time.monotonic() + clip.duration + COMMAND_GRACE
            stopped.wait(clip.duration)
            while not stopped.is_set() and handle.is_playing():
                if time.monotonic() > deadline:
                    handle.stop()
                    raise PlayerFailed("did not finish in time", hung=True)
                time.sleep(POLL)
        finally:
            with self._lock:
                self._playing.pop(handle, None)

    def stop(self, clip: Clip | None = None) -> None:
        with self._lock:
            for handle, (playing, stopped) in self._playing.items():
                if clip is None or playing is clip:
                    handle.stop()
                    stopped.set()


class CommandPlayer:
    """Runs a command-line player such as ``aplay -q FILE`` and reads its exit status."""

    speaks = True

    def __init__(self, name: str, command: Sequence[str]) -> None:
        self.name = name
        self.command = tuple(command)
        self._lock = threading.Lock()
        self._running: dict[subprocess.Popen[bytes], Clip] = {}
        self._stopped: set[subprocess.Popen[bytes]] = set()

    def play(self, clip: Clip) -> None:
        try:
            # Output to /dev/null: the terminal belongs to the UI. A session of its own, so
            # the Ctrl+C meant for us does not kill the player and look like a failure.
            process = subprocess.Popen(
                [*self.command, str(clip.path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            raise PlayerFailed(exc.strerror or str(exc)) from None
        with self._lock:
            self._running[process] = clip
        try:
            status = process.wait(timeout=clip.duration + COMMAND_GRACE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise PlayerFailed("did not finish in time", hung=True) from None
        finally:
            with self._lock:
                self._running.pop(process, None)
                stopped = process in self._stopped
                self._stopped.discard(process)
        if status != 0 and not stopped:
            raise PlayerFailed(f"exit status {status}; no sound device or server?")

    def stop(self, clip: Clip | None = None) -> None:
        with self._lock:
            for process, playing in self._running.items():
                if clip is None or playing is clip:
                    self._stopped.add(process)
                    process.terminate()


class BellPlayer:
    """Rings the terminal bell for every cue, written to ``/dev/tty`` (Textual owns stdout).

    ``patterns`` gives each cue (by its file's stem) its rings: one number per ring, the pause
    after it. A cue not named rings once. So with the bell alone the kinds of moment still
    differ (see :data:`backcare_tui.sound.cues.BELL_PATTERNS`).
    """

    name = "terminal bell"
    speaks = False

    def __init__(
        self,
        open_terminal: Callable[[], BinaryIO],
        patterns: Mapping[str, Sequence[float]] | None = None,
    ) -> None:
        self._open_terminal = open_terminal
        self._terminal: BinaryIO | None = None
        self._patterns = dict(patterns or {})
        self._stopped = threading.Event()

    def play(self, clip: Clip) -> None:
        self._stopped.clear()
        for pause in self._patterns.get(clip.path.stem, (BELL_GAP,)):
            try:
                if self._terminal is None:
                    self._terminal = self._open_terminal()
                self._terminal.write(b"\a")
                self._terminal.flush()
            except OSError as exc:
                raise PlayerFailed(exc.strerror or str(exc)) from None
            if self._stopped.wait(pause):
                return

    def stop(self, clip: Clip | None = None) -> None:
        self._stopped.set()


class SilentPlayer:
    """The last resort: plays nothing, at once."""

    name = "silent"
    speaks = False

    def play(self, clip: Clip) -> None:
        return None

    def stop(self, clip: Clip | None = None) -> None:
        return None


def open_controlling_terminal() -> BinaryIO:
    """The terminal the app runs in, unbuffered, whatever stdout has been redirected to."""
    return open("/dev/tty", "wb", buffering=0)  # noqa: SIM115 - kept open for the session


def _terminal_available(open_terminal: Callable[[], BinaryIO]) -> bool:
    try:
        open_terminal().close()
    except OSError:
        return False
    return True


def find_players(
    *,
    skip: Collection[str] = (),
    simpleaudio: Callable[[], Any | None] = load_simpleaudio,
    which: Callable[[str], str | None] = shutil.which,
    open_terminal: Callable[[], BinaryIO] = open_controlling_terminal,
    bell_patterns: Mapping[str, Sequence[float]] | None = None,
) -> list[Player]:
    """Every player this machine offers, best first, always ending with :class:`SilentPlayer`.

    ``skip`` names players known to have failed in this process; ``bell_patterns`` is how the
    terminal bell rings each cue (see :class:`BellPlayer`). The other arguments are seams for
    tests.
    """
    found: list[Player] = []
    if "simpleaudio" not in skip and (module := simpleaudio()) is not None:
        found.append(SimpleaudioPlayer(module))
    for name, options in PATH_PLAYERS:
        if name not in skip and (path := which(name)):
            found.append(CommandPlayer(name, [path, *options]))
    if BellPlayer.name not in skip and os.name == "posix" and _terminal_available(open_terminal):
        found.append(BellPlayer(open_terminal, bell_patterns))
    found.append(SilentPlayer())
    return found


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
