"""The program as the app and the command line meet it: the plan, the journal and the date.

:func:`load_program` reads the plan file and the history once; the :class:`Program` then says
what is due (the agenda), where each step's dose stands (progression), whether a red flag is up,
and the doses a session of a routine should run at today. The rules are the core's; this module
only gathers what they read.

No Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from backcare_tui.core.agenda import Agenda, agenda, week_of
from backcare_tui.core.journal import Journal, LevelUsed
from backcare_tui.core.plan import Plan
from backcare_tui.core.progression import StepProgress, base_of, dosed, progress_of
from backcare_tui.core.red_flag import RedFlag, red_flag
from backcare_tui.core.routine import Routine
from backcare_tui.core.todays import TodaysRoutine
from backcare_tui.core.trends import weeks
from backcare_tui.data.catalog import Catalog, load_catalog
from backcare_tui.data.history import HistoryStore
from backcare_tui.data.history_program import read_journal
from backcare_tui.data.history_progress import TargetProgress
from backcare_tui.data.plan_file import PlanFile, load_plan
from backcare_tui.data.wall_clock import wall_now

__all__ = [
    "JOURNAL_DAYS",
    "Program",
    "TodaysRoutine",
    "load_journal",
    "load_program",
    "todays_routine",
]

JOURNAL_DAYS = 180
"""How far back the program reads. Each session records the level it ran at, so older
sessions add nothing to where a dose stands; this keeps a long history quick to read."""


@dataclass
class Program:
    """The plan and the journal as they stand at ``now``."""

    plan_file: PlanFile
    journal: Journal
    now: datetime
    catalog: Catalog

    @property
    def plan(self) -> Plan:
        """The plan in use: the user's, or the default when there is none or it is broken."""
        return self.plan_file.plan

    def agenda(self) -> Agenda:
        """What is due today and why."""
        return agenda(self.plan_file.plan, self.journal, self.now)

    def flag(self) -> RedFlag | None:
        return red_flag(self.journal, self.now)

    def progress(self, routine: Routine) -> dict[int, StepProgress]:
        """Each step of ``routine`` with a rule, where its dose stands and why."""
        return progress_of(routine, self.journal, flagged=self.flag() is not None)

    def this_week(self) -> tuple[TargetProgress, ...]:
        """This week against the plan, a routine each (by its name): the history's week line,
        counted as ``backcare today`` and the weekly chart count it."""
        today = self.journal.day(self.now)
        found = weeks(self.plan, self.journal, week_of(today)[0], today)
        if not found:
            return ()
        routines = self.catalog.routines
        return tuple(
            TargetProgress(
                routines[t.item.routine_id].name
                if t.item.routine_id in routines
                else t.item.routine_id,
                t.done,
                t.target,
            )
            for t in found[-1].tallies
            if t.target > 0
        )

    def todays(self, routine: Routine) -> TodaysRoutine:
        """``routine`` at today's doses, and the levels a session of it records."""
        return todays_routine(routine, self.journal, flagged=self.flag() is not None, now=self.now)


def todays_routine(
    routine: Routine, journal: Journal, *, flagged: bool = False, now: datetime | None = None
) -> TodaysRoutine:
    """``routine`` at the doses the journal gives it, and the levels a session of it records."""
    check = journal.pending_before(now if now is not None else wall_now())
    before = check.rating if check is not None else None
    if not any(step.progress is not None for step in routine.steps):
        return TodaysRoutine(routine, before=before)
    progress = progress_of(routine, journal, flagged=flagged)
    levels = {p.step.name: LevelUsed(p.level, base_of(p.step)) for p in progress.values()}
    return TodaysRoutine(
        dosed(routine, {index: p.level for index, p in progress.items()}),
        levels,
        progress,
        before,
    )


def load_journal(
    store: HistoryStore | None,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    days: int = JOURNAL_DAYS,
    live_id: int | None = None,
) -> Journal:
    """The last ``days`` of history before ``now``; an empty journal without a history."""
    if store is None or not store.available:
        return Journal(tz=tz)
    moment = now if now is not None else wall_now()
    return read_journal(store, since=moment - timedelta(days=days), live_id=live_id, tz=tz)


def load_program(
    store: HistoryStore | None,
    catalog: Catalog | None = None,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    days: int = JOURNAL_DAYS,
    live_id: int | None = None,
) -> Program:
    """Read the plan and the last ``days`` of history; an empty journal without a history."""
    catalog = catalog if catalog is not None else load_catalog()
    moment = now if now is not None else wall_now()
    journal = load_journal(store, now=moment, tz=tz, days=days, live_id=live_id)
    return Program(load_plan(catalog), journal, moment, catalog)
