"""Where keys sit in a routine file's text, so a problem can name its line.

TOML parsers do not keep positions (neither tomllib nor tomli-w nor tomlkit records where a value
sits), so :func:`scan` reads the raw text once, as TOML reads it, and maps each key to the line it
is written on (:class:`SourceLines`). The same pass measures what tomllib would be slow on or
refuse in its own words (:mod:`backcare_tui.core.toml_limits`), so an oversized file is turned
away, with its line, before tomllib sees it.

The scan is linear in the size of the text: it moves forward only, each step skipping a run of
characters with a search that cannot backtrack (a single character class, or :meth:`str.find`).
Lines are counted as TOML counts them, at ``\\n`` alone: U+2028, U+0085, form feeds and the other
breaks :meth:`str.splitlines` knows are plain characters inside a string.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

from backcare_tui.core import toml_limits as limits
from backcare_tui.core.routine import ROUTINE_KEYS

__all__ = ["Block", "SourceLines", "scan"]

_SPACE = re.compile(r"[ \t]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BARE_VALUE = re.compile(r"""[^\s,\[\]{}#"'=]+""")
"""A number, date, true or false (or a word TOML will refuse): up to the next delimiter."""
_BASIC_BODY = re.compile(r'[^"\\\n]*')
_LITERAL_BODY = re.compile(r"[^'\n]*")
_MULTILINE_BASIC_STOP = re.compile(r'["\\]')
_BLANK = re.compile(r"[ \t\r\n]*")
_NUMBER_STARTS = frozenset("0123456789+-")
_STEPS = "steps"


@dataclass(frozen=True)
class Block:
    """A ``[[name]]`` header at the top of the file: one of the user's blocks of a step."""

    name: str
    line: int
    number: int
    """Its place among the file's ``[[…]]`` blocks, counted from 1."""


@dataclass
class SourceLines:
    """Maps ``(step_index or None, key)`` to the 1-based line where the key is written.

    A key it cannot place simply gets no line number. ``steps`` holds the line of each step's
    header (``[[steps]]``, or the ``{`` of a step written inline), by the step's index in the
    parsed document.
    """

    keys: dict[tuple[int | None, str], int] = field(default_factory=dict)
    steps: dict[int, int] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    """Every ``[[name]]`` at the top that is or was meant to be a step (``[[steps]]``,
    ``[[step]]``, ``[[exercise]]``…, not ``[[safety]]``), in order: what the user counts."""
    problem: tuple[int, str] | None = None
    """The first limit the text goes over, as (line, what is wrong), or None."""
    open_string: int | None = None
    """The line where a multi-line string starts that is never closed, if there is one."""
    open_quote: int | None = None
    """The line of the first one-line string that is not closed on its line, if there is one."""
    open_list: int | None = None
    """The line where the first list still open at the end of the file starts, if there is one."""
    array: str = _STEPS
    """The array of tables whose entries are counted: ``steps``, or a plan's ``routines``."""

    def of(self, step: int | None, key: str | None) -> int | None:
        """The line of ``key`` in step ``step`` (None: the top); failing that, the step's header."""
        if key is not None and (step, key) in self.keys:
            return self.keys[(step, key)]
        if step is not None:
            return self.steps.get(step)
        return None

    def number(self, step: int) -> int:
        """Step ``step`` (an index into the document's steps) as the user counts their blocks.

        A misspelt ``[[step]]`` is not in the document's steps, but it is one of the user's
        blocks: the ``[[steps]]`` after it is still their second (and called step 2).
        """
        line = self.steps.get(step)
        for block in self.blocks:
            if block.line == line:
                return block.number
        return step + 1

    def misnamed_blocks(self) -> list[Block]:
        """The ``[[name]]`` blocks whose name is not ``steps``."""
        return [block for block in self.blocks if block.name != _STEPS]


class _TooMuch(Exception):
    """A limit was passed: the scan stops there."""

    def __init__(self, position: int, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


class _Scanner:
    """One pass over the text. Each ``_method`` takes a position and returns the next one."""

    def __init__(self, text: str, array: str = _STEPS) -> None:
        self.text = text
        self.array = array
        """The array of tables whose entries are counted: a routine's steps, a plan's routines."""
        self.end = len(text)
        self.lines = SourceLines(array=array)
        self._line = 1
        self._counted_to = 0
        self.table: int | None = None
        """The step whose keys are being read (None: the top of the file)."""
        self.other_table = False
        """Under a header that is not a step: keys there are not mapped."""
        self.items = 0
        self.tables = 0
        self.step_count = 0
        self.inline_step: int | None = None
        """The step written as ``{ … }`` inside ``steps = [ … ]`` that is open, if any."""
        self.value_of: str | None = None
        """The top-level key whose value is being read."""

    def line_at(self, position: int) -> int:
        """The line ``position`` is on; asked in order, so each character is counted once."""
        if position < self._counted_to:
            return self.text.count("\n", 0, position) + 1
        self._line += self.text.count("\n", self._counted_to, position)
        self._counted_to = position
        return self._line

    def count_item(self, position: int) -> None:
        self.items += 1
        if self.items > limits.MAX_ITEMS:
            raise _TooMuch(position, limits.too_many_items())

    # --- the statements ------------------------------------------------------------------------

    def run(self) -> SourceLines:
        text, end = self.text, self.end
        lines = text.count("\n") + 1
        if lines > limits.MAX_LINES:
            raise _TooMuch(_nth_line(text, limits.MAX_LINES + 1), limits.too_many_lines(lines))
        position = 0
        stack: list[str] = []  # the open [ of lists and { of inline tables in this value
        first_open = 0
        expect_key = True
        while position < end:
            char = text[position]
            if char in " \t\r":
                position = _SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
            elif char == "\n":
                position = _BLANK.match(text, position + 1).end()  # type: ignore[union-attr]
                if not stack:
                    expect_key, self.value_of = True, None
            elif char == "#":
                found = text.find("\n", position)
                position = end if found < 0 else found
            elif char in "]}":
                if stack:
                    stack.pop()
                    if char == "}" and len(stack) == 1:
                        self.inline_step = None
                position += 1
            elif char == ",":
                position += 1
                expect_key = bool(stack) and stack[-1] == "{"
            elif expect_key and not stack and char == "[":
                position = self._header(position)
            elif expect_key:
                position = self._key(position, depth=len(stack))
                expect_key = False
            elif char in "\"'":
                self.count_item(position)
                position = self._string(position)
            elif char in "[{":
                if len(stack) >= limits.MAX_NESTING:
                    raise _TooMuch(position, limits.too_deep())
                if char == "{" and stack == ["["] and self.value_of == self.array:
                    self._inline_step(position)
                if not stack:
                    first_open = position
                stack.append(char)
                self.count_item(position)
                position += 1
                expect_key = char == "{"
            else:
                position = self._bare_value(position)
        if stack:
            self.lines.open_list = self.line_at(first_open)
        # After the rest, which names a more precise problem (a key of 50,000 parts is long too).
        self._check_line_lengths()
        return self.lines

    def _check_line_lengths(self) -> None:
        text = self.text
        if max(map(len, text.split("\n"))) <= limits.MAX_LINE_CHARS:
            return
        start = 0
        while True:
            stop = text.find("\n", start)
            stop = self.end if stop < 0 else stop
            if stop - start > limits.MAX_LINE_CHARS:
                raise _TooMuch(start, limits.line_too_long(stop - start))
            start = stop + 1

    def _bare_value(self, position: int) -> int:
        found = _BARE_VALUE.match(self.text, position)
        stop = found.end() if found and found.end() > position else position + 1
        self.count_item(position)
        token = self.text[position:stop]
        if token[:1] in _NUMBER_STARTS:  # only a number is read with int() or float()
            digits = sum(map(str.isdigit, token))
            if digits > limits.MAX_DIGITS:
                raise _TooMuch(position, limits.too_many_digits(digits))
        return stop

    def _inline_step(self, position: int) -> None:
        index = self.step_count
        self.step_count += 1
        self.inline_step = index
        self.lines.steps[index] = self.line_at(position)

    # --- keys and headers ----------------------------------------------------------------------

    def _key_parts(self, position: int) -> tuple[list[str], int]:
        """The parts of a (dotted) key starting at ``position``, and where they stop."""
        text, end = self.text, self.end
        parts: list[str] = []
        while position < end:
            position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
            if position >= end:
                break
            char = text[position]
            if char in "\"'":
                stop = self._string(position)
                parts.append(_key_text(text[position:stop]))
                position = stop
            else:
                found = _BARE_KEY.match(text, position)
                if found is None:
                    break
                parts.append(found.group())
                position = found.end()
            if len(parts) > limits.MAX_KEY_PARTS:
                raise _TooMuch(position, limits.too_many_parts())
            self.count_item(position)
            position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
            if position < end and text[position] == ".":
                position += 1
                continue
            break
        return parts, position

    def _key(self, position: int, *, depth: int) -> int:
        """A key and its ``=``, mapped to its line when it belongs to a step or the top."""
        start, line = position, self.line_at(position)
        parts, position = self._key_parts(position)
        if parts:
            if depth == 0:
                if not self.other_table:
                    self.lines.keys.setdefault((self.table, parts[0]), line)
                if self.table is None and not self.other_table:
                    self.value_of = parts[0]
            elif depth == 2 and self.inline_step is not None:
                self.lines.keys.setdefault((self.inline_step, parts[0]), line)
        if position < self.end and self.text[position] == "=":
            return position + 1
        # Not a key = value: tomllib will say what is wrong. Go on, always forward.
        return position if position > start else start + 1

    def _header(self, position: int) -> int:
        """``[table]`` or ``[[array]]``: which table the keys after it belong to."""
        text = self.text
        line = self.line_at(position)
        array = text.startswith("[[", position)
        parts, position = self._key_parts(position + (2 if array else 1))
        self.tables += 1
        if self.tables > limits.MAX_TABLES:
            raise _TooMuch(position, limits.too_many_tables())
        closing = "]]" if array else "]"
        if text.startswith(closing, position):
            position += len(closing)
        if not parts:
            self.table, self.other_table = None, True
            return position
        self.lines.keys.setdefault((None, parts[0]), line)
        if array and len(parts) == 1 and (parts[0] == self.array or parts[0] not in ROUTINE_KEYS):
            self.lines.blocks.append(Block(parts[0], line, len(self.lines.blocks) + 1))
        if array and parts == [self.array]:
            self.table, self.other_table = self.step_count, False
            self.lines.steps[self.step_count] = line
            self.step_count += 1
        else:
            self.table, self.other_table = None, True
        return position

    # --- strings -------------------------------------------------------------------------------

    def _string(self, position: int) -> int:
        """Past the string that starts at ``position`` (one-line or multi-line, either quote)."""
        text = self.text
        quote = text[position]
        if text.startswith(quote * 3, position):
            return self._multiline(position, quote)
        body = _BASIC_BODY if quote == '"' else _LITERAL_BODY
        position += 1
        while True:
            position = body.match(text, position).end()  # type: ignore[union-attr]
            if position >= self.end or text[position] == "\n":
                if self.lines.open_quote is None:  # not closed: tomllib says so, in its words
                    self.lines.open_quote = self.line_at(position)
                return position
            if text[position] == "\\":
                if position + 1 < self.end and text[position + 1] != "\n":
                    self.count_item(position)  # tomllib reads each escape in a Python loop
                    position += 2
                    continue
                return position + 1  # a backslash ends the line: tomllib refuses it
            return position + 1

    def _multiline(self, start: int, quote: str) -> int:
        text, end = self.text, self.end
        position = start + 3
        while True:
            if quote == "'":
                found = text.find("'''", position)
            else:
                stop = _MULTILINE_BASIC_STOP.search(text, position)
                found = -1 if stop is None else stop.start()
                if found >= 0 and text[found] == "\\":
                    self.count_item(found)  # tomllib reads each escape in a Python loop
                    position = found + 2
                    continue
                if found >= 0 and not text.startswith('"""', found):
                    position = found + 1
                    continue
            if found < 0:
                self.lines.open_string = self.line_at(start)
                return end
            position = found + 3
            # Up to two more quotes belong to the string: '''a''''' is a followed by two quotes.
            for _extra in range(2):
                if position < end and text[position] == quote:
                    position += 1
            return position


def _nth_line(text: str, line: int) -> int:
    """Where line ``line`` starts."""
    position = 0
    for _skip in range(line - 1):
        position = text.index("\n", position) + 1
    return position


def _key_text(quoted: str) -> str:
    """The name a quoted key stands for, its escapes read as TOML reads them."""
    body = quoted[1:-1] if len(quoted) >= 2 and quoted[-1] == quoted[0] else quoted[1:]
    if quoted[0] == "'" or "\\" not in body:
        return body
    try:
        value = tomllib.loads(f"k = {quoted}")["k"]
    except tomllib.TOMLDecodeError:
        return body
    return value if isinstance(value, str) else body


def scan(text: str, array: str = _STEPS) -> SourceLines:
    """Read ``text`` once: where each key is, and the first limit it passes (``problem``).

    ``array`` names the array of tables counted as entries: ``steps`` in a routine,
    ``routines`` in a plan.
    """
    scanner = _Scanner(text, array)
    try:
        return scanner.run()
    except _TooMuch as stop:
        lines = scanner.lines
        lines.problem = (scanner.line_at(stop.position), stop.message)
        return lines
