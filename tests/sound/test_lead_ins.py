"""Get-readies that fit their words: how long each must be, and the same figure everywhere."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from backcare_tui.cli.plain import run_plain
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.phases import PhaseKind
from backcare_tui.core.session import Session
from backcare_tui.sound import lead_ins
from backcare_tui.sound.lead_ins import brief_words, spoken_lead_ins, voice_total
from backcare_tui.sound.sink import SoundSink
from tests.fakes import FakeClock, FakeEngine, FakePlayer, Sleeper

ROUTINE = parse_routine(
    """
name = "Fit"
lead_in = 3
safety = ["Stop if it hurts."]

[[steps]]
name = "Plank"
kind = "hold"
duration = 30

[[steps]]
name = "Bridge"
kind = "reps"
reps = 2
tempo = 2

[[steps]]
name = "Bird dog"
kind = "hold"
duration = 10
""",
    "fit.toml",
)


def tenth_a_char(text: str) -> float:
    return len(text) / 10


def test_each_get_ready_leaves_its_words_room_before_the_countdown() -> None:
    # "Before you start. Stop if it hurts. Get ready: Plank, 30 seconds." is 65 characters:
    # 6.5 s, after the cue's 0.2 s and before 0.5 s of quiet and the 3 s countdown: 11 s.
    # "Get ready: Bridge, 2 reps" (25): 6.25 s, so 7 s. The last get-ready falls with the
    # bridge's last rep: "2. Get ready: Bird dog, 10 seconds." (35): 7.25 s, so 8 s.
    assert spoken_lead_ins(ROUTINE, tenth_a_char) == (11.0, 7.0, 8.0)
    # Short words fit the routine's own lead-in, which is never shortened.
    assert spoken_lead_ins(ROUTINE, lambda text: 0.1) == (4.0, 4.0, 4.0)
    assert spoken_lead_ins(ROUTINE.__class__(**{**ROUTINE.__dict__, "lead_in": 0.0}), len) == (
        0.0,
        0.0,
        0.0,
    )


def test_show_gives_the_total_with_voice_where_a_speech_engine_is_found(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    write_routine: Callable[..., Path],
) -> None:
    path = write_routine(
        'name = "One"\nlead_in = 3\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 30\n'
    )
    engine = FakeEngine(tmp_path / "speech", per_char=0.1)
    monkeypatch.setattr(lead_ins, "find_speech_engine", lambda: engine)
    from backcare_tui.cli.main import main

    assert main(["show", str(path)]) == 0
    # "Get ready: Plank, 30 seconds" is 2.8 s: the get-ready grows from 3 s to 7 s.
    assert capsys.readouterr().out.splitlines()[-1] == "Total: 33 s (37 s with voice)"
    monkeypatch.setattr(lead_ins, "find_speech_engine", lambda: None)
    assert main(["show", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Total: 33 s"


def test_a_spoken_session_runs_as_long_as_show_says(tmp_path: Path) -> None:
    engine = FakeEngine(tmp_path / "speech", per_char=0.1)
    clock = FakeClock()
    sink = SoundSink([FakePlayer()], engine, clock=clock)
    out = io.StringIO()
    run_plain(
        ROUTINE, sinks=[sink], clock=clock, sleep=Sleeper(clock), out=out, before_start=sink.attach
    )
    total = voice_total(ROUTINE, engine)
    assert total == 11 + 30 + 7 + 4 + 8 + 10
    assert out.getvalue().splitlines()[0] == "Fit: 3 steps, 1 min 10 s. Press Ctrl+C to stop."
    assert out.getvalue().splitlines()[-1].endswith("Fit, 1 min 10 s")


def test_no_growth_when_muted_or_without_voice(tmp_path: Path) -> None:
    engine = FakeEngine(tmp_path / "speech", per_char=0.1)
    for sink in (
        SoundSink([FakePlayer()], engine, sound=False),
        SoundSink([FakePlayer()], engine, voice=False),
        SoundSink([FakePlayer("terminal bell", speaks=False)], engine),
        SoundSink([FakePlayer()], None),
    ):
        session = Session(ROUTINE)
        sink.attach(session)
        ready = [p.duration for p in session.phases if p.kind is PhaseKind.GET_READY]
        assert ready == [3.0, 3.0, 3.0]


def test_fewer_words_where_a_rest_or_a_switch_is_too_short_for_them() -> None:
    routine = parse_routine(
        """
name = "Brief"
lead_in = 3
[[steps]]
name = "Lunge"
kind = "hold"
duration = 10
sides = "each"
rest_between = 2
sets = 2
[[steps]]
name = "Pause"
kind = "rest"
duration = 20
[[steps]]
name = "Plank"
kind = "hold"
duration = 10
""",
        "brief.toml",
    )
    session = Session(routine)
    briefer = brief_words(session, tenth_a_char)
    # A 2 s switch counts its last second from 1 s: "Switch sides" (1.2 s) cannot end first.
    assert briefer["Switch sides"] == "Switch"
    # The 2 s rest between the sets: only "Rest, then set 2 of 2" is left of the words.
    assert briefer["Rest 2 seconds, then set 2 of 2"] == "Rest, then set 2 of 2"
    # The 20 s rest has room for all of "Rest 20 seconds. Next: Plank".
    assert not any(full.startswith("Rest 20 seconds") for full in briefer)


def test_voice_turned_on_mid_session_says_fewer_words_where_they_would_not_fit(
    tmp_path: Path,
) -> None:
    routine = parse_routine(
        'name = "Late voice"\nlead_in = 3\n[[steps]]\nname = "Lunge"\nkind = "hold"\n'
        'duration = 10\nsides = "each"\nrest_between = 2\n',
        "late.toml",
    )
    sink = SoundSink([FakePlayer()], FakeEngine(tmp_path, per_char=0.1), voice=False)
    session = Session(routine, clock=FakeClock())
    sink.attach(session)
    sink.handle(session, session.start())
    assert sink.brief_words == {}  # no voice, nothing to fit
    assert sink.toggle_voice()
    deadline = time.monotonic() + 5
    while not sink.brief_words and time.monotonic() < deadline:
        time.sleep(0.01)
    # Found off the event loop, on the thread that renders the phrases: the get-ready was not
    # lengthened for words (voice was off at the start), so it says only the name.
    assert sink.brief_words == {
        "Get ready: Lunge, 10 seconds per side": "Get ready: Lunge",
        "Switch sides": "Switch",
    }
    sink.close()
