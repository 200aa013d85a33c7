"""The app's hold on sound: problems kept and shown when they cover nothing, m and v applied."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label

from backcare_tui.core.events import EventSink
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import Routine
from backcare_tui.core.session import Session
from backcare_tui.data.settings import Settings
from backcare_tui.sound.sink import SoundSink
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens.summary import SummaryScreen
from backcare_tui.ui.sound_controls import SoundControls
from tests.fakes import FakeClock, FakeEngine, FakePlayer, RecordingSink


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


# --- in the app: m and v for one session, M and V kept, the sound line, the summary ---------------

SOUND_TEST = """
name = "Sound keys"
lead_in = 3

[[steps]]
name = "Plank"
kind = "hold"
duration = 20
"""


def sound_app(
    clock: FakeClock,
    tmp_path: Path,
    *,
    settings: Settings | None = None,
    engine: bool = True,
    players: list[FakePlayer] | None = None,
    routine: Routine | None = None,
) -> tuple[BackcareApp, list[SoundSink]]:
    """The app running SOUND_TEST with a fake player (and speech engine) as its sound."""
    made: list[SoundSink] = []
    app: BackcareApp

    def tell(message: str) -> None:
        app.call_later(app.sound_notice, message)

    def sinks_for(session: Session) -> list[EventSink]:
        now = app.settings
        sink = SoundSink(
            players or [FakePlayer()],
            FakeEngine(tmp_path / "speech") if engine else None,
            sound=now.sound,
            voice=now.voice,
            notify=tell,
        )
        made.append(sink)
        return [sink]

    app = BackcareApp(
        routine or parse_routine(SOUND_TEST, "sound.toml"),
        settings=settings or Settings(safety_acknowledged=True),
        remember_settings=False,
        clock=clock,
        wake=False,
        sinks_for=sinks_for,
    )
    return app, made


def sound_line(app: BackcareApp) -> str:
    line = app.screen.query_one("#sound-line", Label)
    return "" if line.has_class("-empty") else str(line.render())


async def test_m_mutes_this_session_only_and_shows_it(clock: FakeClock, tmp_path: Path) -> None:
    app, made = sound_app(clock, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert sound_line(app) == ""  # sound plays: nothing to say
        await pilot.press("m")
        assert made[0].muted and app.settings.sound  # the setting is untouched
        assert sound_line(app) == "Sound off for this session · M: keep"
        clock.advance(3)  # the confirmation gives way to the mark, for as long as it lasts
        app.tick()
        await pilot.pause()
        assert sound_line(app) == "SOUND OFF · m: on"
        await pilot.press("m")
        assert not made[0].muted and sound_line(app) == "Sound on for this session · M: keep"
        clock.advance(3)
        app.tick()
        await pilot.pause()
        assert sound_line(app) == ""
        assert made[0].drain(2)


async def test_shift_m_keeps_the_choice_for_every_session(clock: FakeClock, tmp_path: Path) -> None:
    app, made = sound_app(clock, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("M")
        assert made[0].muted and not app.settings.sound
        assert sound_line(app) == "Sound off for every session (saved)"


async def test_a_session_that_starts_muted_says_so_first(clock: FakeClock, tmp_path: Path) -> None:
    app, made = sound_app(clock, tmp_path, settings=Settings(safety_acknowledged=True, sound=False))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert made[0].muted
        assert sound_line(app) == "Sound off, on purpose · m: on"


async def test_a_session_whose_voice_cannot_play_says_so_as_it_opens(
    clock: FakeClock, tmp_path: Path
) -> None:
    app, _ = sound_app(clock, tmp_path, engine=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert sound_line(app) == "No voice, cues only: no speech engine (install espeak-ng)"


async def test_v_without_a_speech_engine_says_voice_cannot_play(
    clock: FakeClock, tmp_path: Path
) -> None:
    app, made = sound_app(clock, tmp_path, settings=Settings(safety_acknowledged=True, voice=False))
    app_no_engine, _ = sound_app(clock, tmp_path, engine=False)
    async with app_no_engine.run_test() as pilot:
        await pilot.pause()
        await pilot.press("v")  # voice was wanted, though it never played: now off
        assert sound_line(app_no_engine) == (
            "Voice was silent: no speech engine (install espeak-ng)"
        )
        await pilot.press("v")  # wanted again, but there is no engine
        assert sound_line(app_no_engine) == (
            "Voice cannot play: no speech engine (install espeak-ng)"
        )
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("v")
        assert made[0].voice_on
        assert sound_line(app) == "Voice on for this session · V: keep"


async def test_a_player_failing_mid_session_shows_on_the_screen_and_the_summary(
    clock: FakeClock, tmp_path: Path
) -> None:
    app, _ = sound_app(clock, tmp_path, players=[FakePlayer("aplay", fail=True), FakePlayer()])
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        for _ in range(100):  # the worker thread tells the app, which shows it on its loop
            await pilot.pause(0.02)
            if sound_line(app):
                break
        told = "sound: aplay failed (no sound device); falling back to fake"
        assert sound_line(app) == told.removeprefix("sound: ")
        clock.advance(30)
        app.tick()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert str(app.screen.query_one("#summary-sound", Label).render()) == told


async def test_the_sound_line_shows_a_file_name_with_its_controls_escaped(
    clock: FakeClock, tmp_path: Path
) -> None:
    app, _ = sound_app(clock, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.sound_notice("sound: cannot play bad\x1b[2J.wav: not a readable WAV file")
        await pilot.pause()
        assert sound_line(app) == "cannot play bad\\u001b[2J.wav: not a readable WAV file"


def test_outside_a_session_help_says_what_sessions_will_play_through() -> None:
    sound = SoundControls()
    assert sound.status([], lambda: "sound: aplay, voice: espeak-ng") == (
        "Sessions play through: sound: aplay, voice: espeak-ng"
    )


def test_the_set_up_is_described_without_starting_a_sound(monkeypatch: pytest.MonkeyPatch) -> None:
    from backcare_tui.sound import sink

    monkeypatch.setattr(sink, "find_players", lambda skip: [FakePlayer("pw-play")])
    monkeypatch.setattr(sink, "find_speech_engine", lambda: None)
    assert sink.describe_setup(sound=True, voice=True) == (
        "sound: pw-play, voice: none (install espeak-ng)"
    )
    assert sink.describe_setup(sound=False, voice=True).startswith("sound: pw-play (muted)")


async def test_question_mark_in_the_picker_shows_the_sound_player() -> None:
    from textual.widgets import Static

    from backcare_tui.ui.app import BackcareApp
    from backcare_tui.ui.screens.help import HelpScreen
    from backcare_tui.ui.screens.picker import PickerScreen

    app = BackcareApp(
        settings=Settings(safety_acknowledged=True),
        remember_settings=False,
        wake=False,
        sound_setup=lambda: "sound: aplay, voice: espeak-ng",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("#sound-status", Static).render())
        assert shown == "Sessions play through: sound: aplay, voice: espeak-ng"


async def test_the_palette_offers_to_undo_what_m_and_v_did_to_the_session(
    clock: FakeClock, tmp_path: Path
) -> None:
    from tests.ui.test_palette import hits

    app, made = sound_app(clock, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("m", "v")  # this session only: the settings stay as they were
        await pilot.pause()
        assert made[0].muted and app.settings.sound
        titles = await hits(app, pilot, "sound")
        assert "Unmute sound (m)" in titles and "Mute sound (m)" not in titles
        await pilot.press("escape")
        assert "Voice on (v)" in await hits(app, pilot, "voice")
