"""The app's way to the program: the picker's first row, today's doses, what a session changed.

The app owns one :class:`ProgramLink` (as it owns its sound controls) and asks it; each answer
reads the plan and the history afresh, so a run or a check-in logged from a terminal beside the
app shows up the next time the picker is drawn. No Textual here: screens get plain values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from backcare_tui.data.wall_clock import wall_now

if TYPE_CHECKING:
    from backcare_tui.core.routine import Routine
    from backcare_tui.core.todays import TodaysRoutine
    from backcare_tui.data.catalog import Catalog
    from backcare_tui.data.history import HistoryStore
    from backcare_tui.data.program import Program
    from backcare_tui.ui.today_view import TodayRow

# The program's modules (plan, agenda, progression, SQLite) are imported when first asked for:
# a session started from the command line without a history never needs them, and each
# import is time before the session's first frame.

__all__ = ["ProgramLink"]


class ProgramLink:
    """Reads the program for the app; writes the runs and check-ins the app is told of."""

    def __init__(
        self,
        history: HistoryStore | None,
        catalog: Callable[[], Catalog],
        now: Callable[[], datetime] = wall_now,
    ) -> None:
        self.history = history
        self.catalog = catalog
        self.now = now

    def program(self, live_id: int | None = None) -> Program:
        from backcare_tui.data.program import load_program

        return load_program(self.history, self.catalog(), now=self.now(), live_id=live_id)

    def today(self) -> TodayRow:
        """The picker's first row."""
        from backcare_tui.ui.today_view import today_row

        return today_row(self.program())

    def todays(self, routine: Routine) -> TodaysRoutine:
        """``routine`` at today's doses. Without a history, the file's own doses."""
        if self.history is None:
            from backcare_tui.core.todays import TodaysRoutine

            return TodaysRoutine(routine)
        from backcare_tui.core.red_flag import red_flag
        from backcare_tui.data.program import load_journal, todays_routine

        now = self.now()
        journal = load_journal(self.history, now=now)
        flagged = red_flag(journal, now) is not None
        return todays_routine(routine, journal, flagged=flagged, now=now)

    def notes(self, routine: Routine) -> list[str]:
        """After a session of ``routine``: where each progressing dose goes next, and why."""
        if self.history is None or not any(s.progress is not None for s in routine.steps):
            return []
        program = self.program()
        lines = [step.sentence() for step in program.progress(routine).values()]
        flag = program.flag()
        if flag is not None:
            lines += [f"Red flag: {flag.reason}. Doses are held where they are.", flag.advice]
        return lines

    def morning_due(self) -> bool:
        """Whether to ask, at launch, how the back is the morning after yesterday's session."""
        if self.history is None or not self.history.writable:
            return False
        from backcare_tui.data.program import load_journal

        now = self.now()
        journal = load_journal(self.history, now=now, days=3)
        return journal.morning_due(now) is not None

    def log_run(self, distance_km: float | None, hard: bool) -> bool:
        """Record a run now; False if the history could not take it."""
        from backcare_tui.data.history_program import log_run

        if self.history is None:
            return False
        return log_run(self.history, self.now(), distance_km, hard=hard) is not None

    def log_checkin(self, rating: int) -> bool:
        """Record a stiffness check-in now; False if the history could not take it."""
        from backcare_tui.data.history_program import log_checkin

        if self.history is None:
            return False
        return log_checkin(self.history, self.now(), rating) is not None
