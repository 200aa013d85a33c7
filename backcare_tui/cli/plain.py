"""Line mode: a whole session as plain lines of text, for screen readers, ssh and scripts.

``backcare run ROUTINE --plain`` lands here. Each event worth hearing becomes one line,
``[mm:ss] what happens``, stamped with the session time the event was due at (not the moment it
was printed) and flushed at once. No Textual and no rich: routine text is printed exactly as
written, so a name such as ``[bold]x[/]`` shows those characters; only a control character is
written as an escape (``\u001b``), so no line can rewrite another or retitle the terminal.
"""

from __future__ import annotations

import contextlib
import math
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import TextIO

from backcare_tui.core.clock import Clock, default_clock
from backcare_tui.core.durations import brief_duration, count, format_duration
from backcare_tui.core.events import Event, EventKind, EventSink
from backcare_tui.core.phases import Phase, PhaseKind, side_count
from backcare_tui.core.routine import BreathPart, Routine, Step, StepKind, StepSides
from backcare_tui.core.runner import SessionRunner
from backcare_tui.core.safety import reading_time
from backcare_tui.core.session import Session
from backcare_tui.core.text import printable
from backcare_tui.core.words import BREATH_WORDS, breathing_pattern, side_words, work_amount

__all__ = ["EXIT_INTERRUPTED", "describe", "run_plain", "stamp"]

EXIT_INTERRUPTED = 130
"""The exit status shells expect after Ctrl+C (128 + SIGINT)."""

MAX_WAIT = 0.1
"""Longest sleep between looks at the clock, so a line is never much later than its moment."""

ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that end a session as Ctrl+C does: ``kill`` or a shutdown, and a terminal closed."""


class Ended(BaseException):
    """A signal asked the process to end (not an ``Exception``: no sink may swallow it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_ended(signum: int, frame: FrameType | None) -> None:
    raise Ended(signum)


@contextlib.contextmanager
def ending_signals_stop_the_session() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise :class:`Ended` instead of killing the process at
    once, so the session is closed (history marks it stopped early) before the process goes.

    Signals belong to the main thread; elsewhere (a test running line mode in a thread) this
    does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_ended) for signum in ENDING_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def stamp(seconds: float) -> str:
    """Session time as ``mm:ss``, or ``h:mm:ss`` from an hour on (whole seconds, rounded down)."""
    # The small allowance keeps 29.999999999 (float arithmetic) from showing as 00:29.
    total = max(0, math.floor(seconds + 1e-6))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def _step_dose(step: Step) -> str:
    """What the whole step asks for, said before it starts: ``hold 30 s per side``."""
    if step.kind is StepKind.REPS:
        dose = step.summary()
        return dose + ", alternating" if step.sides is StepSides.ALTERNATE else dose
    if step.kind is StepKind.BREATHE:
        return f"{step.summary()}, {breathing_pattern(step)}"
    return f"{step.kind.value} {step.summary()}"


def _work_dose(phase: Phase) -> str:
    """What this one phase of work asks for: ``hold 30 s``, ``10 reps per side, alternating``."""
    step = phase.step
    if phase.is_reps:
        if step.sides is StepSides.ALTERNATE:
            return f"{count(step.reps or 0, 'rep')} per side, alternating"
        return work_amount(phase, exact=True)
    if phase.is_breathing:
        if step.cycles is not None:
            amount = count(step.cycles, "breath")
        else:
            amount = work_amount(phase, exact=True)
        return f"{amount}, {breathing_pattern(step)}"
    return f"{step.kind.value} {work_amount(phase, exact=True)}"


def _phase_started(phase: Phase, session: Session) -> str | None:
    step = phase.step
    if phase.kind is PhaseKind.GET_READY:
        return f"Get ready: {step.name} ({_step_dose(step)})"
    if phase.kind is PhaseKind.SWITCH_SIDES:
        return None  # the switch-sides event that comes with it says it
    if phase.kind is PhaseKind.REST:
        return f"Rest {brief_duration(phase.duration)} before set {phase.set_number} of {step.sets}"
    if step.kind is StepKind.REST:
        steps = session.routine.steps
        following = phase.step_index + 1
        after = f". Next: {steps[following].name}" if following < len(steps) else ""
        if step.name.strip().lower() == "rest":
            return f"Rest {brief_duration(phase.duration)}{after}"
        return f"{step.name}: rest {brief_duration(phase.duration)}{after}"
    label = step.name
    if step.sets > 1:
        label += f", set {phase.set_number} of {step.sets}"
    if phase.side is not None:
        label += f", {side_words(phase.side)}"
    return f"{label}: {_work_dose(phase)}"


def _reminder(event: Event) -> str:
    """A reminder as a line of its own, marked in capitals so it stands out in the scroll."""
    step = event.phase.step
    gone = (event.value or 1) * (step.remind_every or 0)
    left = format_duration(event.phase.duration - gone)
    if step.reminder:
        said = step.reminder.strip()
        said = said if said.endswith((".", "!", "?")) else f"{said}."
        return f"REMINDER: {said} {left} left."
    return f"REMINDER: {format_duration(gone)} gone, {left} left."


