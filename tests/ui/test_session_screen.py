"""The session screen only draws: its keys become messages, and the session is left alone."""

from __future__ import annotations

from textual.app import App
from textual.message import Message

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.phases import PhaseKind
from backcare_tui.core.runner import SessionAction
from backcare_tui.core.session import Session
from backcare_tui.ui.screens.session import SessionScreen
from tests.fakes import FakeClock

ROUTINE = parse_routine(
    'name = "Keys"\nlead_in = 3\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 20\n',
    "keys.toml",
)


class Host(App[None]):
    """Shows one session screen and keeps every message the screen posts."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.posted: list[Message] = []

    def on_mount(self) -> None:
        self.push_screen(SessionScreen(self.session))

    def on_session_screen_action(self, message: SessionScreen.Action) -> None:
        self.posted.append(message)

    def on_session_screen_quit_asked(self, message: SessionScreen.QuitAsked) -> None:
        self.posted.append(message)


async def test_each_key_posts_one_message_and_changes_nothing(clock: FakeClock) -> None:
    session = Session(ROUTINE, clock=clock)
    session.start()
    app = Host(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "n", "right", "p", "r", "plus", "minus", "q")
        await pilot.pause()
    actions = [
        (m.action, m.seconds) if isinstance(m, SessionScreen.Action) else type(m).__name__
        for m in app.posted
    ]
    assert actions == [
        (SessionAction.TOGGLE_PAUSE, 0),
        (SessionAction.NEXT, 0),
        (SessionAction.NEXT, 0),
        (SessionAction.PREVIOUS, 0),
        (SessionAction.RESTART, 0),
        (SessionAction.ADJUST, 10),
        (SessionAction.ADJUST, -10),
        "QuitAsked",
    ]
    assert not session.paused and session.phase.kind is PhaseKind.GET_READY
    assert session.phase_remaining == 3


async def test_enter_posts_a_rep_only_while_reps_are_counted(clock: FakeClock) -> None:
    reps = parse_routine(
        'name = "Reps"\nlead_in = 1\n[[steps]]\nname = "Bridge"\nkind = "reps"\nreps = 5\n',
        "reps.toml",
    )
    session = Session(reps, clock=clock)
    session.start()
    app = Host(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the get-ready: nothing to count, the key is not offered
        await pilot.pause()
        assert app.posted == []
        clock.advance(1.1)
        session.update()
        await pilot.press("enter")
        await pilot.pause()
    assert [(m.action, m.seconds) for m in app.posted if isinstance(m, SessionScreen.Action)] == [
        (SessionAction.COUNT_REP, 0)
    ]
    assert session.rep_count == 0  # counted by whoever runs the session, not by the screen
