"""Progression gated on the back: where each step's dose stands, and why.

A step with a ``progress`` rule (:class:`~backcare_tui.core.routine.Progress`) has a **level**:
its dose is the file's own (the base) plus ``add`` per level, up to ``max``. Levels are read
from the journal of sessions, never from the file. The rules, in order, for each session of the
routine that was counted and did the step:

1. The session is judged (:func:`judge`): **stiffer** if the stiffness after it was higher than
   before it, or the next morning's check-in was higher than before it; **well** if neither,
   and at least one of them was rated; **unrated** otherwise (it counts neither way).
2. Stiffer: the run of good sessions starts again; the second stiffer session in a row takes
   the step back one level (never below the base).
3. Well, with the red-flag guard up (:mod:`backcare_tui.core.red_flag`): held where it is.
4. Well: after ``every`` good sessions in a row, one level up, until ``max``.

Each session also records the level it ran at. That record is the truth: replaying starts from
it, so a level never jumps because a rule was added to a routine with a long history, and a
base changed in the file starts the step again from the new base.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from backcare_tui.core.durations import count, format_duration
from backcare_tui.core.journal import Journal, SessionDone
from backcare_tui.core.red_flag import red_flag
from backcare_tui.core.routine import Routine, Step, StepKind

__all__ = [
    "Move",
    "Response",
    "StepProgress",
    "Verdict",
    "base_of",
    "dose_at",
    "dose_words",
    "dosed",
    "judge",
    "progress_of",
    "rule_words",
    "top_level",
    "with_level",
]


class Response(StrEnum):
    """How the back took a session."""

    WELL = "well"
    STIFFER = "stiffer"
    UNRATED = "unrated"


@dataclass(frozen=True)
class Verdict:
    """A session judged, with the ratings that decided it in words."""

    response: Response
    reason: str


def judge(session: SessionDone, journal: Journal) -> Verdict:
    """How the back took ``session``: after against before, and the next morning against before."""
    before = journal.before_rating(session)
    after = journal.after_rating(session)
    morning = journal.morning_after(session)
    if before is not None and after is not None and after > before:
        return Verdict(Response.STIFFER, f"stiffer after it ({before}, then {after})")
    baseline = before if before is not None else after
    if morning is not None and baseline is not None and morning.rating > baseline:
        return Verdict(
            Response.STIFFER, f"stiffer the next morning ({baseline}, then {morning.rating})"
        )
    if (before is not None and after is not None) or morning is not None:
        return Verdict(Response.WELL, "fine")
    return Verdict(Response.UNRATED, "not rated")


# --- doses ------------------------------------------------------------------------------------


def base_of(step: Step) -> float:
    """The dose the file gives: seconds, or reps for a reps step."""
    if step.kind is StepKind.REPS:
        return float(step.reps or 0)
    return float(step.duration or 0.0)


def top_level(step: Step) -> int:
    """The highest level: the first at which the dose reaches ``max``."""
    rule = step.progress
    if rule is None:
        return 0
    return max(0, math.ceil((rule.most - base_of(step)) / rule.add - 1e-9))


def dose_at(step: Step, level: int) -> float:
    """The dose at ``level``: the base plus ``add`` per level, never past ``max``."""
    rule = step.progress
    if rule is None or level <= 0:
        return base_of(step)
    return min(base_of(step) + level * rule.add, rule.most)


def with_level(step: Step, level: int) -> Step:
    """``step`` at ``level``: what a session runs and ``show`` prints."""
    dose = dose_at(step, level)
    if step.kind is StepKind.REPS:
        return replace(step, reps=round(dose))
    return replace(step, duration=dose)


def dose_words(step: Step, dose: float) -> str:
    """``35 s``, ``9 reps``: a dose of this step in words."""
    if step.kind is StepKind.REPS:
        return count(round(dose), "rep")
    return format_duration(dose)


def rule_words(step: Step) -> str:
    """The rule in words: ``+5 s every 2 good sessions, up to 1 min``."""
    rule = step.progress
    if rule is None:
        return ""
    sessions = count(rule.every, "good session")
    every = "every good session" if rule.every == 1 else f"every {sessions}"
    return f"+{dose_words(step, rule.add)} {every}, up to {dose_words(step, rule.most)}"


# --- where each step stands -------------------------------------------------------------------


class Move(StrEnum):
    """What the latest counted session did to a step's level."""

    NONE = "none"
    """No session with this rule yet."""
    UP = "up"
    DOWN = "down"
    COUNTING = "counting"
    """A good session, counted toward the next rise."""
    HELD = "held"
    """A stiffer session: held, and the count of good ones starts again."""
    FLAGGED = "flagged"
    """Held by the red-flag guard."""
    AT_MAX = "at-max"
    UNRATED = "unrated"
    RESTARTED = "restarted"
    """The file's dose changed: the step starts again from its new base."""


