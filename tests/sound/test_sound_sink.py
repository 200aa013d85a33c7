"""Sound: which cue each event plays, the playlist's rules, players falling back, the worker.

Most tests use fake players and a fake speech engine, so they run without audio. The tests at
the end use the real thing where it is installed (CI installs it): simpleaudio playing into an
ALSA file sink, and the cue WAVs regenerated from scripts/make_sounds.py.
"""

from __future__ import annotations

import array
import importlib.util
import math
import os
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable, Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from backcare_tui.core.cues import Cue
from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.phases import Phase, PhaseKind, Side, plan
from backcare_tui.core.routine import BreathPart, Routine
from backcare_tui.core.session import Session
from backcare_tui.data.catalog import load_routine
from backcare_tui.data.locations import sounds_dir
from backcare_tui.sound.chain import failed_players
from backcare_tui.sound.cues import cue_for, cue_item, phrase_item
from backcare_tui.sound.phrases import Phrase, PhraseKind
from backcare_tui.sound.players import (
    BellPlayer,
    Clip,
    CommandPlayer,
    PlayerFailed,
    SilentPlayer,
    find_players,
    load_simpleaudio,
)
from backcare_tui.sound.playlist import Item, Playlist
from backcare_tui.sound.sink import SoundSink
from backcare_tui.sound.speech import SpeechEngine
from tests.fakes import FakeEngine, FakePlayer, python_script

ROOT = Path(__file__).resolve().parents[2]
SOUNDS = ROOT / "sounds"

ROUTINE = """
name = "Sound test"
lead_in = 3

[[steps]]
name = "Plank"
kind = "hold"
duration = 20
sides = true
rest_between = 2

[[steps]]
name = "Bridge"
kind = "reps"
reps = 2
tempo = 2
sound = "halfway"

[[steps]]
name = "Breather"
kind = "rest"
duration = 4

[[steps]]
name = "Ice"
kind = "timer"
duration = 25
remind_every = 10
reminder = "Check your skin"
sound = "gong.wav"

[[steps]]
name = "Belly breathing"
kind = "breathe"
cycles = 1
inhale = 2
exhale = 2
"""


@pytest.fixture(autouse=True)
def forget_failed_players() -> Iterator[None]:
    """Each test starts with no player remembered as failed."""
    failed_players.clear()
    yield
    failed_players.clear()


@pytest.fixture
def routine(write_routine: Callable[..., Path]) -> Routine:
    path = write_routine(ROUTINE)
    (path.parent / "gong.wav").write_bytes((SOUNDS / "complete.wav").read_bytes())
    return load_routine(path)


def heard(player: FakePlayer, engine: FakeEngine | None = None) -> list[str]:
    """What a player played, as cue stems and (quoted) phrases."""
    texts = engine.texts if engine else {}
    return [f'"{texts[p]}"' if p in texts else p.stem for p in player.played]


def make_sink(
    *players: FakePlayer, engine: SpeechEngine | None = None, **options: Any
) -> SoundSink:
    return SoundSink(list(players) or [FakePlayer()], engine, sounds=SOUNDS, **options)


def advance(
    session: Session, clock: Any, sink: SoundSink, seconds: float, step: float = 0.25
) -> None:
    """Move the session on in small steps, letting the sink play everything as it comes."""
    if not session.started:
        sink.handle(session, session.start())
        assert sink.drain(5)
    for _ in range(round(seconds / step)):
        if session.finished:
            return
        clock.advance(step)
        sink.handle(session, session.update())
        assert sink.drain(5)


def run_through(session: Session, clock: Any, sink: SoundSink) -> None:
    """Run the whole session on the fake clock, letting the sink play everything as it comes."""
    advance(session, clock, sink, 1e6)


# --- which cue each event plays -------------------------------------------------------------------


def _phase(phases: tuple[Phase, ...], kind: PhaseKind, step: int) -> Phase:
    return next(p for p in phases if p.kind is kind and p.step_index == step)


