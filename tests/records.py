"""Session records made by hand for the history tests: the sums, the exports and the report."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from backcare_tui.data.history_records import SessionRecord, SessionStatus

BERLIN_WINTER = timezone(timedelta(hours=1))
"""A fixed zone ahead of UTC, so local midnight and UTC midnight differ."""


def rec(
    started: datetime,
    *,
    id: int = 1,
    done: int = 3,
    total: int = 3,
    status: SessionStatus = SessionStatus.FINISHED,
    tags: tuple[str, ...] = ("strength",),
    before: int | None = None,
    after: int | None = None,
    name: str = "Core strength",
) -> SessionRecord:
    """A ten-minute session started at ``started``: finished, all steps done, unless told."""
    return SessionRecord(
        id=id,
        routine_id="core",
        routine_name=name,
        routine_tags=tags,
        started_at=started,
        ended_at=started + timedelta(minutes=10),
        status=status,
        steps_total=total,
        steps_done=done,
        steps_skipped=total - done,
        steps_extended=0,
        steps_shortened=0,
        seconds=600.0,
        stiffness_before=before,
        stiffness_after=after,
    )


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2025 on the Berlin-winter clock (Mon 3 Mar is a Monday)."""
    return datetime(2025, 3, day, hour, minute, tzinfo=BERLIN_WINTER)
