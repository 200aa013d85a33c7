"""The session engine: the phases of a routine run against an injected clock.

No Textual here. The engine never counts ticks: each phase has a deadline on the clock, every
scheduled moment (a countdown second, a rep, a reminder, a breath) is computed from the phase's
start, and whoever drives the engine calls :meth:`Session.update` as often as it likes. A late
or missed call loses nothing: the next one replays every moment that fell due, in order, each
stamped with the exact session time it was due at. Pausing moves the deadline. A call too late
to be a busy machine's (:data:`CLOCK_JUMP`) pauses the session instead.

Every method that changes state returns the :class:`Event` list it caused, so the UI, sound and
history see each event exactly once and in order. The state those methods move, and all that is
read from it (elapsed, remaining, steps done), is :class:`~.session_state.SessionState`, which
:class:`Session` extends.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypedDict, Unpack

from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.phases import PhaseKind, Side, adjust_step, side_for_rep
from backcare_tui.core.routine import BreathPart, StepKind, StepSides
from backcare_tui.core.session_state import COUNTDOWN_FROM, SessionState, StepStatus

__all__ = ["CLOCK_JUMP", "HALFWAY_MIN", "SKIP_GRACE", "Session"]

HALFWAY_MIN = 20.0
"""Holds and timers shorter than this get no halfway event: it would only be noise."""
SKIP_GRACE = 1.0
"""Ending a work phase with less than this left counts as finishing it, not skipping it."""
CLOCK_JUMP = 30.0
"""Seconds past the next scheduled moment beyond which a late look at the clock means the
machine slept (lid shut) or the process was stopped: replaying would count every hold as done
while nobody held it, so the session pauses where it last saw the clock and says how long it
was away (:attr:`Session.slept_for`, the PAUSED event's value). A busy machine is late by a
second or two (ticks up to 2.5 s apart in the tests; the app never sleeps over a second)."""


class _Details(TypedDict, total=False):
    """What an :class:`Event` may say besides its kind, phase and time."""

    value: int | None
    side: Side | None
    breath: BreathPart | None
    skipped: bool
    manual: bool
    left: float | None


class Session(SessionState):
    """One run through a routine. Drive it with :meth:`update`; the clock is injected."""

    # --- when to look again ---------------------------------------------------------------------

    def next_moment(self) -> float | None:
        """The clock time of the next scheduled event or deadline (None when idle)."""
        if not self.started or self.finished or self.paused:
            return None
        return min([self._deadline, *(c[0] for c in self._scheduled())])

    # --- driving it ---------------------------------------------------------------------------

    def fit_lead_ins(self, lead_ins: Sequence[float]) -> None:
        """Lengthen each step's get-ready to ``lead_ins`` (one a step) before the session starts.

        What is said at a get-ready (the exercise, its dose, the routine's safety notes) must be
        over before its countdown; the sound asks for the time it needs here. Only before
        :meth:`start`: a plan never changes under a running session.
        """
        if self.started:
            raise RuntimeError("the lead-ins of a started session cannot change")
        self.lead_ins = tuple(lead_ins)
        self.phases = self._plan(lead_ins)
        self.phase_adjusted = [0.0] * len(self.phases)

    def start(self) -> list[Event]:
        """Begin the first phase now."""
        if self.started:
            return []
        self.started = True
        self._start = self._last_seen = self.clock()
        return self._enter(0, self._start)

    def update(self) -> list[Event]:
        """Everything that fell due since the last call, in order. Call as often as you like.
        After a clock jump (:data:`CLOCK_JUMP`), only the PAUSED event of the pause it causes."""
        if not self.started or self.finished or self.paused:
            return []
        now = self.clock()
        due = self.next_moment()
        if due is not None and now - due > CLOCK_JUMP:
            return self._slept(now)
        self._last_seen = now
        events: list[Event] = []
        while not self.finished:
            events += self._due(min(now, self._deadline))
            if now < self._deadline:
                break
            events += self._leave(self._deadline, skipped=False)
        return events

    def _slept(self, now: float) -> list[Event]:
        """Pause where the clock was last seen: all due up to then was handed out by that call;
        the time since was not exercise."""
        self._paused_at = self._last_seen
        self.slept_for = now - self._last_seen
        return [self._event(EventKind.PAUSED, self._paused_at, value=round(self.slept_for))]

    def pause(self) -> list[Event]:
        if not self.started or self.finished or self.paused:
            return []
        events = self.update()
        if self.finished or self.paused:  # ended, or found the machine had been asleep
            return events
        self._paused_at = self.clock()
        return [*events, self._event(EventKind.PAUSED, self._paused_at)]

    def resume(self) -> list[Event]:
        if self._paused_at is None:
            return []
        now = self.clock()
        shift = now - self._paused_at
        self._paused_total += shift
        self._phase_start += shift
        self._deadline += shift
        self._rep_anchor += shift
        self._paused_at = None
        self._last_seen = now
        self.slept_for = None
        return [self._event(EventKind.RESUMED, now)]

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.paused else self.pause()

    def next(self) -> list[Event]:
        """End the current phase now and start the next one."""
        if not self.started or self.finished:
            return []
        events = self.update()
        if self.finished:
            return events
        now = self._now()
        # A rest step cut short counts as skipped too: it was not done.
        skipped = self.phase.kind is PhaseKind.WORK and self._deadline - now > SKIP_GRACE
        return [*events, *self._leave(now, skipped=skipped)]

    def previous(self) -> list[Event]:
        """Go back to the start of the previous step (the first step restarts)."""
        if not self.started or self.finished:
            return []
        target = max(0, self.phase.step_index - 1)
        return self._jump_to_step(target)

    def restart_step(self) -> list[Event]:
        """Start the current step again from its get-ready."""
        if not self.started or self.finished:
            return []
        return self._jump_to_step(self.phase.step_index)

    def adjust(self, seconds: float) -> list[Event]:
        """Lengthen (+) or shorten (-) the current phase by ``seconds``.

        Only the sign counts where the step is counted rather than timed (see
        :func:`adjust_step`): a reps phase gains or drops a rep (a pair when they alternate), a
        breathing phase counted in breaths a whole breath.
        """
        if not self.started or self.finished or seconds == 0:
            return []
        events = self.update()
        if self.finished:
            return events
        now = self._now()
        phase = self.phase
        if phase.is_reps:
            change = adjust_step(phase) if seconds > 0 else -adjust_step(phase)
            if self.rep_target + change < max(1, self.rep_count + 1):
                return events + self._leave(now, skipped=False, dose=self.rep_count)
            self.rep_target += round(change)
            delta = change * phase.step.tempo
            self._deadline += delta
            self._record_adjust(delta)
            self._recount(now)
            self._note_dose()
            return [*events, self._event(EventKind.ADJUSTED, now, value=round(change))]
        if phase.is_breathing and phase.step.cycles is not None:
            seconds = math.copysign(adjust_step(phase), seconds)  # a whole breath more or less
        new_deadline = self._deadline + seconds
        if new_deadline - now < 0.5:
            self._record_adjust(now - self._deadline)
            return events + self._leave(now, skipped=False, dose=now - self._phase_start)
        self._deadline = new_deadline
        self._record_adjust(seconds)
        self._recount(now)
        self._note_dose()
        events.append(self._event(EventKind.ADJUSTED, now, value=round(seconds)))
        if not self._halfway_done and self._phase_start + self.phase_duration / 2 < now:
            # Shortened past its new halfway point: say so now rather than stamp it in the past,
            # after events that came later.
            self._halfway_done = True
            events.append(self._event(EventKind.HALFWAY, now))
        return events

    def count_rep(self) -> list[Event]:
        """The user counted a rep by hand: count it now and restart the tempo from here."""
        if not self.started or self.finished or self.paused:
            return []
        events = self.update()
        phase = self.phase
        if self.finished or self.paused or not phase.is_reps:
            return events
        now = self.clock()
        events.append(self._rep(now, manual=True))
        if self.rep_count >= self.rep_target:
            self._deadline = now
            return events + self._leave(now, skipped=False)
        self._deadline = now + (self.rep_target - self.rep_count) * phase.step.tempo
        self._recount(now)
        return events

    # --- inside ---------------------------------------------------------------------------------

    def _elapsed_at(self, moment: float) -> float:
        return moment - self._start - self._paused_total

    def _event(self, kind: EventKind, moment: float, **details: Unpack[_Details]) -> Event:
        return Event(kind, self.phase, self._elapsed_at(moment), **details)

    def _recount(self, now: float) -> None:
        """The deadline moved: count down afresh the whole seconds still ahead of it.

        Only moments still to come: a count due this very instant would sound on top of the key
        press (a rep counted by hand) that moved the deadline.
        """
        self._countdown_next = max(0, min(COUNTDOWN_FROM, math.ceil(self._deadline - now) - 1))

    def _record_adjust(self, delta: float) -> None:
        self.adjusted[self.phase.step_index] += delta
        self.phase_adjusted[self.index] += delta

    def _note_dose(self, dose: float | None = None) -> None:
        """Keep ``dose`` (default: as it stands) as the current work phase's, last in
        :attr:`doses`, the latest used."""
        if not self.phase.is_work:
            return
        if dose is None:
            dose = self.rep_target if self.phase.is_reps else self.phase_duration
        self.doses.pop(self.index, None)
        self.doses[self.index] = dose

    def _enter(self, index: int, moment: float) -> list[Event]:
        self.index = index
        phase = self.phases[index]
        self._phase_start = moment
        self._deadline = moment + phase.duration
        self._rep_anchor = moment
        self.rep_count = 0
        self.rep_target = phase.reps
        self._countdown_next = COUNTDOWN_FROM
        while self._countdown_next > 0 and phase.duration <= self._countdown_next:
            self._countdown_next -= 1
        self._halfway_done = not (
            phase.is_work
            and phase.step.kind in (StepKind.HOLD, StepKind.TIMER)
            and phase.duration >= HALFWAY_MIN
        )
        self._reminders = 0
        self._breaths = 0
        events: list[Event] = []
        if phase.announce_switch:
            events.append(self._event(EventKind.SWITCH_SIDES, moment, side=phase.side))
        events.append(self._event(EventKind.PHASE_STARTED, moment, side=phase.side))
        if phase.kind is PhaseKind.SWITCH_SIDES:
            events.append(self._event(EventKind.SWITCH_SIDES, moment, side=phase.side))
        return events

    def _leave(self, moment: float, *, skipped: bool, dose: float | None = None) -> list[Event]:
        """End the current phase at ``moment``; ``dose``: what it came to, if cut short by -."""
        phase = self.phase
        events = [self._event(EventKind.PHASE_DONE, moment, skipped=skipped, side=phase.side)]
        if not skipped:
            self._note_dose(dose)
        if skipped:
            self.step_status[phase.step_index] = StepStatus.SKIPPED
        following = self.next_phase
        if following is None or following.step_index != phase.step_index:
            if self.step_status[phase.step_index] is StepStatus.PENDING:
                self.step_status[phase.step_index] = StepStatus.DONE
            events.append(self._event(EventKind.STEP_DONE, moment, value=phase.step_index))
        if following is None:
            self.finished = True
            self._finished_at = moment
            self._paused_at = None
            events.append(self._event(EventKind.SESSION_DONE, moment))
            return events
        return events + self._enter(following.index, moment)

    def _jump_to_step(self, step_index: int) -> list[Event]:
        events = self.update()
        if self.finished:
            return events
        now = self._now()
        # Left before its end: say so (sound plays no "done" for it), though going back is not
        # skipping a step, so no step is marked skipped.
        cut_short = self._deadline - now > SKIP_GRACE
        if not cut_short:
            self._note_dose()  # as good as done, as with next
        events.append(
            self._event(EventKind.PHASE_DONE, now, skipped=cut_short, side=self.phase.side)
        )
        for i in range(step_index, len(self.step_status)):
            self.step_status[i] = StepStatus.PENDING
        first = next(p.index for p in self.phases if p.step_index == step_index)
        return events + self._enter(first, now)

    def _rep(self, moment: float, *, manual: bool = False) -> Event:
        self.rep_count += 1
        self._rep_anchor = moment
        side = (
            side_for_rep(self.rep_count)
            if self.phase.step.sides is StepSides.ALTERNATE
            else self.phase.side
        )
        return self._event(EventKind.REP, moment, value=self.rep_count, side=side, manual=manual)

    def _breath_parts(self) -> list[tuple[BreathPart, float]]:
        """Each part of a breath, with when it starts, in seconds from the breath's start."""
        parts: list[tuple[BreathPart, float]] = []
        start = 0.0
        for part, length in self.phase.step.breath_parts:
            parts.append((part, start))
            start += length
        return parts

    def _scheduled(self) -> list[tuple[float, int, str]]:
        """The next due moment of each stream that has one: (time, order, stream)."""
        phase = self.phase
        step = phase.step
        found: list[tuple[float, int, str]] = []
        if phase.is_breathing:
            parts = self._breath_parts()
            cycle, part = divmod(self._breaths, len(parts))
            moment = self._phase_start + cycle * step.breath_cycle + parts[part][1]
            if moment < self._deadline:
                found.append((moment, 0, "breath"))
        if phase.is_reps and self.rep_count < self.rep_target:
            # The last rep falls on the deadline; adding the tempo rep by rep can land a float a
            # hair past it, and that rep would then never be counted.
            found.append((min(self._rep_anchor + step.tempo, self._deadline), 1, "rep"))
        if (at := self.next_reminder_at) is not None:
            found.append((self._phase_start + at, 2, "reminder"))
        if not self._halfway_done:
            found.append((self._phase_start + self.phase_duration / 2, 3, "halfway"))
        if self._countdown_next > 0:
            found.append((self._deadline - self._countdown_next, 4, "countdown"))
        return found

    def _due(self, until: float) -> list[Event]:
        """Emit every scheduled moment up to ``until``, earliest first."""
        events: list[Event] = []
        while True:
            candidates = [c for c in self._scheduled() if c[0] <= until]
            if not candidates:
                return events
            moment, _, stream = min(candidates)
            if stream == "breath":
                parts = self._breath_parts()
                cycle, part = divmod(self._breaths, len(parts))
                self._breaths += 1
                events.append(
                    self._event(EventKind.BREATH, moment, value=cycle + 1, breath=parts[part][0])
                )
            elif stream == "rep":
                events.append(self._rep(moment))
            elif stream == "reminder":
                self._reminders += 1
                events.append(
                    self._event(
                        EventKind.REMINDER,
                        moment,
                        value=self._reminders,
                        left=self._deadline - moment,
                    )
                )
            elif stream == "halfway":
                self._halfway_done = True
                events.append(self._event(EventKind.HALFWAY, moment))
            else:
                events.append(self._event(EventKind.COUNTDOWN, moment, value=self._countdown_next))
                self._countdown_next -= 1
