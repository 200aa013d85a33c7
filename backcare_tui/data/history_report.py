"""What the history says: the streak, this week against its targets, stiffness over time.

The sums are pure functions of a list of :class:`SessionRecord` and today's date, so they can be
tested across midnights and Mondays without a clock. Days are local calendar days (``tz``, by
default the machine's zone): a session at 00:30 belongs to the day the user lived it, not to
UTC's. The rendering builds rich renderables that ``backcare history`` prints and that a Textual
screen can show as they are; names from routine files go in as :class:`~rich.text.Text`, so
``[bold]`` in a name is shown, never obeyed.

Two rules, chosen and written down here:

- **Streak**: a day counts when a session was started on it with at least one step done,
  finished or not (a stiff back cut short still showed up). The streak runs back from today, or
  from yesterday when nothing has been done yet today, so it does not drop to zero at breakfast.
- **Weekly targets** (Monday to Sunday): a session counts toward a tag's target when it ran to
  its end with at least half its steps done rather than skipped.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from backcare_tui.data.history import WallClock, open_history, utc_now
from backcare_tui.data.history_records import SessionRecord, SessionStatus
from backcare_tui.data.settings import Settings, load_settings

__all__ = [
    "DEFAULT_LIMIT",
    "EXPORT_FIELDS",
    "StiffnessPoint",
    "TargetProgress",
    "counts_for_streak",
    "counts_for_target",
    "current_streak",
    "default_targets",
    "export_csv",
    "export_json",
    "history_view",
    "recent_table",
    "run_history_command",
    "sparkline",
    "stiffness_chart",
    "stiffness_points",
    "summary_text",
    "week_start",
    "weekly_progress",
]

DEFAULT_LIMIT = 10
"""Recent sessions shown unless ``--limit`` says otherwise."""
CHART_ROWS = 12
"""Check-ins drawn as bars; the sparklines above them cover more."""
SPARK_POINTS = 40
_SPARKS = "▁▂▃▄▅▆▇█"
_NONE = "–"


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day ``moment`` fell on where the user is."""
    return moment.astimezone(tz).date()


def _short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


# --- sums --------------------------------------------------------------------------------------


def counts_for_streak(record: SessionRecord) -> bool:
    return record.steps_done >= 1


def counts_for_target(record: SessionRecord) -> bool:
    return record.status is SessionStatus.FINISHED and record.steps_done * 2 >= record.steps_total


def current_streak(records: Iterable[SessionRecord], today: date, tz: tzinfo | None = None) -> int:
    """Days in a row, ending today or yesterday, with a session that counts."""
    days = {local_day(r.started_at, tz) for r in records if counts_for_streak(r)}
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class TargetProgress:
    """Sessions with ``tag`` this week against the number wanted."""

    tag: str
    done: int
    target: int

    @property
    def met(self) -> bool:
        return self.done >= self.target


def default_targets(settings: Settings) -> dict[str, int]:
    return {"strength": settings.weekly_strength_target}


def weekly_progress(
    records: Iterable[SessionRecord],
    today: date,
    targets: Mapping[str, int],
    tz: tzinfo | None = None,
) -> list[TargetProgress]:
    """Each tag with a target above zero, and the sessions that count toward it this week."""
    monday = week_start(today)
    sunday = monday + timedelta(days=6)
    this_week = [
        r
        for r in records
        if monday <= local_day(r.started_at, tz) <= sunday and counts_for_target(r)
    ]
    return [
        TargetProgress(tag, sum(1 for r in this_week if tag in r.routine_tags), wanted)
        for tag, wanted in targets.items()
        if wanted > 0
    ]


@dataclass(frozen=True)
class StiffnessPoint:
    """One check-in: how stiff the back felt before and after a session (0 none, 10 worst)."""

    day: date
    routine_name: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def stiffness_points(
    records: Iterable[SessionRecord], tz: tzinfo | None = None
) -> list[StiffnessPoint]:
    """Sessions with a rating, oldest first."""
    rated = [r for r in records if r.stiffness_before is not None or r.stiffness_after is not None]
    rated.sort(key=lambda r: (r.started_at, r.id))
    return [
        StiffnessPoint(
            local_day(r.started_at, tz), r.routine_name, r.stiffness_before, r.stiffness_after
        )
        for r in rated
    ]


