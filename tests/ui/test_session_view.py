"""What the session screen says, worked out from a session with a hand-moved clock."""

from __future__ import annotations

import pytest

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.safety import reading_time
from backcare_tui.core.session import Session
from backcare_tui.ui.session_view import view_of
from tests.fakes import FakeClock

ROUTINE = parse_routine(
    """
name = "View"
lead_in = 3

[[steps]]
name = "Plank"
kind = "hold"
duration = 10

[[steps]]
name = "Bird dog"
kind = "reps"
reps = 4
tempo = 2
sides = "alternate"
""",
    "view.toml",
)


def started(clock: FakeClock) -> Session:
    session = Session(ROUTINE, clock=clock)
    session.start()
    return session


def test_a_short_get_ready_keeps_its_own_colour_to_the_end(clock: FakeClock) -> None:
    session = started(clock)
    moods = []
    for _ in range(6):
        session.update()
        moods.append(view_of(session).mood)
        clock.advance(0.5)
    assert moods == ["ready"] * 6  # 3 s of lead-in: never the last-seconds colour


def test_a_hold_turns_to_the_last_seconds_colour_at_three(clock: FakeClock) -> None:
    session = started(clock)
    clock.advance(3 + 6.5)  # 3.5 s of the hold left
    session.update()
    assert view_of(session).mood == "work"
    clock.advance(0.6)
    session.update()
    view = view_of(session)
    assert view.mood == "final" and view.clock == "0:03"
    assert view.label == "HOLD" and view.where == "Step 1 of 2"


def test_the_session_line_counts_down_the_whole_routine(clock: FakeClock) -> None:
    session = started(clock)
    total = session.total
    clock.advance(5)
    session.update()
    view = view_of(session)
    assert view.session_left.endswith(f"{int(total - 5) // 60}:{int(total - 5) % 60:02d} left")
    assert abs(view.session_fraction - 5 / total) < 1e-9
    assert abs(view.phase_fraction - 2 / 10) < 1e-9


def test_reps_show_the_count_the_next_side_and_the_time_left(clock: FakeClock) -> None:
    session = started(clock)
    clock.advance(3 + 10 + 3 + 0.1)  # into the reps
    session.update()
    view = view_of(session)
    assert view.clock == "0/8"  # 4 a side, alternating
    assert view.detail == "0 done · next: left 1 · 0:16 left"
    assert view.label == "REPS · LEFT"

    clock.advance(2 * 2)  # two reps on: the third is the left side's second, as the voice says
    session.update()
    assert view_of(session).detail == "2 done · next: left 2 · 0:12 left"


def test_a_pause_after_the_machine_slept_says_so_and_how_long(clock: FakeClock) -> None:
    session = started(clock)
    clock.advance(3 + 4)
    session.update()
    clock.advance(47 * 60)  # lid shut four seconds into the plank
    session.update()
    view = view_of(session)
    assert view.mood == "paused" and view.clock == "0:06"
    assert view.detail == "Asleep 47 min: paused · space goes on"
    session.resume()
    session.pause()
    assert view_of(session).detail == "PAUSED · press space to go on"


# --- the progress line says what it counts -------------------------------------------------------


def test_the_session_line_counts_steps_done_not_a_bare_percentage(clock: FakeClock) -> None:
    session = started(clock)
    clock.advance(3 + 10 + 1)  # the plank done
    session.update()
    assert view_of(session).session_left == "1/2 steps done · 0:18 left"
    session.previous()  # back to the plank: it is to do again
    assert view_of(session).session_left.startswith("0/2 steps done · ")
    assert "%" not in view_of(session).session_left


# --- a timer's reminder, when it fires ---------------------------------------------------------

ICE = parse_routine(
    """
name = "Ice"
lead_in = 0

[[steps]]
name = "Ice pack"
kind = "timer"
duration = "20m"
remind_every = "5m"
reminder = "Check your skin."
""",
    "ice.toml",
)


def test_a_reminder_takes_the_label_for_ten_seconds_then_the_countdown_returns(
    clock: FakeClock,
) -> None:
    session = Session(ICE, clock=clock)
    session.start()
    clock.advance(299)
    session.update()
    before = view_of(session)
    assert before.label == "TIMER"
    assert before.detail == "Next reminder in 0:01: Check your skin."
    clock.advance(1)
    session.update()
    fired = view_of(session)
    assert fired.label == "REMINDER · Check your skin."
    assert fired.mood == "reminder"
    assert fired.detail == "5 min gone · 15:00 left"
    clock.advance(9.5)
    session.update()
    assert view_of(session).label == "REMINDER · Check your skin."
    clock.advance(0.5)
    session.update()
    after = view_of(session)
    assert after.label == "TIMER" and after.mood == "work"
    assert after.detail == "Next reminder in 4:50: Check your skin."


