"""Durations as people write them in routine files, and as the app shows and says them.

A duration is a whole number of seconds (``30``) or text with units (``"30s"``, ``"1m30s"``,
``"15 min"``, ``"1h"``). Parsing never raises anything but :class:`DurationError`, whose message
is written to be shown to the user as is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from backcare_tui.core.text import quoted

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
    if text.startswith("-"):
        # float() reads "-0" as a duration of -0.0, which slips past every range check.
        raise DurationError(f"must not be negative, got {_quoted(value)}")
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        # float() also reads "nan", "inf" and "infinity", which are no use as a duration.
        if math.isinf(seconds) and text[-1].isdigit():  # "1e309": a number past any float
            raise DurationError(f"is far too large to be a duration, got {_quoted(value)}")
        if not math.isfinite(seconds):
            raise DurationError(_explain(value))
        return seconds
    total = 0.0
    seen: set[int] = set()
    for number, unit in _parts(text, value):
        if unit not in _UNIT_SECONDS:
            raise DurationError(
                f"has an unknown unit {quoted(unit, 20)} in {_quoted(value)}; use h, m or s"
            )
        size = _UNIT_SECONDS[unit]
        if size in seen:
            raise DurationError(f"names the same unit twice in {_quoted(value)}")
        seen.add(size)
        total += float(number) * size
    return total


def _run(text: str, start: int, wanted: Callable[[str], bool]) -> int:
    """Where the run of characters ``wanted`` accepts, from ``start``, ends."""
    end = start
    while end < len(text) and wanted(text[end]):
        end += 1
    return end


def _parts(text: str, value: str) -> Iterator[tuple[str, str]]:
    """``"1m 30s"`` as ``("1", "m"), ("30", "s")``: a number, then a unit, again and again.

    A scan that only moves forward, one part at a time, so the caller stops at the first part it
    refuses: any text, however long or odd, takes linear time, and most take a few steps.
    """
    position = 0
    while position < len(text):
        start = _run(text, position, str.isspace)
        digits = _run(text, start, _is_digit)
        number_end = digits
        if digits < len(text) and text[digits] == "." and _is_digit_at(text, digits + 1):
            number_end = _run(text, digits + 1, _is_digit)
        unit_start = _run(text, number_end, str.isspace)
        unit_end = _run(text, unit_start, _is_letter)
        if digits == start or unit_end == unit_start:
            raise DurationError(_explain(value))
        yield text[start:number_end], text[unit_start:unit_end]
        position = _run(text, unit_end, str.isspace)


def _is_digit(char: str) -> bool:
    return char.isdecimal()  # as the regex this replaced read \d, and float() reads them


def _is_digit_at(text: str, index: int) -> bool:
    return index < len(text) and _is_digit(text[index])


def _is_letter(char: str) -> bool:
    return "a" <= char <= "z"


def _quoted(value: object) -> str:
    """A value as it was written in the file: text in double quotes, as TOML writes it."""
    if isinstance(value, str):
        return quoted(value)
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
