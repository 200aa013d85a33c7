"""What the session screen says, worked out from a session with a hand-moved clock."""

from __future__ import annotations

from backcare_tui.core.loader import parse_routine
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
    assert view.detail == "0 of 8 done · next: left · 0:16 left"
    assert view.label == "REPS · LEFT"


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
