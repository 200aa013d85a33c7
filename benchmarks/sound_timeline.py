"""Follow a whole session by ear, in real time, with the real speech engine: a timeline.

    python benchmarks/sound_timeline.py [--scale 1] [--no-voice]

Runs the routine the by-ear tests use (tests/sound/test_by_ear.py, not a built-in) through the
real sink with players that log each
sound and block for its length, as aplay does, and espeak-ng rendering the words (install it:
``apt-get install espeak-ng``). Prints every sound against the plan, then the median and the
largest offset of the cues and of the words, and the sounds the plan wanted but nobody heard.
At ``--scale 1`` it takes about a minute.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backcare_tui.sound.speech import SpeechEngine, find_speech_engine  # noqa: E402
from tests.sound.test_by_ear import ON_THE_MAT  # noqa: E402
from tests.sound.timeline import listen  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="session seconds a second")
    parser.add_argument("--no-voice", action="store_true", help="cues only")
    args = parser.parse_args()
    engine: SpeechEngine | None = find_speech_engine()
    if engine is None and not args.no_voice:
        print("no speech engine found: install espeak-ng, or pass --no-voice", file=sys.stderr)
        return 1
    routine = ON_THE_MAT
    with tempfile.TemporaryDirectory() as folder:
        if engine is not None:
            engine = SpeechEngine(engine.name, engine._command, Path(folder) / "speech")
        timeline = listen(
            routine, Path(folder), voice=not args.no_voice, scale=args.scale, engine=engine
        )
    for sound in timeline.heard:
        print(
            f"{sound.start - timeline.start:8.3f} s  {sound.end - sound.start:5.2f} s  {sound.name}"
        )
    for speech, what in ((False, "cues"), (True, "words")):
        found = timeline.offsets[speech]
        if found:
            print(
                f"{what}: {len(found)} heard, offset median {1000 * statistics.median(found):.1f} ms,"
                f" max {1000 * max(found):.1f} ms"
            )
    print(f"wanted but not heard: {[s.name for s in timeline.missing]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
