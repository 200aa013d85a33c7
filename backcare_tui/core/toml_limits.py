"""How much TOML a routine file may hold, so that any file under the limits loads in well under a
second, and what to say about a file over them.

tomllib is quick on ordinary text but slow, or worse, on some shapes no routine needs: a key of
50,000 dotted parts took 157 s, arrays nested 900 deep end in RecursionError, and an integer of
more than 4,300 digits in Python's own ValueError. tomllib's cost grows with the number of keys,
values and tables (about 2-3 µs each on the dev VM: a 1 MB file of 20-part dotted keys took
2.3 s), so that number is capped too. The largest routine the loader accepts (500 steps, each
with every key) holds about 17,000 of them. :func:`backcare_tui.core.source_lines.scan` measures
a file against these before tomllib reads it.
"""

from __future__ import annotations

__all__ = [
    "MAX_DIGITS",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_KEY_PARTS",
    "MAX_LINES",
    "MAX_LINE_CHARS",
    "MAX_NESTING",
    "MAX_PROBLEMS",
    "MAX_TABLES",
]

MAX_FILE_BYTES = 1_000_000
"""A routine file's size: the built-in ones are about 5 KB."""
MAX_LINE_CHARS = 40_000
"""One line: room for the longest text a field takes (10,000 characters), written with escapes."""
MAX_KEY_PARTS = 8
"""Parts of one dotted key (``a.b.c`` has 3) or table name: a routine needs one."""
MAX_NESTING = 16
"""Lists and inline tables inside one another: a routine needs two (``steps = [{…}]``)."""
MAX_LINES = 25_000
"""Lines: tomllib reads each in a Python loop, even a blank one. A routine of 500 steps with
every key written out is under 10,000."""
MAX_TABLES = 2_000
"""``[table]`` and ``[[steps]]`` headers: a routine has at most 500 steps."""
MAX_ITEMS = 25_000
"""Keys, values, headers and escapes (``\\n``, ``\\u00e9``) together: tomllib's time grows with
each of them (see the module's note)."""
MAX_DIGITS = 4_300
"""Digits in one number: Python's own limit for reading an integer (``int("9" * 4301)`` raises
ValueError, which tomllib lets out with no line). Fewer are read fast: the loader then says in
place that such a duration is far too large."""
MAX_PROBLEMS = 100
"""Problems reported for one file; past that, fixing the first ones comes first."""


def line_too_long(length: int) -> str:
    return f"this line is too long for a routine file ({length:,} characters; at most " + (
        f"{MAX_LINE_CHARS:,})"
    )


def too_many_parts() -> str:
    return f"a key or table name has more than {MAX_KEY_PARTS} dotted parts"


def too_deep() -> str:
    return f"lists or tables are nested more than {MAX_NESTING} deep"


def too_many_tables() -> str:
    return f"the file has more than {MAX_TABLES:,} [table] headers; a routine has at most 500 steps"


def too_many_items() -> str:
    return (
        f"the file holds more than {MAX_ITEMS:,} keys, values and escapes; "
        "far more than a routine needs"
    )


def too_many_lines(lines: int) -> str:
    return f"the file has {lines:,} lines, far more than a routine needs (at most {MAX_LINES:,})"


def too_many_digits(digits: int) -> str:
    return f"a number with {digits:,} digits is far too large (at most {MAX_DIGITS:,})"


def too_large() -> str:
    """What is read of a file stops one byte past the limit: how large the file really is is
    not known, only that it is over."""
    return f"is too large for a routine (over {MAX_FILE_BYTES:,} bytes, the most a routine may be)"
