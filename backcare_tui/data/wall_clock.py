"""The date and time of day the app lives in: the machine's, or a day set for testing.

``BACKCARE_TODAY`` makes every command (and the app) believe it is another day, so a plan can be
tried over simulated weeks: ``BACKCARE_TODAY=2025-03-03 backcare ran 8`` logs a run on Monday 3
March 2025, and ``backcare today`` then says what that Monday asks for. A date alone keeps the
real time of day (so commands given one after another stay in order); a date and time
(``2025-03-03T18:30``, local unless it names a zone) fixes the moment itself. Session timing is
not affected: it runs on the monotonic clock.

What the history writes (session times, runs, check-ins) and what the program reads all come
through :func:`wall_now`.
"""

from __future__ import annotations

import os
from datetime import date, datetime

__all__ = ["TODAY_VARIABLE", "WallClockError", "wall_now"]

TODAY_VARIABLE = "BACKCARE_TODAY"


class WallClockError(ValueError):
    """``BACKCARE_TODAY`` holds something that is not a date; the message says so for the user."""


def wall_now() -> datetime:
    """Now, timezone-aware in the machine's zone; or the moment ``BACKCARE_TODAY`` sets."""
    real = datetime.now()
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    if not text:
        return real.astimezone()
    try:
        if len(text) == 10:  # a date alone: that day, at the real time of day
            day = date.fromisoformat(text)
            # The zone's offset on that day, not today's: a date across a clock change.
            return datetime.combine(day, real.time()).astimezone()
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise WallClockError(
            f"{TODAY_VARIABLE} must be a date such as 2025-03-03 or a date and time such as "
            f"2025-03-03T18:30, got {text!r}"
        ) from None
    return moment.astimezone() if moment.tzinfo is None else moment
