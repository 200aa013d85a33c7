"""The app's hold on sound: problems kept and shown when they cover nothing, m and v applied."""

from __future__ import annotations

from pathlib import Path

from backcare_tui.data.settings import Settings
from backcare_tui.sound.sink import SoundSink
from backcare_tui.ui.sound_controls import SoundControls
from tests.fakes import FakeEngine, FakePlayer, RecordingSink


def test_a_problem_waits_until_it_can_be_shown_and_is_shown_once() -> None:
    sound = SoundControls()
    assert sound.report("aplay failed: using paplay", show_now=False) is False
    assert sound.report("paplay failed: no sound", show_now=True) is True
    assert sound.waiting() == ["aplay failed: using paplay"]
    assert sound.waiting() == []
    assert sound.notices == ["aplay failed: using paplay", "paplay failed: no sound"]


def test_help_lists_the_player_and_the_latest_three_problems(tmp_path: Path) -> None:
    sound = SoundControls()
    for number in range(1, 6):
        sound.report(f"problem {number}", show_now=True)
    playing = SoundSink([FakePlayer("aplay")], FakeEngine(tmp_path))
    lines = sound.status([RecordingSink(), playing]).splitlines()
    assert lines == [
        "Now playing through: sound: aplay, voice: fake-tts",
        "problem 3",
        "problem 4",
        "problem 5",
    ]
    assert sound.status([]) == "problem 3\nproblem 4\nproblem 5"


def test_m_and_v_reach_the_running_sound(tmp_path: Path) -> None:
    playing = SoundSink([FakePlayer()], FakeEngine(tmp_path))
    sound = SoundControls()
    sound.follow(Settings(sound=False, voice=True), [RecordingSink(), playing])
    assert playing.muted and playing.voice_on
    sound.follow(Settings(sound=True, voice=False), [playing])
    assert not playing.muted and not playing.voice_on
    sound.follow(Settings(sound=True, voice=False), [playing])  # already so: nothing flips
    assert not playing.muted and not playing.voice_on
    playing.close()