def test_each_event_maps_to_its_cue(routine: Routine) -> None:
    phases = plan(routine)
    ready = _phase(phases, PhaseKind.GET_READY, 0)
    plank = _phase(phases, PhaseKind.WORK, 0)
    switch = _phase(phases, PhaseKind.SWITCH_SIDES, 0)
    rest_step = _phase(phases, PhaseKind.WORK, 2)
    between_sets = Phase(99, PhaseKind.REST, 0, plank.step, 10.0, set_number=2)
    cases: list[tuple[Event, str | None]] = [
        (Event(EventKind.PHASE_STARTED, ready, 0), Cue.GET_READY),
        (Event(EventKind.PHASE_STARTED, plank, 0, side=Side.LEFT), Cue.START),
        (Event(EventKind.PHASE_STARTED, switch, 0), None),
        (Event(EventKind.PHASE_STARTED, rest_step, 0), Cue.REST),
        (Event(EventKind.PHASE_STARTED, between_sets, 0), Cue.REST),
        (Event(EventKind.COUNTDOWN, ready, 0, value=3), Cue.TICK),
        (Event(EventKind.COUNTDOWN, plank, 0, value=2), Cue.TICK),
        (Event(EventKind.COUNTDOWN, plank, 0, value=1), Cue.LAST_TICK),
        (Event(EventKind.PHASE_DONE, plank, 0), Cue.DONE),
        (Event(EventKind.PHASE_DONE, plank, 0, skipped=True), None),
        (Event(EventKind.PHASE_DONE, ready, 0), None),
        (Event(EventKind.PHASE_DONE, rest_step, 0), None),
        (Event(EventKind.SWITCH_SIDES, switch, 0, side=Side.RIGHT), Cue.SWITCH),
        (Event(EventKind.REP, plank, 0, value=1), Cue.REP),
        (Event(EventKind.REP, plank, 0, value=2, manual=True), Cue.REP),
        (Event(EventKind.REP, plank, 0, value=3, side=Side.LEFT), Cue.REP_LEFT),
        (Event(EventKind.REP, plank, 0, value=4, side=Side.RIGHT), Cue.REP_RIGHT),
        (Event(EventKind.HALFWAY, plank, 0), Cue.HALFWAY),
        (Event(EventKind.REMINDER, plank, 0, value=1), Cue.REMINDER),
        (Event(EventKind.SESSION_DONE, phases[-1], 0), Cue.COMPLETE),
        (Event(EventKind.BREATH, phases[-1], 0, breath=BreathPart.IN), Cue.INHALE),
        (Event(EventKind.BREATH, phases[-1], 0, breath=BreathPart.HOLD), None),
        (Event(EventKind.BREATH, phases[-1], 0, breath=BreathPart.OUT), Cue.EXHALE),
        (Event(EventKind.STEP_DONE, plank, 0, value=0), None),
        (Event(EventKind.PAUSED, plank, 0), None),
        (Event(EventKind.RESUMED, plank, 0), None),
        (Event(EventKind.ADJUSTED, plank, 0, value=10), None),
    ]
    for event, cue in cases:
        assert cue_for(event) == cue, event


def test_a_step_sound_replaces_the_start_cue(routine: Routine) -> None:
    phases = plan(routine)
    bridge = _phase(phases, PhaseKind.WORK, 1)
    ice = _phase(phases, PhaseKind.WORK, 3)
    assert cue_for(Event(EventKind.PHASE_STARTED, bridge, 0)) == "halfway"
    assert cue_for(Event(EventKind.PHASE_STARTED, ice, 0)) == "gong.wav"
    assert cue_for(Event(EventKind.PHASE_DONE, ice, 0)) == Cue.DONE


def test_a_whole_session_plays_its_cues_in_order(routine: Routine, clock: Any) -> None:
    player = FakePlayer()
    sink = make_sink(player)
    run_through(Session(routine, clock=clock), clock, sink)
    played = player.played
    assert all(p.is_file() for p in played)
    assert played[-1] == SOUNDS / "complete.wav"
    # The wav named by a step is looked up beside its routine; a cue name in the sounds folder.
    assert routine.path is not None
    assert routine.path.parent / "gong.wav" in played
    names = [p.stem for p in played]
    assert names[:9] == [
        "get_ready",
        "tick",
        "last_tick",
        "start",
        "halfway",
        "tick",
        "tick",
        "last_tick",
        "switch",  # the left side's end: the switch is what matters, not "done"
    ]
    assert names.count("get_ready") == 4  # every exercise, never the rest step
    assert names.count("rest") == 1
    assert names.count("switch") == 1
    assert names.count("reminder") == 2
    assert names[-5:] == ["inhale", "tick", "exhale", "last_tick", "complete"]
    # "done" always fell together with the next phase's own cue, which took its place.
    assert "done" not in names


def test_the_routine_folder_given_at_creation_wins(
    routine: Routine, clock: Any, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "gong.wav").write_bytes((SOUNDS / "tick.wav").read_bytes())
    player = FakePlayer()
    sink = make_sink(player, routine_folder=elsewhere)
    run_through(Session(routine, clock=clock), clock, sink)
    assert elsewhere / "gong.wav" in player.played


def test_every_cue_has_its_file_where_the_app_looks() -> None:
    # sounds/ in a checkout or an editable install; backcare_tui/assets/sounds in a wheel.
    assert {p.stem for p in sounds_dir().glob("*.wav")} == {c.value for c in Cue}


# --- the playlist: in order, one at a time per lane, nothing stale --------------------------------


def _cue(name: str, due: float, phase: int = 0) -> Item:
    return cue_item(name, SOUNDS / f"{name}.wav", due, phase)


def _say(text: str, kind: PhraseKind, due: float, phase: int = 0) -> Item:
    return phrase_item(Phrase(text, kind), due, phase)


def _name(item: Item | None) -> str | None:
    if item is None:
        return None
    return item.source.text if isinstance(item.source, Phrase) else item.source.stem


def _play_out(playlist: Playlist, now: float) -> list[str | None]:
    """Start and finish items one by one, as if each took no time; what started, in order."""
    started: list[str | None] = []
    while (item := playlist.take(now, speech=False) or playlist.take(now, speech=True)) is not None:
        started.append(_name(item))
        playlist.finish(item)
    return started


