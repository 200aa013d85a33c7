"""The guided session: what a runner on the mat sees from two metres away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from ..routine import Kind
from ..session import PhaseKind, Session
from ..session_view import SessionView, view_of
from ..widgets.big_clock import BigClock
from ..widgets.breath_pacer import BreathPacer, pacer_size
from ..widgets.meter import Meter

if TYPE_CHECKING:
    from ..app import BackcareApp

__all__ = ["SessionScreen"]

_MOODS = ("ready", "work", "rest", "final", "paused", "done")


class SessionScreen(Screen[None]):
    """Shows the session the app is running. The app drives it; this screen only draws."""

    BINDINGS = [
        Binding("space", "toggle_pause", "Pause", id="session.pause"),
        Binding("n,right", "next", "Next", id="session.next"),
        Binding("p,left", "previous", "Back", id="session.previous"),
        Binding("r", "restart", "Restart", id="session.restart", show=False),
        Binding("plus_sign,equals_sign", "adjust(10)", "+10s", id="session.more", key_display="+"),
        Binding(
            "hyphen_minus,underscore", "adjust(-10)", "-10s", id="session.less", key_display="-"
        ),
        Binding("enter", "count_rep", "Rep", id="session.rep"),
        Binding("q", "quit_session", "Quit", id="session.quit"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._shown: SessionView | None = None
        self._mounted = False
        self._keys: tuple[bool, bool, bool] | None = None

    @property
    def backcare(self) -> BackcareApp:
        from ..app import BackcareApp

        assert isinstance(self.app, BackcareApp)
        return self.app

    def compose(self) -> ComposeResult:
        with Vertical(id="session"):
            with Horizontal(id="heading"):
                yield Label("", id="title", markup=False)
                yield Label("", id="where", markup=False)
            yield Label("", id="phase-label", markup=False, classes="mood")
            yield BigClock(id="clock", classes="mood")
            yield BreathPacer(id="pacer")
            yield Label("", id="detail", markup=False)
            yield Meter(id="phase-bar")
            yield Static("", id="instructions", markup=False)
            yield Label("", id="next-up", markup=False)
            with Horizontal(id="overall"):
                yield Meter(id="session-bar")
                yield Label("", id="session-left", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._mounted = True
        self.redraw()

    def on_resize(self) -> None:
        width, height = self.size
        self.set_class(width < 60 or height < 20, "-compact")
        self.set_class(height < 16, "-tiny")

    def redraw(self) -> None:
        """Bring the screen up to date with the session, touching only what changed."""
        if not self._mounted:
            return  # on_mount draws the first frame
        view = view_of(self.session)
        old = self._shown
        self._shown = view
        if old is None or view.title != old.title:
            self.query_one("#title", Label).update(view.title)
        if old is None or view.where != old.where:
            self.query_one("#where", Label).update(view.where)
        if old is None or view.label != old.label:
            self.query_one("#phase-label", Label).update(view.label)
        if old is None or view.clock != old.clock:
            self.query_one("#clock", BigClock).value = view.clock
        if old is None or view.detail != old.detail:
            detail = self.query_one("#detail", Label)
            # Fixed-size lines: skip the layout pass a plain update would trigger every second.
            detail.update(view.detail, layout=False)
            detail.display = bool(view.detail)
        if old is None or view.instructions != old.instructions:
            instructions = self.query_one("#instructions", Static)
            instructions.update(view.instructions)
            instructions.display = bool(view.instructions)
        if old is None or view.next_up != old.next_up:
            self.query_one("#next-up", Label).update(view.next_up)
        if old is None or view.session_left != old.session_left:
            self.query_one("#session-left", Label).update(view.session_left, layout=False)
        self.query_one("#phase-bar", Meter).fraction = view.phase_fraction
        self.query_one("#session-bar", Meter).fraction = view.session_fraction
        if old is None or view.mood != old.mood:
            # Classes go on the few widgets that change colour: a class on the screen would
            # restyle every widget in it, a visible hitch on slow machines.
            for widget in self.query(".mood"):
                for mood in _MOODS:
                    widget.set_class(mood == view.mood, f"-{mood}")
        breathing = view.breath is not None
        pacer = self.query_one("#pacer", BreathPacer)
        if old is None or breathing != (old.breath is not None):
            pacer.display = breathing
            self.query_one("#clock", BigClock).display = not breathing
        if view.breath is not None:
            pacer.size_fraction = round(pacer_size(*view.breath), 2)
        keys = self._keys_state()
        if keys != self._keys:
            # The footer rebuilds itself on every refresh: only when a key's availability changed.
            self._keys = keys
            self.refresh_bindings()

    def _keys_state(self) -> tuple[bool, bool, bool]:
        phase = self.session.phase
        reps = phase.kind is PhaseKind.WORK and phase.step.kind is Kind.REPS
        return reps, self.session.paused, self.session.finished

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keep the footer truthful: a rep can be counted only while reps are being counted."""
        phase = self.session.phase
        if action == "count_rep":
            reps = phase.kind is PhaseKind.WORK and phase.step.kind is Kind.REPS
            return reps and not self.session.paused and not self.session.finished
        if action == "toggle_pause":
            return not self.session.finished
        return True

    # --- actions: each asks the app, which owns the session and its clock ----------------------

    def action_toggle_pause(self) -> None:
        self.backcare.command(self.session.toggle_pause)

    def action_next(self) -> None:
        self.backcare.command(self.session.next)

    def action_previous(self) -> None:
        self.backcare.command(self.session.previous)

    def action_restart(self) -> None:
        self.backcare.command(self.session.restart_step)

    def action_adjust(self, seconds: int) -> None:
        self.backcare.command(lambda: self.session.adjust(seconds))

    def action_count_rep(self) -> None:
        self.backcare.command(self.session.count_rep)

    def action_quit_session(self) -> None:
        self.backcare.confirm_quit()
