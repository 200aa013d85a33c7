"""A rehearsal raises exactly the events a session left to run raises, in order, at once."""

from __future__ import annotations

from backcare_tui.core.events import Event
from backcare_tui.core.rehearsal import rehearse
from backcare_tui.core.routine import StepSides
from backcare_tui.core.session import Session
from tests.core.steps import breathe, hold, reps, rest, routine, timer
from tests.fakes import FakeClock


def _said(events: list[Event]) -> list[tuple[object, ...]]:
    return [(e.kind, e.phase.index, e.value, e.side, e.breath, round(e.elapsed, 6)) for e in events]


def test_a_rehearsal_is_the_session_run_to_the_end(clock: FakeClock) -> None:
    r = routine(
        hold(30, sides=StepSides.EACH, sets=2, rest_between=5),
        reps(3, tempo=2, sides=StepSides.ALTERNATE),
        rest(10),
        timer(60, remind_every=20),
        breathe(cycles=2, breath_hold=1),
    )
    session = Session(r, clock=clock)
    events = session.start()
    while not session.finished:
        clock.advance(0.125)
        events += session.update()
    assert _said(list(rehearse(r))) == _said(events)