def test_a_reminder_too_close_to_the_end_is_not_shown(clock: FakeClock) -> None:
    routine = parse_routine(
        'name = "T"\nlead_in = 0\n[[steps]]\nname = "Heat"\nkind = "timer"\n'
        "duration = 20.5\nremind_every = 10\n",
        "t.toml",
    )
    session = Session(routine, clock=clock)
    session.start()
    clock.advance(10.2)
    session.update()
    assert view_of(session).label == "REMINDER"
    assert view_of(session).detail == "10 s gone · 0:11 left"
    clock.advance(10)  # 20 s: less than a second before the end, so no reminder is given
    session.update()
    assert view_of(session).label == "TIMER"


# --- what + and - say they do --------------------------------------------------------------------


def test_plus_and_minus_are_labelled_by_what_they_change(clock: FakeClock) -> None:
    routine = parse_routine(
        'name = "K"\nlead_in = 2\n'
        '[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 5\n'
        '[[steps]]\nname = "Clam"\nkind = "reps"\nreps = 2\ntempo = 1\n'
        '[[steps]]\nname = "Bird dog"\nkind = "reps"\nreps = 1\ntempo = 1\nsides = "alternate"\n'
        '[[steps]]\nname = "Breaths"\nkind = "breathe"\ncycles = 1\n'
        '[[steps]]\nname = "Breathe a while"\nkind = "breathe"\nduration = 5\n',
        "k.toml",
    )
    session = Session(routine, clock=clock)
    session.start()
    seen = []
    while not session.finished:
        view = view_of(session)
        seen.append((session.phase.step.name, session.phase.kind.value, view.adjust))
        session.next()
    assert seen == [
        ("Plank", "get_ready", ("+10s", "-10s")),
        ("Plank", "work", ("+10s", "-10s")),
        ("Clam", "get_ready", ("+10s", "-10s")),
        ("Clam", "work", ("+1 rep", "-1 rep")),
        ("Bird dog", "get_ready", ("+10s", "-10s")),
        ("Bird dog", "work", ("+1 each side", "-1 each side")),
        ("Breaths", "get_ready", ("+10s", "-10s")),
        ("Breaths", "work", ("+1 breath", "-1 breath")),
        ("Breathe a while", "get_ready", ("+10s", "-10s")),
        ("Breathe a while", "work", ("+10s", "-10s")),
    ]


# --- the routine's safety notes at the start ------------------------------------------------------

SAFE = parse_routine(
    """
name = "Safe"
lead_in = 5
safety = ["Stop on sharp pain.", "Never put ice straight onto bare skin."]

[[steps]]
name = "Plank"
kind = "hold"
duration = 30
""",
    "safe.toml",
)


def test_reading_time_grows_with_the_notes_and_has_a_ceiling() -> None:
    assert reading_time(()) == 0
    assert reading_time(SAFE.safety) == 7  # 11 words: 3 s + 3.7 s, to the second
    assert reading_time(("word " * 1000,)) == 60


def test_the_notes_are_up_for_their_reading_time_then_the_get_ready_goes_on(
    clock: FakeClock,
) -> None:
    reading = reading_time(SAFE.safety)
    session = Session(SAFE, clock=clock, first_get_ready=reading)
    session.start()
    assert session.phase.duration == pytest.approx(5 + reading)
    assert view_of(session).safety == 0.0
    clock.advance(reading / 2)
    session.update()
    assert view_of(session).safety == pytest.approx(0.5)
    assert view_of(session).label == "GET READY"
    clock.advance(reading / 2)
    session.update()
    assert view_of(session).safety is None  # the usual get-ready's last 5 s
    assert view_of(session).clock == "0:05"


def test_no_notes_no_longer_get_ready(clock: FakeClock) -> None:
    session = Session(ROUTINE, clock=clock, first_get_ready=reading_time(ROUTINE.safety))
    session.start()
    assert session.phase.duration == 3
    assert view_of(session).safety is None
