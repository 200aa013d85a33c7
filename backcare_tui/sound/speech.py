"""Speech: rendering a phrase to a WAV file once, with espeak-ng (or ``say`` on macOS).

A :class:`SpeechEngine` turns a phrase into a WAV file with ``espeak-ng -w`` (or ``say -o`` on
macOS) and keeps it in the user cache folder, named by a hash of the engine, its options and the
text, so each phrase is rendered once per machine. The files are then played like any cue, by
the same player, one sound at a time. What is said is :mod:`backcare_tui.sound.phrases`.
"""

from __future__ import annotations

import array
import hashlib
import os
import shutil
import subprocess
import sys
import threading
import wave
from collections.abc import Callable
from pathlib import Path

from backcare_tui.data.locations import speech_cache_dir

__all__ = ["SpeechEngine", "SpeechError", "find_speech_engine"]

RENDER_TIMEOUT = 15.0
"""Seconds a speech engine may take over one phrase before it counts as broken."""
TRAILING_SILENCE = 0.06
"""Seconds of quiet kept after the last sound of a phrase: espeak-ng leaves about 0.35 s,
which would hold the single playback channel while the next cue waits."""
QUIET = 300
"""A 16-bit sample below this (about -40 dBFS) counts as silence when trimming."""


class SpeechError(Exception):
    """A phrase could not be rendered."""


class SpeechEngine:
    """A text-to-speech command that writes WAV files, with a cache of what it has written."""

    def __init__(self, name: str, command: Callable[[str, Path], list[str]], cache: Path) -> None:
        self.name = name
        """``espeak-ng`` or ``say``: what the user is told."""
        self._command = command
        self.cache = cache
        """The folder the rendered phrases are kept in."""
        self._lock = threading.Lock()
        signature = "\0".join(command("", Path("out.wav"))[1:])
        self._signature = f"{name}\0{signature}"

    def cached(self, text: str) -> Path:
        """Where ``text`` is (or will be) kept once rendered."""
        digest = hashlib.sha256(f"{self._signature}\0{text}".encode()).hexdigest()[:32]
        return self.cache / f"{digest}.wav"

    def render(self, text: str) -> Path:
        """The WAV file of ``text`` spoken, rendering it first if it is not cached yet.

        Blocks for as long as the engine takes (about 10-100 ms for espeak-ng): call it from a
        worker thread. Safe to call from several threads; each phrase is rendered once.
        """
        target = self.cached(text)
        if target.is_file():
            return target
        with self._lock:
            if target.is_file():
                return target
            try:
                self.cache.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise SpeechError(f"cannot create {self.cache}: {exc.strerror}") from None
            scratch = target.with_name(f".{target.stem}.{os.getpid()}.tmp.wav")
            # A leading dash would be read as an option; a space in front is not spoken.
            words = f" {text}" if text.startswith("-") else text
            try:
                finished = subprocess.run(
                    self._command(words, scratch),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=RENDER_TIMEOUT,
                    check=False,
                )
                if finished.returncode != 0:
                    raise SpeechError(f"{self.name} failed (exit status {finished.returncode})")
                _trim_silence(scratch)
                os.replace(scratch, target)
            except subprocess.TimeoutExpired:
                raise SpeechError(f"{self.name} took longer than {RENDER_TIMEOUT:g} s") from None
            except (OSError, EOFError, wave.Error) as exc:
                raise SpeechError(f"{self.name} wrote no usable WAV ({exc})") from None
            finally:
                scratch.unlink(missing_ok=True)
        return target

    def seconds(self, text: str) -> float:
        """How long ``text`` takes to say, rendering it first if need be (see :meth:`render`)."""
        path = self.render(text)
        try:
            with wave.open(str(path), "rb") as spoken:
                return spoken.getnframes() / spoken.getframerate()
        except (OSError, EOFError, wave.Error) as exc:
            raise SpeechError(f"{self.name} wrote no usable WAV ({exc})") from None


def _trim_silence(path: Path) -> None:
    """Cut the quiet tail (and any long quiet start) off a 16-bit WAV, in place."""
    with wave.open(str(path), "rb") as source:
        params = source.getparams()
        frames = source.readframes(params.nframes)
    if not frames:
        raise wave.Error("no audio frames")
    if params.sampwidth != 2:
        return
    samples = array.array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    edges = _loud_edges(samples)
    if edges is None:
        return
    channels = params.nchannels
    keep = round(TRAILING_SILENCE * params.framerate) * channels
    first = max(0, edges[0] - keep // 4) // channels * channels
    last = min(len(samples), (edges[1] // channels + 1) * channels + keep)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(params.framerate)
        out.writeframes(frames[first * 2 : last * 2])


def _loud_edges(samples: array.array[int]) -> tuple[int, int] | None:
    """Indices of the first and last sample louder than :data:`QUIET`, or None.

    Looks at blocks from each end with the C-level ``min``/``max``, so a background render does
    not hold the GIL (and the event loop) for long.
    """
    block = 512
    starts = range(0, len(samples), block)

    def loud(start: int) -> bool:
        chunk = samples[start : start + block]
        return max(chunk) > QUIET or min(chunk) < -QUIET

    first_block = next((start for start in starts if loud(start)), None)
    if first_block is None:
        return None
    last_block = next(start for start in reversed(starts) if loud(start))
    head = samples[first_block : first_block + block]
    tail = samples[last_block : last_block + block]
    first = first_block + next(i for i, v in enumerate(head) if abs(v) > QUIET)
    last = last_block + max(i for i, v in enumerate(tail) if abs(v) > QUIET)
    return first, last


def _espeak(path: str) -> Callable[[str, Path], list[str]]:
    return lambda text, out: [path, "-v", "en", "-s", "165", "-w", str(out), text]


def _say(path: str) -> Callable[[str, Path], list[str]]:
    return lambda text, out: [
        path,
        "-r",
        "175",
        "-o",
        str(out),
        "--file-format=WAVE",
        "--data-format=LEI16@22050",
        text,
    ]


def find_speech_engine(
    *, which: Callable[[str], str | None] = shutil.which, cache: Path | None = None
) -> SpeechEngine | None:
    """espeak-ng where it is installed, else macOS ``say``, else None."""
    folder = cache or speech_cache_dir()
    if found := which("espeak-ng"):
        return SpeechEngine("espeak-ng", _espeak(found), folder)
    if sys.platform == "darwin" and (found := which("say")):
        return SpeechEngine("say", _say(found), folder)
    return None
