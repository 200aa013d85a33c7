"""A JSON Schema for routine files, so a TOML-aware editor can complete keys and flag mistakes.

``backcare schema`` prints :func:`routine_schema` as JSON; docs/routines.md shows how to point
an editor at it. The schema is built here in Python rather than shipped as a data file, so it is
importable like any other module and sits beside the loader it describes.

It is a helper for typing, not a second loader. It knows every key, each kind's required and
allowed keys, the enums and the numeric ranges, but not what needs arithmetic or the disk: the
range of a duration written as text (``"90m"`` for a hold), ``remind_every`` shorter than
``duration``, reps or breaths adding up to at most an hour, whether a ``.wav`` file exists.
So the loader may refuse a file the schema accepts, never the other way round: tests hold the
two to that.

Only keywords that mean the same in draft 7 are used (``$ref`` never has siblings; no
``unevaluatedProperties``), because Taplo, the engine of the Even Better TOML extension, reads a
2020-12 schema with a draft 7 validator. Per-kind rules are a chain of ``if``/``then``/``else``
rather than ``allOf``, because Taplo stops offering a table's keys for completion when the
table's schema has an ``allOf``.
"""

from __future__ import annotations

import copy
from typing import Any

from backcare_tui.core.cues import Cue
from backcare_tui.core.progress_key import ADD_LIMITS, EVERY_LIMIT, REPS_LIMIT
from backcare_tui.core.routine import (
    DEFAULT_EVERY,
    DEFAULT_EXHALE,
    DEFAULT_INHALE,
    DEFAULT_LEAD_IN,
    DEFAULT_TEMPO,
    SIDES_WRITTEN,
    StepKind,
    StepSides,
    sides_for,
    step_keys,
)

__all__ = ["DRAFT", "DURATION_PATTERN", "any_case", "routine_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_UNITS = (
    "hours",
    "hour",
    "hrs",
    "hr",
    "h",
    "minutes",
    "minute",
    "mins",
    "min",
    "m",
    "seconds",
    "second",
    "secs",
    "sec",
    "s",
)
"""The units parse_duration knows, longest first so a regex tries ``min`` before ``m``."""


def any_case(word: str) -> str:
    """A regex for ``word`` in any letter case, without flags (JSON Schema patterns have none)."""
    return "".join(f"[{c.lower()}{c.upper()}]" for c in word)


_NUMBER = r"(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?"
"""A plain number the way Python's float() reads it from text: ``45``, ``1.5``, ``.5``, ``1e3``."""

DURATION_PATTERN = (
    rf"^\s*(?:\+?{_NUMBER}"
    rf"|(?:\d+(?:\.\d+)?\s*(?:{'|'.join(any_case(u) for u in _UNITS)})\s*)+)\s*$"
)
"""Text parse_duration can read: a bare number, or number-and-unit parts (``"1m 30s"``).

Negative numbers are left out (no duration may be negative). Repeating a unit (``"1m1m"``) is
not caught here; the loader says so.
"""


def _duration(low: float, high: float, description: str, default: float | None = None) -> Any:
    """A duration: seconds as a number from ``low`` to ``high``, or text such as ``"30s"``."""
    schema: dict[str, Any] = {
        "description": description,
        "anyOf": [
            {"type": "number", "minimum": low, "maximum": high},
            {"type": "string", "pattern": DURATION_PATTERN},
        ],
    }
    if default is not None:
        schema["default"] = default
    return schema


def _whole(low: int, high: int, description: str, default: int | None = None) -> Any:
    schema: dict[str, Any] = {
        "description": description,
        "type": "integer",
        "minimum": low,
        "maximum": high,
    }
    if default is not None:
        schema["default"] = default
    return schema


def _text(description: str, *, most: int, required: bool = False) -> Any:
    schema: dict[str, Any] = {"description": description, "type": "string", "maxLength": most}
    if required:
        # The loader strips the text before checking it is not empty.
        schema["pattern"] = r"\S"
    return schema


def _sides_enum(kind: StepKind | None = None) -> list[Any]:
    """The values ``sides`` may take on a step of ``kind`` (any kind when None)."""
    choices = sides_for(kind) if kind is not None else tuple(StepSides)
    return [written for written, sides in SIDES_WRITTEN.items() if sides in choices]


def _growth(reps: bool, limit: float) -> tuple[Any, Any]:
    """The ``add`` and ``max`` of a ``progress`` table: whole reps, or durations up to ``limit``."""
    if reps:
        return (
            _whole(1, int(ADD_LIMITS[True]), "Reps added each time the dose grows."),
            _whole(1, REPS_LIMIT, "The most reps it grows to (default: twice the step's reps)."),
        )
    return (
        _duration(1, ADD_LIMITS[False], "Seconds added each time the dose grows."),
        _duration(1, limit, "The longest it grows to (default: twice the step's duration)."),
    )


def _progress(reps: bool | None, limit: float = 4 * 3600) -> Any:
    """A ``progress`` table for reps (True), holds and timers (False), or any of them (None)."""
    if reps is None:
        (whole_add, whole_max), (time_add, time_max) = _growth(True, 0), _growth(False, limit)
        add: Any = {
            "description": "How much the dose grows each time.",
            "anyOf": [whole_add, time_add],
        }
        most: Any = {"description": "The most it grows to.", "anyOf": [whole_max, time_max]}
    else:
        add, most = _growth(reps, limit)
    return {
        "description": "How the dose grows over weeks: by `add` after every `every` sessions your "
        "back took well (not stiffer after the session, nor the next morning), up to `max`. "
        "Holds, timers and reps only.",
        "type": "object",
        "required": ["add"],
        "properties": {
            "every": _whole(
                1, EVERY_LIMIT, "Sessions your back takes well before each rise.", DEFAULT_EVERY
            ),
            "add": add,
            "max": most,
        },
        "additionalProperties": False,
    }


