"""The plan's JSON Schema agrees with the plan loader, and is valid for draft 2020-12 and 7."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator, Draft202012Validator  # type: ignore[import-untyped]

from backcare_tui.core.plan import PLAN_KEYS, PLAN_ROUTINE_KEYS
from backcare_tui.core.plan_loader import parse_plan
from backcare_tui.core.plan_schema import WEEKDAY_PATTERN, plan_schema
from backcare_tui.core.routine import RoutineLoadError
from tests.core.test_plan_loader import GOOD

SCHEMA = plan_schema()


def schema_accepts(document: dict[str, Any]) -> bool:
    return bool(Draft202012Validator(SCHEMA).is_valid(document))


def loader_accepts(document: dict[str, Any]) -> bool:
    try:
        parse_plan(tomli_w.dumps(document), "plan.toml")
    except RoutineLoadError:
        return False
    return True


def test_the_schema_is_valid_and_knows_exactly_the_loaders_keys() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    Draft7Validator.check_schema(SCHEMA)
    assert list(SCHEMA["properties"]) == list(PLAN_KEYS)
    assert list(SCHEMA["$defs"]["routine"]["properties"]) == list(PLAN_ROUTINE_KEYS)


def test_a_good_plan_passes_and_typical_mistakes_do_not() -> None:
    good = tomllib.loads(GOOD)
    assert schema_accepts(good) and loader_accepts(good)
    for broken in (
        {**good, "rest_day": ["sun"]},
        {"routines": [{"id": "x"}]},
        {"routines": [{"id": "x", "per_week": 2, "when": "after-run"}]},
        {"routines": [{"id": "x", "when": "after-runs"}]},
        {"routines": [{"id": "x", "days": ["sundy"]}]},
        {"routines": [{"id": "x", "per_week": 8}]},
    ):
        assert not schema_accepts(broken), broken
        assert not loader_accepts(broken), broken


@pytest.mark.parametrize("word", ["mon", "Monday", "SUN", " tuesday ", "Wed"])
def test_weekdays_in_any_case_match(word: str) -> None:
    assert re.search(WEEKDAY_PATTERN, word)


_ENTRY = st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b", " ", ""])},
    optional={
        "per_week": st.integers(min_value=-1, max_value=9),
        "days": st.lists(st.sampled_from(["mon", "Tue", "sunday", "fri", "xyz"]), max_size=3),
        "when": st.sampled_from(["after-run", "stiff-day", "after-hard-run", "later"]),
    },
)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {"routines": st.lists(_ENTRY, min_size=1, max_size=3)},
        optional={
            "rest_days": st.lists(st.sampled_from(["sat", "sun", "mon"]), max_size=2, unique=True),
            "stiff_from": st.integers(min_value=0, max_value=11),
        },
    )
)
def test_the_schema_never_refuses_what_the_loader_accepts(document: dict[str, Any]) -> None:
    if loader_accepts(document):
        assert schema_accepts(document), document
