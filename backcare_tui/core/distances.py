"""A run's distance as people type it: ``8``, ``8.5km``, ``10k``, ``5mi``, ``800m``.

Read by ``backcare ran`` and the app's log-a-run dialog alike; a problem is a
:class:`DistanceError` whose message is written for the user.
"""

from __future__ import annotations

import re

__all__ = ["DistanceError", "km_words", "parse_distance"]

_DISTANCE = re.compile(r"^\s*(\d{1,6}(?:\.\d{1,6})?)\s*(km|k|mi|miles?|m)?\s*$", re.IGNORECASE)
_KM_PER = {"km": 1.0, "k": 1.0, "": 1.0, "mi": 1.609344, "mile": 1.609344, "miles": 1.609344}
MOST_KM = 1000


class DistanceError(ValueError):
    """Text that is not a distance; the message says so for the user."""


def parse_distance(text: str) -> float:
    """The distance in km, to the metre. A bare number is km; ``m`` is metres, ``mi`` miles."""
    found = _DISTANCE.match(text) if len(text) < 40 else None
    if found is None:
        raise DistanceError(f"must be written like 8, 8.5km, 10k, 5mi or 800m, got {text!r}")
    number, unit = float(found.group(1)), (found.group(2) or "").lower()
    km = number / 1000 if unit == "m" else number * _KM_PER[unit]
    if not 0 < km <= MOST_KM:
        raise DistanceError(f"must be more than 0 and at most {MOST_KM} km, got {text!r}")
    return round(km, 3)


def km_words(km: float) -> str:
    """A distance as the app says it: ``8 km``, ``8.5 km``; to a tenth, as a runner counts (a
    run logged as 5mi is 8 km, not 8.047 km)."""
    return f"{round(km, 1):g} km"