def sparkline(values: Sequence[int | None], top: int = 10) -> str:
    """One character per value, taller for higher; a space where there is no value."""
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        else:
            level = round(max(0, min(value, top)) / top * (len(_SPARKS) - 1))
            out.append(_SPARKS[level])
    return "".join(out)


# --- rendering ---------------------------------------------------------------------------------

_STATUS_STYLE = {
    SessionStatus.FINISHED: "green",
    SessionStatus.STOPPED_EARLY: "yellow",
    SessionStatus.RUNNING: "cyan",
}


def _rating(value: int | None) -> str:
    return _NONE if value is None else str(value)


def _time_spent(seconds: float) -> str:
    """Minutes are enough for a session list: ``45 s``, ``12 min``."""
    if seconds < 60:
        return f"{round(seconds)} s"
    return f"{round(seconds / 60)} min"


def recent_table(records: Sequence[SessionRecord], tz: tzinfo | None = None) -> Table:
    """The sessions given, one a row, in the order given (newest first from the store).

    Narrow enough for 80 columns: there "stopped early" wraps onto two lines.
    """
    table = Table(
        title="Recent sessions",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        padding=(0, 1, 0, 0),
    )
    table.add_column("When", no_wrap=True)
    table.add_column("Routine", min_width=16, overflow="fold")
    table.add_column("Status", max_width=8)
    table.add_column("Steps", justify="right", no_wrap=True)
    table.add_column("Skip", justify="right", no_wrap=True)
    table.add_column("Longer", justify="right", no_wrap=True)
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("Stiffness", justify="center", no_wrap=True)
    for r in records:
        when = r.started_at.astimezone(tz)
        stiffness = ""
        if r.stiffness_before is not None or r.stiffness_after is not None:
            stiffness = f"{_rating(r.stiffness_before)} → {_rating(r.stiffness_after)}"
        table.add_row(
            Text(f"{when.day} {when:%b %H:%M}"),
            Text(r.routine_name),
            Text(r.status.label, style=_STATUS_STYLE[r.status]),
            Text(f"{r.steps_done}/{r.steps_total}"),
            Text(str(r.steps_skipped)),
            Text(str(r.steps_extended)),
            Text(_time_spent(r.seconds)),
            Text(stiffness),
        )
    return table


def summary_text(
    records: Sequence[SessionRecord],
    today: date,
    targets: Mapping[str, int],
    tz: tzinfo | None = None,
) -> Text:
    """The streak and this week against its targets, a line each."""
    streak = current_streak(records, today, tz)
    text = Text()
    text.append("Streak: ", style="bold")
    text.append(f"{streak} day{'s' if streak != 1 else ''} in a row" if streak else "none yet")
    done_today = any(local_day(r.started_at, tz) == today for r in records if counts_for_streak(r))
    if streak and not done_today:
        text.append(" (a session today keeps it going)", style="dim")
    monday = week_start(today)
    text.append("\n")
    text.append(
        f"This week ({_short_day(monday)} – {_short_day(monday + timedelta(days=6))}): ",
        style="bold",
    )
    progress = weekly_progress(records, today, targets, tz)
    if not progress:
        text.append("no weekly targets set")
    for i, item in enumerate(progress):
        if i:
            text.append(" · ")
        text.append(f"{item.tag} {item.done} of {item.target} ")
        shown = max(item.target, item.done)
        text.append(
            "■" * item.done + "□" * (shown - item.done), style="green" if item.met else "yellow"
        )
    return text


def _bar(value: int | None, style: str) -> Text:
    if value is None:
        return Text(f"{'':10} {_NONE:>2}", style="dim")
    bar = Text("█" * value, style=style)
    bar.append("·" * (10 - value), style="dim")
    bar.append(f" {value:>2}")
    return bar


