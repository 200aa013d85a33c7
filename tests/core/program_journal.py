"""Journals made by hand for the program's tests: sessions, runs and check-ins on chosen days."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from backcare_tui.core.journal import Checkin, Journal, LevelUsed, Run, SessionDone
from backcare_tui.core.routine import Routine

MONDAY = datetime(2025, 3, 3, tzinfo=UTC)
"""Monday 3 March 2025, midnight UTC: day 0 of every simulated week here."""


def at(day: int, hour: int = 18, minute: int = 0) -> datetime:
    """``day`` days after Monday 3 March 2025, at ``hour:minute`` UTC."""
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


def session(
    day: int,
    routine_id: str = "core",
    *,
    hour: int = 18,
    before: int | None = None,
    after: int | None = None,
    levels: Mapping[str, tuple[int, float]] | None = None,
    done: Iterable[str] = ("Plank", "Bridge"),
    counted: bool = True,
    minutes: int = 15,
) -> SessionDone:
    """A session of ``routine_id`` started on ``day`` at ``hour``, lasting ``minutes``."""
    start = at(day, hour)
    return SessionDone(
        routine_id=routine_id,
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
        counted=counted,
        before=before,
        after=after,
        steps_done=frozenset(done),
        levels={name: LevelUsed(level, base) for name, (level, base) in (levels or {}).items()},
    )


def checkin(day: int, rating: int, hour: int = 8) -> Checkin:
    return Checkin(at(day, hour), rating)


def run(day: int, km: float | None = None, *, hard: bool = False, hour: int = 7) -> Run:
    return Run(at(day, hour), km, hard)


def journal(*items: SessionDone | Checkin | Run) -> Journal:
    return Journal(
        sessions=tuple(i for i in items if isinstance(i, SessionDone)),
        runs=tuple(i for i in items if isinstance(i, Run)),
        checkins=tuple(i for i in items if isinstance(i, Checkin)),
        tz=UTC,
    )


def played(routine: Routine, *items: SessionDone | Checkin | Run) -> Journal:
    """The journal after ``items`` in order, each session run at the level the rules gave then.

    Sessions of ``routine`` get the level of each progressing step filled in, as the app records
    it when a session starts; ``levels`` given by hand are kept.
    """
    from dataclasses import replace

    from backcare_tui.core.progression import base_of, progress_of

    so_far = journal()
    for item in items:
        if isinstance(item, SessionDone) and item.routine_id == routine.id and not item.levels:
            now = so_far.until(item.started_at)
            levels = {
                p.step.name: LevelUsed(p.level, base_of(p.step))
                for p in progress_of(routine, now).values()
            }
            item = replace(item, levels=levels)
        so_far = journal(*so_far.sessions, *so_far.runs, *so_far.checkins, item)
    return so_far