def test_playlist_plays_in_event_order_and_a_phrase_gives_way_to_a_weightier_one() -> None:
    playlist = Playlist()
    playlist.push(
        [
            _cue("rep", 10.0, 4),
            _say("10", PhraseKind.COUNT, 10.0, 4),
            _cue("done", 10.0, 4),
            _say("Get ready: plank, 30 seconds", PhraseKind.ANNOUNCE, 10.0, 5),
        ]
    )
    assert _play_out(playlist, 10.0) == ["rep", "done", "Get ready: plank, 30 seconds"]


def test_playlist_priority_order_of_phrases() -> None:
    kinds = [
        PhraseKind.BREATH,
        PhraseKind.COUNT,
        PhraseKind.HALFWAY,
        PhraseKind.REMINDER,
        PhraseKind.SIDE,
        PhraseKind.SWITCH,
        PhraseKind.COMPLETE,
    ]
    rising = Playlist()
    rising.push([_say(k.value, k, 5.0) for k in kinds])
    assert _play_out(rising, 5.0) == ["complete"]  # every other phrase gave way to it
    falling = Playlist()
    falling.push([_say(k.value, k, 5.0) for k in reversed(kinds)])
    assert _play_out(falling, 5.0) == [k.value for k in reversed(kinds)]


def test_playlist_keeps_event_order_among_equals() -> None:
    playlist = Playlist()
    playlist.push(
        [_say("Switch sides", PhraseKind.SWITCH, 1.0), _say("Get ready", PhraseKind.ANNOUNCE, 1.0)]
    )
    assert _play_out(playlist, 1.0) == ["Switch sides", "Get ready"]


def test_playlist_a_phrase_only_gives_way_to_one_already_due() -> None:
    playlist = Playlist()
    playlist.push([_say("3", PhraseKind.COUNT, 1.0), _say("Switch sides", PhraseKind.SWITCH, 2.0)])
    assert _play_out(playlist, 1.0) == ["3"]
    assert _play_out(playlist, 2.0) == ["Switch sides"]


def test_playlist_phrases_never_overlap() -> None:
    playlist = Playlist()
    playlist.push([_say("Get ready: plank, 30 seconds", PhraseKind.ANNOUNCE, 0.0)])
    speaking = playlist.take(0.0, speech=True)
    playlist.push([_say("Left side", PhraseKind.SIDE, 1.0)])
    assert playlist.take(1.0, speech=True) is None
    assert speaking is not None
    playlist.finish(speaking)
    assert _name(playlist.take(1.5, speech=True)) == "Left side"


def test_playlist_a_tick_is_not_held_up_by_earlier_speech() -> None:
    playlist = Playlist()
    playlist.push([_say("Get ready: plank, 30 seconds", PhraseKind.ANNOUNCE, 0.0)])
    assert _name(playlist.take(0.0, speech=True)) == "Get ready: plank, 30 seconds"
    playlist.push([_cue("tick", 2.0)])
    assert _name(playlist.take(2.0, speech=False)) == "tick"
    assert [_name(i) for i in playlist.playing] == ["Get ready: plank, 30 seconds", "tick"]


def test_playlist_lanes_never_wait_for_each_other() -> None:
    playlist = Playlist()
    playlist.push(
        [
            _cue("switch", 0.0),
            _say("Switch sides", PhraseKind.SWITCH, 0.0),
            _cue("start", 0.0),
            _say("Right side", PhraseKind.SIDE, 0.0),
        ]
    )
    cue, phrase = playlist.take(0.1, speech=False), playlist.take(0.1, speech=True)
    assert (_name(cue), _name(phrase)) == ("switch", "Switch sides")  # together, on time
    assert playlist.take(0.1, speech=False) is None  # each lane one at a time, in order
    assert cue is not None and phrase is not None
    playlist.finish(cue)
    assert _name(playlist.take(0.2, speech=False)) == "start"


def test_playlist_one_at_a_time_when_the_player_cannot_mix() -> None:
    playlist = Playlist()
    playlist.push([_cue("switch", 0.0), _say("Switch sides", PhraseKind.SWITCH, 0.1)])
    assert playlist.take(0.2, speech=True, exclusive=True) is None  # the cue was due first
    cue = playlist.take(0.2, speech=False, exclusive=True)
    assert _name(cue) == "switch"
    assert playlist.take(0.2, speech=True, exclusive=True) is None  # nothing over the cue
    assert cue is not None
    playlist.finish(cue)
    assert _name(playlist.take(0.3, speech=True, exclusive=True)) == "Switch sides"


def test_playlist_drops_a_tick_more_than_half_a_second_late() -> None:
    playlist = Playlist()
    playlist.push([_cue("tick", 10.0)])
    assert playlist.take(10.6, speech=False) is None
    playlist.push([_cue("tick", 11.0)])
    assert _name(playlist.take(11.4, speech=False)) == "tick"


