"""What a session is at any moment, and everything read from it: the state under the engine.

:class:`SessionState` holds a run's plan and where it stands (the phase, each step's status, the
doses used, the deadline and pauses) and answers questions about it (elapsed, remaining, steps
done, the part of the breath now). It never changes itself: :class:`~.session.Session` adds the
driving (start, update, pause, next, + and -). Kept apart so that the engine's rules for moving
through time read on their own, and what the screen, sound and history read sits in one place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum

from backcare_tui.core.clock import Clock, default_clock
from backcare_tui.core.phases import Phase, session_plan
from backcare_tui.core.routine import BreathPart, Routine, Step

__all__ = ["COUNTDOWN_FROM", "SessionState", "StepStatus"]

COUNTDOWN_FROM = 3
"""The seconds counted aloud before a phase ends (fewer when the phase is shorter)."""


class StepStatus(StrEnum):
    """How a step of the session ended, so far."""

    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"


class SessionState:
    """A run through a routine as it stands. :class:`~.session.Session` moves it along."""

    def __init__(
        self,
        routine: Routine,
        clock: Clock = default_clock,
        *,
        lead_ins: Sequence[float] | None = None,
        first_get_ready: float = 0.0,
    ) -> None:
        """``lead_ins`` lengthens each step's get-ready (see :func:`~.phases.lead_ins_of`).

        ``first_get_ready`` is the least the first get-ready may last (one is made if the
        routine has none), for something to be read before the first exercise: its safety
        notes. Spoken words that take longer (``lead_ins``) win.
        """
        self.routine = routine
        self.clock = clock
        self.lead_ins = tuple(lead_ins) if lead_ins is not None else None
        """The lengthened get-readies the plan was made with (None: the routine's own)."""
        self.first_get_ready = first_get_ready
        self.phases = self._plan(lead_ins)
        if not self.phases:
            raise ValueError(f"routine {routine.id!r} has no phases to run")
        self.index = 0
        self.started = False
        self.finished = False
        self.step_status = [StepStatus.PENDING] * len(routine.steps)
        self.adjusted = [0.0] * len(routine.steps)
        """Net seconds added (+) or removed (-) per step with + and -."""
        self.phase_adjusted = [0.0] * len(self.phases)
        self.doses: dict[int, float] = {}
        """The dose of each work phase as the user last used it, by phase index, in the order
        last used: seconds, or the reps of the run for a reps phase. A phase gets its entry when
        it runs to its end (or to an end brought forward with -) and whenever + or - changes it;
        a phase skipped untouched, or never reached, has none. The summary saves these."""
        self.rep_count = 0
        self.rep_target = 0
        self._start = 0.0
        self._paused_total = 0.0
        self._paused_at: float | None = None
        self._phase_start = 0.0
        self._deadline = 0.0
        self._rep_anchor = 0.0
        self._countdown_next = COUNTDOWN_FROM
        self._halfway_done = False
        self._reminders = 0
        self._breaths = 0
        self._finished_at = 0.0
        self._last_seen = 0.0
        """The clock when the session last looked at it: where a sleep is taken to have begun."""
        self.slept_for: float | None = None
        """While a pause caused by a clock jump lasts: how long the machine was away, in seconds."""

    # --- reading the state ------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        """The phase running now (the last one once the session is finished)."""
        return self.phases[self.index]

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def _now(self) -> float:
        return self._paused_at if self._paused_at is not None else self.clock()

    @property
    def elapsed(self) -> float:
        """Session time so far, pauses left out."""
        if not self.started:
            return 0.0
        end = self._finished_at if self.finished else self._now()
        return end - self._start - self._paused_total

    @property
    def phase_duration(self) -> float:
        """The current phase's length as it stands, adjustments included."""
        return self._deadline - self._phase_start

    @property
    def reminders_given(self) -> int:
        """The REMINDER events the current phase has given so far."""
        return self._reminders

    @property
    def next_reminder_at(self) -> float | None:
        """Seconds into the current phase when its next reminder falls: every ``remind_every``
        from its start, but none within a second of its end. None when no more will."""
        phase = self.phase
        every = phase.step.remind_every
        if not every or not phase.is_work:
            return None
        at = (self._reminders + 1) * every
        return at if at < self.phase_duration - 1 else None

    @property
    def phase_elapsed(self) -> float:
        if not self.started:
            return 0.0
        return min(self.phase_duration, max(0.0, self._now() - self._phase_start))

    @property
    def phase_remaining(self) -> float:
        if not self.started:
            return self.phase.duration
        if self.finished:
            return 0.0
        return max(0.0, self._deadline - self._now())

    @property
    def remaining(self) -> float:
        """Session time left if it runs to the end from here."""
        if self.finished:
            return 0.0
        later = math.fsum(p.duration for p in self.phases[self.index + 1 :])
        return self.phase_remaining + later

    @property
    def total(self) -> float:
        """Elapsed plus remaining: the session's length as it now looks."""
        return self.elapsed + self.remaining

    @property
    def steps_done(self) -> int:
        return sum(1 for s in self.step_status if s is StepStatus.DONE)

    @property
    def steps_skipped(self) -> int:
        return sum(1 for s in self.step_status if s is StepStatus.SKIPPED)

    @property
    def steps_extended(self) -> int:
        return sum(1 for a in self.adjusted if a > 0)

    @property
    def steps_shortened(self) -> int:
        return sum(1 for a in self.adjusted if a < 0)

    @property
    def steps_left(self) -> int:
        return sum(1 for s in self.step_status if s is StepStatus.PENDING)

    @property
    def next_phase(self) -> Phase | None:
        return self.phases[self.index + 1] if self.index + 1 < len(self.phases) else None

    @property
    def next_step(self) -> Step | None:
        """The step after the current one, for "next up"."""
        following = self.phase.step_index + 1
        steps = self.routine.steps
        return steps[following] if following < len(steps) else None

    def breath_now(self) -> tuple[BreathPart, float]:
        """On a breathe phase: the part of the breath now, and the fraction of it done."""
        step = self.phase.step
        into = self.phase_elapsed % step.breath_cycle
        for part, length in step.breath_parts:
            if into < length:
                return part, into / length
            into -= length
        return BreathPart.OUT, 1.0

    # --- its plan ---------------------------------------------------------------------------------

    def _plan(self, lead_ins: Sequence[float] | None) -> tuple[Phase, ...]:
        """The phases for ``lead_ins``, the first get-ready long enough for its reading."""
        return session_plan(self.routine, lead_ins, self.first_get_ready)
