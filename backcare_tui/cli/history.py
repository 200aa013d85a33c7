"""``backcare history``: the report of recent sessions, or every session exported.

The sums and exports are in :mod:`backcare_tui.data`, the drawing in
:mod:`backcare_tui.ui.history_report` (rich only, no Textual); this module reads the command's
options and says where the output goes. Everything is imported when the command runs, so
building the parser for every other command stays as quick as before.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import tzinfo
from typing import TYPE_CHECKING

from backcare_tui.cli.output import EXIT_OK, EXIT_PROBLEM, console, say, shown

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from backcare_tui.data.history_file import WallClock
    from backcare_tui.data.history_records import SessionRecord
    from backcare_tui.data.settings import Settings

__all__ = ["history_command"]


def history_command(
    args: argparse.Namespace,
    *,
    out: Console | None = None,
    err: Console | None = None,
    settings: Settings | None = None,
    now: WallClock | None = None,
    tz: tzinfo | None = None,
) -> int:
    """``backcare history [--limit N] [--export csv|json] [--plain]``: the report, or the export.

    The report goes to ``out`` and notices about the history file to ``err`` (stdout and stderr
    by default), so an export on stdout is never mixed with them. Exits 1 when the history file
    could not be opened at all. The report reads only what it shows (and the program's charts
    the last weeks of it), and an export writes each session as it is read, so neither grows
    with the history.
    """
    from backcare_tui.data.history import open_history
    from backcare_tui.data.history_export import write_csv, write_json
    from backcare_tui.data.history_file import utc_now
    from backcare_tui.data.history_progress import default_targets, local_time
    from backcare_tui.data.history_summary import summarize
    from backcare_tui.data.program import load_program
    from backcare_tui.data.settings import load_settings
    from backcare_tui.ui.charts import charts_for, figure_lines
    from backcare_tui.ui.history_report import history_view

    out = out or console()
    errors = err or console(stderr=True)
    clock = now or utc_now

    def tell(message: str) -> None:
        errors.print(shown(message, "yellow"), soft_wrap=True)

    store = open_history(now=clock, on_notice=tell)
    try:
        if not store.available:
            return EXIT_PROBLEM
        if args.export is not None:
            write = write_json if args.export == "json" else write_csv
            write(store.oldest_first(), out.file)
            return EXIT_OK
        chosen = settings if settings is not None else load_settings()[0]
        today = local_time(clock(), tz).date()
        targets = default_targets(chosen)
        summary = store.read(
            lambda conn: summarize(conn, today, targets, limit=args.limit, tz=tz), None
        )
        if summary is None:
            return EXIT_PROBLEM
        store.left_out(summary.unreadable)
        program = load_program(store, now=clock(), tz=tz)
    finally:
        store.close()
    charts = charts_for(program)
    summary = replace(summary, week=program.this_week())  # the plan's week, as `today` counts
    if getattr(args, "plain", False):
        for line in _plain_lines(summary.recent, tz):
            say(out, line)
        for line in figure_lines(charts.days, charts.weeks):
            say(out, line)
        return EXIT_OK
    out.print(history_view(summary, tz=tz, width=out.width, charts=charts))
    return EXIT_OK


def _plain_lines(records: Sequence[SessionRecord], tz: tzinfo | None) -> list[str]:
    """Recent sessions as lines: ``Mon 3 Mar 18:00 Core strength: finished, 11 of 11 steps``."""
    from backcare_tui.data.history_progress import local_time

    lines = ["Recent sessions:" if records else "No sessions recorded yet."]
    for r in records:
        when = local_time(r.started_at, tz)
        line = (
            f"  {when:%a} {when.day} {when:%b %H:%M} {r.routine_name}: {r.status.label}, "
            f"{r.steps_done} of {r.steps_total} steps, {round(r.seconds / 60)} min"
        )
        if r.stiffness_before is not None or r.stiffness_after is not None:
            rated = ["-" if v is None else str(v) for v in (r.stiffness_before, r.stiffness_after)]
            line += f", stiffness {rated[0]} then {rated[1]}"
        lines.append(line)
    return lines
