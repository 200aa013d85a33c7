"""A whole session followed by ear, eyes closed: with voice and without, on a routine of our own.

Each test answers one question a user on the mat has ("which exercise? which side? when do I
switch? in or out? when does the rest end? is this the last second? is it over?") from what
was heard alone, and the timeline test measures every sound against the plan. Then each way
sound used to go wrong: a stale sound after a player hung, a chime queued behind another, voice
off cutting a tick, the bell's one sound for everything, silence nobody was told about.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from backcare_tui.core.cues import Cue
from backcare_tui.core.events import EventKind
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import Routine
from backcare_tui.core.session import Session
from backcare_tui.sound.cues import BELL_PATTERNS, cue_item
from backcare_tui.sound.phrases import Phrase, PhraseKind
from backcare_tui.sound.players import BellPlayer, Clip, SilentPlayer
from backcare_tui.sound.sink import SoundSink
from tests.fakes import FakeClock, FakeEngine, FakePlayer
from tests.sound.timeline import Timeline, listen

SOUNDS = Path(__file__).resolve().parents[2] / "sounds"

ON_THE_MAT = parse_routine(
    """
name = "On the mat"
lead_in = 3
safety = ["Stop if it hurts."]

[[steps]]
name = "Side plank"
kind = "hold"
duration = 5
sides = "each"
rest_between = 2

[[steps]]
name = "Dead bug"
kind = "reps"
reps = 1
tempo = 1.5
sides = "alternate"
sets = 2
rest_between = 5

[[steps]]
name = "Breather"
kind = "rest"
duration = 5

[[steps]]
name = "Cold pack"
kind = "timer"
duration = 12
remind_every = 10
reminder = "Check your skin"

