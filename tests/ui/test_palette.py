"""The command palette finds the app's commands, with their keys, and tells built-ins apart."""

from __future__ import annotations

from textual.pilot import Pilot

from backcare_tui.data.locations import user_routines_dir
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens.editor import EditorScreen
from backcare_tui.ui.screens.help import HelpScreen
from backcare_tui.ui.screens.history import HistoryScreen
from backcare_tui.ui.screens.session import SessionScreen
from tests.fakes import FakeClock
from tests.ui.test_app import make_app


async def typed(app: BackcareApp, pilot: Pilot[int], query: str) -> list[str]:
    """Open the palette and type ``query``: the titles it offers (the palette stays open)."""
    from textual.command import CommandInput, CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    # Typed at once: key by key, each letter starts a search of its own (seconds in all).
    app.screen.query_one(CommandInput).value = query
    found = app.screen.query_one(CommandList)
    seen = -1
    for _ in range(30):  # the palette searches in the background: until its hits settle
        await pilot.pause(0.05)
        if found.option_count and found.option_count == seen:
            break
        seen = found.option_count
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


async def hits(app: BackcareApp, pilot: Pilot[int], query: str) -> list[str]:
    """The first line of each hit the palette offers for ``query`` (press escape after)."""
    return [prompt.split("\n")[0] for prompt in await typed(app, pilot, query)]


async def palette_run(app: BackcareApp, pilot: Pilot[int], query: str) -> None:
    """Open the palette, type ``query``, and choose the first hit."""
    await typed(app, pilot, query)
    await pilot.press("enter")
    await pilot.pause()


async def test_hist_finds_history_with_its_key(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = await hits(app, pilot, "hist")
        assert "Show history (h)" in titles
        await pilot.press("escape")
        await palette_run(app, pilot, "hist")
        assert isinstance(app.screen, HistoryScreen)


async def test_mute_voice_and_help_are_commands(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.settings.sound
        await palette_run(app, pilot, "mute")
        assert not app.settings.sound
        assert "Unmute sound (m)" in await hits(app, pilot, "mute")
        await pilot.press("escape")
        await palette_run(app, pilot, "voice off")
        assert not app.settings.voice
        await palette_run(app, pilot, "help")
        assert isinstance(app.screen, HelpScreen)


async def test_check_ins_can_be_turned_off_and_on(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.settings.checkin
        await palette_run(app, pilot, "check")
        assert not app.settings.checkin
        await palette_run(app, pilot, "check")
        assert app.settings.checkin


async def test_edit_and_new_open_the_editor(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = await hits(app, pilot, "edit")
        assert "Edit Core strength" in titles
        await pilot.press("escape")
        await palette_run(app, pilot, "edit recovery")
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.draft.source.id == "recovery"
        await pilot.press("escape")
        await pilot.pause()
        await palette_run(app, pilot, "new routine")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert editor.draft.source.name == "My routine"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # the name given, "My routine", and its file name
        await pilot.pause()
    assert (user_routines_dir() / "my-routine.toml").is_file()


async def test_no_editing_from_inside_a_session(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.start_session_by_id("quick-relief")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        titles = await hits(app, pilot, "edit")
        assert not any(title.startswith("Edit ") for title in titles)


async def test_the_palette_marks_which_routine_is_built_in(clock: FakeClock) -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "core-copy.toml").write_text(
        'name = "Core strength, easier"\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 20\n',
        encoding="utf-8",
    )
    app = make_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        prompts = await typed(app, pilot, "start core")
        builtin = next(p for p in prompts if p.startswith("Start Core strength\n"))
        mine = next(p for p in prompts if p.startswith("Start Core strength, easier"))
        assert "built-in · 15 min 21 s" in builtin
        assert "yours · " in mine


async def test_the_picker_marks_built_ins_and_the_users_own(clock: FakeClock) -> None:
    from textual.widgets import OptionList

    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "core-copy.toml").write_text(
        'name = "Core strength (mine)"\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 20\n',
        encoding="utf-8",
    )
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        routines = app.screen.query_one("#routines", OptionList)
        labels = [str(routines.get_option_at_index(i).prompt) for i in range(routines.option_count)]
        assert "Core strength\n15 min 21 s · built-in" in labels
        assert "Core strength (mine)\n25 s · yours" in labels
