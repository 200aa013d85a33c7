"""The plan: which routines, how often, and the rest days, as the user's ``plan.toml`` says.

A :class:`Plan` is built by the plan loader (:mod:`backcare_tui.core.plan_loader`) or, when the
user has no plan file, by :func:`default_plan` from the built-in routines, following the
guidance: core strength twice a week, a stretch after every run, recovery after a hard run,
quick relief on a stiff day. What is due on a given day is :mod:`backcare_tui.core.agenda`'s.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "DEFAULT_STIFF_FROM",
    "PLAN_KEYS",
    "PLAN_ROUTINE_KEYS",
    "WEEKDAYS",
    "WHEN_WRITTEN",
    "Cadence",
    "Plan",
    "PlanItem",
    "day_names",
    "default_plan",
]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Weekday names as a plan writes them (or their first three letters), Monday first."""

DEFAULT_STIFF_FROM = 4
"""From this stiffness (0-10) a day counts as a stiff day, unless the plan says otherwise."""


class Cadence(StrEnum):
    """How often a routine in the plan is due."""

    WEEKLY = "weekly"
    """``per_week`` times a week, spread out: never two days running unless it must catch up."""
    DAYS = "days"
    """On the weekdays named in ``days``."""
    AFTER_RUN = "after-run"
    """On the day of each run logged, once the run is in."""
    AFTER_HARD_RUN = "after-hard-run"
    """The same, for hard runs only (``backcare ran --hard``)."""
    STIFF_DAY = "stiff-day"
    """On a day whose latest stiffness rating is ``stiff_from`` or more."""


WHEN_WRITTEN: dict[str, Cadence] = {
    Cadence.AFTER_RUN.value: Cadence.AFTER_RUN,
    Cadence.AFTER_HARD_RUN.value: Cadence.AFTER_HARD_RUN,
    Cadence.STIFF_DAY.value: Cadence.STIFF_DAY,
}
"""Each value a plan may give ``when``; ``per_week`` and ``days`` have keys of their own."""

PLAN_KEYS = ("name", "rest_days", "stiff_from", "routines")
"""The keys at the top of a plan file."""
PLAN_ROUTINE_KEYS = ("id", "per_week", "days", "when")
"""The keys of each ``[[routines]]`` entry: the routine, then exactly one way to say how often."""


@dataclass(frozen=True)
class PlanItem:
    """One routine in the plan and how often it is due."""

    routine_id: str
    cadence: Cadence
    per_week: int = 0
    """For :attr:`Cadence.WEEKLY`: how many times a week."""
    days: tuple[int, ...] = ()
    """For :attr:`Cadence.DAYS`: the weekdays, Monday 0."""

    @property
    def how_often(self) -> str:
        """``2 a week``, ``on Tue and Sat``, ``after each run``, ``on a stiff day``."""
        if self.cadence is Cadence.WEEKLY:
            return f"{self.per_week} a week" if self.per_week != 1 else "once a week"
        if self.cadence is Cadence.DAYS:
            return "on " + day_names(self.days)
        return {
            Cadence.AFTER_RUN: "after each run",
            Cadence.AFTER_HARD_RUN: "after a hard run",
            Cadence.STIFF_DAY: "on a stiff day",
        }[self.cadence]


@dataclass(frozen=True)
class Plan:
    """The user's program: its routines in the order the file gives them, and its rest days."""

    items: tuple[PlanItem, ...]
    name: str = "Your plan"
    rest_days: tuple[int, ...] = ()
    """Weekdays (Monday 0) with no weekly or fixed-day routine due."""
    stiff_from: int = DEFAULT_STIFF_FROM
    path: str | None = None
    """Where the plan was read from; None for the default plan."""

    @property
    def is_default(self) -> bool:
        return self.path is None

    def weekly_target(self) -> int:
        """Sessions a week the weekly and fixed-day routines ask for."""
        return sum(
            item.per_week if item.cadence is Cadence.WEEKLY else len(item.days)
            for item in self.items
            if item.cadence in (Cadence.WEEKLY, Cadence.DAYS)
        )


def day_names(days: Collection[int]) -> str:
    """``Tue and Sat``, ``Mon, Wed and Fri``."""
    names = [WEEKDAYS[d][:3].capitalize() for d in sorted(days)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


_DEFAULT_ITEMS = (
    PlanItem("post-run-stretch", Cadence.AFTER_RUN),
    PlanItem("recovery", Cadence.AFTER_HARD_RUN),
    PlanItem("quick-relief", Cadence.STIFF_DAY),
    PlanItem("core-strength", Cadence.WEEKLY, per_week=2),
)


def default_plan(known: Collection[str]) -> Plan:
    """The plan for a user who has written none, from those built-ins in ``known``."""
    return Plan(
        items=tuple(item for item in _DEFAULT_ITEMS if item.routine_id in known),
        name="The default plan",
    )