[[steps]]
name = "Slow breaths"
kind = "breathe"
cycles = 1
inhale = 2
hold = 1
exhale = 3
""",
    "on-the-mat.toml",
)
EXERCISES = ["Side plank", "Dead bug", "Cold pack", "Slow breaths"]


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    return listen(ON_THE_MAT, tmp_path_factory.mktemp("voice"), voice=True)


@pytest.fixture(scope="module")
def cues_only(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    return listen(ON_THE_MAT, tmp_path_factory.mktemp("cues"), voice=False, scale=10.0)


def phase_starts(timeline: Timeline, label: str) -> list[float]:
    """Session times at which phases with ``label`` (GET READY, REST…) started."""
    return [
        e.elapsed
        for e in timeline.events
        if e.kind is EventKind.PHASE_STARTED and e.phase.label == label
    ]


# --- the timeline against the plan ---------------------------------------------------------------


def test_every_sound_lands_on_its_moment(spoken: Timeline) -> None:
    assert spoken.missing == []
    cue_median, cue_max = spoken.figures(speech=False)
    words_median, words_max = spoken.figures(speech=True)
    busy = spoken.allowance  # a thread woken late on a busy machine, in session seconds
    # Session seconds, on a clock 6 times real time: 0.06 here is 10 ms of real time.
    assert cue_median < 0.06 and cue_max < 0.06 + busy, spoken.offsets[False]
    # Words follow their cue by 0.2 s, and never trail their moment by 0.3 s.
    assert 0.19 < words_median < 0.25 and words_max < 0.3 + busy, spoken.offsets[True]


def test_without_voice_every_cue_lands_on_its_moment(cues_only: Timeline) -> None:
    assert cues_only.missing == []
    assert not any(sound.is_speech for sound in cues_only.heard)
    median, _ = cues_only.figures(speech=False)
    assert median < 0.1


# --- the questions, with voice --------------------------------------------------------------------


def test_with_voice_which_exercise_and_its_dose(spoken: Timeline) -> None:
    said = [n for n in spoken.names() if n.startswith('"') and "Get ready" in n]
    assert [next(e for e in EXERCISES if e in n) for n in said] == EXERCISES
    assert (
        '"Before you start. Stop if it hurts. Get ready: Side plank, 5 seconds per side."' in said
    )


def test_with_voice_the_words_end_before_the_countdown(spoken: Timeline) -> None:
    heard = spoken.heard
    for sound in heard:
        if sound.is_speech and "Get ready" in sound.name:
            first_tick = next(s for s in heard if s.start > sound.start and "tick" in s.name)
            assert sound.end <= first_tick.start, sound


def test_with_voice_which_side_when_to_switch_and_the_counts(spoken: Timeline) -> None:
    names = spoken.names()
    # A switch of 2 s leaves no room for "Switch sides" before its last count: said briefer.
    assert names.index('"Left side"') < names.index('"Switch"') < names.index('"Right side"')
    # Alternating reps: each side with its own count, the last rep's too.
    assert names.count('"Left 1"') == 2  # once a set
    assert any(n.startswith('"Right 1. Rest 5 seconds, then set 2 of 2') for n in names)


def test_with_voice_rest_start_length_and_what_follows(spoken: Timeline) -> None:
    names = spoken.names()
    assert any(n.startswith('"Right 1. Rest 5 seconds. Next: Cold pack') for n in names)
    assert '"Check your skin. 2 seconds left."' in names


def test_with_voice_in_or_out_and_the_end(spoken: Timeline) -> None:
    names = spoken.names()
    assert names.index('"Breathe in"') < names.index('"Hold"') < names.index('"Breathe out"')
    assert names[-2:] == ["complete", '"Session complete"']


# --- the questions, without voice ---------------------------------------------------------------


def test_without_voice_a_new_exercise_has_its_own_sound(cues_only: Timeline) -> None:
    starts = phase_starts(cues_only, "GET READY")
    assert len(starts) == len(EXERCISES)
    for elapsed in starts:
        assert cues_only.at(elapsed)[:1] == ["get_ready"]
    assert cues_only.names().count("get_ready") == len(EXERCISES)


def test_without_voice_the_side_and_the_switch(cues_only: Timeline) -> None:
    (switch,) = phase_starts(cues_only, "SWITCH SIDES")
    assert cues_only.at(switch) == ["switch"]
    names = cues_only.names()
    # Alternating reps knock low on the left, high on the right (the right's fell with the
    # rest that followed each set, which took the moment).
    assert names.count("rep_left") == 2


def test_without_voice_rest_start_and_end(cues_only: Timeline) -> None:
    rests = phase_starts(cues_only, "REST")
    assert len(rests) == 2  # between the sets, and the rest step
    for elapsed in rests:
        assert cues_only.at(elapsed) == ["rest"]
        assert cues_only.at(elapsed + 5)[0] in {"start", "get_ready"}  # the end is a new sound
        assert cues_only.at(elapsed + 4) == ["last_tick"]


def test_without_voice_in_and_out(cues_only: Timeline) -> None:
    names = cues_only.names()
    assert names.index("inhale") < names.index("exhale")  # the breath held is quiet


def test_without_voice_the_last_three_seconds_of_every_phase(cues_only: Timeline) -> None:
    for event in cues_only.events:
        if event.kind is EventKind.COUNTDOWN:
            heard = cues_only.at(event.elapsed)
            assert heard, event
            if event.value == 1:
                assert heard[0] in {"last_tick", "inhale", "exhale"}, event


def test_without_voice_the_end(cues_only: Timeline) -> None:
    assert cues_only.names()[-1] == "complete"
    assert "done" not in cues_only.names()  # always replaced by what came at that moment


# --- each way it went wrong -------------------------------------------------------------------------


def routine_of(text: str) -> Routine:
    return parse_routine('name = "x"\nlead_in = 3\n' + text, "x.toml")


def test_after_a_hang_the_stale_sound_is_not_played_late_and_the_cause_is_told() -> None:
    hanging = FakePlayer("aplay", hang=0.6)
    working = FakePlayer("paplay")
    notices: list[str] = []
    sink = SoundSink([hanging, working], None, sounds=SOUNDS, notify=notices.append)
    # A tick may be 0.5 s late at most; the player hung for 0.6 s before giving up.
    with sink._cond:
        sink._lanes.push([cue_item(Cue.TICK, SOUNDS / "tick.wav", time.monotonic(), 0)])
    assert sink.drain(5)
    assert working.played == []
    assert notices == ["sound: aplay did not finish in time; falling back to paplay"]
    with sink._cond:  # the next sound, on time, plays on the next player
        sink._lanes.push([cue_item(Cue.TICK, SOUNDS / "tick.wav", time.monotonic(), 0)])
    assert sink.drain(5)
    assert [p.stem for p in working.played] == ["tick"]


def test_switch_is_heard_on_time_not_after_done(tmp_path: Path) -> None:
    clock = FakeClock()
    player = FakePlayer()
    engine = FakeEngine(tmp_path)
    sink = SoundSink([player], engine, sounds=SOUNDS)
    routine = routine_of(
        '[[steps]]\nname = "a"\nkind = "hold"\nduration = 4\nsides = "each"\nrest_between = 2\n'
    )
    session = Session(routine, clock=clock)
    session.start()
    clock.advance(7.0)  # the left side ends at 7 s: done and switch fall together
    events = session.update()
    assert {EventKind.PHASE_DONE, EventKind.SWITCH_SIDES} <= {e.kind for e in events}
    sink.handle(session, events)
    assert sink.drain(5)
    cues = [p.stem for p in player.played if p not in engine.texts]
    assert cues[-1:] == ["switch"]
    assert "done" not in cues


def test_voice_off_stops_the_words_but_not_a_tick_on_the_other_lane(tmp_path: Path) -> None:
    player = FakePlayer(seconds=0.4)
    engine = FakeEngine(tmp_path)
    sink = SoundSink([player], engine, sounds=SOUNDS)
    words = engine.render("Get ready: plank, 30 seconds")
    with sink._cond:
        sink._lanes.push(
            [
                cue_item(Cue.TICK, SOUNDS / "tick.wav", time.monotonic(), 0),
                sink_phrase("Get ready: plank, 30 seconds", time.monotonic()),
            ]
        )
    time.sleep(0.1)  # both are playing now
    sink.toggle_voice()
    assert sink.drain(5)
    assert player.stopped == [words]  # only the words were stopped
    tick = next(span for span in player.spans if span[2].stem == "tick")
    assert tick[1] - tick[0] >= 0.35  # the tick played out in full


def sink_phrase(text: str, due: float):  # type: ignore[no-untyped-def]
    from backcare_tui.sound.cues import phrase_item

    return phrase_item(Phrase(text, PhraseKind.ANNOUNCE), due, 0)


def test_the_bell_rings_each_kind_of_moment_its_own_way(tmp_path: Path) -> None:
    tty = tmp_path / "tty"
    bell = BellPlayer(
        lambda: tty.open("ab"), {k: tuple(0.0 for _ in v) for k, v in BELL_PATTERNS.items()}
    )
    rings = {}
    for cue in (Cue.TICK, Cue.START, Cue.GET_READY, Cue.REST, Cue.SWITCH, Cue.COMPLETE):
        tty.write_bytes(b"")
        bell.play(Clip.load(SOUNDS / f"{cue.value}.wav"))
        rings[cue.value] = (len(tty.read_bytes()), BELL_PATTERNS[cue.value])
    assert [rings[c][0] for c in ("tick", "start", "get_ready", "switch")] == [1, 2, 3, 3]
    # Kinds that come one after the other differ by count or by pace.
    kinds = [rings[c][1] for c in ("tick", "start", "get_ready", "rest")]
    assert len(set(kinds)) == len(kinds)


def test_no_player_is_said_once_at_the_start() -> None:
    notices: list[str] = []
    sink = SoundSink([SilentPlayer()], None, sounds=SOUNDS, notify=notices.append)
    session = Session(routine_of('[[steps]]\nname = "a"\nkind = "hold"\nduration = 5\n'))
    sink.handle(session, session.start())
    sink.handle(session, session.update())
    assert notices == [
        "sound: no sound can be played: no audio player was found (simpleaudio, pw-play, "
        "paplay, aplay, afplay) and there is no terminal for the bell"
    ]
    muted = SoundSink([SilentPlayer()], None, sound=False, notify=notices.append)
    muted.handle(Session(session.routine), Session(session.routine).start())
    assert len(notices) == 1  # muted on purpose: nothing to warn about


def test_a_player_that_cannot_play_is_found_before_the_start(tmp_path: Path) -> None:
    notices: list[str] = []
    sink = SoundSink(
        [FakePlayer("aplay", fail=True), FakePlayer("terminal bell", speaks=False)],
        FakeEngine(tmp_path, per_char=0.1),
        sounds=SOUNDS,
        notify=notices.append,
    )
    session = Session(routine_of('[[steps]]\nname = "a"\nkind = "hold"\nduration = 5\n'))
    sink.attach(session)
    assert notices == ["sound: aplay failed (no sound device); falling back to the terminal bell"]
    assert session.phases[0].duration == 3.0  # no voice can be heard: no room made for words


def test_a_skipped_get_ready_takes_its_words_with_it(tmp_path: Path) -> None:
    clock = FakeClock()
    player = FakePlayer(seconds=2.0)
    engine = FakeEngine(tmp_path)
    sink = SoundSink([player], engine, sounds=SOUNDS)
    session = Session(routine_of('[[steps]]\nname = "a"\nkind = "hold"\nduration = 5\n'), clock)
    sink.handle(session, session.start())
    deadline = time.monotonic() + 2
    while not any(p in engine.texts for p in player.played) and time.monotonic() < deadline:
        time.sleep(0.01)
    sink.handle(session, session.next())  # n: on to the hold
    assert any(stopped in engine.texts for stopped in player.stopped if stopped is not None)
    sink.close()