def test_playlist_a_newer_rep_count_replaces_a_waiting_one() -> None:
    playlist = Playlist()
    playlist.push([_say("3", PhraseKind.COUNT, 6.0, 2)])
    playlist.push([_say("4", PhraseKind.COUNT, 6.5, 2)])
    assert [_name(i) for i in playlist.waiting] == ["4"]


def test_playlist_a_stale_rep_count_is_dropped() -> None:
    playlist = Playlist()
    playlist.push([_say("3", PhraseKind.COUNT, 6.0)])
    assert playlist.take(7.2, speech=True) is None
    assert not playlist.waiting


def test_playlist_session_complete_waits_as_long_as_it_takes() -> None:
    playlist = Playlist()
    playlist.push([_cue("complete", 1.0), _say("Session complete", PhraseKind.COMPLETE, 1.0)])
    assert _play_out(playlist, 90.0) == ["complete", "Session complete"]


def test_playlist_a_new_phase_clears_what_the_old_one_left_waiting() -> None:
    playlist = Playlist()
    playlist.push([_say("Halfway", PhraseKind.HALFWAY, 1.0, phase=3)])
    playlist.push([_say("Get ready: bridge, 12 reps", PhraseKind.ANNOUNCE, 1.5, phase=4)])
    assert [_name(i) for i in playlist.waiting] == ["Get ready: bridge, 12 reps"]
    # ... but a batch for the same phase does not.
    playlist.push([_cue("tick", 2.0, phase=4)])
    assert len(playlist.waiting) == 2


def test_playlist_waits_for_items_not_yet_due() -> None:
    playlist = Playlist()
    assert playlist.wait_time(0.0) is None
    playlist.push([_cue("start", 5.0)])
    assert playlist.take(4.0, speech=False) is None
    assert playlist.wait_time(4.0) == pytest.approx(1.0)
    assert _name(playlist.take(5.0, speech=False)) == "start"


def test_playlist_clear_never_cuts_off_what_plays() -> None:
    playlist = Playlist()
    playlist.push(
        [
            _say("Halfway", PhraseKind.HALFWAY, 1.0),
            _cue("rep", 1.0),
            _say("1", PhraseKind.COUNT, 1.0),
        ]
    )
    assert _name(playlist.take(1.0, speech=True)) == "Halfway"
    playlist.clear(speech_only=True)
    assert [_name(i) for i in playlist.waiting] == ["rep"]
    playlist.clear()
    playlist.push([_cue("tick", 1.0, phase=7)])
    assert not [i for i in playlist.waiting if i.phase != 7]
    assert [_name(i) for i in playlist.playing] == ["Halfway"]


# --- the worker: never overlapping, stale batches dropped, fast handle --------------------------


def test_speech_never_overlaps_on_the_real_worker(
    routine: Routine, clock: Any, tmp_path: Path
) -> None:
    player = FakePlayer(seconds=0.01)
    engine = FakeEngine(tmp_path / "speech")
    sink = make_sink(player, engine=engine)
    session = Session(routine, clock=clock)
    sink.handle(session, session.start())
    for _ in range(80):  # events come faster than the player gets through them
        clock.advance(0.5)
        sink.handle(session, session.update())
        time.sleep(0.005)
    assert sink.drain(5)
    speech = sorted((start, end) for start, end, path in player.spans if path in engine.texts)
    cues = sorted((start, end) for start, end, path in player.spans if path not in engine.texts)
    assert len(speech) >= 2 and len(cues) > 10
    for lane in (speech, cues):
        assert all(
            end <= next_start for (_, end), (next_start, _) in zip(lane, lane[1:], strict=False)
        )


def test_spoken_session_in_order(routine: Routine, clock: Any, tmp_path: Path) -> None:
    player = FakePlayer()
    engine = FakeEngine(tmp_path / "speech")
    sink = make_sink(player, engine=engine)
    run_through(Session(routine, clock=clock), clock, sink)
    said = heard(player, engine)
    assert said[:6] == [
        "get_ready",
        '"Get ready: Plank, 20 seconds per side"',
        "tick",
        "last_tick",
        "start",
        '"Left side"',
    ]
    assert said.index("switch") < said.index('"Switch sides"') < said.index('"Right side"')
    assert said.index('"Halfway"') > said.index("halfway")
    for words in ('"1"', '"Check your skin. 15 seconds left."', '"Breathe in"', '"Breathe out"'):
        assert words in said
    # The last rep's count is said with the rest that follows, not dropped for it.
    assert said[said.index("rest") + 1] == '"2. Rest 4 seconds. Next: Ice."'
    assert said[-2:] == ["complete", '"Session complete"']


def test_a_late_batch_is_recognised_as_stale(routine: Routine, clock: Any) -> None:
    player = FakePlayer()
    sink = make_sink(player)
    session = Session(routine, clock=clock)
    sink.handle(session, session.start())
    clock.advance(1.6)  # the first tick was due at 1 s: heard of 0.6 s late, too late to count
    events = session.update()
    assert [e.kind for e in events] == [EventKind.COUNTDOWN]
    sink.handle(session, events)
    assert sink.drain(5)
    assert [p.stem for p in player.played] == ["get_ready"]
    clock.advance(0.6)  # the second, due at 2 s, 0.2 s late: still worth playing
    sink.handle(session, session.update())
    assert sink.drain(5)
    assert [p.stem for p in player.played] == ["get_ready", "last_tick"]


