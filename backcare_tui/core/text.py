"""Text from files, history and the command line, made safe to put on a terminal.

A routine file, a history row or an argument can hold control characters: ``ESC ] 0 ;`` retitles
the window, OSC 52 writes the clipboard, ``\\r`` and ``ESC [ 1 A`` rewrite lines already printed,
and C1 characters such as U+009B do the same on some terminals. The loader refuses them in routine
files (:func:`control_in`); everything shown to the user also goes through :func:`printable`, the
one place that turns each of them into a visible escape (``\\u001b``), so nothing untrusted reaches
the terminal raw, whatever its source.

Controls are the characters Unicode calls ``Cc``: C0 (U+0000-U+001F), DEL (U+007F) and C1
(U+0080-U+009F). Tab moves the cursor and nothing else, so it is left as it is.
"""

from __future__ import annotations

__all__ = ["CONTROLS", "control_in", "escape", "printable", "quoted", "spreadsheet_cell"]

CONTROLS = frozenset(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)))
"""Every control character: C0, DEL and C1 (Unicode category ``Cc``)."""

_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape(char: str) -> str:
    """How a control character is written where it must be seen: ``\\n``, ``\\u001b``."""
    return _SHORT.get(char) or f"\\u{ord(char):04x}"


_ON_ONE_LINE = {ord(c): escape(c) for c in CONTROLS if c != "\t"}
_ON_LINES = {code: text for code, text in _ON_ONE_LINE.items() if code != ord("\n")}


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` with every control character but tab written as an escape (``\\u001b``).

    ``lines`` keeps line breaks (``\\n``) for text shown over several lines, such as a
    routine's description; ``\\r`` is escaped all the same, since it would overwrite the line.
    One :meth:`str.translate`, so it is cheap enough for every redraw.
    """
    return text.translate(_ON_LINES if lines else _ON_ONE_LINE)


def quoted(text: str, limit: int = 60) -> str:
    """``text`` in double quotes as TOML writes it, for a message: escaped, cut when long."""
    shown = printable(text.replace("\\", "\\\\").replace('"', '\\"')).replace("\t", "\\t")
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f'"{shown}"'


def control_in(text: str, *, lines: bool = False) -> str | None:
    """The first control character in ``text`` other than tab (and ``\\n`` when ``lines``)."""
    if text.isprintable():  # the common case, in C: nothing to look for
        return None
    for char in text:
        if char in CONTROLS and char != "\t" and not (lines and char == "\n"):
            return char
    return None


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection)."""


def spreadsheet_cell(text: str) -> str:
    """``text`` for a CSV cell: controls escaped, and a leading ``= + - @`` or tab made inert.

    Such a cell gets a ``'`` in front, which spreadsheets show as text and do not evaluate.
    """
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    return printable(text)
