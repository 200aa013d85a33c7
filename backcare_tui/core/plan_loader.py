"""The plan loader: ``plan.toml`` checked key by key, every problem with its place.

A plan is read with the same care as a routine (:func:`~backcare_tui.core.loader.read_toml`,
the same :class:`~backcare_tui.core.checker.Checker`), so a mistake is told the same way:
``plan.toml:9: routine 2 "core-strength": per_week must be a whole number from 1 to 7, got 9``.
Routine ids are checked against the routines the caller knows, with a "did you mean". Reading
the file is the data layer's part (:mod:`backcare_tui.data.plan_file`).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from backcare_tui.core.checker import Checker, as_written
from backcare_tui.core.loader import read_toml
from backcare_tui.core.plan import (
    DEFAULT_STIFF_FROM,
    PLAN_KEYS,
    PLAN_ROUTINE_KEYS,
    WEEKDAYS,
    WHEN_WRITTEN,
    Cadence,
    Plan,
    PlanItem,
)
from backcare_tui.core.routine import RoutineLoadError

__all__ = ["MAX_PLAN_ROUTINES", "parse_plan", "weekday"]

MAX_PLAN_ROUTINES = 20
_HOW_OFTEN = ("per_week", "days", "when")


def weekday(name: str) -> int | None:
    """Monday 0 for ``"monday"``, ``"Mon"`` or ``"mon"``; None for anything else."""
    word = name.strip().lower()
    for number, day in enumerate(WEEKDAYS):
        if word in (day, day[:3]):
            return number
    return None


def _days(
    check: Checker, table: Mapping[str, Any], key: str, *, entry: int | None, label: str | None
) -> tuple[int, ...] | None:
    """A list of weekday names as weekday numbers; None (reported) when it is not one."""
    value = table.get(key, [])
    where: dict[str, Any] = {"step": entry, "step_name": label, "key": key}
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.add(
            f'must be a list of weekdays such as ["tue", "sat"], got {as_written(value)}', **where
        )
        return None
    days: list[int] = []
    for name in value:
        number = weekday(name)
        if number is None:
            close = difflib.get_close_matches(name.lower(), WEEKDAYS, n=1, cutoff=0.6)
            hint = f'; did you mean "{close[0]}"?' if close else "; use monday to sunday"
            check.add(f"names {as_written(name)}, which is not a weekday{hint}", **where)
            return None
        if number in days:
            check.add(f"names {WEEKDAYS[number]} twice", **where)
            return None
        days.append(number)
    return tuple(sorted(days))


def _item(
    check: Checker,
    raw: object,
    index: int,
    known: Collection[str] | None,
    rest_days: tuple[int, ...],
) -> PlanItem | None:
    if not isinstance(raw, dict):
        check.add(f"must be a table of keys, got {as_written(raw)}", step=index)
        return None
    before = len(check.errors)
    value = raw.get("id")
    label = value if isinstance(value, str) and value.strip() else None
    where: dict[str, Any] = {"step": index, "step_name": label}
    check.unknown_keys(raw, PLAN_ROUTINE_KEYS, **where)
    routine_id = check.text(raw, "id", required=True, limit=200, **where)
    if routine_id is not None and known is not None and routine_id not in known:
        close = difflib.get_close_matches(routine_id, sorted(known), n=1)
        hint = f'; did you mean "{close[0]}"?' if close else "; `backcare list` shows them all"
        check.add(f"is not a known routine{hint}", key="id", **where)
    given = [key for key in _HOW_OFTEN if key in raw]
    if not given:
        check.add(
            'needs one of per_week (such as 2), days (such as ["tue", "sat"]) '
            'or when ("after-run", "after-hard-run" or "stiff-day")',
            **where,
        )
    elif len(given) > 1:
        both = " and ".join(given)
        check.add(
            f"{both} both set; give one of per_week, days or when",
            key=given[1],
            field_name="",
            **where,
        )
    per_week = check.whole(raw, "per_week", 1, 7, **where)
    open_days = 7 - len(rest_days)
    if per_week is not None and per_week > open_days:
        check.add(
            f"asks for {per_week} a week, but only {open_days} days are not rest days",
            key="per_week",
            **where,
        )
    days = _days(check, raw, "days", entry=index, label=label) if "days" in raw else ()
    if days == ():
        if "days" in raw:
            check.add("must name at least one weekday", key="days", **where)
    elif days is not None and (clash := sorted(set(days) & set(rest_days))):
        names = ", ".join(WEEKDAYS[d] for d in clash)
        check.add(f"names {names}, which the plan's rest_days keep free", key="days", **where)
    cadence = _cadence(check, raw, where) if "when" in raw else None
    if len(check.errors) > before or routine_id is None or len(given) != 1:
        return None
    if per_week is not None:
        return PlanItem(routine_id, Cadence.WEEKLY, per_week=per_week)
    if days:
        return PlanItem(routine_id, Cadence.DAYS, days=days)
    assert cadence is not None
    return PlanItem(routine_id, cadence)


def _cadence(check: Checker, raw: Mapping[str, Any], where: dict[str, Any]) -> Cadence | None:
    value = raw["when"]
    if isinstance(value, str) and value in WHEN_WRITTEN:
        return WHEN_WRITTEN[value]
    choices = ", ".join(f'"{w}"' for w in WHEN_WRITTEN)
    close = difflib.get_close_matches(str(value), list(WHEN_WRITTEN), n=1)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    check.add(f"must be one of {choices}, got {as_written(value)}{hint}", key="when", **where)
    return None


def parse_plan(
    data: bytes | str, path: str | Path, *, known: Collection[str] | None = None
) -> Plan:
    """Validate ``data`` (a plan file's contents) and build a :class:`Plan`.

    ``known`` holds the routine ids a plan may name (None: any). Nothing but
    :class:`~backcare_tui.core.routine.RoutineLoadError` leaves it.
    """
    shown = str(path)
    try:
        return _parse(data, shown, known)
    except RoutineLoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - as the routine loader: only RoutineLoadError escapes
        from backcare_tui.core.routine import RoutineError

        raise RoutineLoadError([RoutineError(shown, f"could not be read: {exc}")]) from exc


def _parse(data: bytes | str, shown: str, known: Collection[str] | None) -> Plan:
    document, lines = read_toml(
        data, shown, empty="is empty; a plan needs at least one [[routines]]", array="routines"
    )
    check = Checker(shown, lines, part="routine")
    check.unknown_keys(document, PLAN_KEYS, step=None, step_name=None)
    name = check.text(document, "name", limit=80) or "Your plan"
    rest_days = _days(check, document, "rest_days", entry=None, label=None) or ()
    if len(rest_days) == 7:
        check.add("cannot be every day of the week", key="rest_days")
    stiff_from = check.whole(
        document, "stiff_from", 1, 10, default=DEFAULT_STIFF_FROM, step=None, step_name=None
    )
    raw_items = document.get("routines")
    items: list[PlanItem] = []
    entries: list[int] = []
    if raw_items is None:
        check.add("are missing: add at least one [[routines]] table", field_name="routines")
    elif not isinstance(raw_items, list) or not raw_items:
        check.add("must be one or more [[routines]] tables", key="routines")
    elif len(raw_items) > MAX_PLAN_ROUTINES:
        check.add(f"are too many ({len(raw_items)}; at most {MAX_PLAN_ROUTINES})", key="routines")
    else:
        for index, raw in enumerate(raw_items):
            item = _item(check, raw, index, known, rest_days)
            if item is None:
                continue
            if item in items:
                twin = entries[items.index(item)]
                check.add(
                    f"is already in the plan the same way (routine {twin + 1})",
                    step=index,
                    step_name=item.routine_id,
                    key="id",
                )
            items.append(item)
            entries.append(index)
    if check.errors:
        raise RoutineLoadError(sorted(check.errors, key=lambda e: e.line or 0))
    return Plan(
        items=tuple(items),
        name=name,
        rest_days=rest_days,
        stiff_from=stiff_from or DEFAULT_STIFF_FROM,
        path=shown,
    )