def test_handle_never_waits_for_playback(routine: Routine, clock: Any, tmp_path: Path) -> None:
    """handle() queues and returns: with a player that takes 0.3 s a sound, no call takes that
    long. (How fast it returns is measured by a benchmark, not asserted here.)"""
    player = FakePlayer(seconds=0.3)
    sink = make_sink(player, engine=FakeEngine(tmp_path / "speech"))
    session = Session(routine, clock=clock)
    batches = [session.start()]
    while not session.finished:
        clock.advance(0.5)
        batches.append(session.update())
    slowest = 0.0
    for events in batches:
        start = time.perf_counter()
        sink.handle(session, events)
        slowest = max(slowest, time.perf_counter() - start)
    assert slowest < 0.3
    sink.close()


def test_paused_drops_what_is_waiting(routine: Routine, clock: Any) -> None:
    player = FakePlayer(seconds=0.2)
    sink = make_sink(player)
    session = Session(routine, clock=clock)
    session.start()
    clock.advance(1.0)
    sink.handle(session, session.update())  # a tick, playing for 0.2 s
    time.sleep(0.05)
    clock.advance(1.05)
    sink.handle(session, session.update())  # another tick, waiting
    sink.handle(session, session.pause())
    assert sink.drain(5)
    assert [p.stem for p in player.played] == ["tick"]


def test_close_lets_the_queue_finish_and_the_sink_works_again(routine: Routine, clock: Any) -> None:
    player = FakePlayer(seconds=0.05)
    sink = make_sink(player)
    session = Session(routine, clock=clock)
    session.start()
    clock.advance(1.0)
    sink.handle(session, session.update())
    sink.close()
    assert sink.drain(5)
    assert [p.stem for p in player.played] == ["tick"]
    clock.advance(1.0)
    sink.handle(session, session.update())
    assert sink.drain(5)
    assert [p.stem for p in player.played] == ["tick", "last_tick"]


# --- mute and voice --------------------------------------------------------------------------------


def test_muted_plays_nothing_and_toggle_mute_drops_the_queue(
    routine: Routine, clock: Any, tmp_path: Path
) -> None:
    player = FakePlayer(seconds=0.3)
    sink = make_sink(player, engine=FakeEngine(tmp_path / "speech"), sound=False)
    assert sink.muted
    assert "(muted)" in sink.describe()
    session = Session(routine, clock=clock)
    sink.handle(session, session.start())
    assert sink.drain(1) and player.played == []
    assert sink.toggle_mute() is False
    clock.advance(1.0)
    sink.handle(session, session.update())  # a tick
    clock.advance(1.0)
    sink.handle(session, session.update())  # another, waiting behind the first
    time.sleep(0.05)
    assert sink.toggle_mute() is True
    assert player.stops == 1
    assert sink.drain(2)
    # Each toggle is confirmed by a short sound, "off" heard even as the sound goes quiet;
    # the ticks waiting behind "on" were dropped.
    assert [p.stem for p in player.played] == ["sound_on", "sound_off"]


def test_voice_toggle_keeps_the_cues(routine: Routine, clock: Any, tmp_path: Path) -> None:
    player = FakePlayer()
    engine = FakeEngine(tmp_path / "speech")
    sink = make_sink(player, engine=engine, voice=False)
    assert not sink.voice_on
    assert sink.describe() == "sound: fake, voice: off"
    session = Session(routine, clock=clock)
    advance(session, clock, sink, 3.0)
    assert heard(player, engine) == ["get_ready", "tick", "last_tick", "start"]
    assert sink.toggle_voice() is True
    assert sink.describe() == "sound: fake, voice: fake-tts"
    advance(session, clock, sink, 10.0)
    assert heard(player, engine)[4:] == ['"Voice on"', "halfway", '"Halfway"']


def test_voice_off_and_sound_off_sound_different(
    routine: Routine, clock: Any, tmp_path: Path
) -> None:
    player = FakePlayer()
    sink = make_sink(player, engine=FakeEngine(tmp_path / "speech"))
    assert sink.toggle_voice() is False
    assert sink.drain(2)
    assert sink.toggle_mute() is True
    assert sink.drain(2)
    # By ear, "the voice went quiet" is not "everything went quiet".
    assert [p.stem for p in player.played] == ["voice_off", "sound_off"]


def test_no_voice_without_an_engine_or_a_player_that_speaks(tmp_path: Path) -> None:
    assert not make_sink(FakePlayer()).voice_on
    assert make_sink(FakePlayer()).toggle_voice() is False
    bell_only = make_sink(FakePlayer("terminal bell", speaks=False), engine=FakeEngine(tmp_path))
    assert not bell_only.voice_on
    assert bell_only.describe() == "sound: terminal bell, voice: off (no player that can speak)"


