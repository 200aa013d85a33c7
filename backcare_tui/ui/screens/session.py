"""The guided session: what a runner on the mat sees from two metres away."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label, Static

from backcare_tui.core.routine import StepKind
from backcare_tui.core.runner import SessionAction
from backcare_tui.core.session import Session
from backcare_tui.core.text import printable
from backcare_tui.ui.session_view import Mood, SessionView, adjust_labels, view_of
from backcare_tui.ui.widgets.breath_pacer import BreathPacer, pacer_size
from backcare_tui.ui.widgets.dial import Dial
from backcare_tui.ui.widgets.heading import Heading
from backcare_tui.ui.widgets.key_bar import KeyBar
from backcare_tui.ui.widgets.safety_notes import SafetyNotes

__all__ = ["NOTICE_SECONDS", "SessionScreen"]

NOTICE_SECONDS = 3.0
"""How long a message such as "Sound muted" stays in place of "next up"."""


class SessionScreen(Screen[None]):
    """Shows the session the app is running. The app drives it; this screen only draws.

    Keys become messages to the app, which owns the session and its clock: the screen reads the
    session it is given and never changes it.
    """

    @dataclass
    class Action(Message):
        """The user asked for ``action`` (``seconds`` is the amount for ADJUST)."""

        action: SessionAction
        seconds: float = 0.0

    class QuitAsked(Message):
        """The user pressed q: the app asks whether to stop, and pauses while it asks."""

    # In the order they are shown: on a narrow screen the key bar leaves keys out from the end.
    # Rep shows only while reps are counted, and then it matters more than the rest.
    BINDINGS = [
        Binding("space", "toggle_pause", "Pause/go", id="session.pause"),
        Binding("enter", "count_rep", "Rep", id="session.rep"),
        Binding("n,right", "next", "Next", id="session.next"),
        Binding("p,left", "previous", "Back", id="session.previous"),
        Binding("q", "quit_session", "Quit", id="session.quit"),
        Binding("r", "restart", "Restart", id="session.restart", show=False),
        Binding("plus,equals_sign", "adjust(10)", "+10s", id="session.more", key_display="+"),
        Binding("minus,underscore", "adjust(-10)", "-10s", id="session.less", key_display="-"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.notice: str | None = None
        """A short message shown for a moment in place of "next up" (see :meth:`flash`)."""
        self._notice_timer: Timer | None = None
        self._shown: SessionView | None = None
        self._mounted = False
        self._keys: tuple[object, ...] | None = None
        self._sound_wanted = ""

    def compose(self) -> ComposeResult:
        # Textual repaints every widget that shares a parent with a changed one. What changes
        # every second is one widget, the dial, with few siblings; the steady lines are grouped
        # into one container above it and one below, so a second repaints five widgets.
        with Vertical(id="top"):
            yield Heading(id="heading")
            yield Label("", id="phase-label", markup=False)
            # Muted, no sound, a player that just failed: a line of its own, hidden while empty,
            # so it never covers the clock or the instructions.
            yield Label("", id="sound-line", classes="-empty", markup=False)
        if any(step.kind is StepKind.BREATHE for step in self.session.routine.steps):
            yield BreathPacer(id="pacer")  # built only for a routine that will show it
        yield Dial(id="dial")
        with Vertical(id="bottom"):
            if self.session.routine.safety:
                yield SafetyNotes(self.session.routine.safety, id="safety-notes")
            yield Static("", id="instructions", markup=False)
            yield Label("", id="next-up", markup=False)
            yield KeyBar()

    def on_mount(self) -> None:
        # Looked up once: a query walks the DOM, and redraw runs every second.
        self._next_up = self.query_one("#next-up", Label)
        self._next_up_text = ""
        self._heading = self.query_one("#heading", Heading)
        self._label = self.query_one("#phase-label", Label)
        self._dial = self.query_one("#dial", Dial)
        pacers = self.query("#pacer").results(BreathPacer)
        self._pacer: BreathPacer | None = next(pacers, None)
        self._instructions = self.query_one("#instructions", Static)
        self._sound_line = self.query_one("#sound-line", Label)
        self._sound_text = ""
        notes = self.query("#safety-notes").results(SafetyNotes)
        self._safety: SafetyNotes | None = next(notes, None)
        self._mounted = True
        self.show_sound(self._sound_wanted)
        self.redraw()

    def show_sound(self, text: str) -> None:
        """Show ``text`` on the sound line (empty: hide it)."""
        self._sound_wanted = text
        if not self._mounted or self._sound_text == text:
            return  # on_mount shows it
        self._sound_text = text
        # A problem can name a routine's own sound file: shown with its controls escaped.
        self._sound_line.update(printable(text))
        self._sound_line.set_class(not text, "-empty")

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
        next_up = self.notice or view.next_up
        if old is None or next_up != self._next_up_text:
            self._next_up_text = next_up
            self._next_up.update(next_up)  # laid out again: it may wrap to two lines
            self._next_up.set_class(self.notice is not None, "-notice")
        if old is None or (view.title, view.where) != (old.title, old.where):
            self._heading.update(view.title, view.where)
        if old is None or view.label != old.label:
            self._label.update(view.label, layout=False)
        if old is None or view.instructions != old.instructions:
            self._instructions.update(view.instructions)
            # A class, not ``display``: set on the widget, display would beat the rule that
            # hides the instructions on a short screen.
            self._instructions.set_class(not view.instructions, "-empty")
        self._dial.update(
            clock=view.clock,
            detail=view.detail,
            phase=view.phase_fraction,
            session=view.session_fraction,
            session_label=view.session_left,
        )
        if old is None or view.mood != old.mood:
            # Classes go on the two widgets that change colour: a class on the screen would
            # restyle every widget in it, a visible hitch on slow machines.
            # One restyle, not one per class changed: a restyle costs milliseconds.
            self._label.remove_class(*(f"-{mood}" for mood in Mood), update=False)
            self._label.add_class(f"-{view.mood}")
            self._dial.set_mood(view.mood)
        if self._safety is not None:
            reading = view.safety is not None
            if old is None or reading != (old.safety is not None):
                # While the notes are up they take the place of the instructions and next-up,
                # which come back for the get-ready's last seconds.
                self._safety.display = reading
                self.set_class(reading, "-reading")
            if view.safety is not None:
                self._safety.show_at(view.safety)
        breathing = view.breath is not None
        if self._pacer is not None and (old is None or breathing != (old.breath is not None)):
            self._pacer.display = breathing
            self._dial.show_face(not breathing)
        if self._pacer is not None and view.breath is not None:
            self._pacer.update(round(pacer_size(*view.breath), 2))
        keys = self._keys_state()
        if keys != self._keys:
            # The footer rebuilds itself on every refresh: only when a key's availability changed.
            self._keys = keys
            self.refresh_bindings()

    def flash(self, message: str) -> None:
        """Show ``message`` for :data:`NOTICE_SECONDS` where "next up" is, then "next up" again.

        A toast would sit over the instructions or the clock; "next up" is what the user needs
        least at the moment they press m or v, and the line is already theirs to read.
        """
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self.notice = message
        self._notice_timer = self.set_timer(NOTICE_SECONDS, self._notice_done)
        self.redraw()

    def _notice_done(self) -> None:
        self.notice = None
        self._notice_timer = None
        self.redraw()

    def _keys_state(self) -> tuple[object, ...]:
        phase = self.session.phase
        return phase.is_reps, self.session.paused, self.session.finished, adjust_labels(phase)

    def describe_key(self, binding: Binding) -> str | None:
        """What a key does now, for the key bar: + and - say what they add in this phase."""
        if binding.id in ("session.more", "session.less"):
            more, less = adjust_labels(self.session.phase)
            return more if binding.id == "session.more" else less
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keep the footer truthful: a rep can be counted only while reps are being counted."""
        phase = self.session.phase
        if action == "count_rep":
            return phase.is_reps and not self.session.paused and not self.session.finished
        if action == "toggle_pause":
            return not self.session.finished
        return True

    # --- actions: each is a message to the app, which owns the session and its clock -----------

    def action_toggle_pause(self) -> None:
        self.post_message(self.Action(SessionAction.TOGGLE_PAUSE))

    def action_next(self) -> None:
        self.post_message(self.Action(SessionAction.NEXT))

    def action_previous(self) -> None:
        self.post_message(self.Action(SessionAction.PREVIOUS))

    def action_restart(self) -> None:
        self.post_message(self.Action(SessionAction.RESTART))

    def action_adjust(self, seconds: int) -> None:
        self.post_message(self.Action(SessionAction.ADJUST, seconds))

    def action_count_rep(self) -> None:
        self.post_message(self.Action(SessionAction.COUNT_REP))

    def action_quit_session(self) -> None:
        self.post_message(self.QuitAsked())
