"""Reading a step's ``progress`` table: how its dose grows, checked against the step it is on.

``progress = { every = 2, add = "5s", max = "60s" }`` on a hold or timer, ``{ add = 1, max = 15 }``
on a reps step. Each problem is placed on the line of ``progress`` and named ``progress.add``,
as the loader names every other problem. The rules that move a step along its levels are in
:mod:`backcare_tui.core.progression`; this module only reads the rule.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from backcare_tui.core.checker import Checker, as_written
from backcare_tui.core.durations import format_duration
from backcare_tui.core.routine import DEFAULT_EVERY, PROGRESS_KEYS, Progress, StepKind

__all__ = ["ADD_LIMITS", "EVERY_LIMIT", "REPS_LIMIT", "read_progress"]

EVERY_LIMIT = 50
"""At most this many sessions between two rises."""
ADD_LIMITS: dict[bool, float] = {False: 600, True: 50}
"""The most one rise may add: 10 min to a hold or timer (False), 50 reps to a reps step (True)."""
REPS_LIMIT = 500
"""As many reps as a step may have at all."""
RUN_LIMIT = 3600
"""One run of reps may last an hour at most, as the loader holds every reps step to."""

_EXAMPLE = {
    False: '{ every = 2, add = "5s", max = "60s" }',
    True: "{ every = 2, add = 1, max = 15 }",
}


def read_progress(
    check: Checker,
    raw: Mapping[str, Any],
    *,
    kind: StepKind,
    base: float | None,
    limit: float,
    seconds_per_rep: float,
    step: int,
    step_name: str | None,
) -> Progress | None:
    """The step's ``progress`` rule, or None when it has none or the rule has problems.

    ``base`` is the step's own dose (seconds, or reps for a reps step; None when that is
    itself wrong, so nothing is measured against it), ``limit`` the longest its kind may be.
    """
    if "progress" not in raw:
        return None
    reps = kind is StepKind.REPS
    table = raw["progress"]
    if not isinstance(table, dict):
        check.add(
            f"must be a table such as {_EXAMPLE[reps]}, got {as_written(table)}",
            step=step,
            step_name=step_name,
            key="progress",
        )
        return None
    before = len(check.errors)
    where: dict[str, Any] = {"step": step, "step_name": step_name, "within": "progress"}
    check.unknown_keys(table, PROGRESS_KEYS, **where)
    every = check.whole(table, "every", 1, EVERY_LIMIT, default=DEFAULT_EVERY, **where)
    if "add" not in table:
        check.add(
            "is required: how much the dose grows each time, "
            + ("such as add = 1" if reps else 'such as add = "5s"'),
            field_name="add",
            **where,
        )
    if reps:
        add = _whole(check.whole(table, "add", 1, int(ADD_LIMITS[True]), **where))
        most = _whole(check.whole(table, "max", 1, REPS_LIMIT, **where))
    else:
        add = check.seconds(table, "add", 1, ADD_LIMITS[False], **where)
        most = check.seconds(table, "max", 1, limit, **where)
    if len(check.errors) > before or base is None or add is None or every is None:
        return None
    longest = limit
    if reps:
        longest = min(REPS_LIMIT, math.floor(RUN_LIMIT / seconds_per_rep))
    if most is None:
        most = float(max(base, min(2 * base, longest)))
        if most <= base:  # already as long as a step of its kind may be: nowhere to grow
            check.add(
                f"cannot grow: the step's own {'reps' if reps else 'duration'} "
                f"({_amount(base, reps)}) is already the most a step may have",
                **where,
            )
            return None
    elif most <= base:
        check.add(
            f"must be more than the step's own {'reps' if reps else 'duration'} "
            f"({_amount(base, reps)}), got {_amount(most, reps)}",
            key="max",
            **where,
        )
        return None
    elif reps and most > longest:
        check.add(
            f"would take {format_duration(most * seconds_per_rep)} at this tempo; one run of "
            f"reps can last at most {format_duration(RUN_LIMIT)}, so at most {int(longest)} reps",
            key="max",
            **where,
        )
        return None
    return Progress(add=add, most=most, every=every)


def _whole(number: int | None) -> float | None:
    return None if number is None else float(number)


def _amount(amount: float, reps: bool) -> str:
    return str(int(amount)) if reps else format_duration(amount)