def test_session_phrases_are_rendered_ahead(routine: Routine, clock: Any, tmp_path: Path) -> None:
    engine = FakeEngine(tmp_path / "speech")
    sink = make_sink(FakePlayer(), engine=engine)
    session = Session(routine, clock=clock)
    sink.handle(session, session.start())
    deadline = time.monotonic() + 5
    while "Session complete" not in engine.rendered and time.monotonic() < deadline:
        time.sleep(0.01)
    assert engine.rendered[0] == "Get ready: Plank, 20 seconds per side"
    assert "Session complete" in engine.rendered
    assert len(engine.rendered) == len(set(engine.rendered))


# --- falling back from a player that fails ---------------------------------------------------------


def test_a_failing_player_is_dropped_once_and_the_same_cue_plays_on_the_next(
    routine: Routine, clock: Any
) -> None:
    broken = FakePlayer("simpleaudio", fail=True)
    also_broken = FakePlayer("aplay", fail=True)
    working = FakePlayer("terminal bell")
    notices: list[str] = []
    sink = make_sink(broken, also_broken, working, notify=notices.append)
    assert sink.describe().startswith("sound: simpleaudio")
    advance(Session(routine, clock=clock), clock, sink, 2.0)
    assert [p.stem for p in working.played] == ["get_ready", "tick", "last_tick"]
    assert notices == [
        "sound: simpleaudio failed (no sound device); falling back to aplay",
        "sound: aplay failed (no sound device); falling back to the terminal bell",
    ]
    assert sink.player is working
    assert failed_players == {"simpleaudio", "aplay"}


class OneAtATimePlayer(FakePlayer):
    """A device without mixing: a second sound while one plays fails as "busy"."""

    def __init__(self) -> None:
        super().__init__("aplay", seconds=0.3)
        self.busy = 0
        self.lock = threading.Lock()

    def play(self, clip: Clip) -> None:
        with self.lock:
            if self.busy:
                raise PlayerFailed("exit status 1; no sound device or server?")
            self.busy += 1
        try:
            super().play(clip)
        finally:
            with self.lock:
                self.busy -= 1


def test_a_player_that_cannot_mix_is_kept(routine: Routine, clock: Any, tmp_path: Path) -> None:
    player = OneAtATimePlayer()
    notices: list[str] = []
    sink = make_sink(
        player,
        FakePlayer("terminal bell"),
        engine=FakeEngine(tmp_path / "speech"),
        notify=notices.append,
    )
    session = Session(routine, clock=clock)
    sink.handle(session, session.start())  # "Get ready: ...", 0.3 s
    time.sleep(0.1)
    clock.advance(1.0)
    sink.handle(session, session.update())  # a tick, over the speech: the device says busy
    assert sink.drain(5)
    assert sink.player is player
    assert [p.stem for p in player.played] == ["get_ready", "tick"]  # the words were skipped
    assert notices == [
        "sound: aplay cannot play two sounds at once; one skipped, one at a time from now on"
    ]


def test_the_last_resort_is_silence(routine: Routine, clock: Any) -> None:
    notices: list[str] = []
    sink = make_sink(FakePlayer("aplay", fail=True), SilentPlayer(), notify=notices.append)  # type: ignore[arg-type]
    session = Session(routine, clock=clock)
    session.start()
    clock.advance(1.0)
    sink.handle(session, session.update())
    assert sink.drain(5)
    assert notices == ["sound: aplay failed (no sound device); no sound can be played"]
    assert sink.describe().startswith("sound: silent")


def test_a_broken_wav_is_reported_not_fatal(tmp_path: Path, routine: Routine, clock: Any) -> None:
    bad = tmp_path / "sounds"
    bad.mkdir()
    for cue in Cue:
        (bad / f"{cue.value}.wav").write_bytes(b"not a wav")
    notices: list[str] = []
    player = FakePlayer()
    sink = SoundSink([player], None, sounds=bad, notify=notices.append)
    session = Session(routine, clock=clock)
    session.start()
    clock.advance(1.0)
    sink.handle(session, session.update())
    assert sink.drain(5)
    assert player.played == []
    assert notices and notices[0].startswith("sound: cannot play tick.wav: not a readable WAV")


def test_find_players_order_and_skips(tmp_path: Path) -> None:
    paths = {name: f"/usr/bin/{name}" for name in ("pw-play", "paplay", "aplay", "afplay")}
    tty = tmp_path / "tty"

    def found(**options: Any) -> list[str]:
        players = find_players(
            simpleaudio=lambda: object(),
            which=paths.get,
            open_terminal=lambda: tty.open("wb"),
            **options,
        )
        return [p.name for p in players]

    everything = ["simpleaudio", "pw-play", "paplay", "aplay", "afplay", "terminal bell", "silent"]
    assert found() == everything
    assert found(skip={"simpleaudio", "pw-play"}) == everything[2:]
    nothing = find_players(
        simpleaudio=lambda: None,
        which=lambda name: None,
        open_terminal=lambda: (tmp_path / "missing" / "tty").open("wb"),
    )
    assert [p.name for p in nothing] == ["silent"]


