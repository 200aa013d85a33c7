"""The Textual app: moves between the screens and runs one session at a time.

The app is thin on purpose. Timing lives in :class:`~backcare_tui.core.session.Session`, and a
:class:`~backcare_tui.core.runner.SessionRunner` hands its events to the sinks (sound, history)
and says when it next needs a look; the app only sleeps until then, passes on what the session
screen's keys ask for, and asks that screen to redraw. Screens ask for everything else with
messages, handled here; a flow of questions (check-in, stop, save) reads as straight lines in a
worker. The session's flow is :class:`~backcare_tui.ui.session_flows.SessionFlows`, the
program's :class:`~backcare_tui.ui.program_flows.ProgramFlows`: bases of the app, each one
story.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen

from backcare_tui.core.clock import Clock, default_clock
from backcare_tui.core.routine import Routine, Step
from backcare_tui.core.runner import SessionRunner, SinkFactory
from backcare_tui.core.session import Session
from backcare_tui.data.settings import Settings, load_settings, save_settings
from backcare_tui.ui.program_link import ProgramLink
from backcare_tui.ui.screens.session import SessionScreen
from backcare_tui.ui.session_flows import SessionFlows
from backcare_tui.ui.sound_controls import SoundControls

if TYPE_CHECKING:
    from textual.command import Provider

    from backcare_tui.data.catalog import Catalog
    from backcare_tui.data.history import HistoryStore
    from backcare_tui.data.history_recorder import HistoryRecorder
    from backcare_tui.ui.palette import AppCommands, RoutineCommands
    from backcare_tui.ui.screens.editor import EditorScreen
    from backcare_tui.ui.screens.picker import PickerScreen
    from backcare_tui.ui.screens.summary import SummaryScreen

# What only some runs need (the list of routines, history, the dialogs, the command palette)
# is imported where it is used: each import is time before the first frame.

__all__ = ["BackcareApp"]


def _routine_commands() -> type[Provider]:
    from backcare_tui.ui.palette import RoutineCommands

    return RoutineCommands


def _app_commands() -> type[Provider]:
    from backcare_tui.ui.palette import AppCommands

    return AppCommands


class BackcareApp(SessionFlows):
    """backcare: pick a routine, follow it hands-free."""

    CSS_PATH = Path(__file__).parent / "app.tcss"
    """Absolute, so subclasses (tests, benchmarks) defined elsewhere still find it."""
    TITLE = "backcare"
    COMMANDS: ClassVar = App.COMMANDS | {_routine_commands, _app_commands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
        # Shown in help rather than in every footer: a footer key is a widget to build.
        Binding("m", "toggle_mute", "Mute (this session)", id="app.mute", show=False),
        Binding("h", "history", "History", id="app.history", show=False),
        Binding("v", "toggle_voice", "Voice (this session)", id="app.voice", show=False),
        Binding("M", "keep_mute", "Mute, kept for every session", id="app.keep_mute", show=False),
        Binding(
            "V", "keep_voice", "Voice, kept for every session", id="app.keep_voice", show=False
        ),
    ]

    def __init__(
        self,
        routine: Routine | None = None,
        *,
        catalog: Catalog | None = None,
        settings: Settings | None = None,
        clock: Clock = default_clock,
        sinks_for: SinkFactory | None = None,
        history: HistoryStore | None = None,
        remember_settings: bool = True,
        wake: bool = True,
        sound_setup: Callable[[], str] | None = None,
    ) -> None:
        """``wake=False`` leaves the clock to the caller (tests call :meth:`tick`).

        ``sinks_for`` builds the sound sink (and any other) for each session; a history
        recorder is added for every session when ``history`` is given. ``sound_setup`` says
        what a session's sound would play through, for help outside a session.
        """
        super().__init__()
        self.first_routine = routine
        self._catalog = catalog
        self.settings_notice: str | None = None
        if settings is None:
            settings, self.settings_notice = load_settings()
        self.settings = settings
        self.clock = clock
        self.sinks_for = sinks_for or (lambda session: [])
        self.remember_settings = remember_settings
        self.wake = wake
        self.runner: SessionRunner | None = None
        """The session being run (or the last one, closed, for its summary)."""
        self.history = history
        self.recorder: HistoryRecorder | None = None
        self._asked_before = False
        self._stiffness_before: int | None = None
        self._asking_to_stop = False
        self._wake_up: asyncio.TimerHandle | None = None
        self._settled: Session | None = None
        self.sound = SoundControls()
        self.sound_setup = sound_setup
        self.program = ProgramLink(history, lambda: self.catalog)

    # --- start-up and screens -------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from backcare_tui.data.catalog import load_catalog

            self._catalog = load_catalog()
        return self._catalog

    ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
    """``kill`` or a shutdown, and a terminal closed: the app ends as if quit, not killed."""

    def on_mount(self) -> None:
        # Left to Python, these signals kill the app where it stands: the terminal stays in the
        # alternate screen with the cursor hidden and mouse reports on, and the session's row
        # says ``running``. A handler on the event loop wakes it (a plain signal.signal handler
        # does not), so the app can record the session and give the terminal back.
        loop = asyncio.get_running_loop()
        for signum in self.ENDING_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._ended_by_signal, signum)
        if self.history is not None:
            # Later notices (a damaged file repaired when the picker or the report met it, a
            # lock that held up a write) come from the store's work on the event loop.
            self.history.on_notice = self._history_notice
        if self.settings_notice:
            self.notify(self.settings_notice, severity="warning", timeout=10, markup=False)
        if not self.settings.safety_acknowledged:
            from backcare_tui.ui.screens.safety import SafetyScreen

            self.push_screen(SafetyScreen(), self._safety_read)
        else:
            self._begin()

    def _history_notice(self, message: str) -> None:
        self.notify(message, severity="warning", timeout=10, markup=False)

    def _safety_read(self, _: bool | None) -> None:
        self.update_settings(safety_acknowledged=True)
        self._begin()

    def _begin(self) -> None:
        if self.first_routine is not None:
            self.start_session(self.first_routine, checkin=self.settings.checkin_on_run)
        elif not (self.settings.checkin and self.offer_morning_checkin(self.show_picker)):
            self.show_picker()

    def show_picker(self, selected: str | None = None) -> None:
        self._catalog = None  # pick up routines edited or added meanwhile
        from backcare_tui.ui.screens.picker import PickerScreen

        for message in self.sound.waiting():
            self.notify(message, severity="warning", timeout=8, markup=False)
        self._show(PickerScreen(self.catalog, selected=selected, today=self.program.today()))

    def update_settings(self, **changes: object) -> None:
        self.settings = self.settings.with_changes(**changes)
        if self.remember_settings:
            try:
                save_settings(self.settings)
            except OSError as exc:
                self.notify(f"Could not save settings: {exc}", severity="warning", markup=False)

    # --- what the screens ask for ---------------------------------------------------------------

    def on_picker_screen_start(self, message: PickerScreen.Start) -> None:
        self.start_session(message.routine, checkin=self.settings.checkin)

    def on_routine_commands_start(self, message: RoutineCommands.Start) -> None:
        self.start_session_by_id(message.routine_id)

    def on_picker_screen_edit(self, message: PickerScreen.Edit) -> None:
        self.edit_routine(message.routine)

    def on_app_commands_edit(self, message: AppCommands.Edit) -> None:
        self.edit_routine(message.routine)

    def on_app_commands_toggle_checkins(self, message: AppCommands.ToggleCheckins) -> None:
        self.update_settings(checkin=not self.settings.checkin)
        asked = "Check-ins on: asked before and after" if self.settings.checkin else "Check-ins off"
        self.tell(asked)

    def on_editor_screen_back(self, message: EditorScreen.Back) -> None:
        self.show_picker(selected=message.routine_id)

    def on_summary_screen_back(self, message: SummaryScreen.Back) -> None:
        self.show_picker(selected=message.routine_id)

    @work(group="dialogs")
    async def on_editor_screen_save(self, message: EditorScreen.Save) -> None:
        saved = await self._save(message.routine, message.source)
        if saved is not None:
            self.show_picker(selected=saved)

    @work(group="dialogs")
    async def on_summary_screen_save_doses(self, message: SummaryScreen.SaveDoses) -> None:
        await self._save(message.routine, message.source, message.changes)

    def on_session_screen_action(self, message: SessionScreen.Action) -> None:
        self._do(message.action, message.seconds)

    # q in a session (SessionScreen.QuitAsked) is answered by SessionFlows: stopping is its story.

    # --- editing and saving -------------------------------------------------------------------

    def edit_routine(self, routine: Routine) -> None:
        from backcare_tui.ui.screens.editor import EditorScreen

        self.switch_screen(EditorScreen(routine))

    def exercise_library(self) -> list[Step]:
        from backcare_tui.core.draft import exercise_library

        builtins = [r for r in self.catalog.routines.values() if r.builtin]
        return exercise_library([*builtins, *self.catalog.shadowed.values()])

    async def _save(
        self, routine: Routine, source: Routine, changes: Sequence[str] = ()
    ) -> str | None:
        """Save an edit of ``source`` as the user's own, asking first: the id, or None."""
        from backcare_tui.ui.save_flow import save_as_own

        saved = await save_as_own(self, self.catalog, routine, source, changes)
        if saved is not None:
            self._catalog = None  # the picker lists it next time
        return saved

    # --- keys that work everywhere --------------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, ModalScreen):
            return
        from backcare_tui.ui.screens.help import HelpScreen

        self._over_session(HelpScreen(self.sound.status(self._live_sinks(), self.sound_setup)))

    def action_history(self) -> None:
        from backcare_tui.ui.screens.history import HistoryScreen

        if isinstance(self.screen, ModalScreen) or self.screen.id == "_default":
            return
        live = self.recorder.session_id if self.recorder is not None else None
        self._over_session(HistoryScreen(self.history, self.settings, live, self.program))

    @work(group="dialogs")
    async def _over_session(self, screen: ModalScreen[None]) -> None:
        """Show ``screen`` over a session held still, and let the session go on afterwards."""
        resume = self._hold_still()
        await self.push_screen_wait(screen)
        self._resume_if(resume)

    def sound_notice(self, message: str) -> None:
        """A sound problem: during a session, on its sound line (a line of its own, covering
        nothing) and later in its summary; in the picker, at once; elsewhere a toast would
        cover a question, so it waits for the picker (and ``?`` lists it)."""
        from backcare_tui.ui.screens.picker import PickerScreen

        if self._live_sinks():
            self.sound.during_session(message, self.clock())
            self._redraw_session()
        elif self.sound.report(message, show_now=isinstance(self.screen, PickerScreen)):
            self.notify(message, severity="warning", timeout=8, markup=False)

    def action_toggle_mute(self) -> None:
        """m: sound off or on for this session only; with no session, for every session."""
        said = self.sound.toggle_mute(self._live_sinks())
        if said is None:
            self.action_keep_mute()
        else:
            self._confirm(said)

    def action_keep_mute(self) -> None:
        """M: sound off or on for every session (saved), this one included."""
        self.update_settings(sound=not self.settings.sound)
        self._confirm(self.sound.kept(self.settings, self._live_sinks(), voice=False))

    def action_toggle_voice(self) -> None:
        """v: voice off or on for this session only; with no session, for every session."""
        said = self.sound.toggle_voice(self._live_sinks())
        if said is None:
            self.action_keep_voice()
        else:
            self._confirm(said)

    def action_keep_voice(self) -> None:
        """V: voice off or on for every session (saved), this one included."""
        self.update_settings(voice=not self.settings.voice)
        self._confirm(self.sound.kept(self.settings, self._live_sinks(), voice=True))

    def tell(self, message: str) -> None:
        """A short answer to a key: in a session, where "next up" is; elsewhere a brief toast.

        In a session a toast would sit over the instructions, which matter more right then.
        (What m, v, M and V did goes on the session's sound line: :meth:`_confirm`.)
        """
        if isinstance(self.screen, SessionScreen):
            self.screen.flash(message)
        else:
            self.notify(message, timeout=2)

    def _confirm(self, message: str) -> None:
        """What m, v, M or V did: on the session's sound line (a toast there would cover the
        clock or the instructions); with no session, as a toast."""
        if self._live_sinks():
            self.sound.confirm(message, self.clock())
            self._redraw_session()
        else:
            self.notify(message, timeout=4)

    def _ended_by_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP: the session is recorded as stopped early, then the app exits as
        a shell expects of a process ended by that signal (128 + its number)."""
        self.end_session()
        self.exit(return_code=128 + signum)

    def on_unmount(self) -> None:
        self.end_session()
        with contextlib.suppress(RuntimeError):  # no loop left to remove them from
            loop = asyncio.get_running_loop()
            for signum in self.ENDING_SIGNALS:
                loop.remove_signal_handler(signum)
