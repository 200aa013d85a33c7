"""The session's one-line widgets: the key bar and the heading, as plain layout functions."""

from __future__ import annotations

import io

from rich.console import Console

from backcare_tui.ui.widgets.breath_pacer import pacer_frame
from backcare_tui.ui.widgets.heading import heading_texts
from backcare_tui.ui.widgets.key_bar import key_line

KEYS = [
    ("space", "space", "Pause/go", True),
    ("n", "n", "Next", True),
    ("enter", "⏎", "Rep", False),
    ("q", "q", "Quit", True),
]
PALETTE = ("ctrl+p", "^p", "palette", True)


def text(pieces: list[tuple[str, str | None, str]]) -> str:
    return "".join(piece for piece, _, _ in pieces)


def test_keys_fill_the_line_and_the_palette_key_sits_at_the_right() -> None:
    line = key_line(KEYS, PALETTE, 60)
    assert text(line) == " space Pause/go  n Next  ⏎ Rep  q Quit " + " " * 9 + "▏^p palette "
    assert len(text(line)) == 60
    parts = {piece.strip(): part for piece, _, part in line if piece.strip()}
    assert parts["⏎"] == "disabled" and parts["Rep"] == "disabled" and parts["q"] == "key"


def test_narrow_lines_drop_the_palette_first_then_keys_from_the_end() -> None:
    assert text(key_line(KEYS, PALETTE, 40)) == " space Pause/go  n Next  ⏎ Rep  q Quit "
    assert text(key_line(KEYS, PALETTE, 25)) == " space Pause/go  n Next "
    assert text(key_line(KEYS, None, 3)) == ""


def test_each_key_piece_knows_the_key_it_presses() -> None:
    presses = {piece.strip(): key for piece, key, _ in key_line(KEYS, PALETTE, 80) if key}
    assert presses == {
        "space": "space",
        "Pause/go": "space",
        "n": "n",
        "Next": "n",
        "⏎": "enter",
        "Rep": "enter",
        "q": "q",
        "Quit": "q",
        "^p": "ctrl+p",
        "palette": "ctrl+p",
    }


def test_heading_keeps_where_whole_and_cuts_a_long_title() -> None:
    title, where = heading_texts("Hip flexor stretch", "Step 1 of 3", 40)
    assert title + where == "Hip flexor stretch" + " " * 11 + "Step 1 of 3"
    title, where = heading_texts("Ninety-ninety hip switches, slowly", "Step 12 of 14", 30)
    assert title == "Ninety-ninety h… " and where == "Step 12 of 14"
    assert len(title + where) == 30


def test_heading_gives_up_where_before_the_title_has_no_room() -> None:
    title, where = heading_texts("Plank", "Step 12 of 14", 16)
    assert where == "" and title == "Plank" + " " * 11


def test_heading_measures_wide_characters_by_cells() -> None:
    title, where = heading_texts("背中のストレッチ", "1/3", 12)
    assert where == "1/3"
    assert title.endswith("… ") and len(title) < 12


def test_the_palette_key_is_left_out_whenever_a_key_is() -> None:
    keys = [("space", "space", "Pause/go", True), ("s", "s", "Save these timings", True)]
    assert text(key_line(keys, PALETTE, 30)) == " space Pause/go "  # room for ^p, not for s


def test_the_pacer_never_goes_blank_even_at_its_smallest() -> None:
    for width, height in [(38, 4), (38, 5), (38, 6), (10, 2), (78, 16)]:
        rows = pacer_frame(width, height, 0.0)
        assert len(rows) == height and all(len(row) == width for row in rows)
        assert any("█" in row for row in rows), (width, height)


def test_the_preview_counts_one_step_as_one_step() -> None:
    from backcare_tui.core.loader import parse_routine
    from backcare_tui.ui.widgets.routine_preview import preview_of

    one = parse_routine(
        'name = "One"\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 30\n', "one.toml"
    )
    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(preview_of(one))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "1 step · 35 s" in out and "1 steps" not in out


def test_the_preview_gives_the_same_total_as_the_list_row() -> None:
    from backcare_tui.core.durations import format_duration
    from backcare_tui.core.phases import session_total
    from backcare_tui.data.catalog import resolve
    from backcare_tui.ui.widgets.routine_preview import preview_of

    routine = resolve("core-strength")  # safety notes: the first get-ready is longer
    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(preview_of(routine))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    total = format_duration(session_total(routine))
    assert f"11 steps · {total}" in out and f"Total {total}" in out
