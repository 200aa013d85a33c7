"""Durations as people write them in routine files, and as the app shows and says them.

A duration is a whole number of seconds (``30``) or text with units (``"30s"``, ``"1m30s"``,
``"15 min"``, ``"1h"``). Parsing never raises anything but :class:`DurationError`, whose message
is written to be shown to the user as is.
"""

from __future__ import annotations

import math
import re

__all__ = [
    "DurationError",
    "brief_duration",
    "count",
    "format_clock",
    "format_duration",
    "parse_duration",
    "spoken_duration",
]


class DurationError(ValueError):
    """A value that is not a readable duration; the message says why, for the user."""


_UNIT_SECONDS = {
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
}
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*")


def parse_duration(value: object) -> float:
    """Return the number of seconds ``value`` stands for.

    Accepts an int or float of seconds, or a string such as ``"90s"``, ``"1m30s"``, ``"15 min"``,
    ``"1h"`` or a bare number ``"45"``. Range checks belong to the caller, which knows the field.
    """
    if isinstance(value, bool):
        raise DurationError(f'must be a duration such as 30 or "30s", got {_quoted(value)}')
    if isinstance(value, int | float):
        try:
            seconds = float(value)
        except OverflowError:  # an int too large for a float (TOML integers have no limit)
            raise DurationError("is far too large to be a duration") from None
        if not math.isfinite(seconds):
            raise DurationError(f"must be a finite number of seconds, got {_quoted(value)}")
        return seconds
    if not isinstance(value, str):
        raise DurationError(f'must be a duration such as 30 or "30s", got {type(value).__name__}')
    text = value.strip().lower()
    if not text:
        raise DurationError('must be a duration such as 30 or "30s", got an empty string')
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        # float() also reads "nan", "inf" and "infinity", which are no use as a duration.
        if not math.isfinite(seconds):
            raise DurationError(_explain(value))
        return seconds
    total = 0.0
    pos = 0
    seen: set[int] = set()
    while pos < len(text):
        match = _PART.match(text, pos)
        if match is None or match.end() == pos:
            raise DurationError(_explain(value))
        number, unit = match.groups()
        if unit not in _UNIT_SECONDS:
            raise DurationError(f'has an unknown unit "{unit}" in {_quoted(value)}; use h, m or s')
        size = _UNIT_SECONDS[unit]
        if size in seen:
            raise DurationError(f"names the same unit twice in {_quoted(value)}")
        seen.add(size)
        total += float(number) * size
        pos = match.end()
    return total


def _quoted(value: object) -> str:
    """A value as it was written in the file: text in double quotes, as TOML writes it."""
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    return str(value)


def _explain(value: str) -> str:
    return f'must be a duration such as 30, "30s", "1m30s", "15 min" or "1h", got {_quoted(value)}'


def format_duration(seconds: float) -> str:
    """Say a duration the short way a person would: ``30 s``, ``1 min 30 s``, ``1 h 5 min``."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs} s")
    return " ".join(parts)


def brief_duration(seconds: float) -> str:
    """Like :func:`format_duration`, but a part second under a minute stays: ``2.5 s``."""
    if seconds < 60 and abs(seconds - round(seconds)) > 1e-9:
        return f"{seconds:g} s"
    return format_duration(seconds)


def spoken_duration(seconds: float) -> str:
    """A duration as it is said aloud: ``30 seconds``, ``1 minute 30 seconds``, ``2 hours``."""
    total = max(1, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    units = ((hours, "hour"), (minutes, "minute"), (secs, "second"))
    return " ".join(count(n, unit) for n, unit in units if n)


def format_clock(seconds: float) -> str:
    """A countdown face: ``0:30``, ``12:05``, ``1:02:03``. Rounds up, as a countdown should."""
    total = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def count(number: int, noun: str) -> str:
    """``1 step``, ``10 reps``: a count with its noun (given singular) in the right number."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
