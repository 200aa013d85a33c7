"""Snapshots of each screen at 80x24 and at 40x12, the smallest size the app promises to fit.

Update them after a deliberate change with ``pytest tests/ui/test_snapshots.py
--snapshot-update`` and look at the report before committing.

A snapshot must come out the same on every machine: at any checkout path (the picker shows a
built-in as "built-in", never its file), for any user, locale or terminal, with or without a
sound device. What the environment could change is pinned here: the theme (``TEXTUAL_THEME`` is
read when Textual is imported), colour (``NO_COLOR``), and sound (no sink is ever made, so no
player or speech engine is looked for).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from backcare_tui.core.loader import parse_routine
from backcare_tui.data.settings import Settings
from backcare_tui.ui.app import BackcareApp
from tests.fakes import FakeClock

ROUTINE = parse_routine(
    """
name = "Snapshot routine"
lead_in = 5

[[steps]]
name = "Hip flexor stretch"
kind = "hold"
duration = "30s"
sides = true
instructions = "Half-kneel, back knee down, and ease your hips forward until the front of the hip stretches."

[[steps]]
name = "Bird dog"
kind = "reps"
reps = 10
tempo = 3
sides = "alternate"

[[steps]]
name = "Slow breathing"
kind = "breathe"
cycles = 6
inhale = 4
exhale = 6
""",
    "snapshot.toml",
)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((40, 12), id="40x12")]


@pytest.fixture(autouse=True)
def same_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave out what a user's environment may set: the app reads these when it starts."""
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def app_at(seconds: float | None, *, acknowledged: bool = True) -> tuple[BackcareApp, FakeClock]:
    clock = FakeClock()
    routine = None if seconds is None else ROUTINE
    app = BackcareApp(
        routine,
        settings=Settings(safety_acknowledged=acknowledged),
        remember_settings=False,
        clock=clock,
        wake=False,
        sinks_for=lambda session: [],  # no sound: the same with or without a sound device
    )
    app.theme = "textual-dark"  # not TEXTUAL_THEME's
    return app, clock


def moved(app: BackcareApp, clock: FakeClock, seconds: float) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        # A look at the clock every 10 s at least, as the app's own wake-ups do (every second):
        # one look after a longer silence means the machine was asleep, and the session pauses.
        left = seconds
        while left > 0:
            clock.advance(min(10, left))
            left -= 10
            app.tick()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "seconds",
    [
        pytest.param(1, id="get-ready"),
        pytest.param(20, id="hold"),
        pytest.param(5 + 30 + 5 + 30 + 5 + 7, id="reps"),
        pytest.param(5 + 30 + 5 + 30 + 5 + 60 + 5 + 2, id="breathe"),
    ],
)
def test_session_screen(snap_compare: Any, size: tuple[int, int], seconds: float) -> None:
    app, clock = app_at(0)
    assert snap_compare(app, terminal_size=size, run_before=moved(app, clock, seconds))


@pytest.mark.parametrize("size", SIZES)
def test_picker(snap_compare: Any, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    # The first row says what is due today: a fixed Monday, so the picture is the same any day.
    monkeypatch.setenv("BACKCARE_TODAY", "2025-03-03T09:00")
    app, _ = app_at(None)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_safety_notice(snap_compare: Any, size: tuple[int, int]) -> None:
    app, _ = app_at(None, acknowledged=False)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Any, size: tuple[int, int]) -> None:
    app, _ = app_at(0)
    assert snap_compare(app, terminal_size=size, press=["question_mark"])


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare: Any, size: tuple[int, int]) -> None:
    app, clock = app_at(0)
    assert snap_compare(app, terminal_size=size, run_before=moved(app, clock, 10_000))


@pytest.mark.parametrize("size", SIZES)
def test_safety_notes_at_the_start(snap_compare: Any, size: tuple[int, int]) -> None:
    from backcare_tui.data.catalog import resolve

    clock = FakeClock()
    app = BackcareApp(
        resolve("recovery"),
        settings=Settings(safety_acknowledged=True),
        remember_settings=False,
        clock=clock,
        wake=False,
    )
    assert snap_compare(app, terminal_size=size, run_before=moved(app, clock, 2))
