"""Synthesise the cue sounds in ``sounds/`` from sine tones, with the standard library only.

Run ``make sounds`` (or ``python scripts/make_sounds.py [--out DIR]``) after changing a recipe
here, and commit the WAVs: they ship inside the wheel. The output is deterministic, so a test
regenerates the files and checks they match the committed ones byte for byte.

Each cue is built from notes: a frequency, a start time, a length, a level and a timbre (a set
of partials, each with its own decay). Every note gets a short raised-cosine attack and an
exponential decay that ends in a short fade to exactly zero, so nothing clicks. The cues are
told apart by contour as much as by pitch: get ready is a soft repeated note, start rises, done
falls, rest sinks low and slow, switch alternates, rep is a dry knock (lower on the left, higher
on the right), inhale and exhale glide up and down, tick is a high blip and the last tick a lower,
longer one, halfway is one ringing chime, reminder three soft pings, complete an arpeggio.
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

RATE = 22050
"""Samples per second: plenty for tones below 5 kHz, and what espeak-ng writes too."""
PEAK = 0.5
"""Loudest sample as a fraction of full scale: about as loud as the spoken phrases."""
ATTACK = 0.006
"""Seconds of fade-in at the start of every note: enough not to click, short enough to be crisp."""
RELEASE = 0.012
"""Seconds of fade-out that takes every note to exactly zero at its end."""

Partial = tuple[float, float, float]
"""(frequency ratio to the note, relative level, decay time constant in seconds)."""

SOFT: tuple[Partial, ...] = ((1.0, 1.0, 0.25), (2.0, 0.18, 0.12), (3.0, 0.06, 0.08))
"""A rounded tone: the fundamental with a little of the octave and twelfth."""
BELL: tuple[Partial, ...] = (
    (1.0, 1.0, 0.45),
    (2.76, 0.35, 0.22),
    (5.40, 0.15, 0.10),
    (8.93, 0.05, 0.05),
)
"""Inharmonic partials like a small bell's, the high ones dying first."""
WOOD: tuple[Partial, ...] = ((1.0, 1.0, 0.018), (2.57, 0.5, 0.010), (4.21, 0.2, 0.006))
"""A dry knock: inharmonic partials that die within a few hundredths of a second."""
BLIP: tuple[Partial, ...] = ((1.0, 1.0, 0.03), (2.0, 0.1, 0.02))
"""A short pure blip."""


BREATH: tuple[Partial, ...] = ((1.0, 1.0, 4.0), (2.0, 0.12, 2.0))
"""A held, airy tone that barely decays: it lasts as long as the glide."""


@dataclass(frozen=True)
class Note:
    """One tone in a cue; ``glide`` is the frequency it slides to by its end (None: steady)."""

    frequency: float
    start: float
    length: float
    level: float = 1.0
    timbre: tuple[Partial, ...] = SOFT
    glide: float | None = None
    attack: float = 0.0
    """Seconds of fade-in, when longer than the usual :data:`ATTACK` (a breath swells in)."""


# Equal-tempered pitches used below (A4 = 440 Hz).
E4, A4, C5, D5, E5, G5, A5 = 329.63, 440.00, 523.25, 587.33, 659.26, 783.99, 880.00
C6, D6, E6, A6 = 1046.50, 1174.66, 1318.51, 1760.00

