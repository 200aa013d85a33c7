"""tomllib's complaints about a routine file, said in plain words with their line.

tomllib words its errors for people who know the grammar (``Illegal character '\\n'``,
``Expected newline or end of document after a statement``) and gives the place only inside the
message. :func:`explain` takes the message apart and says the commonest mistakes the way a
person would fix them: a string not closed, text without quotes, a key given twice. A message it
does not know is passed on as tomllib wrote it, controls escaped.
"""

from __future__ import annotations

import re

from backcare_tui.core.source_lines import SourceLines
from backcare_tui.core.text import CONTROLS, control_in, escape, printable

__all__ = ["explain"]

_POSITION = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")
_CHARACTER = re.compile(r"^(?:Illegal|Found invalid) character (.+)$")
_OPEN_QUOTE = (
    "a string is not closed: end it with the quote it starts with, on the same line "
    '(text over several lines goes between """ and """)'
)
_OPEN_LIST = "a list opens with [ here and is never closed with ]"
_SCALARS = ("true", "false", "inf", "nan", "+inf", "-inf", "+nan", "-nan")

_FIXED = {
    "Expected '=' after a key in a key/value pair": (
        'a key must be followed by = and its value, as in name = "Plank"'
    ),
    "Unclosed inline table": "a table that opens with { must close with } on the same line",
    "Expected ']' at the end of a table declaration": "a [table] header must end with ]",
    "Expected ']]' at the end of an array declaration": "a [[steps]] header must end with ]]",
    "Invalid statement": "this line is not key = value, a [table] header or a # comment",
    "Invalid initial character for a key part": (
        "a key is a word of letters, digits, _ and - (anything else goes in quotes)"
    ),
    "Invalid date or datetime": "this date or time is not a real one (write 2025-03-01)",
    "Unescaped '\\' in a string": (
        "a \\ in \"…\" starts an escape such as \\n; write \\\\ for a backslash, or use '…' quotes"
    ),
    "Invalid hex value": "a \\u escape needs 4 hex digits (\\U: 8), such as \\u00e9",
    "Escaped character is not a Unicode scalar value": (
        "a \\u or \\U escape names no character; check its hex digits"
    ),
    "Cannot overwrite a value": "a key is given a value twice; each key may be set only once",
}
"""tomllib's messages that need no more than their own words changed."""


def _line_text(text: str, line: int) -> str:
    start = 0
    for _skip in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    stop = text.find("\n", start)
    return text[start : len(text) if stop < 0 else stop]


def _unquoted_value(line_text: str) -> str | None:
    """The value of ``key = value`` on this line when it looks like text missing its quotes."""
    key, equals, value = line_text.partition("=")
    value = value.split("#", 1)[0].strip()
    if value in ("True", "False"):
        return f"{key.strip()} = {value}"
    if not equals or not value or value[0] in "\"'[{" or value.lower() in _SCALARS:
        return None
    if all(_is_number(word) for word in value.split()):
        return None  # numbers, so something else is wrong (two values on a line)
    return f"{key.strip()} = {value}"


def _is_number(word: str) -> bool:
    return word.lstrip("+-").replace("_", "").replace(".", "", 1).isdigit()


def _bare_word(line_text: str) -> str | None:
    written = _unquoted_value(line_text)
    if written is None:
        return None
    key, _, value = written.partition(" = ")
    if value in ("True", "False"):
        return f"true and false are written in lowercase: {key} = {value.lower()}"
    shown = printable(value.replace('"', '\\"'))
    return f'text must be in quotes: {printable(key)} = "{shown}"'


def _twice(reason: str) -> str | None:
    """``Cannot declare ('a',) twice`` and the like: a table given twice, named."""
    for start, end in (
        ("Cannot declare (", ") twice"),
        ("Cannot mutate immutable namespace (", ")"),
    ):
        if reason.startswith(start) and reason.endswith(end):
            name = reason[len(start) : -len(end)].replace("'", "").rstrip(",").replace(", ", ".")
            return f"[{printable(name)}] is given twice; each table may be set only once"
    if reason.startswith("Duplicate inline table key "):
        name = reason.removeprefix("Duplicate inline table key ").strip("'")
        return f"{printable(name)} is given twice in one {{ … }} table"
    if reason.startswith("Cannot redefine namespace"):
        return "a table is given twice: once with dotted keys, once with a [header]"
    return None


def explain(message: str, text: str, lines: SourceLines) -> tuple[int | None, str]:
    """(the line, what is wrong in plain words) for tomllib's ``message`` about ``text``."""
    found = _POSITION.search(message)
    reason = message[: found.start()] if found else message
    line: int | None = None
    if found and found.group(1):
        line = int(found.group(1))
    elif found:
        # "At end of document": what was left open is the mistake, else the last line written.
        if lines.open_string is not None:
            return lines.open_string, "a multi-line string starts here and is never closed"
        if lines.open_list is not None:
            return lines.open_list, _OPEN_LIST
        line = text.rstrip("\n").count("\n") + 1
    character = _CHARACTER.match(reason)
    if character is not None:
        bad = _character(character.group(1))
        if bad == "\n":
            return line, _OPEN_QUOTE
        if bad is not None and bad in CONTROLS:
            return line, _control(bad, lines.array)
    if reason in ("Unterminated string", "Expected \"'''\""):
        line = lines.open_string or line
        return line, "a multi-line string starts here and is never closed"
    if reason == 'Expected "\'"':  # tomllib looks for it to the end of the file
        return lines.open_quote or line, _OPEN_QUOTE
    if reason == "Unclosed array":
        return lines.open_list or line, _OPEN_LIST
    if reason in ("Invalid value", "Expected newline or end of document after a statement"):
        line_text = _line_text(text, line) if line is not None else ""
        bad = control_in(line_text)
        if bad is not None:  # a control outside a string is the mistake, not the quotes
            return line, _control(bad, lines.array)
        hint = _bare_word(line_text)
        if hint is not None:
            return line, hint
        if reason == "Invalid value":
            return line, "a key needs a value after =: text in quotes, a number, true or false"
        return line, "something follows the value; put each key = value on a line of its own"
    if reason in _FIXED:  # a plan's entries are [[routines]], not [[steps]]
        return line, _FIXED[reason].replace("[[steps]]", f"[[{lines.array}]]")
    twice = _twice(reason)
    if twice is not None:
        return line, twice
    return line, f"is not valid TOML: {printable(reason)}"


def _control(char: str, array: str = "steps") -> str:
    what = "a routine file" if array == "steps" else "this file"
    return f"holds a control character ({escape(char)}), which {what} cannot have"


def _character(written: str) -> str | None:
    """The character in tomllib's ``'\\x1b'`` (Python's repr of one character)."""
    import ast

    try:
        value = ast.literal_eval(written)
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) and len(value) == 1 else None
