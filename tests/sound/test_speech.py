"""Speech: rendering phrases to cached WAV files.

The engine is checked with a stand-in script that writes a WAV the way espeak-ng does, and, where
espeak-ng is installed (CI installs it), for real.
"""

from __future__ import annotations

import ast
import shutil
import time
import wave
from pathlib import Path

import pytest

from backcare_tui.sound.speech import SpeechEngine, SpeechError, find_speech_engine
from tests.fakes import python_script

FAKE_TTS = """
import math, struct, sys, wave
args = sys.argv[1:]
open(LOG, "a").write(repr(args) + "\\n")
if "fail" in args[-1]:
    sys.exit(3)
out = args[args.index("-w") + 1]
if "mute" in args[-1]:
    open(out, "wb").close()
    sys.exit(0)
with wave.open(out, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)
    tone = [int(8000 * math.sin(i / 5)) for i in range(2205)]   # 0.1 s of sound
    w.writeframes(struct.pack("<%dh" % len(tone), *tone) + bytes(2 * 11025))  # then 0.5 s quiet
"""


@pytest.fixture
def fake_tts(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for espeak-ng that logs its arguments; returns (script, log)."""
    log = tmp_path / "tts.log"
    script = tmp_path / "bin" / "espeak-ng"
    script.parent.mkdir()
    python_script(script, f"LOG = {str(log)!r}\n{FAKE_TTS}")
    return script, log


def _engine(fake_tts: tuple[Path, Path], cache: Path) -> SpeechEngine:
    found = find_speech_engine(
        which=lambda name: str(fake_tts[0]) if name == "espeak-ng" else None, cache=cache
    )
    assert found is not None
    return found


def test_a_phrase_is_rendered_once_and_cached(fake_tts: tuple[Path, Path], tmp_path: Path) -> None:
    engine = _engine(fake_tts, tmp_path / "cache")
    first = engine.render("Switch sides")
    again = engine.render("Switch sides")
    other = engine.render("Halfway")
    assert first == again != other
    assert first.parent == tmp_path / "cache"
    assert len(fake_tts[1].read_text().splitlines()) == 2
    # A new engine over the same cache (the next run of the app) renders nothing.
    assert _engine(fake_tts, tmp_path / "cache").render("Switch sides") == first
    assert len(fake_tts[1].read_text().splitlines()) == 2
    assert sorted(p.name for p in first.parent.iterdir()) == sorted([first.name, other.name])


def test_the_quiet_tail_is_trimmed(fake_tts: tuple[Path, Path], tmp_path: Path) -> None:
    path = _engine(fake_tts, tmp_path).render("Halfway")
    with wave.open(str(path)) as result:
        seconds = result.getnframes() / result.getframerate()
    assert 0.1 < seconds < 0.2


def test_the_phrase_is_passed_as_text_never_as_an_option(
    fake_tts: tuple[Path, Path], tmp_path: Path
) -> None:
    _engine(fake_tts, tmp_path).render("-5 minutes left")
    arguments = ast.literal_eval(fake_tts[1].read_text().splitlines()[-1])
    assert arguments[-1] == " -5 minutes left"


def test_an_engine_that_fails_raises_speech_error(
    fake_tts: tuple[Path, Path], tmp_path: Path
) -> None:
    engine = _engine(fake_tts, tmp_path)
    with pytest.raises(SpeechError, match="exit status 3"):
        engine.render("please fail")
    with pytest.raises(SpeechError, match="no usable WAV"):
        engine.render("mute me")
    assert list(tmp_path.glob("*.wav")) == [] and list(tmp_path.glob(".*")) == []


def test_no_engine_found(tmp_path: Path) -> None:
    assert find_speech_engine(which=lambda name: None, cache=tmp_path) is None


@pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (apt-get install espeak-ng)",
)
def test_espeak_ng_really_renders_a_phrase(tmp_path: Path) -> None:
    engine = find_speech_engine(cache=tmp_path)
    assert engine is not None and engine.name == "espeak-ng"
    started = time.monotonic()
    path = engine.render("Get ready: child's pose, 30 seconds")
    took = time.monotonic() - started
    with wave.open(str(path)) as result:
        assert result.getnframes() > 0
        assert (result.getnchannels(), result.getsampwidth()) == (1, 2)
        seconds = result.getnframes() / result.getframerate()
    assert 1.0 < seconds < 6.0
    assert took < 5.0
