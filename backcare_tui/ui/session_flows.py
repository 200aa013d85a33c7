"""The app's part of a session: starting one, driving it on the clock, and ending it.

A base of :class:`~backcare_tui.ui.app.BackcareApp`, as :class:`~.program_flows.ProgramFlows` is,
kept apart so the app stays thin and this reads as one story: a session begins (after a
check-in, if asked), the runner is woken when it next needs a look, keys become actions, q asks
before stopping, and the summary (and the question after) takes the session's place. Timing
itself lives in :class:`~backcare_tui.core.session.Session`; the app only sleeps until the
:class:`~backcare_tui.core.runner.SessionRunner` needs it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from backcare_tui.core.clock import Clock
from backcare_tui.core.events import EventSink
from backcare_tui.core.routine import Routine
from backcare_tui.core.runner import SessionAction, SessionRunner, SinkFactory
from backcare_tui.core.safety import reading_time
from backcare_tui.core.session import Session
from backcare_tui.ui.memory import settle
from backcare_tui.ui.program_flows import ProgramFlows
from backcare_tui.ui.screens.session import SessionScreen
from backcare_tui.ui.sound_controls import SoundControls

if TYPE_CHECKING:
    from backcare_tui.data.history import HistoryStore
    from backcare_tui.data.history_recorder import HistoryRecorder
    from backcare_tui.ui.screens.summary import SummaryScreen

__all__ = ["AFTER_CHECKIN_FROM", "SessionFlows"]


AFTER_CHECKIN_FROM = 60.0
"""Seconds of session time before a stopped session asks how the back feels after it."""


class SessionFlows(ProgramFlows):
    """Sessions, as the app runs them: one at a time, woken only when the runner needs it."""

    # Set in BackcareApp.__init__; declared here so that the flows type-check on their own.
    clock: Clock
    sinks_for: SinkFactory
    wake: bool
    history: HistoryStore | None
    sound: SoundControls
    runner: SessionRunner | None
    recorder: HistoryRecorder | None
    _asked_before: bool
    _stiffness_before: int | None
    _asking_to_stop: bool
    _wake_up: asyncio.TimerHandle | None
    _settled: Session | None

    @property
    def session(self) -> Session | None:
        """The session being run, or the last one."""
        return self.runner.session if self.runner is not None else None

    def _show(self, screen: Screen[None]) -> None:
        """Show ``screen`` in place of the last one: the session's, and the app's picker."""
        # The first screen is pushed over Textual's blank default one; later ones replace it.
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # --- stopping, asked first ------------------------------------------------------------------

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

    # --- starting, driving and ending ------------------------------------------------------------

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

    # --- holding still for a question ------------------------------------------------------------

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

    def sound_heard(self) -> tuple[bool, bool]:
        return self.sound.heard(self._live_sinks(), self.settings)

    def _live_sinks(self) -> list[EventSink]:
        """The running session's sinks (none once it has ended)."""
        runner = self.runner
        return runner.sinks if runner is not None and not runner.closed else []
