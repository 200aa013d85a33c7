"""The dial draws the clock face, the detail line and both bars, and repaints only what changed.

The partial repaints are the risky part: a changed cell left outside the repainted areas would
stay stale on the screen. So every test here draws the whole dial before and after an update
and checks that each cell that differs lies inside an area the dial asked to repaint.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.geometry import Region

from backcare_tui.core.durations import format_clock
from backcare_tui.ui.session_view import Mood
from backcare_tui.ui.widgets.big_clock import changed_areas, fit
from backcare_tui.ui.widgets.dial import Dial, bar_segments, bar_width, dial_rows, filled_cells


class DialApp(App[None]):
    CSS = "Dial { margin: 0; }"

    def compose(self) -> ComposeResult:
        yield Dial(id="dial")


def drawn(dial: Dial) -> list[str]:
    return [strip.text for strip in dial.draw()]


class Recorder:
    """Stands in for ``Dial.refresh`` and notes what the dial asked to repaint."""

    def __init__(self, dial: Dial) -> None:
        self.areas: list[Region] | None = []
        self.refresh = dial.refresh

    def __call__(self, *regions: Region, **kwargs: Any) -> Dial:
        if not regions:
            self.areas = None  # everything
        elif self.areas is not None:
            self.areas.extend(regions)
        return self.refresh(*regions, **kwargs)


def assert_covered(before: list[str], after: list[str], areas: list[Region] | None) -> None:
    if areas is None:
        return  # a full repaint covers every cell
    for y, (old, new) in enumerate(zip(before, after, strict=True)):
        for x, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                assert any(area.contains(x, y) for area in areas), (x, y, old, new)


def countdown(start: int) -> list[str]:
    return [format_clock(seconds) for seconds in range(start, -1, -1)]


@pytest.mark.parametrize("size", [(80, 19), (40, 8), (120, 40), (30, 6)])
async def test_a_countdown_repaints_every_changed_cell_and_little_else(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = DialApp()
    async with app.run_test(size=size) as pilot:
        dial = app.query_one(Dial)
        total = 725
        dial.update(clock=format_clock(total), detail="", phase=0, session=0, session_label="")
        await pilot.pause()
        painted = 0
        for step, value in enumerate(countdown(total)[1:], start=1):
            before = drawn(dial)
            recorder = Recorder(dial)
            monkeypatch.setattr(dial, "refresh", recorder)
            label = f"{round(100 * step / total)}% · {value} left"
            dial.update(
                clock=value,
                detail="",
                phase=step / total,
                session=step / total,
                session_label=label,
            )
            monkeypatch.undo()
            after = drawn(dial)
            assert_covered(before, after, recorder.areas)
            if recorder.areas is not None:
                painted += sum(area.width * area.height for area in recorder.areas)
        # Far less than the whole dial each second: that is the point of the partial repaints.
        assert painted / total < 0.35 * size[0] * size[1]


async def test_detail_and_bars_repaint_their_rows_and_a_new_detail_redraws_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = DialApp()
    async with app.run_test(size=(60, 14)) as pilot:
        dial = app.query_one(Dial)
        dial.update(
            clock="3/10", detail="3 of 10", phase=0.3, session=0.1, session_label="1:00 left"
        )
        await pilot.pause()
        steps = [
            ("4/10", "4 of 10", 0.4, 0.12, "0:58 left"),  # everything changes
            ("4/10", "4 of 10", 0.4, 0.12, "0:58 left"),  # nothing changes
            ("4/10", "", 0.4, 0.12, "0:57 left"),  # the detail line goes: the face grows
            ("4/10", "", 0.41, 0.13, "0:57 left"),
        ]
        for clock, detail, phase, session, label in steps:
            before = drawn(dial)
            recorder = Recorder(dial)
            monkeypatch.setattr(dial, "refresh", recorder)
            dial.update(
                clock=clock, detail=detail, phase=phase, session=session, session_label=label
            )
            monkeypatch.undo()
            assert_covered(before, drawn(dial), recorder.areas)
        assert drawn(dial)[-1].endswith(" 0:57 left")


async def test_a_mood_colours_the_face_and_only_the_face() -> None:
    class RedApp(DialApp):
        CSS = "Dial { margin: 0; } Dial > .dial--final { color: red; }"

    app = RedApp()
    async with app.run_test(size=(40, 9)) as pilot:
        dial = app.query_one(Dial)
        dial.update(clock="0:03", detail="", phase=0.9, session=0.9, session_label="0:03 left")
        dial.set_mood(Mood.FINAL)
        await pilot.pause()
        lines = dial.draw()
        face_colours = {
            s.style.color.name for s in lines[2] if s.style and s.style.color and s.text.strip()
        }
        bar_colours = {s.style.color.name for s in lines[-1] if s.style and s.style.color}
        assert face_colours == {"#ff0000"}
        assert "#ff0000" not in bar_colours


async def test_without_the_face_the_dial_is_only_its_lower_lines() -> None:
    app = DialApp()
    async with app.run_test(size=(40, 12)) as pilot:
        dial = app.query_one(Dial)
        dial.update(clock="0:30", detail="Breath 1 of 6", phase=0, session=0, session_label="")
        dial.show_face(False)
        await pilot.pause()
        assert dial.size.height == 3
        assert "Breath 1 of 6" in drawn(dial)[0]


def test_rows_give_the_face_what_the_lower_lines_leave() -> None:
    rows = dial_rows(19, detail=False, face=True)
    assert (rows.face, rows.detail, rows.phase, rows.session) == (17, None, 17, 18)
    rows = dial_rows(19, detail=True, face=True)
    assert (rows.face, rows.detail, rows.phase, rows.session) == (16, 16, 17, 18)
    # Short: the phase bar gives way so the face keeps the five rows of the smallest digits.
    rows = dial_rows(7, detail=True, face=True)
    assert (rows.face, rows.detail, rows.phase, rows.session) == (5, 5, None, 6)
    rows = dial_rows(0, detail=True, face=False)
    assert (rows.face, rows.detail, rows.phase, rows.session) == (0, 0, 1, 2)
    # Very short (a notice and the safety notes at 40x12): the detail line gives way, never the
    # time, which is drawn as plain text on a face of one row.
    rows = dial_rows(2, detail=True, face=True)
    assert (rows.face, rows.detail, rows.phase, rows.session) == (1, None, None, 1)
    rows = dial_rows(3, detail=True, face=True)
    assert (rows.face, rows.detail, rows.phase, rows.session) == (1, 1, None, 2)


def test_bar_fills_by_half_cells_and_the_label_gives_way_when_narrow() -> None:
    plain = Style()
    assert filled_cells(0.5, 10) == 10
    assert filled_cells(1.5, 10) == 20 and filled_cells(-1, 10) == 0
    text = "".join(s.text for s in bar_segments(0.25, 10, "", plain, plain, plain))
    assert text == "━━╸━━━━━━━" and len(text) == 10
    text = "".join(s.text for s in bar_segments(0.5, 20, "1:00 left", plain, plain, plain))
    assert text.endswith(" 1:00 left") and len(text) == 20
    assert bar_width(12, "1:00 left") == 12  # 2 columns of bar would be no bar: no label
    text = "".join(s.text for s in bar_segments(0.5, 12, "1:00 left", plain, plain, plain))
    assert "left" not in text and len(text) == 12


def test_changed_areas_are_none_when_glyphs_move() -> None:
    assert changed_areas("10:00", "9:59", 80, 15) is None  # one glyph fewer: all move
    assert changed_areas("1:00", "0:59", 8, 2) is None  # too small for block digits
    assert changed_areas("0:59", "0:58", 78, 17) == [(60, 10, 18, 3)]  # 9 to 8: one row
    assert len(fit("0:58", 78, 17)) == 15


async def test_a_detail_too_long_for_the_line_ends_with_an_ellipsis() -> None:
    app = DialApp()
    async with app.run_test(size=(20, 9)) as pilot:
        dial = app.query_one(Dial)
        detail = "11 of 12 done · next: right · 0:01 left"
        dial.update(clock="11/12", detail=detail, phase=0.9, session=0.5, session_label="")
        await pilot.pause()
        line = next(line for line in drawn(dial) if "done" in line)
        assert line == "11 of 12 done · nex…"
