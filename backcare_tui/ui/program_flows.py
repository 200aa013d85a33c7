"""The app's part of the program: ``r`` logs a run, ``c`` a check-in, the morning question at
launch, today's doses for a session and what the session changed.

A base of :class:`~backcare_tui.ui.app.BackcareApp`, kept apart so the app stays thin: each flow
reads as straight lines in a worker, as the app's own do. What is due and the doses come from
the app's :class:`~backcare_tui.ui.program_link.ProgramLink`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.screen import ModalScreen

from backcare_tui.ui.protocol import BackcareBase

if TYPE_CHECKING:
    from backcare_tui.core.routine import Routine
    from backcare_tui.core.todays import TodaysRoutine
    from backcare_tui.ui.program_link import ProgramLink

__all__ = ["ProgramFlows"]


class ProgramFlows(BackcareBase):
    """Runs, check-ins and doses, as the app offers them."""

    program: ProgramLink
    session_base: Routine | None = None
    """The routine of the last session as its file has it, before today's doses."""

    def refresh_today(self) -> None:
        """Say in the picker's first row what is due now."""
        from backcare_tui.ui.screens.picker import PickerScreen

        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.update_today(self.program.today())

    def action_log_run(self) -> None:
        if not isinstance(self.screen, ModalScreen):
            self._log_run()

    @work(group="dialogs")
    async def _log_run(self) -> None:
        from backcare_tui.ui.screens.log_run import LogRunScreen

        answer = await self.push_screen_wait(LogRunScreen())
        if answer is None:
            return
        distance, hard = answer
        if not self.program.log_run(distance, hard):
            self.notify("The run could not be logged: history is off.", severity="warning")
            return
        self.notify(("Hard run" if hard else "Run") + " logged.", timeout=3)
        self.refresh_today()

    def action_checkin(self) -> None:
        if not isinstance(self.screen, ModalScreen):
            self._check_in("right now")

    @work(group="dialogs")
    async def _check_in(self, when: str, then: Callable[[], None] | None = None) -> None:
        from backcare_tui.ui.screens.checkin import CheckinScreen

        rating = await self.push_screen_wait(CheckinScreen(when))
        if rating is not None and not self.program.log_checkin(rating):
            self.notify("The check-in could not be kept: history is off.", severity="warning")
        if then is not None:
            then()
        else:
            self.refresh_today()

    def offer_morning_checkin(self, then: Callable[[], None]) -> bool:
        """Ask how the back is the morning after yesterday's session, then ``then()``.

        False (and nothing asked) when there is no such session, or it was answered already.
        """
        if not self.program.morning_due():
            return False
        self._check_in("this morning, the day after your session", then)
        return True

    def todays(self, routine: Routine) -> TodaysRoutine:
        """``routine`` at today's doses, with the levels to record and any check-in given just
        before (it stands for the session's before rating)."""
        self.session_base = routine
        return self.program.todays(routine)

    def progress_notes(self) -> list[str]:
        """Where each progressing dose of the last session's routine goes next, and why."""
        return self.program.notes(self.session_base) if self.session_base is not None else []