def stiffness_chart(points: Sequence[StiffnessPoint], rows: int = CHART_ROWS) -> RenderableType:
    """Sparklines of every recent check-in, then the last ``rows`` as bars."""
    if not points:
        return Text("Stiffness: no check-ins yet (turn them on in the settings).", style="dim")
    recent = points[-SPARK_POINTS:]
    table = Table(
        title="Stiffness, 0 none to 10 worst",
        title_justify="left",
        box=None,
        padding=(0, 1),
        show_header=True,
    )
    table.add_column("Day", no_wrap=True)
    table.add_column("Before", no_wrap=True)
    table.add_column("After", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    for point in points[-rows:]:
        change = point.change
        if change is None:
            shown = Text(_NONE, style="dim")
        else:
            shown = Text(
                f"{change:+d}" if change else "0",
                style="green" if change < 0 else "red" if change > 0 else "",
            )
        table.add_row(
            Text(_short_day(point.day)),
            _bar(point.before, "yellow"),
            _bar(point.after, "green"),
            shown,
        )
    trend = Text()
    trend.append(f"Last {len(recent)} check-ins  before ", style="dim")
    trend.append(sparkline([p.before for p in recent]), style="yellow")
    trend.append("  after ", style="dim")
    trend.append(sparkline([p.after for p in recent]), style="green")
    return Group(table, trend)


def history_view(
    records: Sequence[SessionRecord],
    today: date,
    targets: Mapping[str, int],
    *,
    limit: int = DEFAULT_LIMIT,
    tz: tzinfo | None = None,
) -> RenderableType:
    """Everything ``backcare history`` shows, for a console or a Textual ``Static``.

    ``records`` is the whole history, newest first, as :meth:`HistoryStore.sessions` gives it.
    """
    if not records:
        return Text("No sessions recorded yet: every session you start will show up here.")
    return Group(
        summary_text(records, today, targets, tz),
        Text(""),
        recent_table(records[:limit], tz),
        Text(""),
        stiffness_chart(stiffness_points(records, tz)),
    )


# --- export ------------------------------------------------------------------------------------

EXPORT_FIELDS = (
    "id",
    "routine_id",
    "routine_name",
    "routine_tags",
    "started_at",
    "ended_at",
    "status",
    "steps_total",
    "steps_done",
    "steps_skipped",
    "steps_extended",
    "steps_shortened",
    "seconds",
    "stiffness_before",
    "stiffness_after",
)
"""Keys of every exported session, in this order; JSON adds ``steps``. Only ever add to it."""


def _export_record(record: SessionRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "routine_id": record.routine_id,
        "routine_name": record.routine_name,
        "routine_tags": list(record.routine_tags),
        "started_at": record.started_at.isoformat(),
        "ended_at": record.ended_at.isoformat() if record.ended_at else None,
        "status": record.status.value,
        "steps_total": record.steps_total,
        "steps_done": record.steps_done,
        "steps_skipped": record.steps_skipped,
        "steps_extended": record.steps_extended,
        "steps_shortened": record.steps_shortened,
        "seconds": record.seconds,
        "stiffness_before": record.stiffness_before,
        "stiffness_after": record.stiffness_after,
    }


def _oldest_first(records: Iterable[SessionRecord]) -> list[SessionRecord]:
    return sorted(records, key=lambda r: (r.started_at, r.id))


def export_json(records: Iterable[SessionRecord]) -> str:
    """Every session, oldest first, as a JSON list of objects with :data:`EXPORT_FIELDS` + steps."""
    out = []
    for record in _oldest_first(records):
        item = _export_record(record)
        item["steps"] = [
            {"index": s.index, "name": s.name, "status": s.status, "adjusted_seconds": s.adjusted}
            for s in record.steps
        ]
        out.append(item)
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def export_csv(records: Iterable[SessionRecord]) -> str:
    """Every session, oldest first, with a header row; tags joined by ``;``, no value empty."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in _oldest_first(records):
        row = _export_record(record)
        row["routine_tags"] = ";".join(record.routine_tags)
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


# --- the command -------------------------------------------------------------------------------


def run_history_command(
    args: argparse.Namespace,
    console: Console,
    *,
    err_console: Console | None = None,
    settings: Settings | None = None,
    now: WallClock = utc_now,
    tz: tzinfo | None = None,
) -> int:
    """``backcare history``: print the report, or export. Messages go to ``err_console``.

    Returns 0, or 1 when the history file could not be opened at all.
    """
    errors = err_console or Console(file=sys.stderr)

    def tell(message: str) -> None:
        errors.print(Text(message, style="yellow"), soft_wrap=True)

    store = open_history(now=now, on_notice=tell)
    try:
        if not store.available:
            return 1
        records = store.sessions()
    finally:
        store.close()
    if args.export == "json":
        console.file.write(export_json(records))
        return 0
    if args.export == "csv":
        console.file.write(export_csv(records))
        return 0
    chosen = settings if settings is not None else load_settings()[0]
    today = now().astimezone(tz).date()
    console.print(history_view(records, today, default_targets(chosen), limit=args.limit, tz=tz))
    return 0