@dataclass(frozen=True)
class StepProgress:
    """Where one step with a rule stands, and the words for why."""

    step: Step
    """The step as the file has it (its base dose)."""
    index: int
    level: int
    good_in_row: int
    stiffer_in_row: int
    move: Move
    reason: str
    """Why, finishing the sentence ``Plank 35 s next time: …``."""

    @property
    def dose(self) -> float:
        return dose_at(self.step, self.level)

    @property
    def dosed(self) -> Step:
        return with_level(self.step, self.level)

    def sentence(self, *, next_time: bool = True) -> str:
        """``Plank 35 s next time: your back was fine after the last two sessions``."""
        name, dose = self.step.name, dose_words(self.step, self.dose)
        when = " next time" if next_time else " today"
        if self.move is Move.UP:
            return f"{name} {dose}{when}: {self.reason}"
        if self.move is Move.DOWN:
            return f"{name} back to {dose}{when}: {self.reason}"
        return f"{name} stays {dose}: {self.reason}"


_COUNTS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def _last(number: int) -> str:
    word = _COUNTS.get(number, str(number))
    return "the last session" if number == 1 else f"the last {word} sessions"


def _step_progress(
    routine_id: str, step: Step, index: int, journal: Journal, flagged: bool
) -> StepProgress:
    rule = step.progress
    assert rule is not None
    base, top = base_of(step), top_level(step)
    level = good = stiffer = 0
    move, reason = Move.NONE, f"no session with this rule yet ({rule_words(step)})"
    for session in journal.sessions_of(routine_id):
        used = session.levels.get(step.name)
        if used is None:
            continue  # run before the step had a rule: it says nothing about the rule
        if used.base != base:
            level = good = stiffer = 0
            move, reason = Move.RESTARTED, "its dose in the file changed, so it starts from there"
            continue
        if used.level != level:
            level, good, stiffer = min(max(used.level, 0), top), 0, 0
        if not session.counted or step.name not in session.steps_done:
            continue
        verdict = judge(session, journal)
        if verdict.response is Response.UNRATED:
            move = Move.UNRATED
            reason = "the last session was not rated (rate your stiffness to let it grow)"
        elif verdict.response is Response.STIFFER:
            good, stiffer = 0, stiffer + 1
            if stiffer >= 2:
                stiffer = 0
                if level > 0:
                    level -= 1
                    move, reason = Move.DOWN, "your back was stiffer after the last two sessions"
                else:
                    move = Move.HELD
                    reason = "your back was stiffer after the last two sessions (already the base)"
            else:
                move, reason = Move.HELD, f"your back was {verdict.reason}"
        else:
            stiffer = 0
            guard = red_flag(journal, journal.settled_at(session))
            if guard is not None:
                good = 0
                move, reason = Move.FLAGGED, f"held by a red flag ({guard.reason})"
            elif level >= top:
                good = 0
                move, reason = Move.AT_MAX, f"that is its max ({dose_words(step, rule.most)})"
            else:
                good += 1
                if good >= rule.every:
                    level, good = level + 1, 0
                    move, reason = Move.UP, f"your back was fine after {_last(rule.every)}"
                else:
                    left = rule.every - good
                    grows = dose_words(step, dose_at(step, level + 1))
                    move = Move.COUNTING
                    reason = f"{count(left, 'more good session')} and it grows to {grows}"
    if flagged and move is not Move.DOWN:
        move, reason = Move.FLAGGED, "held while the red flag is up"
    return StepProgress(step, index, level, good, stiffer, move, reason)


def progress_of(
    routine: Routine, journal: Journal, *, flagged: bool = False
) -> dict[int, StepProgress]:
    """Each step of ``routine`` with a rule, by index, as the journal leaves it.

    ``flagged``: the red-flag guard is up now, and the words say the dose is held.
    """
    return {
        index: _step_progress(routine.id, step, index, journal, flagged)
        for index, step in enumerate(routine.steps)
        if step.progress is not None
    }


def dosed(routine: Routine, levels: Mapping[int, int]) -> Routine:
    """``routine`` with each step in ``levels`` (by index) at its level: today's doses."""
    if not levels:
        return routine
    steps = tuple(
        with_level(step, levels[index]) if index in levels else step
        for index, step in enumerate(routine.steps)
    )
    return replace(routine, steps=steps)
