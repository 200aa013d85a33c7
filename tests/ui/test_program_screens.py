"""The program in the app, through Pilot: the picker's first row, r and c, the morning
question at launch, doses in a session, the summary's words, the history's charts."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Checkbox, Input, OptionList, Static

from backcare_tui.data.history import HistoryStore, open_history
from backcare_tui.data.history_program import log_checkin, log_run
from backcare_tui.data.locations import plan_path, user_routines_dir
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens.checkin import CheckinScreen
from backcare_tui.ui.screens.history import HistoryScreen
from backcare_tui.ui.screens.log_run import LogRunScreen
from backcare_tui.ui.screens.picker import TODAY, PickerScreen
from backcare_tui.ui.screens.session import SessionScreen
from backcare_tui.ui.screens.summary import SummaryScreen
from tests.fakes import FakeClock
from tests.ui.test_app import advance, make_app, rendered_text

MINI = """\
name = "Mini core"
lead_in = 0
[[steps]]
name = "Plank"
kind = "hold"
duration = 4
progress = { every = 1, add = 2, max = 10 }
[[steps]]
name = "Bridge"
kind = "reps"
reps = 2
tempo = 1
"""
MONDAY = "2025-03-03T18:00"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HistoryStore]:
    monkeypatch.setenv("BACKCARE_TODAY", MONDAY)
    user_routines_dir().mkdir(parents=True)
    (user_routines_dir() / "mini.toml").write_text(MINI, encoding="utf-8")
    plan_path().write_text(
        '[[routines]]\nid = "mini"\nper_week = 2\n'
        '[[routines]]\nid = "post-run-stretch"\nwhen = "after-run"\n'
    )
    opened = open_history(tmp_path / "history.sqlite3")
    yield opened
    opened.close()


def first_row(app: BackcareApp) -> str:
    routines = app.screen.query_one("#routines", OptionList)
    option = routines.get_option_at_index(0)
    assert option.id == TODAY
    return str(option.prompt)


def preview(app: BackcareApp) -> str:
    return rendered_text(app.screen.query_one("#preview", Static).content)


async def test_the_first_row_says_what_is_due_and_enter_starts_it_at_todays_dose(
    clock: FakeClock, store: HistoryStore
) -> None:
    app = make_app(clock, None, history=store)
    app.settings = app.settings.with_changes(checkin=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert first_row(app) == "Today: Mini core\n0 of 2 this week"
        assert app.screen.query_one("#routines", OptionList).highlighted == 0
        shown = preview(app)
        assert "Monday 3 March · Your plan" in shown and "Enter starts it" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.session is not None and app.session.routine.name == "Mini core"
        assert app.session.routine.steps[0].duration == 4  # the base: no session yet


async def test_r_logs_a_run_and_the_stretch_comes_first(
    clock: FakeClock, store: HistoryStore
) -> None:
    app = make_app(clock, None, history=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, LogRunScreen)
        await pilot.press("1", "0", "k", "tab", "space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        # Hard: the core session keeps to another day.
        assert first_row(app) == "Today: Post-run stretch\nafter your 10 km hard run at 18:00"
    (run,) = store.rows("SELECT distance_km, hard FROM runs")
    assert run == (10.0, 1)


async def test_a_distance_that_is_not_one_is_told_in_the_dialog(
    clock: FakeClock, store: HistoryStore
) -> None:
    app = make_app(clock, None, history=store)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("r", "f", "a", "r", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LogRunScreen)
        problem = rendered_text(app.screen.query_one("#run-problem").render())
        assert "must be written like 8, 8.5km" in problem
        assert not app.screen.query_one("#run-hard", Checkbox).value
        app.screen.query_one("#run-distance", Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert store.rows("SELECT distance_km FROM runs") == [(None,)]


async def test_c_checks_in_and_a_high_rating_shows_the_red_flag(
    clock: FakeClock, store: HistoryStore
) -> None:
    app = make_app(clock, None, history=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("8")
        await pilot.pause()
        assert first_row(app).startswith("⚠ Today: Mini core")
        shown = preview(app)
        assert "Red flag: stiffness 8 on Mon 3 Mar" in shown
        assert "See a doctor or physical therapist" in shown
    assert store.rows("SELECT rating FROM checkins") == [(8,)]


async def test_the_morning_after_a_session_the_app_asks_first(
    clock: FakeClock, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(clock, None, history=store)
    app.settings = app.settings.with_changes(checkin=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session_by_id("mini")
        await pilot.pause()
        assert app.session is not None
        await advance(app, pilot, clock, 10, step=1)
        assert isinstance(app.screen, SummaryScreen)
    monkeypatch.setenv("BACKCARE_TODAY", "2025-03-04T07:30")
    app = make_app(clock, None, history=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert "this morning" in app.screen.when
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
    assert store.rows("SELECT rating FROM checkins") == [(3,)]
    app = make_app(clock, None, history=store)  # answered: not asked again
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_the_summary_says_where_each_dose_goes_and_the_next_session_uses_it(
    clock: FakeClock, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(clock, None, history=store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session_by_id("mini")
        await pilot.pause()
        await pilot.press("3")  # before
        await pilot.pause()
        await advance(app, pilot, clock, 10, step=1)
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("2")  # after: fine
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        notes = rendered_text(summary.query_one("#summary-progress", Static).content)
        assert "Plank 6 s next time: your back was fine after the last session" in notes
    monkeypatch.setenv("BACKCARE_TODAY", "2025-03-05T18:00")
    app = make_app(clock, None, history=store)
    app.settings = app.settings.with_changes(checkin=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session_by_id("mini")
        await pilot.pause()
        assert app.session is not None and app.session.routine.steps[0].duration == 6


async def test_the_history_screen_draws_the_charts_at_40_columns(
    clock: FakeClock, store: HistoryStore
) -> None:
    now = datetime.fromisoformat(MONDAY).astimezone()
    log_checkin(store, now - timedelta(days=1), 5)
    log_run(store, now - timedelta(days=2), 6.0)
    app = make_app(clock, None, history=store)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        charts = app.screen.query_one("#history-charts", Static)
        assert 30 <= charts.size.width <= 40
        console = Console(width=charts.size.width, record=True, file=io.StringIO())
        console.print(charts.content)
        drawn = console.export_text()
        assert max(len(line) for line in drawn.splitlines()) <= charts.size.width
        assert "Stiffness, 0 none to 10 worst" in drawn and "◇" in drawn
        assert "Sessions a week against the plan" in drawn


def test_saving_doses_from_a_session_at_todays_dose_keeps_the_files_own_for_the_rest(
    clock: FakeClock,
) -> None:
    from dataclasses import replace

    from backcare_tui.core.doses import with_doses_used
    from backcare_tui.core.loader import parse_routine
    from backcare_tui.core.progression import with_level
    from backcare_tui.core.session import Session

    base = parse_routine(MINI, "mini.toml")
    ran = replace(base, steps=(with_level(base.steps[0], 2), base.steps[1]))  # Plank at 8 s
    session = Session(ran, clock=clock)
    session.start()
    while not session.phase.is_reps:  # the plank held as planned, at today's 8 s
        clock.advance(0.5)
        session.update()
    session.adjust(10)  # one rep more on the bridge
    while not session.finished:
        clock.advance(0.5)
        session.update()
    routine, changes = with_doses_used(session, base)
    assert routine.steps[0] == base.steps[0]  # Plank untouched: the file keeps 4 s, level stays
    assert routine.steps[1].reps == 3  # the user's own change becomes the new base
    assert [str(change) for change in changes] == ["Bridge 2 reps → 3 reps"]
