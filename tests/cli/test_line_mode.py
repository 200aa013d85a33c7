"""Line mode: the exact lines a session prints, on a clock the test moves (no real sleeping)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from backcare_tui.cli.plain import EXIT_INTERRUPTED, MAX_WAIT, run_plain, stamp
from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.phases import session_total, total_time
from backcare_tui.core.routine import Routine
from backcare_tui.core.session import Session
from backcare_tui.data.catalog import load_routine
from tests.fakes import FakeClock, RecordingSink, Sleeper

WriteRoutine = Callable[..., Path]

SIDES_REPS_BREATHING = """\
name = "Line test"
lead_in = 2
safety = ["Stop if it hurts."]

[[steps]]
name = "Hip flexor stretch"
kind = "hold"
duration = 4
sides = true
rest_between = 2
instructions = "Kneel on one knee."

[[steps]]
name = "Bird dog"
kind = "reps"
reps = 2
tempo = 1
sides = "alternate"

[[steps]]
name = "Rest"
kind = "rest"
duration = 2

[[steps]]
name = "Slow breathing"
kind = "breathe"
cycles = 2
inhale = 1
hold = 1
exhale = 2
"""

EXPECTED = [
    "Line test: 4 steps, 35 s. Press Ctrl+C to stop.",
    "Safety: Stop if it hurts.",
    "[00:00] Get ready: Hip flexor stretch (hold 4 s per side)",
    "[00:00] Kneel on one knee.",
    "[00:04] 3…",
    "[00:05] 2…",
    "[00:06] 1…",
    "[00:07] Hip flexor stretch, left side: hold 4 s",
    "[00:08] 3…",
    "[00:09] 2…",
    "[00:10] 1…",
    "[00:11] Switch sides: right side next",
    "[00:12] 1…",
    "[00:13] Hip flexor stretch, right side: hold 4 s",
    "[00:14] 3…",
    "[00:15] 2…",
    "[00:16] 1…",
    "[00:17] Get ready: Bird dog (2 reps per side, alternating)",
    "[00:18] 1…",
    "[00:19] Bird dog: 2 reps per side, alternating",
    "[00:20] Left 1 of 2",
    "[00:20] 3…",
    "[00:21] Right 1 of 2",
    "[00:21] 2…",
    "[00:22] Left 2 of 2",
    "[00:22] 1…",
    "[00:23] Right 2 of 2",
    "[00:23] Rest 2 s. Next: Slow breathing",
    "[00:24] 1…",
    "[00:25] Get ready: Slow breathing (2 breaths, in 1 s, hold 1 s, out 2 s)",
    "[00:26] 1…",
    "[00:27] Slow breathing: 2 breaths, in 1 s, hold 1 s, out 2 s",
    "[00:27] Breathe in (1 of 2)",
    "[00:28] Hold",
    "[00:29] Breathe out",
    "[00:31] Breathe in (2 of 2)",
    "[00:32] Hold",
    "[00:32] 3…",
    "[00:33] Breathe out",
    "[00:33] 2…",
    "[00:34] 1…",
    "[00:35] Session complete: Line test, 35 s",
]


def _run(routine: Routine, clock: FakeClock, sleeper: Sleeper, **kwargs: object) -> tuple[int, str]:
    out = io.StringIO()
    code = run_plain(routine, clock=clock, sleep=sleeper, out=out, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue()


@pytest.fixture
def line_test(write_routine: WriteRoutine) -> Routine:
    return load_routine(write_routine(SIDES_REPS_BREATHING))


def test_sides_reps_and_breathing_print_these_exact_lines(
    line_test: Routine, clock: FakeClock
) -> None:
    code, text = _run(line_test, clock, Sleeper(clock))
    assert code == 0
    assert text.splitlines() == EXPECTED
    # The first get-ready is 5 s longer, to read the safety note (see reading_time).
    assert total_time(line_test) == 30 and session_total(line_test) == 35


def test_a_late_wake_up_changes_no_line_and_no_time_stamp(
    line_test: Routine, clock: FakeClock
) -> None:
    # Sleeping 1.7 s too long every time: lines come out in bursts, each still stamped with
    # the moment it was due.
    code, text = _run(line_test, clock, Sleeper(clock, late=1.7))
    assert code == 0
    assert text.splitlines() == EXPECTED


def test_sleeps_are_short_and_never_a_busy_wait(line_test: Routine, clock: FakeClock) -> None:
    sleeper = Sleeper(clock)
    _run(line_test, clock, sleeper)
    assert all(0 < s <= MAX_WAIT + 1e-9 for s in sleeper.calls)
    # About ten looks at the clock a second, never thousands.
    assert len(sleeper.calls) <= session_total(line_test) * 10 * 1.5 + 20
    assert clock.now - 1000.0 == pytest.approx(session_total(line_test), abs=1e-6)


def test_every_event_goes_to_each_sink_in_order_and_sinks_are_closed(
    line_test: Routine, clock: FakeClock
) -> None:
    first, second = RecordingSink(), RecordingSink()
    _run(line_test, clock, Sleeper(clock), sinks=[first, second])
    events = [e for batch in first.batches for e in batch]
    assert events == [e for batch in second.batches for e in batch]
    assert events[0].kind is EventKind.PHASE_STARTED
    assert events[-1].kind is EventKind.SESSION_DONE
    assert [e.elapsed for e in events] == sorted(e.elapsed for e in events)
    assert len(first.sessions) == 1
    assert (first.closed, second.closed) == (1, 1)


class BrokenSink(RecordingSink):
    def handle(self, session: Session, events: list[Event]) -> None:
        super().handle(session, events)
        raise OSError("no sound card")


def test_a_failing_sink_is_reported_once_and_the_session_goes_on(
    line_test: Routine, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    broken, fine = BrokenSink(), RecordingSink()
    code, text = _run(line_test, clock, Sleeper(clock), sinks=[broken, fine])
    assert code == 0
    assert text.splitlines() == EXPECTED
    assert len(broken.batches) == len(fine.batches) > 1 and broken.closed == 1
    assert capsys.readouterr().err == (
        "BrokenSink failed (OSError('no sound card')); the session goes on.\n"
    )


def test_ctrl_c_stops_with_status_130_and_says_where(line_test: Routine, clock: FakeClock) -> None:
    sink = RecordingSink()
    code, text = _run(line_test, clock, Sleeper(clock, interrupt_at=12.05), sinks=[sink])
    assert code == EXIT_INTERRUPTED == 130
    lines = text.splitlines()
    assert lines[-1] == "Stopped at [00:12] during Hip flexor stretch."
    assert lines[-3:-1] == ["[00:11] Switch sides: right side next", "[00:12] 1…"]
    assert sink.closed == 1


class Suspended(Sleeper):
    """Sleeps as :class:`Sleeper` does; once the session is ``at`` seconds in, the machine
    sleeps ``away`` seconds more in one go (a lid shut), on the clock that counts through it."""

    def __init__(self, clock: FakeClock, *, at: float, away: float) -> None:
        super().__init__(clock)
        self.at, self.away = at, away

    def __call__(self, seconds: float) -> None:
        super().__call__(seconds)
        assert len(self.calls) < 5000, "the session never went on"
        if self.away and self.clock.now - self.start >= self.at:
            self.clock.advance(self.away)
            self.away = 0


def test_a_machine_asleep_mid_hold_says_so_and_goes_on_from_where_it_was(
    line_test: Routine, clock: FakeClock
) -> None:
    # Nobody can press a key in line mode, so the pause is said and the session goes on at once,
    # from the moment it was left: nothing is counted as done while the machine slept.
    sink = RecordingSink()
    code, text = _run(line_test, clock, Suspended(clock, at=12.05, away=12 * 60), sinks=[sink])
    assert code == 0
    at = EXPECTED.index("[00:12] 1…") + 1
    assert text.splitlines() == [
        *EXPECTED[:at],
        "[00:12] Paused: the computer was asleep for 12 min",
        "[00:12] Resumed",
        *EXPECTED[at:],
    ]
    kinds = [e.kind for e in sink.events]
    assert kinds.count(EventKind.PAUSED) == kinds.count(EventKind.RESUMED) == 1


def test_sets_rests_and_reminders(write_routine: WriteRoutine, clock: FakeClock) -> None:
    routine = load_routine(
        write_routine(
            """\
