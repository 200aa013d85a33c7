"""Text made safe for a terminal: every control character shown as an escape, nothing else touched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backcare_tui.core.text import CONTROLS, control_in, escape, printable, spreadsheet_cell

HOSTILE = [
    "\x1b]0;title\x07",  # OSC 0: retitles the window
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: writes the clipboard
    "\r\x1b[2K",  # back to the start of the line, and erase it
    "\x1b[1A",  # cursor up: rewrites the line above
    "\x9b2J",  # C1 CSI: clears the screen on terminals that take 8-bit controls
    "\x9d0;x\x9c",  # C1 OSC ... ST
    "\x7f\x00\x08",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_printable_leaves_no_control_character(text: str) -> None:
    shown = printable(f"a{text}b")
    assert not set(shown) & CONTROLS
    assert shown.startswith("a") and shown.endswith("b")


def test_printable_writes_each_control_as_an_escape() -> None:
    assert printable("x\x1b]0;t\x07y") == "x\\u001b]0;t\\u0007y"
    assert printable("\r\n") == "\\r\\n"
    assert printable("\x9b") == "\\u009b"


def test_printable_keeps_tab_and_with_lines_keeps_line_breaks_but_not_returns() -> None:
    assert printable("a\tb") == "a\tb"
    assert printable("a\nb", lines=True) == "a\nb"
    assert printable("a\r\nb", lines=True) == "a\\r\nb"


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs"))))
def test_printable_leaves_text_without_controls_exactly_as_it_is(text: str) -> None:
    assert printable(text) == text
    assert control_in(text) is None


@given(st.text())
def test_printable_output_never_holds_a_control_but_tab(text: str) -> None:
    assert not set(printable(text)) & (CONTROLS - {"\t"})
    assert not set(printable(text, lines=True)) & (CONTROLS - {"\t", "\n"})


def test_control_in_finds_the_first_one() -> None:
    assert control_in("ok\x1b[2J\x07") == "\x1b"
    assert control_in("a\tb") is None
    assert control_in("a\nb") == "\n"
    assert control_in("a\nb", lines=True) is None
    assert control_in("line\u2028separator and \u00e9") is None


def test_escape_names_the_common_ones_shortly() -> None:
    assert [escape(c) for c in "\t\n\r\x1b\x85"] == ["\\t", "\\n", "\\r", "\\u001b", "\\u0085"]


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\\r=1"),
        ("Core strength", "Core strength"),
        ("a=b", "a=b"),
        ("x\x1b[2Jy", "x\\u001b[2Jy"),
    ],
)
def test_spreadsheet_cells_never_start_a_formula(text: str, cell: str) -> None:
    assert spreadsheet_cell(text) == cell
