"""``backcare plan``: the plan shown, checked (``--check``), started (``--init``) or written as a
calendar (``--ics FILE``).

The plan is read by :mod:`backcare_tui.data.plan_file`, checked by the core's plan loader; this
module prints it and writes the files the user asks for, atomically and never over a plan.
"""

from __future__ import annotations

import argparse
from datetime import time
from pathlib import Path

from backcare_tui.cli.output import (
    EXIT_OK,
    EXIT_PROBLEM,
    console,
    refuse,
    say,
    say_problems,
    write_out,
)
from backcare_tui.core.plan import Cadence, Plan, PlanItem, day_names, default_plan
from backcare_tui.data.catalog import Catalog, load_catalog
from backcare_tui.data.locations import plan_path

__all__ = ["clock_time", "plan_command", "starter_plan"]

_WHY = {
    Cadence.AFTER_RUN: "After every run you log (`backcare ran 8`), while you are still warm.",
    Cadence.AFTER_HARD_RUN: "After a hard run (`backcare ran 12 --hard`): ice, heat, breathing.",
    Cadence.STIFF_DAY: "On a day your stiffness reaches stiff_from (`backcare checkin 5`).",
    Cadence.WEEKLY: "At least twice a week, with a day between, not on a hard-run day.",
    Cadence.DAYS: "On the same weekdays every week.",
}


def clock_time(text: str) -> time:
    """``18:30`` from the command line."""
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a time of day such as 07:00 or 18:30, got {text!r}"
        ) from None


def _how(item: PlanItem) -> str:
    if item.cadence is Cadence.WEEKLY:
        return f"per_week = {item.per_week}"
    if item.cadence is Cadence.DAYS:
        return "days = [" + ", ".join(f'"{day_names([d]).lower()}"' for d in item.days) + "]"
    return f'when = "{item.cadence.value}"'


def starter_plan(plan: Plan) -> str:
    """``plan`` as a commented plan file for the user to change."""
    lines = [
        "# Your back-care plan for backcare-tui: which routines, how often, and your rest days.",
        "# `backcare today` reads it; check it after a change with `backcare plan --check`.",
        "# Every key is described in docs/plan.md.",
        "",
        'name = "My plan"',
        '# Weekdays with no weekly or fixed-day routine due, such as ["sunday"].',
        "rest_days = []",
        "# From this stiffness (0 none to 10 worst) a day counts as a stiff day.",
        f"stiff_from = {plan.stiff_from}",
    ]
    for item in plan.items:
        lines += ["", f"# {_WHY[item.cadence]}", "[[routines]]", f'id = "{item.routine_id}"']
        lines.append(_how(item))
    return "\n".join(lines) + "\n"


def _shown(plan: Plan, catalog: Catalog) -> list[str]:
    lines = []
    for item in plan.items:
        routine = catalog.routines.get(item.routine_id)
        name = routine.name if routine is not None else "(cannot be loaded)"
        how = item.how_often
        if item.cadence is Cadence.STIFF_DAY:
            how += f" (stiffness {plan.stiff_from} or more)"
        lines.append(f"  {name} ({item.routine_id}): {how}")
    rest = day_names(plan.rest_days) if plan.rest_days else "none"
    lines.append(f"Rest days: {rest}. Sessions a week on set days: {plan.weekly_target()}.")
    return lines


def _check(catalog: Catalog, path: Path) -> int:
    from backcare_tui.core.routine import RoutineLoadError
    from backcare_tui.data.plan_file import read_plan

    out = console()
    if not path.exists():
        say(out, f"{path}: there is no plan file, so the default plan is in use.")
        return EXIT_OK
    try:
        plan = read_plan(path, catalog)
    except RoutineLoadError as exc:
        say_problems(exc.errors, out)
        return EXIT_PROBLEM
    say(out, f"{path}: ok ({plan.name}: {len(plan.items)} routines)")
    return EXIT_OK


def _init(catalog: Catalog, path: Path) -> int:
    from backcare_tui.data.atomic import write_atomic

    if path.exists() or path.is_symlink():
        return refuse(f"{path}: already exists; change it in any text editor.")
    try:
        write_atomic(path, starter_plan(default_plan(set(catalog.routines))))
    except OSError as exc:
        return refuse(f"{path}: could not be written ({exc.strerror or exc}).")
    say(console(), f"Wrote {path}: the default plan, ready to change.")
    return EXIT_OK


def _write_calendar(plan: Plan, catalog: Catalog, target: str, at: time | None) -> int:
    from backcare_tui.data.plan_calendar import event_days, plan_calendar, unscheduled
    from backcare_tui.data.wall_clock import wall_now

    data = plan_calendar(plan, catalog, now=wall_now(), at=at)
    problem = write_out(target, data, example="backcare.ics")
    if problem is not None or target == "-":
        return problem or EXIT_OK
    out = console()
    events = [
        f"{item.routine_id} on {day_names(event_days(item, plan))}"
        for item in plan.items
        if event_days(item, plan)
    ]
    if plan.rest_days:
        events.append(f"rest days on {day_names(plan.rest_days)}")
    say(out, f"Wrote {target}: " + ("; ".join(events) or "no repeating events") + ", every week.")
    later = [f"{item.routine_id} {item.how_often}" for item in unscheduled(plan)]
    if later:
        say(out, "Not in the calendar, as they depend on your day: " + "; ".join(later) + ".")
    return EXIT_OK


def plan_command(args: argparse.Namespace) -> int:
    """``backcare plan [--check | --init | --ics FILE [--at HH:MM]]``."""
    catalog = load_catalog()
    path = plan_path()
    if args.check:
        return _check(catalog, path)
    if args.init:
        return _init(catalog, path)
    from backcare_tui.data.plan_file import load_plan

    loaded = load_plan(catalog, path)
    if loaded.broken:
        say_problems(loaded.problems, console(stderr=True))
        return refuse("Fix your plan file, then check it with `backcare plan --check`.")
    if args.ics is not None:
        return _write_calendar(loaded.plan, catalog, args.ics, args.at)
    out = console()
    if loaded.plan.is_default:
        say(out, "The default plan: you have no plan file.")
        say(out, f"`backcare plan --init` writes it to {path}, ready to change.")
    else:
        say(out, f"{loaded.plan.name} ({path})")
    for line in _shown(loaded.plan, catalog):
        say(out, line)
    return EXIT_OK
