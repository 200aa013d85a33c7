"""The red-flag guard: when the back's ratings say to stop pushing and see someone.

Two signs, chosen from the safety guidance and written down here:

- **high**: a stiffness of :data:`HIGH` or more (before or after a session, or a check-in) on
  any of the last :data:`DAYS` calendar days, today included;
- **rising**: the stiffness around each of the last three sessions higher than around the one
  before it (after the session where it was rated, else before it).

While either holds, no dose grows (:mod:`backcare_tui.core.progression`), and wherever the
program speaks (today, the summary, the picker, the report) it shows the safety notice's advice
to see a doctor or physical therapist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from backcare_tui.core.journal import Journal
from backcare_tui.core.safety import RED_FLAGS

__all__ = ["ADVICE", "DAYS", "HIGH", "RedFlag", "red_flag"]

HIGH = 7
"""A stiffness from which progression stops and the advice shows."""
DAYS = 3
"""How many calendar days, today included, a high rating keeps the flag up."""
ADVICE = RED_FLAGS[2]
"""The safety notice's own words: see a doctor or physical therapist if ..."""


@dataclass(frozen=True)
class RedFlag:
    """Why the guard is up, in words for the user (``stiffness 8 on Tue 4 Mar``)."""

    reason: str

    @property
    def advice(self) -> str:
        return ADVICE

    def __str__(self) -> str:
        return f"Red flag: {self.reason}. Doses are held where they are. {ADVICE}"


def _day_words(moment: datetime, journal: Journal) -> str:
    day = journal.day(moment)
    return f"{day:%a} {day.day} {day:%b}"


def red_flag(journal: Journal, now: datetime) -> RedFlag | None:
    """The guard as it stood at ``now``, from what had happened by then."""
    seen = journal.until(now)
    first_day = seen.day(now) - timedelta(days=DAYS - 1)
    high = [r for r in seen.ratings() if r.value >= HIGH and seen.day(r.at) >= first_day]
    if high:
        latest = high[-1]
        return RedFlag(f"stiffness {latest.value} on {_day_words(latest.at, seen)}")
    figures = [f for f in (seen.stiffness_of(s) for s in seen.sessions) if f is not None]
    last = figures[-3:]
    if len(last) == 3 and last[0] < last[1] < last[2]:
        shown = ", ".join(str(f) for f in last)
        return RedFlag(f"stiffness rising over your last three sessions ({shown})")
    return None
