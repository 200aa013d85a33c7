"""``backcare history``: the report of recent sessions, or every session exported.

The sums and exports are in :mod:`backcare_tui.data`, the drawing in
:mod:`backcare_tui.ui.history_report` (rich only, no Textual); this module reads the command's
options and says where the output goes. Everything is imported when the command runs, so
building the parser for every other command stays as quick as before.
"""

from __future__ import annotations

import argparse
from datetime import tzinfo
from typing import TYPE_CHECKING

from backcare_tui.cli.output import EXIT_OK, EXIT_PROBLEM, console, shown

if TYPE_CHECKING:
    from rich.console import Console

    from backcare_tui.data.history import WallClock
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
    """``backcare history [--limit N] [--export csv|json]``: the report, or the export alone.

    The report goes to ``out`` and notices about the history file to ``err`` (stdout and stderr
    by default), so an export on stdout is never mixed with them. Exits 1 when the history file
    could not be opened at all. The report reads only what it shows, and an export writes each
    session as it is read, so neither grows with the history.
    """
    from backcare_tui.data.history import open_history, utc_now
    from backcare_tui.data.history_export import write_csv, write_json
    from backcare_tui.data.history_progress import default_targets, local_time
    from backcare_tui.data.history_summary import summarize
    from backcare_tui.data.settings import load_settings
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
    finally:
        store.close()
    out.print(history_view(summary, tz=tz))
    return EXIT_OK