def describe(event: Event, session: Session) -> list[str]:
    """The lines (without time stamps) that say ``event``; empty for events nobody needs to hear."""
    phase = event.phase
    kind = event.kind
    if kind is EventKind.PHASE_STARTED:
        text = _phase_started(phase, session)
        if text is None:
            return []
        if phase.kind is PhaseKind.GET_READY and phase.step.instructions:
            return [text, phase.step.instructions]
        return [text]
    if kind is EventKind.SWITCH_SIDES:
        return [f"Switch sides: {side_words(event.side)} next"]
    if kind is EventKind.COUNTDOWN:
        return [f"{event.value}…"]
    if kind is EventKind.HALFWAY:
        return [f"Halfway: {format_duration(phase.duration / 2)} to go"]
    if kind is EventKind.REP:
        number = event.value or 0
        if event.side is not None and phase.side is None:
            # Alternating: what the user counts, and what the voice says, is per side.
            per_side = phase.step.reps or 0
            return [f"{event.side.value.capitalize()} {side_count(number)} of {per_side}"]
        return [f"Rep {number} of {phase.reps}"]
    if kind is EventKind.REMINDER:
        return [_reminder(event)]
    if kind is EventKind.BREATH:
        words = BREATH_WORDS[event.breath] if event.breath is not None else "Breathe"
        if event.breath is not BreathPart.IN:
            return [words]
        if phase.step.cycles is not None:
            return [f"{words} ({event.value} of {phase.step.cycles})"]
        return [f"{words} ({event.value})"]
    if kind is EventKind.SESSION_DONE:
        return [f"Session complete: {session.routine.name}, {format_duration(event.elapsed)}"]
    if kind is EventKind.PAUSED:
        if event.value is not None:  # the clock jumped: see Session.slept_for
            return [f"Paused: the computer was asleep for {format_duration(event.value)}"]
        return ["Paused"]
    if kind is EventKind.RESUMED:
        return ["Resumed"]
    return []  # phase done, step done, adjusted: the next line says what matters


def _seconds_to_wait(session: Session) -> float:
    """Sleep until the phase ends or its countdown ticks over, whichever comes first (capped)."""
    remaining = session.phase_remaining
    # Countdown cues fall where the time left is a whole number of seconds.
    to_whole_second = remaining % 1.0
    candidates = [MAX_WAIT, remaining]
    if to_whole_second > 1e-3:
        candidates.append(to_whole_second)
    return max(0.0, min(candidates))


class _Printer:
    """Writes stamped lines to ``out`` and flushes each one, so it shows as it happens."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def line(self, text: str) -> None:
        text = printable(text, lines=True)  # a multi-line instruction stays on its lines
        try:
            self.out.write(text + "\n")
        except UnicodeEncodeError:
            # A terminal that cannot show some character (… or ×) still gets the rest.
            encoding = getattr(self.out, "encoding", None) or "ascii"
            self.out.write(text.encode(encoding, "replace").decode(encoding) + "\n")
        self.out.flush()

    def events(self, events: list[Event], session: Session) -> None:
        for event in events:
            for text in describe(event, session):
                self.line(f"[{stamp(event.elapsed)}] {text}")


def run_plain(
    routine: Routine,
    *,
    sinks: Sequence[EventSink] = (),
    clock: Clock = default_clock,
    out: TextIO | None = None,
    sleep: Callable[[float], None] = time.sleep,
    before_start: Callable[[Session], None] | None = None,
    notices: Sequence[str] = (),
) -> int:
    """Run a whole session in line mode; return the exit status: 0, or 130 after Ctrl+C, or
    128 + the signal's number after SIGTERM or SIGHUP (see :class:`Ended`).

    ``out`` defaults to the current ``sys.stdout``. Every event list goes to each sink's
    ``handle`` as well, and each sink is closed at the end, however the session ends.
    ``before_start`` is given the session before it starts (the sound fits its get-readies to
    its words there); ``notices`` are printed once, after the opening lines (sound is off, say).
    """
    printer = _Printer(out if out is not None else sys.stdout)
    # The notes are printed (and said) first: the first get-ready leaves time to read them,
    # as the app's does.
    session = Session(routine, clock, first_get_ready=reading_time(routine.safety))
    if before_start is not None:
        before_start(session)
    failed: set[int] = set()

    def problem(sink: EventSink, exc: Exception) -> None:
        # Sound or history going wrong must not stop the session; say so once, on stderr.
        if id(sink) not in failed:
            failed.add(id(sink))
            print(
                printable(f"{type(sink).__name__} failed ({exc!r}); the session goes on."),
                file=sys.stderr,
                flush=True,
            )

    runner = SessionRunner(session, sinks, on_problem=problem)

    def emit(events: list[Event]) -> None:
        printer.events(events, session)
        runner.deliver(events)

    try:
        with ending_signals_stop_the_session():
            return _run(routine, session, printer, emit, sleep, notices)
    except KeyboardInterrupt:
        if printer.out.isatty():
            printer.out.write("\n")  # step past the ^C the terminal echoed
        printer.line(_stopped(session))
        return EXIT_INTERRUPTED
    except Ended as ended:
        # After a hang-up there may be no terminal left to tell; the history is told either way.
        with contextlib.suppress(OSError, ValueError):
            printer.line(_stopped(session))
        return 128 + ended.signum
    finally:
        runner.close()


def _stopped(session: Session) -> str:
    return f"Stopped at [{stamp(session.elapsed)}] during {session.phase.step.name}."


def _run(
    routine: Routine,
    session: Session,
    printer: _Printer,
    emit: Callable[[list[Event]], None],
    sleep: Callable[[float], None],
    notices: Sequence[str],
) -> int:
    """The session from its first line to its end (what :func:`run_plain` wraps)."""
    printer.line(
        f"{routine.name}: {count(len(routine.steps), 'step')}, "
        f"{format_duration(session.remaining)}."
        " Press Ctrl+C to stop."
    )
    for note in routine.safety:
        printer.line(f"Safety: {note}")
    for notice in notices:
        printer.line(notice)
    emit(session.start())
    while not session.finished:
        wait = _seconds_to_wait(session)
        if wait > 0:
            sleep(wait)
        emit(session.update())
        if session.paused:
            # Only a clock jump pauses a line-mode session (no key can), and no key can
            # resume it either: having said so, go on from where it was.
            emit(session.resume())
    return 0
