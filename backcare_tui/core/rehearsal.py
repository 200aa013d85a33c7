"""A session run ahead of time, start to end, on a clock that jumps from one moment to the next.

Whoever prepares for a session (speech rendered before it is needed) asks the engine itself
which events a session raises, and when, rather than restating the engine's rules: which
holds get a halfway, how often a reminder comes, which parts a breath has.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from backcare_tui.core.events import Event
from backcare_tui.core.routine import Routine
from backcare_tui.core.session import Session

__all__ = ["rehearse"]


def rehearse(routine: Routine, lead_ins: Sequence[float] | None = None) -> Iterator[Event]:
    """Every event a session of ``routine`` raises when left to run to the end, in order.

    ``lead_ins`` lengthens its get-readies, as :class:`Session` does.

    No time passes: the clock is moved straight to each moment the engine has scheduled, so a
    20-minute routine is rehearsed in a few milliseconds. Keys the user might press (pause,
    next, +10 s) are not rehearsed.
    """
    now = 0.0
    session = Session(routine, clock=lambda: now, lead_ins=lead_ins)
    yield from session.start()
    while not session.finished:
        moment = session.next_moment()
        assert moment is not None, "a running session always has a next moment"
        now = moment
        yield from session.update()
