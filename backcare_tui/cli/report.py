"""``backcare report --since 6w --format md|html``: a one-page summary for a physio.

The figures are gathered by :mod:`backcare_tui.data.program_report` and laid out by
:mod:`backcare_tui.cli.report_page`; this module reads the options, and writes the page to
standard output or, atomically, to a file.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import date, timedelta

from backcare_tui.cli.output import (
    EXIT_OK,
    EXIT_PROBLEM,
    console,
    note,
    refuse,
    say,
    say_problems,
    write_out,
)

__all__ = ["Since", "report_command", "since"]

_SINCE = re.compile(r"^\s*(\d{1,3})\s*([wd])\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Since:
    """How far back a report goes: so many weeks or days, or from a date."""

    weeks: int = 0
    days: int = 0
    day: date | None = None

    def first_day(self, today: date) -> date:
        """The report's first day. Weeks start on the Monday of the earliest week, so ``6w``
        is this week and the five before it, whole."""
        if self.day is not None:
            return self.day
        if self.weeks:
            return today - timedelta(days=today.weekday()) - timedelta(weeks=self.weeks - 1)
        return today - timedelta(days=self.days - 1)


def since(text: str) -> Since:
    """``6w``, ``30d`` or ``2025-03-01`` from the command line."""
    found = _SINCE.match(text) if len(text) < 20 else None
    if found is not None and int(found.group(1)) > 0:
        number, unit = int(found.group(1)), found.group(2).lower()
        return Since(weeks=number) if unit == "w" else Since(days=number)
    try:
        return Since(day=date.fromisoformat(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be weeks such as 6w, days such as 30d, or a date such as 2025-03-01, "
            f"got {text!r}"
        ) from None


def report_command(args: argparse.Namespace) -> int:
    """Write the report for the weeks asked for."""
    from backcare_tui.cli.report_page import html, markdown
    from backcare_tui.data.history import open_history
    from backcare_tui.data.program import load_program
    from backcare_tui.data.program_report import build_report
    from backcare_tui.data.wall_clock import wall_now

    now = wall_now()
    first = args.since.first_day(now.date())
    if first > now.date():
        return refuse(f"backcare report: --since {first} is after today.")
    store = open_history(on_notice=note)
    try:
        if not store.available:
            return EXIT_PROBLEM
        days = (now.date() - first).days + 1
        # A little more than the report shows: the rules look at the days before it too.
        program = load_program(store, now=now, days=days + 60)
        records = store.sessions(since=now - timedelta(days=days + 1))
    finally:
        store.close()
    if program.plan_file.broken:
        say_problems(program.plan_file.problems, console(stderr=True))
        return refuse("Fix your plan file first: the report measures against it.")
    report = build_report(program, records, first)
    page = markdown(report) if args.format == "md" else html(report)
    problem = write_out(args.output, page, example=f"report.{args.format}")
    if problem is not None:
        return problem
    if args.output and args.output != "-":
        say(console(), f"Wrote {args.output}: {report.first} to {report.last}.")
    return EXIT_OK
