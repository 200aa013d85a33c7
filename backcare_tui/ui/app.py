"""The Textual app: moves between the screens and runs one session at a time.

The app is thin on purpose. Timing lives in :class:`~backcare_tui.core.session.Session`, and a
:class:`~backcare_tui.core.runner.SessionRunner` hands its events to the sinks (sound, history)
and says when it next needs a look; the app only sleeps until then, passes on what the session
screen's keys ask for, and asks that screen to redraw. Screens ask for everything else with
messages, handled here; a flow of questions (check-in, stop, save) reads as straight lines in a
worker.
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
from textual.screen import ModalScreen, Screen

from backcare_tui.core.clock import Clock, default_clock
from backcare_tui.core.events import EventSink
from backcare_tui.core.routine import Routine, Step
from backcare_tui.core.runner import SessionAction, SessionRunner, SinkFactory
from backcare_tui.core.session import Session
from backcare_tui.data.settings import Settings, load_settings, save_settings
from backcare_tui.ui.memory import settle
from backcare_tui.ui.program_flows import ProgramFlows
from backcare_tui.ui.program_link import ProgramLink
from backcare_tui.ui.screens.session import SessionScreen
from backcare_tui.ui.session_view import reading_time
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

__all__ = ["AFTER_CHECKIN_FROM", "BackcareApp"]

AFTER_CHECKIN_FROM = 60.0
"""Seconds of session time before a stopped session asks how the back feels after it."""


def _routine_commands() -> type[Provider]:
    from backcare_tui.ui.palette import RoutineCommands

    return RoutineCommands


def _app_commands() -> type[Provider]:
    from backcare_tui.ui.palette import AppCommands

    return AppCommands


class BackcareApp(ProgramFlows):
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

    @property
    def session(self) -> Session | None:
        """The session being run, or the last one."""
        return self.runner.session if self.runner is not None else None

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

    def _show(self, screen: Screen[None]) -> None:
        # The first screen is pushed over Textual's blank default one; later ones replace it.
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

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

    @work(group="dialogs")
    async def on_session_screen_quit_asked(self, message: SessionScreen.QuitAsked) -> None:
        """q in a session: pause while asking, so the question never eats into a hold."""
        from backcare_tui.ui.screens.confirm import StopScreen

        if self._asking_to_stop:
            return  # q pressed again before the question was up: it is coming
        self._asking_to_stop = True
        try:
            resume = self._hold_still()
            answer = await self.push_screen_wait(StopScreen())
        finally:
            self._asking_to_stop = False
        runner = self.runner
        if answer == "quit":
            self.end_session()
            self.exit(0)
        elif answer == "stop" and runner is not None:
            self.end_session()
            self.switch_to_summary(runner.session)
        else:
            self._resume_if(resume)

    # --- the session ------------------------------------------------------------------------------

    def start_session_by_id(self, routine_id: str) -> None:
        routine = self.catalog.routines.get(routine_id)
        if routine is not None:
            self.start_session(routine, checkin=self.settings.checkin)

    def start_session(self, routine: Routine, *, checkin: bool = False) -> None:
        """Begin ``routine``: its first get-ready starts at once, or after the check-in."""
        self.end_session()
        if checkin and self.history is not None:
            self._begin_after_checkin(routine)
        else:
            self._begin_session(routine, None, False)

    @work(group="dialogs")
    async def _begin_after_checkin(self, routine: Routine) -> None:
        from backcare_tui.ui.screens.checkin import CheckinScreen

        before = await self.push_screen_wait(CheckinScreen("before you start"))
        self._begin_session(routine, before, True)

    def _begin_session(self, routine: Routine, before: int | None, asked: bool) -> None:
        today = self.todays(routine)  # steps that progress, at today's doses
        # The routine's safety notes are shown at the start, however the session was started
        # (picker, palette, command line): the first get-ready is made long enough to read them.
        reading = reading_time(routine.safety)
        session = Session(today.routine, clock=self.clock, first_get_ready=reading)
        before = before if before is not None else today.before  # a check-in just before
        self._asked_before = asked
        self._stiffness_before = before
        sinks = self.sinks_for(session)
        self.recorder = None
        if self.history is not None:
            from backcare_tui.data.history_recorder import HistoryRecorder

            self.recorder = HistoryRecorder(self.history, today.levels)
            if before is not None:
                self.recorder.set_stiffness(before=before)
            sinks.append(self.recorder)
        self.sound.new_session()
        self.runner = SessionRunner(session, sinks, on_problem=self._sink_failed)
        self._show(SessionScreen(session))
        self.runner.start()
        self._after()
        self.call_after_refresh(self._settle_memory)

    def _sink_failed(self, sink: EventSink, error: Exception) -> None:
        self.log.error(f"{sink!r} failed: {error!r}")

    def _settle_memory(self) -> None:
        if self._settled is not self.session:  # once for each session
            settle(first=self._settled is None)
            self._settled = self.session

    def end_session(self) -> None:
        """Close the sinks of the current session (history records how far it got)."""
        self._stop_timer()
        if self.runner is not None:
            self.runner.close()

    def tick(self) -> None:
        """Catch the session up with the clock and redraw. The wake-up timer calls this."""
        if self.runner is not None:
            self.runner.tick()
            self._after()

    def _do(self, action: SessionAction, seconds: float = 0.0) -> None:
        """Carry out a key's action on the session (pause, next, +10 s…) and show what it did."""
        if self.runner is not None:
            self.runner.do(action, seconds)
            self._after()

    def _after(self) -> None:
        """Show what the runner just did; at the end, the summary; else sleep until needed."""
        runner = self.runner
        assert runner is not None
        self._redraw_session()
        if runner.finished and not runner.closed:
            self.end_session()
            self.switch_to_summary(runner.session)
            return
        self._schedule()

    def _redraw_session(self) -> None:
        """Bring the session screen (if there is one) up to date, its sound line too."""
        session = self.session
        for screen in reversed(self.screen_stack):
            if isinstance(screen, SessionScreen) and session is not None:
                opening = session.phase.index == 0 and not session.finished
                screen.show_sound(
                    self.sound.line(self._live_sinks(), self.clock(), opening=opening)
                )
                screen.redraw()
                break

    def switch_to_summary(self, session: Session) -> None:
        """The summary in place of the session (and the check-in after it, if one came before)."""
        from backcare_tui.ui.screens.summary import SummaryScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, SessionScreen):
            self.pop_screen()
        summary = SummaryScreen(
            session,
            self.sound.session_notices,
            stiffness_before=self._stiffness_before,
            notes=self.progress_notes(),
            base=self.session_base,
        )
        self.switch_screen(summary)
        # A session stopped in its first minute did too little to feel: no question after it.
        worth_asking = session.finished or session.elapsed >= AFTER_CHECKIN_FROM
        if self._asked_before and self.recorder is not None and worth_asking:
            self._ask_after(self.recorder, summary)

    @work(group="dialogs")
    async def _ask_after(self, recorder: HistoryRecorder, summary: SummaryScreen) -> None:
        from backcare_tui.ui.screens.checkin import CheckinScreen

        rating = await self.push_screen_wait(CheckinScreen("now, after the session"))
        if rating is not None:
            recorder.set_stiffness(after=rating)
            summary.show_stiffness(self._stiffness_before, rating)
            summary.show_notes(self.progress_notes())  # the rating may change where doses go

    def _schedule(self) -> None:
        """Sleep until the runner next needs a look (see :meth:`SessionRunner.next_wake`)."""
        self._stop_timer()
        delay = self.runner.next_wake() if self.wake and self.runner is not None else None
        if delay is not None:
            # A bare event-loop handle, not a Textual timer: a one-shot Timer starts a task of
            # its own for every wake-up, which a long timer pays for once a second.
            self._wake_up = asyncio.get_running_loop().call_later(delay, self._woken)

    def _woken(self) -> None:
        self._wake_up = None
        if self._exit:
            return
        try:
            self.tick()
        except Exception as error:  # noqa: BLE001 - ends the app with a traceback, as a Timer would
            self._handle_exception(error)

    def _stop_timer(self) -> None:
        if self._wake_up is not None:
            self._wake_up.cancel()
            self._wake_up = None

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

    def _hold_still(self) -> bool:
        """Pause a running session for a modal; True if it must be resumed afterwards."""
        session = self.session
        if session is None or session.finished or session.paused or not session.started:
            return False
        self._do(SessionAction.PAUSE)
        return True

    def _resume_if(self, resume: bool) -> None:
        if resume and self.session is not None and self.session.paused:
            self._do(SessionAction.RESUME)

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

    def _live_sinks(self) -> list[EventSink]:
        """The running session's sinks (none once it has ended)."""
        runner = self.runner
        return runner.sinks if runner is not None and not runner.closed else []

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
