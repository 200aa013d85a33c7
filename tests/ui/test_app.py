"""Pilot tests: the app driven through ``run_test`` with a hand-moved clock."""

from __future__ import annotations

import io
import time
import tomllib
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Label, OptionList, Static

from backcare_tui.core.events import EventKind
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.phases import PhaseKind, total_time
from backcare_tui.core.routine import Routine
from backcare_tui.data.locations import settings_path, shown_path, user_routines_dir
from backcare_tui.data.settings import Settings
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens.confirm import StopScreen
from backcare_tui.ui.screens.help import HelpScreen
from backcare_tui.ui.screens.picker import PickerScreen
from backcare_tui.ui.screens.safety import SafetyScreen
from backcare_tui.ui.screens.session import SessionScreen
from backcare_tui.ui.screens.summary import SummaryScreen
from backcare_tui.ui.widgets.dial import Dial
from backcare_tui.ui.widgets.heading import Heading
from tests.fakes import FakeClock, RecordingSink

SHORT = """
name = "Short [bold]test[/]"
lead_in = 3

[[steps]]
name = "Hip [red]flexor"
kind = "hold"
duration = 6
sides = true
rest_between = 2
instructions = "Kneel on one knee and lean forward."

[[steps]]
name = "Bird dog"
kind = "reps"
reps = 3
tempo = 1
sides = "alternate"

[[steps]]
name = "Breathing"
kind = "breathe"
cycles = 2
inhale = 2
exhale = 2
"""


def short_routine() -> Routine:
    return parse_routine(SHORT, "short.toml")


def make_app(clock: FakeClock, routine: Routine | None = None, **extra: object) -> BackcareApp:
    options: dict[str, object] = {
        "settings": Settings(safety_acknowledged=True),
        "remember_settings": False,
        "clock": clock,
        "wake": False,
    }
    options.update(extra)
    return BackcareApp(routine, **options)  # type: ignore[arg-type]


def rendered_text(renderable: object) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def text_of(app: BackcareApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).render())


async def advance(
    app: BackcareApp, pilot: object, clock: FakeClock, seconds: float, step: float = 0.5
) -> None:
    """Move the clock forward in small steps, letting the app catch up after each."""
    moved = 0.0
    while moved < seconds - 1e-9:
        delta = min(step, seconds - moved)
        clock.advance(delta)
        moved += delta
        app.tick()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_runs_a_whole_routine_to_the_summary_with_no_key_pressed(clock: FakeClock) -> None:
    sink = RecordingSink()
    app = make_app(clock, short_routine(), sinks_for=lambda session: [sink])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert text_of(app, "#phase-label") == "GET READY"
        assert app.screen.query_one("#dial", Dial).clock == "0:03"
        # Text from the routine file is shown literally.
        assert app.screen.query_one("#heading", Heading).title == "Hip [red]flexor"
        await advance(app, pilot, clock, 3.2)
        assert text_of(app, "#phase-label") == "HOLD · LEFT"
        assert app.screen.query_one("#dial", Dial).clock == "0:06"
        await advance(app, pilot, clock, 6)
        assert text_of(app, "#phase-label").startswith("SWITCH SIDES")
        await advance(app, pilot, clock, 2 + 6 + 3)
        assert text_of(app, "#phase-label") == "REPS · LEFT"  # the side of the next rep
        await advance(app, pilot, clock, 2.1)
        assert app.screen.query_one("#dial", Dial).clock == "2/6"
        total = total_time(short_routine())
        await advance(app, pilot, clock, total)
        assert isinstance(app.screen, SummaryScreen)
        assert "Session complete" in str(app.screen.query_one("#summary-title", Label).render())
    kinds = [e.kind for e in sink.events]
    assert kinds[0] is EventKind.PHASE_STARTED and kinds[-1] is EventKind.SESSION_DONE
    assert kinds.count(EventKind.SESSION_DONE) == 1
    assert kinds.count(EventKind.REP) == 6
    assert sink.closed == 1


async def test_space_pauses_and_the_clock_does_not_run_while_paused(clock: FakeClock) -> None:
    app = make_app(clock, short_routine())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(app, pilot, clock, 4)
        session = app.session
        assert session is not None
        left = session.phase_remaining
        await pilot.press("space")
        assert session.paused
        assert text_of(app, "#phase-label").startswith("PAUSED")
        await advance(app, pilot, clock, 100)
        assert session.phase_remaining == pytest.approx(left)
        await pilot.press("space")
        assert not session.paused
        await advance(app, pilot, clock, 1)
        assert session.phase_remaining == pytest.approx(left - 1)


