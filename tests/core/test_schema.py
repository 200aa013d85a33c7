"""The routine JSON Schema: valid itself, true to every built-in, and never stricter than the loader."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator, Draft202012Validator  # type: ignore[import-untyped]

from backcare_tui.core.durations import DurationError, parse_duration
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import (
    ROUTINE_KEYS,
    STEP_KEYS,
    Routine,
    RoutineLoadError,
    StepKind,
    step_keys,
)
from backcare_tui.core.routine_toml import routine_to_dict
from backcare_tui.core.schema import DURATION_PATTERN, routine_schema
from backcare_tui.data.locations import builtin_routines_dir
from tests.strategies import routines

SCHEMA = routine_schema()
VALIDATORS = (Draft202012Validator(SCHEMA), Draft7Validator(SCHEMA))
"""2020-12 is what the schema says it is; draft 7 is how Taplo (Even Better TOML) reads it."""


def schema_accepts(document: dict[str, Any]) -> bool:
    verdicts = {v.is_valid(document) for v in VALIDATORS}
    assert len(verdicts) == 1, "draft 2020-12 and draft 7 disagree"
    return bool(verdicts.pop())


def loader_accepts(document: dict[str, Any]) -> bool:
    try:
        parse_routine(tomli_w.dumps(document), "doc.toml", folder=None)
    except RoutineLoadError:
        return False
    return True


def one_step(**step: Any) -> dict[str, Any]:
    return {"name": "R", "steps": [{"name": "A", **step}]}


def test_the_schema_is_a_valid_2020_12_schema_and_a_valid_draft_7_one() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


BUILTINS = sorted(builtin_routines_dir().glob("*.toml"))


@pytest.mark.parametrize("path", BUILTINS, ids=[p.stem for p in BUILTINS])
def test_every_builtin_routine_matches_the_schema(path: Path) -> None:
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(SCHEMA).iter_errors(document)]
    assert errors == []
    assert schema_accepts(document)


def test_there_are_builtins_to_check() -> None:
    assert len(BUILTINS) >= 5


# --- what it rejects, the loader rejects too ------------------------------------------------------

BROKEN: dict[str, dict[str, Any]] = {
    "unknown top-level key": {
        "name": "R",
        "colour": "red",
        "steps": [{"name": "A", "kind": "hold", "duration": 5}],
    },
    "unknown step key": one_step(kind="hold", duraton=30),
    "wrong kind": one_step(kind="stretch", duration=30),
    "kind missing": one_step(duration=30),
    "hold without duration": one_step(kind="hold"),
    "rest without duration": one_step(kind="rest"),
    "timer without duration": one_step(kind="timer", remind_every=60),
    "reps without reps": one_step(kind="reps"),
    "reps out of range": one_step(kind="reps", reps=501),
    "reps zero": one_step(kind="reps", reps=0),
    "reps as text": one_step(kind="reps", reps="ten"),
    "sides on a rest": one_step(kind="rest", duration=30, sides=True),
    "sides each on breathe": one_step(kind="breathe", cycles=4, sides="each"),
    "alternate on a hold": one_step(kind="hold", duration=30, sides="alternate"),
    "sides nonsense": one_step(kind="hold", duration=30, sides="both"),
    "sets on a rest": one_step(kind="rest", duration=30, sets=2),
    "rest_between on a rest": one_step(kind="rest", duration=30, rest_between=5),
    "reps in a hold": one_step(kind="hold", duration=30, reps=5),
    "tempo in a hold": one_step(kind="hold", duration=30, tempo=2),
    "remind_every in a hold": one_step(kind="hold", duration=30, remind_every=10),
    "cycles in a timer": one_step(kind="timer", duration=30, cycles=3),
    "breathe with both": one_step(kind="breathe", cycles=4, duration=60),
    "breathe with neither": one_step(kind="breathe"),
    "hold too long": one_step(kind="hold", duration=3601),
    "breathe too long": one_step(kind="breathe", duration=3601),
    "timer too long": one_step(kind="timer", duration=4 * 3600 + 1),
    "duration zero": one_step(kind="hold", duration=0),
    "duration negative": one_step(kind="hold", duration=-5),
    "duration bad text": one_step(kind="hold", duration="thirty seconds"),
    "duration unknown unit": one_step(kind="hold", duration="30 fortnights"),
    "duration a boolean": one_step(kind="hold", duration=True),
    "tempo too fast": one_step(kind="reps", reps=5, tempo=0.25),
    "sets out of range": one_step(kind="hold", duration=30, sets=51),
    "sets a fraction": one_step(kind="hold", duration=30, sets=1.5),
    "inhale too long": one_step(kind="breathe", cycles=4, inhale=61),
    "remind_every too short": one_step(kind="timer", duration=600, remind_every=5),
    "reminder too long": one_step(kind="timer", duration=600, reminder="x" * 201),
    "sound unknown cue": one_step(kind="hold", duration=30, sound="bong"),
    "sound outside the folder": one_step(kind="hold", duration=30, sound="../x.wav"),
    "sound not a wav": one_step(kind="hold", duration=30, sound="x.mp3"),
    "step name empty": one_step(kind="hold", duration=30, name="   "),
    "step name too long": {
        "name": "R",
        "steps": [{"name": "x" * 81, "kind": "hold", "duration": 5}],
    },
    "name missing": {"steps": [{"name": "A", "kind": "hold", "duration": 5}]},
    "name not text": {"name": 5, "steps": [{"name": "A", "kind": "hold", "duration": 5}]},
    "steps missing": {"name": "R"},
    "steps empty": {"name": "R", "steps": []},
    "tags not a list": {
        "name": "R",
        "tags": "a",
        "steps": [{"name": "A", "kind": "hold", "duration": 5}],
    },
    "safety not text": {
        "name": "R",
        "safety": [1],
        "steps": [{"name": "A", "kind": "hold", "duration": 5}],
    },
    "lead_in too long": {
        "name": "R",
        "lead_in": 301,
        "steps": [{"name": "A", "kind": "hold", "duration": 5}],
    },
}


@pytest.mark.parametrize("document", BROKEN.values(), ids=list(BROKEN))
def test_broken_examples_are_rejected_by_the_schema_and_the_loader(
    document: dict[str, Any],
) -> None:
    assert not loader_accepts(document), "the example is not broken"
    assert not schema_accepts(document)


FINE: dict[str, dict[str, Any]] = {
    "sides false on a rest": one_step(kind="rest", duration=30, sides=False),
    "sides none on breathe": one_step(kind="breathe", cycles=4, sides="none"),
    "sides each on a timer": one_step(kind="timer", duration=60, sides="each"),
    "alternate reps": one_step(kind="reps", reps=5, sides="alternate"),
    "whole float for sets": one_step(kind="hold", duration=30, sets=2.0),
    "duration as words": one_step(kind="hold", duration=" 1 Minute 30 SEC "),
    "duration as a number in text": one_step(kind="hold", duration="45"),
    "tempo as a fraction": one_step(kind="reps", reps=5, tempo=".5"),
    "a wav sound": one_step(kind="hold", duration=30, sound="Gong 2.WAV"),
    "a cue sound": one_step(kind="hold", duration=30, sound="halfway"),
    "breath hold zero": one_step(kind="breathe", duration="2m", hold=0),
    "lead_in zero": {
        "name": "R",
        "lead_in": 0,
        "steps": [{"name": "A", "kind": "rest", "duration": 5}],
    },
}


@pytest.mark.parametrize("document", FINE.values(), ids=list(FINE))
def test_unusual_but_valid_files_pass_both(document: dict[str, Any]) -> None:
    assert loader_accepts(document)
    assert schema_accepts(document)


def test_what_the_schema_cannot_see_is_left_to_the_loader() -> None:
    # Documented gaps: these pass the schema and only the loader refuses them.
    gaps = [
        one_step(kind="hold", duration="2h"),  # a text duration's range
        one_step(kind="timer", duration=60, remind_every=60),  # not shorter than the timer
        one_step(kind="reps", reps=500, tempo=10),  # over an hour of reps
        one_step(kind="hold", duration="1m1m"),  # a unit twice
    ]
    for document in gaps:
        assert schema_accepts(document)
        assert not loader_accepts(document)


# --- the same keys as the loader ------------------------------------------------------------------


def test_the_schema_has_exactly_the_loaders_keys() -> None:
    assert list(SCHEMA["properties"]) == list(ROUTINE_KEYS)
    step = SCHEMA["$defs"]["step"]
    assert set(step["properties"]) == set(STEP_KEYS)
    assert step["additionalProperties"] is False and SCHEMA["additionalProperties"] is False
    assert set(step["properties"]["kind"]["enum"]) == {k.value for k in StepKind}


SAMPLE_VALUES: dict[str, Any] = {
    "instructions": "Slowly.",
    "sides": True,
    "sets": 2,
    "rest_between": 10,
    "sound": "start",
    "duration": 30,
    "reps": 5,
    "tempo": 2,
    "remind_every": 10,
    "reminder": "Check.",
    "cycles": 4,
    "inhale": 4,
    "exhale": 6,
    "hold": 2,
    "progress": {"add": 1},
}
BASE_STEP: dict[StepKind, dict[str, Any]] = {
    StepKind.HOLD: {"kind": "hold", "duration": 30},
    StepKind.REPS: {"kind": "reps", "reps": 5},
    StepKind.TIMER: {"kind": "timer", "duration": 60},
    StepKind.REST: {"kind": "rest", "duration": 30},
    StepKind.BREATHE: {"kind": "breathe", "cycles": 4},
}


@pytest.mark.parametrize("kind", list(StepKind))
def test_each_kind_allows_the_same_keys_in_the_schema_as_in_the_loader(kind: StepKind) -> None:
    assert loader_accepts(one_step(**BASE_STEP[kind]))
    assert schema_accepts(one_step(**BASE_STEP[kind]))
    for key, value in SAMPLE_VALUES.items():
        document = one_step(**{**BASE_STEP[kind], key: value})
        assert schema_accepts(document) == loader_accepts(document), (kind.value, key)
    for key, value in SAMPLE_VALUES.items():
        document = one_step(**{**BASE_STEP[kind], key: value})
        if key not in ("cycles", "duration"):  # breathe: one of the two, not both
            assert loader_accepts(document) == (key in step_keys(kind)), (kind.value, key)


# --- never stricter than the loader ---------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines())
def test_every_routine_the_writer_makes_matches_the_schema(routine: Routine) -> None:
    assert schema_accepts(routine_to_dict(routine))


_DURATION_TEXT = st.one_of(
    st.text(alphabet="0123456789 .smhinuteorcSMHE_+-", max_size=12),
    st.builds(
        lambda n, unit, space: f"{n}{space}{unit}",
        st.integers(min_value=0, max_value=5000),
        st.sampled_from(
            [
                "s",
                "sec",
                "secs",
                "second",
                "seconds",
                "m",
                "min",
                "minutes",
                "h",
                "hr",
                "hrs",
                "hour",
                "hours",
                "S",
                "Min",
                "HOURS",
                "ms",
                "d",
            ]
        ),
        st.sampled_from(["", " ", "  "]),
    ),
    st.builds(lambda m, s: f"{m}m{s}s", st.integers(0, 99), st.integers(0, 99)),
    st.floats(min_value=0, max_value=1e5, allow_nan=False).map(str),
)


@settings(max_examples=400, deadline=None)
@given(_DURATION_TEXT)
def test_the_duration_pattern_matches_what_parse_duration_reads(text: str) -> None:
    try:
        seconds: float | None = parse_duration(text)
    except DurationError:
        seconds = None
    matched = re.search(DURATION_PATTERN, text) is not None
    if seconds is not None and seconds >= 0:
        assert matched, text
    if matched and seconds is None:
        # The shapes the pattern lets through: a unit given twice ("1m1m"), and a number
        # written in a shape it allows but too large for any float ("1e309").
        problem = _duration_problem(text)
        assert "twice" in problem or "far too large" in problem, text


def _duration_problem(text: str) -> str:
    try:
        parse_duration(text)
    except DurationError as exc:
        return str(exc)
    return ""
