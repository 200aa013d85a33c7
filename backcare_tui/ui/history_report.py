"""The history report drawn with rich: the streak and week, recent sessions, stiffness chart.

``backcare history`` prints :func:`history_view` to the terminal and the ``h`` screen shows the
same renderable in a ``Static``, so this module uses rich only, never Textual: the command line
imports it without loading the UI. What it draws is a
:class:`~backcare_tui.data.history_summary.HistorySummary`, worked out by the file's queries.
Names from routine files go in as :class:`~rich.text.Text`, so ``[bold]`` in a name is shown,
never obeyed; and through :func:`~backcare_tui.core.text.printable`, since a history file can
be written by anyone: a name read back from it never reaches the terminal with a control in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta, tzinfo

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from backcare_tui.core.text import printable
from backcare_tui.data.history_progress import StiffnessPoint, local_time, week_start
from backcare_tui.data.history_records import SessionRecord, SessionStatus
from backcare_tui.data.history_summary import STIFFNESS_POINTS, HistorySummary

__all__ = [
    "NARROW_BELOW",
    "history_view",
    "recent_table",
    "sparkline",
    "stiffness_chart",
    "summary_text",
]

NARROW_BELOW = 76
"""Columns the full tables need; on anything narrower they take their narrow layout."""
CHART_ROWS = 12
"""Check-ins drawn as bars; the sparklines above them cover more (all the summary holds)."""
_SPARKS = "▁▂▃▄▅▆▇█"
_NONE = "–"


def _short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


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


def _sessions_frame() -> Table:
    """The empty table of recent sessions, wide or narrow."""
    return Table(
        title="Recent sessions",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        padding=(0, 1, 0, 0),
    )


def _stiffness_pair(record: SessionRecord, joint: str) -> str:
    """The check-in of ``record``, ``7 → 3``, or nothing when it had none."""
    if record.stiffness_before is None and record.stiffness_after is None:
        return ""
    return f"{_rating(record.stiffness_before)}{joint}{_rating(record.stiffness_after)}"


def _narrow_table(records: Sequence[SessionRecord], tz: tzinfo | None) -> Table:
    """The sessions in four columns for a narrow screen (40 columns): the status goes under the
    routine's name, the time of day and the extended and skipped counts are left out."""
    table = _sessions_frame()
    table.add_column("When", no_wrap=True)
    table.add_column("Routine", overflow="fold")
    table.add_column("Steps", justify="right", no_wrap=True)
    table.add_column("Stiff", justify="center", no_wrap=True)
    for r in records:
        when = local_time(r.started_at, tz)
        routine = Text(printable(r.routine_name))
        status = r.status.label + (f", {r.steps_skipped} skipped" if r.steps_skipped else "")
        routine.append(f"\n{status}", style=_STATUS_STYLE[r.status])
        table.add_row(
            Text(f"{when.day} {when:%b}"),
            routine,
            Text(f"{r.steps_done}/{r.steps_total}"),
            Text(_stiffness_pair(r, "→")),
        )
    return table


def recent_table(
    records: Sequence[SessionRecord], tz: tzinfo | None = None, *, narrow: bool = False
) -> Table:
    """The sessions given, one a row, in the order given (newest first from the store).

    Narrow enough for 80 columns: there "stopped early" wraps onto two lines. ``narrow`` lays
    them out for 40 (see :func:`_narrow_table`).
    """
    if narrow:
        return _narrow_table(records, tz)
    table = _sessions_frame()
    table.add_column("When", no_wrap=True)
    table.add_column("Routine", min_width=12, overflow="fold")
    table.add_column("Status", max_width=8)
    table.add_column("Steps", justify="right", no_wrap=True)
    table.add_column("Skip", justify="right", no_wrap=True)
    table.add_column("Longer", justify="right", no_wrap=True)
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("Stiffness", justify="center", no_wrap=True)
    for r in records:
        when = local_time(r.started_at, tz)
        table.add_row(
            Text(f"{when.day} {when:%b %H:%M}"),
            Text(printable(r.routine_name)),
            Text(r.status.label, style=_STATUS_STYLE[r.status]),
            Text(f"{r.steps_done}/{r.steps_total}"),
            Text(str(r.steps_skipped)),
            Text(str(r.steps_extended)),
            Text(_time_spent(r.seconds)),
            Text(_stiffness_pair(r, " → ")),
        )
    return table


def summary_text(summary: HistorySummary) -> Text:
    """The streak and this week against its targets, a line each."""
    streak = summary.streak
    text = Text()
    text.append("Streak: ", style="bold")
    text.append(f"{streak} day{'s' if streak != 1 else ''} in a row" if streak else "none yet")
    if streak and not summary.done_today:
        text.append(" (a session today keeps it going)", style="dim")
    monday = week_start(summary.today)
    text.append("\n")
    text.append(
        f"This week ({_short_day(monday)} – {_short_day(monday + timedelta(days=6))}): ",
        style="bold",
    )
    if not summary.week:
        text.append("no weekly targets set")
    for i, item in enumerate(summary.week):
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


def stiffness_chart(
    points: Sequence[StiffnessPoint], rows: int = CHART_ROWS, *, narrow: bool = False
) -> RenderableType:
    """Sparklines of every recent check-in, then the last ``rows`` as bars (as numbers when
    ``narrow``: two bars of ten do not fit in 40 columns)."""
    if not points:
        return Text("Stiffness: no check-ins yet (turn them on in the settings).", style="dim")
    recent = points[-STIFFNESS_POINTS:]
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
        if narrow:
            before = Text(_rating(point.before), style="yellow")
            after = Text(_rating(point.after), style="green")
        else:
            before, after = _bar(point.before, "yellow"), _bar(point.after, "green")
        table.add_row(Text(_short_day(point.day)), before, after, shown)
    trend = Text()
    last = "Last check-in" if len(recent) == 1 else f"Last {len(recent)} check-ins"
    trend.append(f"{last}  before ", style="dim")
    if narrow:  # each sparkline on its own line, so neither is cut
        trend.append("\n")
    trend.append(sparkline([p.before for p in recent]), style="yellow")
    trend.append("\nafter " if narrow else "  after ", style="dim")
    trend.append(sparkline([p.after for p in recent]), style="green")
    return Group(table, trend)


def history_view(
    summary: HistorySummary,
    *,
    tz: tzinfo | None = None,
    width: int | None = None,
    charts: RenderableType | None = None,
) -> RenderableType:
    """Everything ``backcare history`` shows, for a console or a Textual ``Static``; times in
    ``tz`` (by default the machine's zone), as the summary's days are.

    Given a ``width`` under :data:`NARROW_BELOW` columns, the tables take their narrow layout
    rather than being cut. ``charts`` (the program's stiffness and weekly charts,
    :mod:`backcare_tui.ui.charts`) take the place of the stiffness table when given.
    """
    if not summary.has_sessions:
        return Text("No sessions recorded yet: every session you start will show up here.")
    narrow = width is not None and width < NARROW_BELOW
    return Group(
        summary_text(summary),
        Text(""),
        recent_table(summary.recent, tz, narrow=narrow),
        Text(""),
        charts if charts is not None else stiffness_chart(summary.stiffness, narrow=narrow),
    )