_STEP_PROPERTIES: dict[str, Any] = {
    "name": _text("The exercise's name, shown large on screen.", most=80, required=True),
    "kind": {
        "description": "What the step asks of you: hold a position, count reps, run a long "
        "timer, rest, or breathe with a pacer.",
        "enum": [k.value for k in StepKind],
    },
    "instructions": _text(
        "One to three short, plain sentences you can follow from the mat.", most=10_000
    ),
    "sides": {
        "description": 'true or "each": the whole step on the left, then on the right. '
        '"alternate" (reps only): the reps go left, right, left, right. Not for rest or '
        "breathe steps.",
        "enum": _sides_enum(),
        "default": False,
    },
    "sets": _whole(1, 50, "How many times to do the whole step. Not for rest steps.", 1),
    "rest_between": _duration(
        0, 3600, "The rest between sets, and the time to switch sides. Not for rest steps.", 0
    ),
    "sound": {
        "description": "A sound for this step: a cue name, or a .wav file kept in the same "
        "folder as the routine.",
        "anyOf": [
            {"enum": [c.value for c in Cue]},
            {
                "type": "string",
                "pattern": r"^[A-Za-z0-9][A-Za-z0-9 _.-]*\.[wW][aA][vV]$",
                "not": {"pattern": r"\.\."},
            },
        ],
    },
    "duration": _duration(
        1,
        4 * 3600,
        "How long to hold, rest or breathe (1 s to 1 h), or how long a timer runs (up to 4 h).",
    ),
    "reps": _whole(1, 500, "Reps to do. With sides set, this is the count per side."),
    "tempo": _duration(0.5, 60, "Seconds per rep.", DEFAULT_TEMPO),
    "remind_every": _duration(
        10, 4 * 3600, "A reminder at this interval; shorter than the timer's duration."
    ),
    "reminder": _text('What each reminder says, shown and spoken: "Check your skin."', most=200),
    "cycles": _whole(1, 500, "How many breaths. Give this or duration, not both."),
    "inhale": _duration(1, 60, "Seconds breathing in.", DEFAULT_INHALE),
    "exhale": _duration(1, 60, "Seconds breathing out.", DEFAULT_EXHALE),
    "hold": _duration(0, 60, "Seconds to hold the breath after breathing in (not a hold step).", 0),
    "progress": _progress(None),
}


def _kind_rules(kind: StepKind) -> dict[str, Any]:
    """What a step of ``kind`` needs and allows."""
    allowed = list(step_keys(kind))
    if "sides" not in allowed:
        allowed.append("sides")  # as false only, as the loader allows
    rules: dict[str, Any] = {"propertyNames": {"enum": allowed}}
    if kind is StepKind.HOLD or kind is StepKind.REST:
        rules["required"] = ["duration"]
        rules["properties"] = {"duration": _duration(1, 3600, "How long, 1 s to 1 h.")}
        if kind is StepKind.HOLD:
            rules["properties"]["progress"] = _progress(False, 3600)
    elif kind is StepKind.TIMER:
        rules["required"] = ["duration"]
        rules["properties"] = {"progress": _progress(False)}
    elif kind is StepKind.REPS:
        rules["required"] = ["reps"]
        rules["properties"] = {"progress": _progress(True)}
    else:
        rules["properties"] = {"duration": _duration(1, 3600, "How long, 1 s to 1 h.")}
        rules["oneOf"] = [{"required": ["cycles"]}, {"required": ["duration"]}]
    if sides_for(kind) != tuple(StepSides):
        rules.setdefault("properties", {})["sides"] = {"enum": _sides_enum(kind)}
    return rules


def _by_kind(kinds: list[StepKind]) -> dict[str, Any]:
    """``if kind is A then … else if kind is B then …``: one branch applies to each step."""
    kind, rest = kinds[0], kinds[1:]
    branch: dict[str, Any] = {
        "if": {"properties": {"kind": {"const": kind.value}}, "required": ["kind"]},
        "then": _kind_rules(kind),
    }
    if rest:
        branch["else"] = _by_kind(rest)
    return branch


def routine_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a routine file, as a fresh dict each call."""
    step: dict[str, Any] = {
        "type": "object",
        "description": "One step of the routine, in order.",
        "required": ["name", "kind"],
        "properties": copy.deepcopy(_STEP_PROPERTIES),
        "additionalProperties": False,
        **_by_kind(list(StepKind)),
    }
    return {
        "$schema": DRAFT,
        "title": "backcare-tui routine",
        "description": "A guided exercise routine for backcare-tui: a name, a few notes, and "
        "the steps. See docs/routines.md.",
        "type": "object",
        "required": ["name", "steps"],
        "properties": {
            "name": _text("The routine's name in the list and on screen.", most=80, required=True),
            "description": _text("A sentence or two about what the routine is for.", most=10_000),
            "tags": {
                "description": 'Labels such as "warm-up", "stretch", "recovery".',
                "type": "array",
                "items": {"type": "string"},
            },
            "lead_in": _duration(
                0, 300, "The GET READY time before each exercise; 0 turns it off.", DEFAULT_LEAD_IN
            ),
            "safety": {
                "description": "Safety notes shown with the routine.",
                "type": "array",
                "items": {"type": "string"},
            },
            "steps": {
                "description": "The steps, in the order you do them: one [[steps]] table each.",
                "type": "array",
                "minItems": 1,
                "maxItems": 500,
                "items": {"$ref": "#/$defs/step"},
            },
        },
        "additionalProperties": False,
        "$defs": {"step": step},
    }