name = "Sets"
lead_in = 0

[[steps]]
name = "Plank"
kind = "hold"
duration = 3
sets = 2
rest_between = 2

[[steps]]
name = "Ice"
kind = "timer"
duration = 30
remind_every = 10
reminder = "Check your skin"

[[steps]]
name = "Heat"
kind = "timer"
duration = 25
remind_every = 20
"""
        )
    )
    _, text = _run(routine, clock, Sleeper(clock))
    assert text.splitlines()[1:] == [
        "[00:00] Plank, set 1 of 2: hold 3 s",
        "[00:01] 2…",
        "[00:02] 1…",
        "[00:03] Rest 2 s before set 2 of 2",
        "[00:04] 1…",
        "[00:05] Plank, set 2 of 2: hold 3 s",
        "[00:06] 2…",
        "[00:07] 1…",
        "[00:08] Ice: timer 30 s",
        "[00:18] REMINDER: Check your skin. 20 s left.",
        "[00:23] Halfway: 15 s to go",
        "[00:28] REMINDER: Check your skin. 10 s left.",
        "[00:35] 3…",
        "[00:36] 2…",
        "[00:37] 1…",
        "[00:38] Heat: timer 25 s",
        "[00:50] Halfway: 12 s to go",
        "[00:58] REMINDER: 20 s gone, 5 s left.",
        "[01:00] 3…",
        "[01:01] 2…",
        "[01:02] 1…",
        "[01:03] Session complete: Sets, 1 min 3 s",
    ]


def test_routine_text_is_printed_exactly_as_written(
    write_routine: WriteRoutine, clock: FakeClock
) -> None:
    routine = load_routine(
        write_routine(
            """\
name = "[bold]Loud[/bold] :smile:"
lead_in = 0
[[steps]]
name = "[red]Stretch[/]"
kind = "hold"
duration = 1
"""
        )
    )
    _, text = _run(routine, clock, Sleeper(clock))
    assert "[00:00] [red]Stretch[/]: hold 1 s" in text
    assert text.splitlines()[-1] == "[00:01] Session complete: [bold]Loud[/bold] :smile:, 1 s"


def test_a_terminal_that_cannot_show_the_ellipsis_still_gets_the_line(
    write_routine: WriteRoutine, clock: FakeClock
) -> None:
    routine = load_routine(
        write_routine(
            'name = "A"\nlead_in = 0\n[[steps]]\nname = "B"\nkind = "hold"\nduration = 2\n'
        )
    )
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", write_through=True)
    code = run_plain(routine, clock=clock, sleep=Sleeper(clock), out=out)
    assert code == 0
    assert b"[00:01] 1?\n" in raw.getvalue()


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "00:00"),
        (59.5, "00:59"),
        (29.9999999999, "00:30"),
        (61, "01:01"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3725, "1:02:05"),
    ],
)
def test_stamp(seconds: float, shown: str) -> None:
    assert stamp(seconds) == shown
