"""Messages go where they hide nothing the user needs now: not over the editor's problems, not
over a session's instructions."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label

from backcare_tui.data.catalog import resolve
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens import session as session_screen
from backcare_tui.ui.screens.editor import EditorScreen
from backcare_tui.ui.screens.session import SessionScreen
from tests.fakes import FakeClock
from tests.ui.test_app import make_app
from tests.ui.test_editor_screen import status
from tests.ui.test_sound_controls import sound_app, sound_line


def toasts(app: BackcareApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_saving_a_broken_edit_says_so_above_the_problems_not_over_them(
    clock: FakeClock,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.edit_routine(app.catalog.routines["quick-relief"])
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        field = app.screen.query_one("#step-duration", Input)
        field.focus()
        field.value = "30h"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert toasts(app) == []
        lines = status(app).splitlines()
        assert lines[0] == "Not saved: fix these first."
        assert "duration must be from 1 s to 1 h" in lines[1]
        assert isinstance(app.screen, EditorScreen)


async def test_m_and_v_in_a_session_answer_on_the_sound_line_not_over_the_notes(
    clock: FakeClock, tmp_path: Path
) -> None:
    routine = resolve("quick-relief")
    app, _ = sound_app(clock, tmp_path, routine=routine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#safety-notes").region.height > 0  # the notes are up
        await pilot.press("m")
        await pilot.pause()
        assert toasts(app) == []
        assert sound_line(app) == "Sound off for this session · M: keep"
        assert app.screen.query_one("#sound-line").region.height > 0
        assert app.screen.query_one("#safety-notes").region.height > 0  # still readable
        await pilot.press("v")
        await pilot.pause()
        assert toasts(app) == []
        assert sound_line(app).startswith("Voice off for this session")


async def test_other_answers_in_a_session_take_the_next_up_line_for_a_moment(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_screen, "NOTICE_SECONDS", 0.2)
    app = make_app(clock, resolve("quick-relief"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        next_up = app.screen.query_one("#next-up", Label)
        before = str(next_up.render())
        assert before.startswith("Next: ")
        app.tell("Check-ins off")
        await pilot.pause()
        assert toasts(app) == []
        assert str(next_up.render()) == "Check-ins off"
        assert next_up.region.height > 0  # on screen, though the safety notes are up
        await pilot.pause(0.4)
        assert str(next_up.render()) == before


async def test_m_in_the_picker_is_a_brief_toast(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert toasts(app) == ["Sound off for every session (saved)"]
        assert not isinstance(app.screen, SessionScreen)