async def test_next_previous_restart_and_adjust_keys(clock: FakeClock) -> None:
    app = make_app(clock, short_routine())
    async with app.run_test(size=(80, 24)) as pilot:
        session = app.session
        assert session is not None
        await pilot.press("n")  # skip the get-ready
        assert session.phase.kind is PhaseKind.WORK
        await advance(app, pilot, clock, 1)
        left = session.phase_remaining
        await pilot.press("plus")
        assert session.phase_remaining == pytest.approx(left + 10)
        await pilot.press("minus")
        assert session.phase_remaining == pytest.approx(left)
        await pilot.press("n", "n", "n", "n")  # left, switch, right, next get-ready
        assert session.phase.step_index == 1
        await pilot.press("p")
        assert session.phase.step_index == 0
        assert session.phase.kind is PhaseKind.GET_READY
        await pilot.press("right")
        await advance(app, pilot, clock, 2)
        await pilot.press("r")
        assert session.phase.kind is PhaseKind.GET_READY
        assert session.phase.step_index == 0


async def test_enter_counts_a_rep_only_while_counting_reps(clock: FakeClock) -> None:
    routine = parse_routine(
        'name = "Reps"\nlead_in = 2\n[[steps]]\nname = "Swings"\nkind = "reps"\nreps = 5\ntempo = 4\n',
        "reps.toml",
    )
    app = make_app(clock, routine)
    async with app.run_test(size=(80, 24)) as pilot:
        session = app.session
        assert session is not None
        await pilot.press("enter")  # during get-ready: nothing to count
        assert session.rep_count == 0
        await advance(app, pilot, clock, 2.1)
        await pilot.press("enter", "enter")
        assert session.rep_count == 2
        assert app.screen.query_one("#dial", Dial).clock == "2/5"


async def test_quit_asks_first_and_the_question_does_not_eat_the_hold(clock: FakeClock) -> None:
    app = make_app(clock, short_routine())
    async with app.run_test(size=(80, 24)) as pilot:
        session = app.session
        assert session is not None
        await advance(app, pilot, clock, 4)
        left = session.phase_remaining
        await pilot.press("q")
        assert isinstance(app.screen, StopScreen)
        await advance(app, pilot, clock, 30)
        await pilot.press("n")
        assert isinstance(app.screen, SessionScreen)
        assert not session.paused
        assert session.phase_remaining == pytest.approx(left)
        await pilot.press("q")
        await pilot.press("y")  # stop: the summary of what was done
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Session stopped" in str(app.screen.query_one("#summary-title", Label).render())
        await pilot.press("q")  # and q there leaves the app
        await pilot.pause()
    assert app.return_code == 0


async def test_q_twice_leaves_the_app_from_a_session(clock: FakeClock) -> None:
    app = make_app(clock, short_routine())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q", "q")
        await pilot.pause()
    assert app.return_code == 0 and app.session is not None and not app.session.finished


async def test_a_paused_session_stays_paused_under_help(clock: FakeClock) -> None:
    app = make_app(clock, short_routine())
    async with app.run_test(size=(80, 24)) as pilot:
        session = app.session
        assert session is not None
        await pilot.press("space")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert session.paused
        await pilot.press("space")
        await pilot.press("question_mark")
        assert session.paused  # help holds a running session still…
        await pilot.press("escape")
        assert not session.paused  # …and lets it go on afterwards


async def test_safety_notice_comes_first_once_and_is_remembered(clock: FakeClock) -> None:
    app = make_app(clock, short_routine(), settings=Settings(), remember_settings=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, SafetyScreen)
        assert app.session is None  # the session waits until the notice is read
        await pilot.press("enter")
        assert isinstance(app.screen, SessionScreen)
    saved = tomllib.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["safety_acknowledged"] is True


def write_user_routines() -> None:
    user = user_routines_dir()
    user.mkdir(parents=True)
    (user / "mine.toml").write_text(SHORT, encoding="utf-8")
    (user / "broken.toml").write_text(
        'name = "x"\n[[steps]]\nname = "a"\nkind = "hold"\n', encoding="utf-8"
    )