CUES: dict[str, tuple[Note, ...]] = {
    # The same soft note twice, unhurried: "get ready".
    "get_ready": (Note(D5, 0.0, 0.18, 0.8), Note(D5, 0.26, 0.30, 0.8)),
    # A rising fourth: "go".
    "start": (Note(A5, 0.0, 0.16), Note(D6, 0.14, 0.30)),
    # A short high blip for each of the last three seconds.
    "tick": (Note(A6, 0.0, 0.08, 0.7, BLIP),),
    # The last second: lower and longer, so the end is heard coming.
    "last_tick": (Note(E6, 0.0, 0.22, 0.8, SOFT),),
    # A falling fifth: "stop".
    "done": (Note(G5, 0.0, 0.16), Note(C5, 0.14, 0.34)),
    # Two mid notes, twice, quickly: "change over".
    "switch": (
        Note(E5, 0.00, 0.09),
        Note(A5, 0.10, 0.09),
        Note(E5, 0.20, 0.09),
        Note(A5, 0.30, 0.18),
    ),
    # A low falling third, slow and quiet: "ease off".
    "rest": (Note(E5, 0.0, 0.30, 0.7), Note(C5, 0.28, 0.55, 0.7)),
    # A soft wood-block knock on each rep; a fourth lower on the left, a fourth higher on the right.
    "rep": (Note(C6 * 0.9, 0.0, 0.07, 0.8, WOOD),),
    "rep_left": (Note(C6 * 0.9 * 0.75, 0.0, 0.08, 0.8, WOOD),),
    "rep_right": (Note(C6 * 0.9 * 4 / 3, 0.0, 0.07, 0.8, WOOD),),
    # Breathing: a soft tone that swells and glides up (in) or down (out).
    "inhale": (Note(A4, 0.0, 0.70, 0.7, BREATH, glide=E5, attack=0.25),),
    "exhale": (Note(E5, 0.0, 0.70, 0.7, BREATH, glide=A4, attack=0.05),),
    # One ringing chime.
    "halfway": (Note(C6, 0.0, 0.85, 0.9, BELL),),
    # Three gentle high pings.
    "reminder": (
        Note(E6, 0.00, 0.16, 0.6, BLIP),
        Note(E6, 0.20, 0.16, 0.6, BLIP),
        Note(E6, 0.40, 0.22, 0.6, BLIP),
    ),
    # A major arpeggio up to the octave, the last note left to ring.
    "complete": (
        Note(C5, 0.00, 0.40),
        Note(E5, 0.18, 0.40),
        Note(G5, 0.36, 0.40),
        Note(C6, 0.54, 0.96, 1.0, BELL),
    ),
    # Sound turned on or off: two quick blips, up or down.
    "sound_on": (Note(G5, 0.0, 0.07, 0.7, BLIP), Note(D6, 0.08, 0.10, 0.7, BLIP)),
    "sound_off": (Note(A5, 0.0, 0.07, 0.7, BLIP), Note(E5, 0.08, 0.10, 0.7, BLIP)),
    # Voice turned off: the same blips, but three of them, walking down.
    "voice_off": (
        Note(D6, 0.0, 0.06, 0.7, BLIP),
        Note(A5, 0.07, 0.06, 0.7, BLIP),
        Note(E5, 0.14, 0.10, 0.7, BLIP),
    ),
}
"""Every cue's notes, by cue name (the names of :class:`backcare_tui.core.cues.Cue`)."""


def _envelope(t: float, length: float, attack: float = ATTACK) -> float:
    """The note's shape at ``t`` seconds: a raised-cosine rise, flat, a raised-cosine fall."""
    if t < attack:
        return 0.5 - 0.5 * math.cos(math.pi * t / attack)
    left = length - t
    if left < RELEASE:
        return max(0.0, 0.5 - 0.5 * math.cos(math.pi * left / RELEASE))
    return 1.0


def _phase(start: float, end: float, length: float, t: float) -> float:
    """Cycles done by ``t`` of a tone sliding from ``start`` to ``end`` Hz over ``length`` s."""
    if end == start:
        return start * t
    rate = math.log(end / start) / length  # an exponential glide: even steps in pitch
    return start * (math.exp(rate * t) - 1) / rate


def render(notes: Sequence[Note]) -> list[float]:
    """The cue as samples from -1 to 1, scaled so that its loudest sample is :data:`PEAK`."""
    end = max(n.start + n.length for n in notes)
    samples = [0.0] * (round(end * RATE) + 1)
    for note in notes:
        first = round(note.start * RATE)
        count = round(note.length * RATE)
        norm = sum(level for _, level, _ in note.timbre)
        attack = max(ATTACK, note.attack)
        end = note.glide or note.frequency
        for i in range(count):
            t = i / RATE
            # A glide moves the pitch evenly in semitones; the phase is the integral of it.
            phase = _phase(note.frequency, end, note.length, t)
            tone = sum(
                level * math.exp(-t / decay) * math.sin(2 * math.pi * ratio * phase)
                for ratio, level, decay in note.timbre
            )
            samples[first + i] += note.level * _envelope(t, note.length, attack) * tone / norm
    loudest = max(abs(s) for s in samples) or 1.0
    return [s * PEAK / loudest for s in samples]


def to_pcm(samples: Sequence[float]) -> bytes:
    """16-bit little-endian signed PCM."""
    return b"".join(struct.pack("<h", round(s * 32767)) for s in samples)


def write_wav(path: Path, samples: Sequence[float]) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(to_pcm(samples))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent / "sounds"
    parser.add_argument(
        "--out", type=Path, default=default, help=f"folder to write to (default: {default})"
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, notes in CUES.items():
        samples = render(notes)
        write_wav(out / f"{name}.wav", samples)
        print(f"{out / (name + '.wav')}: {len(samples) / RATE:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
