"""``backcare history``: the report of recent sessions, or every session exported.

The report's sums and exports are in :mod:`backcare_tui.data`; nothing is imported until the
command runs, so building the parser for every other command stays as quick as before.
"""

from __future__ import annotations

import argparse

from backcare_tui.cli.output import console

__all__ = ["history_command"]


def history_command(args: argparse.Namespace) -> int:
    """``backcare history [--limit N] [--export csv|json]``."""
    from backcare_tui.data.history_report import run_history_command

    return run_history_command(args, console(), err_console=console(stderr=True))
