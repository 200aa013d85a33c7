"""What the app says aloud: the words for each event, checked without audio."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.routine import Routine
from backcare_tui.core.session import Session
from backcare_tui.data.catalog import load_routine
from backcare_tui.sound.phrases import joined, moments, phrases_for, said_at, session_phrases

ROUTINE = """
name = "Voice test"
lead_in = 2

[[steps]]
name = "Child's pose"
kind = "hold"
duration = 30

[[steps]]
name = "Bird dog"
kind = "reps"
sides = "each"
reps = 2
tempo = 2
sets = 2
rest_between = 3

[[steps]]
name = "Russian twists"
kind = "reps"
sides = "alternate"
reps = 1
tempo = 2

[[steps]]
name = "Breather"
kind = "rest"
duration = 3

[[steps]]
name = "Ice"
kind = "timer"
duration = "1m"
remind_every = 20
reminder = "Check your skin"

[[steps]]
name = "Belly breathing"
kind = "breathe"
cycles = 1
inhale = 2
hold = 1
exhale = 2

[[steps]]
name = "Last rest"
kind = "rest"
duration = 2
"""


@pytest.fixture
def routine(write_routine: Callable[..., Path]) -> Routine:
    return load_routine(write_routine(ROUTINE))


def spoken(routine: Routine, clock: Any) -> list[tuple[str, str]]:
    """Run ``routine`` to the end; what each moment says, as one utterance, with the kind of
    its first event that says anything."""
    session = Session(routine, clock=clock)
    said: list[tuple[str, str]] = []
    events = session.start()
    first = True
    while True:
        for together in moments(events):
            phrases = said_at(together, session, opening=first)
            first = False
            speaking = [e for e in together if phrases_for(e, session)]
            if phrases:
                kind = speaking[0].kind.value if speaking else "safety"
                said.append((kind, joined([p.text for p in phrases])))
        if session.finished:
            return said
        clock.advance(0.25)
        events = session.update()


def test_spoken_doses(routine: Routine) -> None:
    doses = [step.summary(spoken=True) for step in routine.steps]
    assert doses[:3] == ["30 seconds", "2 sets of 2 reps per side", "1 rep per side"]
    assert doses[4:6] == ["1 minute", "1 breath"]


def test_what_a_whole_session_says(routine: Routine, clock: Any) -> None:
    said = spoken(routine, clock)
    texts = [text for _, text in said]
    assert said[0] == ("phase_started", "Get ready: Child's pose, 30 seconds")
    assert ("halfway", "Halfway") in said
    bird_dog = texts[texts.index("Get ready: Bird dog, 2 sets of 2 reps per side") :]
    assert bird_dog[:11] == [
        "Get ready: Bird dog, 2 sets of 2 reps per side",
        "Left side",
        "1",
        # The last rep's count is said, then what comes at that same moment.
        "2. Switch sides.",
        "Right side",
        "1",
        # How long the rest is, and what follows it.
        "2. Rest 3 seconds, then set 2 of 2.",
        "Left side",
        "1",
        "2. Switch sides.",
        "Right side",
    ]
    # Alternating reps: the side and its own count, as the user counts them.
    twists = texts[texts.index("2. Get ready: Russian twists, 1 rep per side.") + 1 :]
    assert twists[:2] == ["Left 1", "Right 1. Rest 3 seconds. Next: Ice."]
    # A long timer's reminder says the time still to go.
    assert [text for kind, text in said if kind == "reminder"] == [
        "Check your skin. 40 seconds left.",
        "Check your skin. 20 seconds left.",
    ]
    assert texts[texts.index("Get ready: Belly breathing, 1 breath") + 1 :][:3] == [
        "Breathe in",
        "Hold",
        "Breathe out",
    ]
    assert said[-2:] == [("phase_started", "Rest 2 seconds"), ("session_done", "Session complete")]


def test_the_safety_notes_open_the_session(write_routine: Callable[..., Path], clock: Any) -> None:
    with_notes = ROUTINE.replace(
        "lead_in = 2", 'lead_in = 2\nsafety = ["Stop if it hurts", "Ice never on bare skin."]'
    )
    routine = load_routine(write_routine(with_notes))
    said = [text for _, text in spoken(routine, clock)]
    assert said[0] == (
        "Before you start. Stop if it hurts. Ice never on bare skin. "
        "Get ready: Child's pose, 30 seconds."
    )
    assert sum("Stop if it hurts" in text for text in said) == 1  # once, at the start only


def test_manual_reps_are_not_counted_aloud(routine: Routine, clock: Any) -> None:
    session = Session(routine, clock=clock)
    session.start()
    session.next()  # past child's pose
    session.next()
    clock.advance(2.5)  # bird dog's get ready is over
    session.update()
    manual = [e for e in session.count_rep() if e.kind is EventKind.REP]
    assert manual and manual[0].manual
    assert phrases_for(manual[0], session) == []


def test_no_lead_in_names_the_step_as_it_starts(
    write_routine: Callable[..., Path], clock: Any
) -> None:
    routine = load_routine(write_routine(ROUTINE.replace("lead_in = 2", "lead_in = 0")))
    said = [text for _, text in spoken(routine, clock)]
    assert said[0] == "Child's pose, 30 seconds"
    assert "Bird dog, 2 sets of 2 reps per side. Left side." in said
    assert not any(text.startswith("Get ready") for text in said)


def test_a_reminder_without_words_says_the_time_left(write_routine: Callable[..., Path]) -> None:
    routine = load_routine(write_routine(ROUTINE.replace('reminder = "Check your skin"\n', "")))
    session = Session(routine)
    ice = next(p for p in session.phases if p.step.name == "Ice" and p.is_work)
    reminder = Event(EventKind.REMINDER, ice, 0, value=1, left=40.0)
    assert [p.text for p in phrases_for(reminder, session)] == ["40 seconds left"]


def test_session_phrases_lists_everything_said_once_in_order(routine: Routine, clock: Any) -> None:
    listed = session_phrases(Session(routine, clock=clock))
    said = [text for _, text in spoken(routine, clock)]
    assert len(listed) == len(set(listed))
    assert set(said) <= set(listed)
    first_said = list(dict.fromkeys(said))
    assert [t for t in listed if t in first_said] == first_said
