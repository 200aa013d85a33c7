"""Speech: what the app says at each event, and rendering those words to WAV files once.

The words come from :func:`phrases_for`, a pure function of an event and its session, so they
can be tested without audio and listed ahead of time (:func:`session_phrases`) to be rendered
before they are needed. A :class:`SpeechEngine` turns a phrase into a WAV file with ``espeak-ng
-w`` (or ``say -o`` on macOS) and keeps it in the user cache folder, named by a hash of the
engine, its options and the text, so each phrase is rendered once per machine. The files are
then played like any cue, by the same player, one sound at a time.
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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.phases import Phase, PhaseKind
from backcare_tui.core.routine import StepKind
from backcare_tui.core.session import HALFWAY_MIN, Session
from backcare_tui.core.words import BREATH_WORDS, side_words
from backcare_tui.data.locations import speech_cache_dir

__all__ = [
    "Phrase",
    "PhraseKind",
    "SpeechEngine",
    "SpeechError",
    "find_speech_engine",
    "phrases_for",
    "session_phrases",
]

RENDER_TIMEOUT = 15.0
"""Seconds a speech engine may take over one phrase before it counts as broken."""
TRAILING_SILENCE = 0.06
"""Seconds of quiet kept after the last sound of a phrase: espeak-ng leaves about 0.35 s,
which would hold the single playback channel while the next cue waits."""
QUIET = 300
"""A 16-bit sample below this (about -40 dBFS) counts as silence when trimming."""


class PhraseKind(StrEnum):
    """What a phrase is for, which decides how much it matters when two fall together."""

    COMPLETE = "complete"
    """"Session complete"."""
    ANNOUNCE = "announce"
    """What comes now: "Get ready: plank, 30 seconds", or the step's name with no lead-in."""
    SWITCH = "switch"
    """"Switch sides"."""
    SIDE = "side"
    """"Left side" or "Right side" as a sided phase of work starts."""
    NEXT = "next"
    """"Rest. Next: ..." at the start of a rest."""
    REMINDER = "reminder"
    """A timer's reminder text."""
    HALFWAY = "halfway"
    COUNT = "count"
    """The number of a paced rep."""
    BREATH = "breath"
    """"Breathe in", "Hold", "Breathe out"."""


@dataclass(frozen=True)
class Phrase:
    """Words to speak, and what they are for."""

    text: str
    kind: PhraseKind


def _first_of_step(phase: Phase, phases: Sequence[Phase]) -> bool:
    return phase.index == 0 or phases[phase.index - 1].step_index != phase.step_index


def _started(phase: Phase, session: Session) -> list[Phrase]:
    step = phase.step
    if phase.kind is PhaseKind.GET_READY:
        return [Phrase(f"Get ready: {step.name}, {step.summary(spoken=True)}", PhraseKind.ANNOUNCE)]
    if phase.kind is PhaseKind.REST:
        return [Phrase(f"Rest. Next: set {phase.set_number} of {step.sets}", PhraseKind.NEXT)]
    if phase.kind is not PhaseKind.WORK:
        return []  # switching sides is announced by its own event
    if step.kind is StepKind.REST:
        steps = session.routine.steps
        following = phase.step_index + 1
        text = f"Rest. Next: {steps[following].name}" if following < len(steps) else "Rest"
        return [Phrase(text, PhraseKind.NEXT)]
    said: list[Phrase] = []
    if _first_of_step(phase, session.phases):  # no GET READY before it (a lead-in of 0)
        said.append(Phrase(f"{step.name}, {step.summary(spoken=True)}", PhraseKind.ANNOUNCE))
    if phase.side is not None:
        said.append(Phrase(side_words(phase.side).capitalize(), PhraseKind.SIDE))
    return said


def phrases_for(event: Event, session: Session) -> list[Phrase]:
    """What to say for ``event``, in order; usually nothing or one phrase.

    Depends only on the event and the session's routine and plan, not on where the session
    has got to, so it gives the same words whenever it is asked.
    """
    kind = event.kind
    if kind is EventKind.PHASE_STARTED:
        return _started(event.phase, session)
    if kind is EventKind.SWITCH_SIDES:
        return [Phrase("Switch sides", PhraseKind.SWITCH)]
    if kind is EventKind.HALFWAY:
        return [Phrase("Halfway", PhraseKind.HALFWAY)]
    if kind is EventKind.REP and not event.manual and event.value is not None:
        return [Phrase(str(event.value), PhraseKind.COUNT)]
    if kind is EventKind.REMINDER and event.phase.step.reminder.strip():
        return [Phrase(event.phase.step.reminder.strip(), PhraseKind.REMINDER)]
    if kind is EventKind.BREATH and event.breath is not None:
        return [Phrase(BREATH_WORDS[event.breath], PhraseKind.BREATH)]
    if kind is EventKind.SESSION_DONE:
        return [Phrase("Session complete", PhraseKind.COMPLETE)]
    return []


def _events_of(phase: Phase) -> Iterator[Event]:
    """The events a phase can raise that have words, in the order they come, once each."""
    if phase.announce_switch:
        yield Event(EventKind.SWITCH_SIDES, phase, 0.0, side=phase.side)
    yield Event(EventKind.PHASE_STARTED, phase, 0.0, side=phase.side)
    if phase.kind is PhaseKind.SWITCH_SIDES:
        yield Event(EventKind.SWITCH_SIDES, phase, 0.0, side=phase.side)
    if phase.kind is not PhaseKind.WORK:
        return
    step = phase.step
    if step.kind is StepKind.BREATHE:
        for part, _ in step.breath_parts:
            yield Event(EventKind.BREATH, phase, 0.0, value=1, breath=part)
    for number in range(1, phase.reps + 1):
        yield Event(EventKind.REP, phase, 0.0, value=number)
    if step.kind in (StepKind.HOLD, StepKind.TIMER) and phase.duration >= HALFWAY_MIN:
        yield Event(EventKind.HALFWAY, phase, 0.0)
    if step.remind_every:
        yield Event(EventKind.REMINDER, phase, 0.0, value=1)


def session_phrases(session: Session) -> list[str]:
    """Every phrase ``session`` may say, each once, in the order they will first be needed."""
    texts: dict[str, None] = {}
    for phase in session.phases:
        for event in _events_of(phase):
            texts.update((p.text, None) for p in phrases_for(event, session))
    finish = Event(EventKind.SESSION_DONE, session.phases[-1], 0.0)
    texts.update((p.text, None) for p in phrases_for(finish, session))
    return list(texts)


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
