"""The help screen (``?``, any time): the keys, how sound is doing, then the safety notice again.

The table of keys is built from the screens' own bindings: each row names the bindings it
explains by id, and the keys shown are read from them, so a key moved in a ``BINDINGS`` list
moves here too. A row naming an id that no binding has is an error, caught by the tests.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from backcare_tui.core.safety import SAFETY_TITLE
from backcare_tui.ui.screens.picker import PickerScreen
from backcare_tui.ui.screens.safety import red_flags
from backcare_tui.ui.screens.session import SessionScreen
from backcare_tui.ui.screens.summary import SummaryScreen

__all__ = ["HELP_ROWS", "PALETTE", "HelpScreen", "key_rows", "keys_shown"]

PALETTE = "app.palette"
"""The id help gives Textual's command palette key, which comes without one."""

HELP_ROWS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("session.pause",), "pause / resume"),
    (("session.next",), "next phase (skip what is left)"),
    (("session.previous",), "back to the previous exercise"),
    (("session.restart",), "restart this exercise"),
    (
        ("session.more", "session.less"),
        "10 s more or less (or a rep, or a breath, where counted)",
    ),
    (("session.rep",), "count a rep by hand (reps are counted for you too)"),
    (("app.mute", "app.keep_mute"), "sound off or on: m for this session, M for every one"),
    (("app.voice", "app.keep_voice"), "voice off or on: v for this session, V for every one"),
    (("app.help",), "this help and the safety notice"),
    (("session.quit",), "stop the session (asks: summary, quit, or keep going)"),
    (("app.history",), "history: recent sessions, streak, this week, stiffness"),
    (("picker.edit",), "in the list of routines: edit the highlighted one"),
    (("picker.log-run",), "in the list: log a run (the stretch after it becomes due)"),
    (("picker.checkin",), "in the list: how stiff your back is now, 0 to 10"),
    (("summary.save",), "at the summary: save the doses you used, as your own"),
    ((PALETTE,), "find a routine or a command"),
)
"""Each row of the key table: the ids of the bindings it explains, and what they do."""

_KEY_NAMES = {"right": "→", "left": "←"}
"""Keys shown as a sign rather than by name."""


def keys_shown(binding: Binding) -> str:
    """The keys of ``binding`` as help shows them: ``n  →`` for ``n,right``."""
    if binding.key_display:
        return binding.key_display
    return "  ".join(_KEY_NAMES.get(key, key) for key in binding.key.split(","))


def key_rows(bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """The key table, as (keys, what they do), from ``bindings``: every one :data:`HELP_ROWS`
    names must be among them (KeyError otherwise)."""
    by_id = {binding.id: binding for binding in bindings if binding.id}
    return [("  ".join(keys_shown(by_id[i]) for i in ids), what) for ids, what in HELP_ROWS]


def _bindings(*sources: Iterable[object]) -> list[Binding]:
    return [binding for source in sources for binding in source if isinstance(binding, Binding)]


class HelpScreen(ModalScreen[None]):
    """Keys, then the safety notice again."""

    BINDINGS = [Binding("enter,escape,question_mark,q", "close", "Close", id="help.close")]

    def __init__(self, sound_status: str = "") -> None:
        super().__init__()
        self.sound_status = sound_status

    def known_bindings(self) -> list[Binding]:
        """The bindings help explains: the running app's and those of the screens it names."""
        palette = Binding(self.app.COMMAND_PALETTE_BINDING, "command_palette", id=PALETTE)
        return _bindings(
            self.app.BINDINGS,
            SessionScreen.BINDINGS,
            PickerScreen.BINDINGS,
            SummaryScreen.BINDINGS,
            [palette],
        )

    def compose(self) -> ComposeResult:
        keys = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        for shown, what in key_rows(self.known_bindings()):
            keys.add_row(shown, what)
        with Vertical(id="help", classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(keys)
                if self.sound_status:
                    yield Static(self.sound_status, id="sound-status", markup=False)
                yield Label(SAFETY_TITLE, classes="dialog-title")
                yield red_flags()
            yield Label("Enter or Esc to close", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
