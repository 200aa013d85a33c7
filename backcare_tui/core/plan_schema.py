"""A JSON Schema for plan files (``backcare schema --plan``), for editors that understand TOML.

Like the routine schema (:mod:`backcare_tui.core.schema`) it helps typing and never refuses
what the loader accepts. It cannot know which routine ids exist, nor that ``per_week`` must fit
in the days the rest days leave: ``backcare plan --check`` has the final say.
"""

from __future__ import annotations

from typing import Any

from backcare_tui.core.plan import DEFAULT_STIFF_FROM, WEEKDAYS, WHEN_WRITTEN
from backcare_tui.core.plan_loader import MAX_PLAN_ROUTINES
from backcare_tui.core.schema import DRAFT, any_case

__all__ = ["WEEKDAY_PATTERN", "plan_schema"]

WEEKDAY_PATTERN = (
    r"^\s*(?:"
    + "|".join(f"{any_case(day[:3])}(?:{any_case(day[3:])})?" for day in WEEKDAYS)
    + r")\s*$"
)
"""A weekday as the loader reads it: ``mon`` or ``monday``, in any letter case."""


def _weekdays(description: str, *, most: int) -> dict[str, Any]:
    return {
        "description": description,
        "type": "array",
        "items": {"type": "string", "pattern": WEEKDAY_PATTERN},
        "maxItems": most,
    }


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a plan file, as a fresh dict each call."""
    days = _weekdays('The weekdays it is due on, such as ["tue", "sat"].', most=7)
    days["minItems"] = 1
    routine: dict[str, Any] = {
        "type": "object",
        "description": "A routine in the plan and how often it is due: give one of per_week, "
        "days or when.",
        "required": ["id"],
        "properties": {
            "id": {
                "description": "The routine's id, as `backcare list` shows it.",
                "type": "string",
                "pattern": r"\S",
            },
            "per_week": {
                "description": "Times a week (Monday to Sunday), spread out with a day between.",
                "type": "integer",
                "minimum": 1,
                "maximum": 7,
            },
            "days": days,
            "when": {
                "description": '"after-run": due after each run you log; "after-hard-run": after '
                'a hard run only; "stiff-day": on a day your stiffness reaches stiff_from.',
                "enum": list(WHEN_WRITTEN),
            },
        },
        "additionalProperties": False,
        "oneOf": [{"required": [key]} for key in ("per_week", "days", "when")],
    }
    return {
        "$schema": DRAFT,
        "title": "backcare-tui plan",
        "description": "Your back-care program: which routines, how often, and your rest days. "
        "See docs/plan.md.",
        "type": "object",
        "required": ["routines"],
        "properties": {
            "name": {"description": "A name for the plan.", "type": "string", "maxLength": 80},
            "rest_days": _weekdays(
                'Weekdays with no weekly or fixed-day routine due, such as ["sunday"].', most=6
            ),
            "stiff_from": {
                "description": "The stiffness (0-10) from which a day counts as a stiff day.",
                "type": "integer",
                "minimum": 1,
                "maximum": 10,
                "default": DEFAULT_STIFF_FROM,
            },
            "routines": {
                "description": "The routines of the plan, one [[routines]] table each.",
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_PLAN_ROUTINES,
                "items": {"$ref": "#/$defs/routine"},
            },
        },
        "additionalProperties": False,
        "$defs": {"routine": routine},
    }