def test_simpleaudio_is_never_loaded_on_python_312(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(name: str) -> None:
        raise AssertionError(f"imported {name}")

    monkeypatch.setattr(sys, "version_info", (3, 12, 0, "final", 0))
    monkeypatch.setattr(importlib, "import_module", refuse)
    assert load_simpleaudio() is None


def _script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    return python_script(path, f"import sys\n{body}\n")


def test_command_player_reports_exit_status_and_keeps_quiet(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log"
    good = _script(
        tmp_path,
        "good",
        f"open({str(log)!r}, 'a').write(' '.join(sys.argv[1:]) + '\\n')\n"
        "print('chatter'); print('more', file=sys.stderr)",
    )
    bad = _script(tmp_path, "bad", "print('audio open error', file=sys.stderr); sys.exit(1)")
    clip = Clip.load(SOUNDS / "tick.wav")
    CommandPlayer("good", [str(good), "-q"]).play(clip)
    assert log.read_text() == f"-q {SOUNDS / 'tick.wav'}\n"
    with pytest.raises(PlayerFailed, match="exit status 1"):
        CommandPlayer("bad", [str(bad)]).play(clip)
    with pytest.raises(PlayerFailed):
        CommandPlayer("gone", [str(tmp_path / "gone")]).play(clip)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_command_player_stopped_is_not_a_failure(tmp_path: Path) -> None:
    slow = _script(tmp_path, "slow", "import time; time.sleep(5)")
    player = CommandPlayer("slow", [str(slow)])
    threading.Timer(0.3, player.stop).start()
    started = time.monotonic()
    player.play(Clip.load(SOUNDS / "tick.wav"))
    assert time.monotonic() - started < 3


_PLAIN_MODE_END = """
import sys
from backcare_tui.sound.players import find_players
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.session import Session
from backcare_tui.sound.sink import SoundSink
sink = SoundSink(find_players(simpleaudio=lambda: None), None)
routine = parse_routine('name = "x"\\n[[steps]]\\nname = "a"\\nkind = "hold"\\nduration = 5\\n', "x.toml")
session = Session(routine)
session.start()
sink.handle(session, [Event(EventKind.SESSION_DONE, session.phase, session.elapsed)])
sink.close()
"""


def test_queued_sound_finishes_before_the_process_exits(tmp_path: Path) -> None:
    # Plain mode closes the sink and exits straight after "session complete".
    log = tmp_path / "log"
    _script(
        tmp_path,
        "aplay",
        f"import time; log = open({str(log)!r}, 'a')\n"
        "log.write('start ' + sys.argv[-1] + '\\n'); log.flush()\n"
        "time.sleep(0.3); log.write('end\\n')",
    )
    result = subprocess.run(
        [sys.executable, "-c", _PLAIN_MODE_END],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PATH": str(tmp_path)},
        start_new_session=True,
    )
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == [f"start {SOUNDS / 'complete.wav'}", "end"]


def test_bell_rings_on_the_terminal_not_stdout(tmp_path: Path) -> None:
    tty = tmp_path / "tty"
    bell = BellPlayer(lambda: tty.open("wb"))
    bell.play(Clip.load(SOUNDS / "rep.wav"))
    assert tty.read_bytes() == b"\a"
    assert not bell.speaks


# --- real audio, where it is installed ---------------------------------------------------------------


def _why_no_simpleaudio() -> str | None:
    if sys.version_info >= (3, 12):
        return "simpleaudio crashes on Python 3.12+, so the app never loads it there"
    if importlib.util.find_spec("simpleaudio") is None:
        return "simpleaudio is not installed (pip install -e '.[sound]'; it needs libasound2-dev)"
    return None


NO_SIMPLEAUDIO = _why_no_simpleaudio()
needs_simpleaudio = pytest.mark.skipif(NO_SIMPLEAUDIO is not None, reason=NO_SIMPLEAUDIO or "")

_PLAY_ONE_TICK = """
import sys
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.session import Session
from backcare_tui.sound.sink import create_sound
notices = []
sink = create_sound(sound=True, voice=False, notify=notices.append)
print(sink.describe())
routine = parse_routine('name = "x"\\n[[steps]]\\nname = "a"\\nkind = "hold"\\nduration = 5\\n', "x.toml")
session = Session(routine)
session.start()
sink.handle(session, [Event(EventKind.COUNTDOWN, session.phase, session.elapsed, value=3)])
assert sink.drain(10)
print(sink.describe())
print("\\n".join(notices))
"""


def _alsa_config(path: Path, body: str) -> Path:
    path.write_text(body)
    return path


@needs_simpleaudio
def test_simpleaudio_really_plays_a_cue_into_an_alsa_file_sink(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "cue.raw"
    config = _alsa_config(
        tmp_path / "asound.conf",
        (
            "pcm.!default {\n    type file\n    slave.pcm { type null }\n"
            f'    file "{raw}"\n    format "raw"\n}}\n'
        ),
    )
    # ALSA reads its configuration once per process: play in a fresh one.
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(config))
    result = subprocess.run(
        [sys.executable, "-c", _PLAY_ONE_TICK], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    before, after = result.stdout.splitlines()[:2]
    assert before.startswith("sound: simpleaudio,") and after == before  # it played, no fallback
    assert raw.read_bytes() == Clip.load(SOUNDS / "tick.wav").frames
    assert "ALSA lib" not in result.stderr


@needs_simpleaudio
def test_alsa_chatter_never_reaches_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A default device that does not exist: plain libasound prints "ALSA lib ... Unknown PCM".
    config = _alsa_config(
        tmp_path / "asound.conf", 'pcm.!default {\n  type plug\n  slave.pcm "nowhere"\n}\n'
    )
    monkeypatch.setenv("ALSA_CONFIG_PATH", str(config))
    monkeypatch.setenv("PATH", str(tmp_path))  # no command-line players on PATH
    # No controlling terminal either (a session of its own), so no bell: silence is next.
    result = subprocess.run(
        [sys.executable, "-c", _PLAY_ONE_TICK],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        start_new_session=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "sound: simpleaudio failed (no sound device); no sound can be played" in result.stdout


# --- the cue WAVs --------------------------------------------------------------------------------------


def _samples(path: Path) -> tuple[array.array[int], int]:
    with wave.open(str(path), "rb") as source:
        assert (source.getnchannels(), source.getsampwidth(), source.getframerate()) == (
            1,
            2,
            22050,
        )
        return array.array("h", source.readframes(source.getnframes())), source.getframerate()


def _signature(path: Path) -> tuple[int, int]:
    """(number of note onsets, pitch of the loudest moment in semitones from A4)."""
    samples, rate = _samples(path)
    window = rate // 100
    levels = [
        math.sqrt(sum(x * x for x in samples[i : i + window]) / window)
        for i in range(0, len(samples) - window, window)
    ]
    peak = max(levels)
    onsets = sum(
        1
        for before, now in zip([0.0, *levels], levels, strict=False)
        if now > 0.1 * peak and now > 1.5 * before
    )
    loudest = levels.index(peak) * window
    part = samples[loudest : loudest + 2 * window]
    crossings = sum(1 for a, b in zip(part, part[1:], strict=False) if (a < 0) != (b < 0))
    frequency = crossings / 2 / (len(part) / rate)
    return onsets, round(12 * math.log2(frequency / 440))


def test_cue_wavs_regenerate_byte_for_byte(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sounds.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    made = sorted(p.name for p in tmp_path.glob("*.wav"))
    assert made == sorted(p.name for p in SOUNDS.glob("*.wav"))
    for name in made:
        assert (tmp_path / name).read_bytes() == (SOUNDS / name).read_bytes(), name


@pytest.mark.parametrize("cue", list(Cue))
def test_cue_wav_is_short_and_starts_and_ends_in_silence(cue: Cue) -> None:
    samples, rate = _samples(SOUNDS / f"{cue.value}.wav")
    seconds = len(samples) / rate
    if cue is Cue.COMPLETE:
        assert 1.0 <= seconds <= 2.0
    else:
        assert 0.05 <= seconds < 1.0
    assert abs(samples[0]) < 50 and abs(samples[-1]) < 50  # no click at either end
    assert max(abs(s) for s in samples) < 32767 * 0.6  # headroom, never clipped


def test_cue_wavs_differ_pairwise() -> None:
    signatures = {p.stem: _signature(p) for p in SOUNDS.glob("*.wav")}
    for (a, sa), (b, sb) in combinations(signatures.items(), 2):
        assert sa != sb, f"{a} and {b} sound alike: {sa}"
    assert signatures["start"][0] == signatures["done"][0] == 2
    assert signatures["reminder"][0] == 3
    assert signatures["complete"][0] == 4


def test_every_cue_is_listed_in_the_routine_docs() -> None:
    docs = (ROOT / "docs" / "routines.md").read_text(encoding="utf-8")
    table = docs[docs.index("## Sounds") :]
    for cue in Cue:
        assert f"`{cue.value}`" in table, cue


def test_simpleaudio_stopped_frees_its_lane_at_once(tmp_path: Path) -> None:
    from backcare_tui.sound.players import SimpleaudioPlayer

    class Handle:
        def __init__(self, seconds: float) -> None:
            self.ends = time.monotonic() + seconds

        def is_playing(self) -> bool:
            return time.monotonic() < self.ends

        def stop(self) -> None:
            self.ends = 0.0

    class Module:
        @staticmethod
        def play_buffer(frames: bytes, channels: int, width: int, rate: int) -> Handle:
            return Handle(len(frames) / (channels * width * rate))

    player = SimpleaudioPlayer(Module())
    clip = Clip(tmp_path / "long.wav", b"\0\0" * 22050 * 3, 1, 2, 22050)  # 3 s of sound
    done = threading.Event()

    def play() -> None:
        player.play(clip)
        done.set()

    worker = threading.Thread(target=play)
    started = time.monotonic()
    worker.start()
    time.sleep(0.1)
    player.stop()
    assert done.wait(1.0), "the lane stayed held for the rest of the clip"
    assert time.monotonic() - started < 1.0
    worker.join()