async def test_picker_lists_routines_and_broken_files_and_starts_one(clock: FakeClock) -> None:
    write_user_routines()
    app = make_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one("#routines", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "post-run-stretch" in ids and "mine" in ids
        assert any(i and i.startswith("broken:") and i.endswith("broken.toml") for i in ids)
        options.highlighted = ids.index(next(i for i in ids if i and i.startswith("broken:")))
        await pilot.pause()
        preview = rendered_text(app.screen.query_one("#preview", Static).content)
        assert "duration is required" in preview
        await pilot.press("enter")
        assert isinstance(app.screen, PickerScreen)  # a broken file does not start
        options.highlighted = ids.index("mine")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.session is not None and app.session.routine.id == "mine"


async def test_picker_says_when_the_routines_folder_is_a_file(clock: FakeClock) -> None:
    folder = user_routines_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("in the way")
    app = make_app(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith(f"{shown_path(folder)}: is a file, not a folder") for m in messages)


async def test_summary_enter_goes_back_to_the_picker(clock: FakeClock) -> None:
    app = make_app(clock, short_routine())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(app, pilot, clock, total_time(short_routine()) + 1, step=1)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_resizing_mid_session_keeps_the_clock_running(clock: FakeClock) -> None:
    app = make_app(clock, short_routine())
    async with app.run_test(size=(80, 24)) as pilot:
        session = app.session
        assert session is not None
        for size in ((40, 12), (20, 6), (140, 50), (40, 12), (80, 24)):
            await pilot.resize_terminal(*size)
            await advance(app, pilot, clock, 1)
        assert session.elapsed == pytest.approx(5)
        assert not session.paused


async def test_checkin_and_history_record_the_session(clock: FakeClock, tmp_path: Path) -> None:
    from backcare_tui.data.history import open_history
    from backcare_tui.data.history_records import SessionStatus
    from backcare_tui.ui.screens.checkin import CheckinScreen
    from backcare_tui.ui.screens.history import HistoryScreen

    store = open_history(tmp_path / "history.sqlite3")
    app = make_app(clock, None, history=store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session_by_id("quick-relief")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        assert app.session is None  # nothing runs until the rating is given or skipped
        await pilot.press("7")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        assert app.session is not None and app.session.paused
        await pilot.press("escape")
        assert not app.session.paused
        await advance(app, pilot, clock, app.session.total + 1, step=2)
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("1", "0")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    record = store.sessions()[0]
    assert record.routine_id == "quick-relief"
    assert record.status is SessionStatus.FINISHED
    assert record.steps_done == record.steps_total == len(record.steps)
    assert (record.stiffness_before, record.stiffness_after) == (7, 10)
    store.close()


async def test_quitting_mid_session_is_recorded_as_stopped_early(
    clock: FakeClock, tmp_path: Path
) -> None:
    from backcare_tui.data.history import open_history
    from backcare_tui.data.history_records import SessionStatus

    store = open_history(tmp_path / "history.sqlite3")
    app = make_app(clock, short_routine(), history=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(app, pilot, clock, 3 + 6 + 2 + 6 + 1)  # the first step done
        await pilot.press("q", "y")
        await pilot.pause()
    record = store.sessions()[0]
    assert record.status is SessionStatus.STOPPED_EARLY
    assert record.steps_done == 1
    store.close()


@pytest.mark.realtime
async def test_real_time_run_reaches_the_summary_on_time() -> None:
    """The one test on the real clock: wake-ups, deadlines and screens together."""
    routine = parse_routine(
        'name = "Quick"\nlead_in = 1\n[[steps]]\nname = "Hold"\nkind = "hold"\nduration = 1.5\n'
        '[[steps]]\nname = "Reps"\nkind = "reps"\nreps = 2\ntempo = 0.5\n',
        "quick.toml",
    )
    sink = RecordingSink()
    app = BackcareApp(
        routine,
        settings=Settings(safety_acknowledged=True),
        remember_settings=False,
        sinks_for=lambda session: [sink],
    )
    total = total_time(routine)
    async with app.run_test(size=(80, 24)) as pilot:
        started = time.monotonic()
        while not isinstance(app.screen, SummaryScreen) and time.monotonic() - started < total + 3:
            await pilot.pause(0.05)
        assert isinstance(app.screen, SummaryScreen)
    # From the first event handed over to the last: the session's own length on the wall clock.
    # The upper bound allows for a busy machine; the event times checked below are exact.
    took = sink.arrived[-1] - sink.arrived[0]
    assert total - 0.01 <= took <= total + 0.5
    done = [e for e in sink.events if e.kind is EventKind.SESSION_DONE]
    assert len(done) == 1 and done[0].elapsed == pytest.approx(total, abs=1e-6)
    countdowns = [e.value for e in sink.events if e.kind is EventKind.COUNTDOWN]
    assert countdowns == [1]  # the 1.5 s hold counts its last second


async def test_history_at_40x12_takes_the_narrow_layout(clock: FakeClock, tmp_path: Path) -> None:
    from backcare_tui.data.history import open_history
    from backcare_tui.ui.screens.history import HistoryScreen

    store = open_history(tmp_path / "history.sqlite3")
    app = make_app(clock, short_routine(), history=store)
    async with app.run_test(size=(40, 12)) as pilot:
        await advance(app, pilot, clock, 3 + 6 + 2 + 6 + 1)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        report = app.screen.query_one("#history-report", Static)
        assert report.size.width <= 38  # wraps in the screen: nothing to scroll sideways to
        text = rendered_text(report.content)
        assert "running" in text and "Statu" not in text
    store.close()
