"""Where keys sit in a routine file's text, so a problem can name its line.

TOML parsers do not keep positions (neither tomllib nor tomli-w nor tomlkit records where a value
sits), so :class:`SourceLines` follows the ``[table]`` and ``[[steps]]`` headers in the raw text
and maps each key to the line it is written on.
"""

from __future__ import annotations

import re

__all__ = ["SourceLines"]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("([^"]+)"|'([^']+)'|[A-Za-z0-9_-]+)\s*=""")


class SourceLines:
    """Maps ``(step_index or None, key)`` to the 1-based line where the key is written.

    TOML parsers do not keep positions, so this follows table headers in the raw text. It is a
    best effort: a key it cannot place simply gets no line number.
    """

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[int | None, str], int] = {}
        self.steps: dict[int, int] = {}
        table: int | None = None
        other_table = False
        in_multiline: str | None = None
        step_count = -1
        for number, raw in enumerate(text.splitlines(), start=1):
            if in_multiline is not None:
                if raw.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = _HEADER.match(raw)
            if header and not raw.lstrip().startswith(("'", '"')):
                name = header.group(2).strip().strip('"').strip("'")
                if name == "steps" and header.group(1) == "[[":
                    step_count += 1
                    table, other_table = step_count, False
                    self.steps[step_count] = number
                else:
                    table, other_table = None, True
                continue
            key = _KEY.match(raw)
            if key and not other_table:
                name = key.group(2) or key.group(3) or key.group(1)
                self.keys.setdefault((table, name), number)
            for quote in ('"""', "'''"):
                if raw.count(quote) % 2 == 1:
                    in_multiline = quote
                    break

    def of(self, step: int | None, key: str | None) -> int | None:
        """The line of ``key`` in step ``step`` (None: the top); failing that, the step's header."""
        if key is not None and (step, key) in self.keys:
            return self.keys[(step, key)]
        if step is not None:
            return self.steps.get(step)
        return None
