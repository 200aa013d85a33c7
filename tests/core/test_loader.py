"""The routine loader: what it accepts, and the exact words and places of what it refuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare_tui.core.cues import Cue
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import (
    ROUTINE_KEYS,
    STEP_KEYS,
    Routine,
    RoutineError,
    RoutineLoadError,
    Step,
    StepKind,
    StepSides,
)

DATA = Path(__file__).parents[1] / "fixtures"
HEAD = 'name = "R"\n'


def problems(source: str | bytes, path: str = "my.toml", **options: Any) -> list[str]:
    """The loader's messages for ``source``, one string per problem; fails if it loaded."""
    with pytest.raises(RoutineLoadError) as caught:
        parse_routine(source, path, **options)
    assert all(isinstance(e, RoutineError) for e in caught.value.errors)
    return [str(e) for e in caught.value.errors]


def one_step(body: str) -> str:
    """A routine whose only step is ``body``; the step's keys start on line 3."""
    return HEAD + "[[steps]]\n" + body


# --- what loads -----------------------------------------------------------------------------------


def test_a_full_routine_loads_with_every_field() -> None:
    text = """\
name = "Everything"
description = "All of it."
tags = ["a", "b"]
lead_in = "10s"
safety = ["Stop on sharp pain."]

[[steps]]
name = "Walk"
kind = "timer"
duration = "15 min"
remind_every = "5m"
reminder = "Check your skin."
instructions = "Walk."

[[steps]]
name = "Bird dog"
kind = "reps"
reps = 10
tempo = 1.5
sides = "alternate"
sets = 2
rest_between = "20s"
sound = "rep"

[[steps]]
name = "Hip flexor"
kind = "hold"
duration = "1m30s"
sides = true

[[steps]]
name = "Lunge"
kind = "hold"
duration = 30
sides = "each"

[[steps]]
name = "Breather"
kind = "rest"
duration = 20

[[steps]]
name = "Breathe"
kind = "breathe"
cycles = 6
inhale = 4
hold = 2
exhale = 6

[[steps]]
name = "Breathe longer"
kind = "breathe"
duration = "3m"
"""
    routine = parse_routine(text, "folder/everything.toml")
    assert routine.id == "everything"
    assert routine.name == "Everything"
    assert routine.description == "All of it."
    assert routine.tags == ("a", "b")
    assert routine.lead_in == 10.0
    assert routine.safety == ("Stop on sharp pain.",)
    walk, bird, hip, lunge, breather, breathe, longer = routine.steps
    assert (walk.kind, walk.duration, walk.remind_every, walk.reminder) == (
        StepKind.TIMER,
        900.0,
        300.0,
        "Check your skin.",
    )
    assert (bird.reps, bird.tempo, bird.sides, bird.sets, bird.rest_between, bird.sound) == (
        10,
        1.5,
        StepSides.ALTERNATE,
        2,
        20.0,
        "rep",
    )
    assert bird.reps_per_run == 20
    assert bird.work_time == 30.0
    assert (hip.sides, hip.duration) == (StepSides.EACH, 90.0)
    assert lunge.sides is StepSides.EACH
    assert (breather.kind, breather.duration) == (StepKind.REST, 20.0)
    assert (breathe.cycles, breathe.inhale, breathe.breath_hold, breathe.exhale) == (6, 4, 2, 6)
    assert breathe.work_time == 72.0
    assert (longer.cycles, longer.duration, longer.inhale, longer.exhale) == (None, 180.0, 4, 6)


def test_defaults_fill_what_a_file_leaves_out() -> None:
    routine = parse_routine(one_step('name = "Cat-cow"\nkind = "reps"\nreps = 8\n'), "r.toml")
    step = routine.steps[0]
    assert routine.lead_in == 5.0
    assert (routine.description, routine.tags, routine.safety) == ("", (), ())
    assert (step.sides, step.sets, step.rest_between, step.tempo) == (StepSides.NONE, 1, 0.0, 3.0)


def test_routine_id_can_be_given_apart_from_the_path() -> None:
    text = one_step('name = "A"\nkind = "hold"\nduration = 5\n')
    assert parse_routine(text, "shown.toml", routine_id="other").id == "other"


def test_a_byte_order_mark_is_accepted() -> None:
    text = "\ufeff" + one_step('name = "A"\nkind = "hold"\nduration = 5\n')
    assert parse_routine(text, "r.toml").name == "R"


def test_lead_in_zero_is_allowed() -> None:
    text = 'name = "R"\nlead_in = 0\n[[steps]]\nname = "A"\nkind = "hold"\nduration = 5\n'
    assert parse_routine(text, "r.toml").lead_in == 0.0


# --- the exact form of a message ------------------------------------------------------------------


def test_the_issue_example_message_exactly() -> None:
    assert problems((DATA / "bird-dog-ten.toml").read_bytes()) == [
        'my.toml:14: step 3 "Bird dog": reps must be a whole number from 1 to 500, got "ten"'
    ]


def test_error_without_line_or_step_prints_just_the_path() -> None:
    assert str(RoutineError("a.toml", "is empty")) == "a.toml: is empty"
    assert str(RoutineError("a.toml", "x", line=3, step=2)) == "a.toml:3: step 2: x"


# --- TOML and encoding problems -------------------------------------------------------------------


def test_toml_syntax_error_keeps_its_line() -> None:
    assert problems((DATA / "bad-syntax.toml").read_bytes(), "bad-syntax.toml") == [
        "bad-syntax.toml:6: something follows the value; put each key = value on a line of its own"
    ]


def test_toml_error_at_the_end_of_the_document_names_the_line_left_open() -> None:
    (message,) = problems(HEAD + "tags = [\n")
    assert message == "my.toml:2: a list opens with [ here and is never closed with ]"


def test_empty_file() -> None:
    expected = ["empty.toml: is empty; a routine needs a name and at least one [[steps]]"]
    assert problems((DATA / "empty.toml").read_bytes(), "empty.toml") == expected


def test_whitespace_only_file() -> None:
    assert problems((DATA / "whitespace-only.toml").read_bytes(), "w.toml") == [
        "w.toml: is empty; a routine needs a name and at least one [[steps]]"
    ]


def test_non_utf8_bytes_name_the_line() -> None:
    assert problems((DATA / "not-utf8.toml").read_bytes(), "not-utf8.toml") == [
        "not-utf8.toml:6: is not UTF-8 text (byte 0xe9); save it as UTF-8"
    ]


def test_an_oversized_file_is_refused_before_parsing() -> None:
    (message,) = problems(b"#" * 1_000_001)
    assert (
        message
        == "my.toml: is too large for a routine (over 1,000,000 bytes, the most a routine may be)"
    )


def test_comments_only_is_missing_name_and_steps() -> None:
    assert problems("# nothing here yet\n") == [
        "my.toml: name is required",
        "my.toml: steps are missing: add at least one [[steps]] table",
    ]


# --- keys -----------------------------------------------------------------------------------------


def test_unknown_step_key_suggests_the_close_one() -> None:
    assert problems((DATA / "typo-key.toml").read_bytes(), "typo-key.toml") == [
        'typo-key.toml:9: step 2 "Plank": duration is required for hold steps',
        'typo-key.toml:12: step 2 "Plank": duraton is not a known key; did you mean `duration`?',
    ]


def test_unknown_top_level_key() -> None:
    assert problems('nmae = "R"\n' + "[[steps]]\nname = 'A'\nkind = 'hold'\nduration = 5\n") == [
        "my.toml: name is required",
        "my.toml:1: nmae is not a known key; did you mean `name`?",
    ]


def test_unknown_key_with_nothing_close_lists_the_known_ones() -> None:
    (message,) = problems(HEAD + "zzzzzz = 1\n[[steps]]\nname = 'A'\nkind = 'hold'\nduration = 5\n")
    assert message == (
        "my.toml:2: zzzzzz is not a known key; known keys: "
        "name, description, tags, lead_in, safety, steps"
    )


def test_a_key_of_another_kind_does_not_apply() -> None:
    assert problems(one_step('name = "A"\nkind = "hold"\nduration = 5\nreps = 4\n')) == [
        'my.toml:6: step 1 "A": reps does not apply to hold steps'
    ]


def test_quoted_keys_are_found_on_their_line() -> None:
    assert problems(one_step('"name" = "A"\nkind = "hold"\n"duraton" = 5\n'))[-1] == (
        'my.toml:5: step 1 "A": duraton is not a known key; did you mean `duration`?'
    )


def test_a_multiline_string_does_not_confuse_the_line_finder() -> None:
    text = one_step(
        'name = "A"\ninstructions = """\nreps = 5\n[[steps]]\n"""\nkind = "reps"\nreps = "ten"\n'
    )
    assert problems(text) == [
        'my.toml:9: step 1 "A": reps must be a whole number from 1 to 500, got "ten"'
    ]


# --- missing, wrong type, out of range ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('kind = "hold"\nduration = 5\n', "my.toml:2: step 1: name is required"),
        (
            'name = "A"\nduration = 5\n',
            'my.toml:2: step 1 "A": kind is required: one of hold, reps, timer, rest, breathe',
        ),
        (
            'name = "A"\nkind = "hold"\n',
            'my.toml:2: step 1 "A": duration is required for hold steps',
        ),
        (
            'name = "A"\nkind = "timer"\n',
            'my.toml:2: step 1 "A": duration is required for timer steps',
        ),
        (
            'name = "A"\nkind = "rest"\n',
            'my.toml:2: step 1 "A": duration is required for rest steps',
        ),
        (
            'name = "A"\nkind = "reps"\n',
            'my.toml:2: step 1 "A": reps is required for reps steps: a whole number from 1 to 500',
        ),
        (
            'name = "A"\nkind = "breathe"\n',
            'my.toml:2: step 1 "A": cycles or duration is required for breathe steps',
        ),
    ],
)
def test_missing_required_step_keys(body: str, expected: str) -> None:
    assert problems(one_step(body)) == [expected]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('name = 5\nkind = "hold"\nduration = 5\n', "my.toml:3: step 1: name must be text, got 5"),
        ('name = "  "\nkind = "hold"\nduration = 5\n', "my.toml:3: step 1: name must not be empty"),
        (
            'name = "A"\nkind = "hodl"\nduration = 5\n',
            'my.toml:4: step 1 "A": kind must be one of hold, reps, timer, rest, breathe, got "hodl"; '
            'did you mean "hold"?',
        ),
        (
            'name = "A"\nkind = 3\nduration = 5\n',
            'my.toml:4: step 1 "A": kind must be one of hold, reps, timer, rest, breathe, got 3',
        ),
        (
            'name = "A"\nkind = "hold"\nduration = [5]\n',
            'my.toml:5: step 1 "A": duration must be a duration such as 30 or "30s", got list',
        ),
        (
            'name = "A"\nkind = "hold"\nduration = true\n',
            'my.toml:5: step 1 "A": duration must be a duration such as 30 or "30s", got True',
        ),
        (
            'name = "A"\nkind = "hold"\nduration = "5 parsecs"\n',
            'my.toml:5: step 1 "A": duration has an unknown unit "parsecs" in "5 parsecs"; '
            "use h, m or s",
        ),
        (
            'name = "A"\nkind = "hold"\nduration = 5\nsets = "two"\n',
            'my.toml:6: step 1 "A": sets must be a whole number from 1 to 50, got "two"',
        ),
        (
            'name = "A"\nkind = "hold"\nduration = 5\nsets = 2.5\n',
            'my.toml:6: step 1 "A": sets must be a whole number from 1 to 50, got 2.5',
        ),
        (
            'name = "A"\nkind = "hold"\nduration = 5\nsides = 1\n',
            'my.toml:6: step 1 "A": sides must be false, true, "each" or "alternate", got 1',
        ),
        (
            'name = "A"\nkind = "hold"\nduration = 5\ninstructions = 7\n',
            'my.toml:6: step 1 "A": instructions must be text, got 7',
        ),
        (
            'name = "A"\nkind = "reps"\nreps = true\n',
            'my.toml:5: step 1 "A": reps must be a whole number from 1 to 500, got true',
        ),
    ],
)
def test_wrong_types(body: str, expected: str) -> None:
    assert problems(one_step(body)) == [expected]


def test_a_list_as_the_kind_is_reported_not_crashed_on() -> None:
    # An unhashable value once fell through to the catch-all "could not be read".
    (message,) = problems(one_step('name = "A"\nkind = ["hold"]\nduration = 5\n'))
    assert message.startswith('my.toml:4: step 1 "A": kind must be one of hold, reps')
    assert "got a list" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('kind = "hold"\nduration = "30h"\n', 'duration must be from 1 s to 1 h, got "30h"'),
        ('kind = "hold"\nduration = 0\n', "duration must be from 1 s to 1 h, got 0"),
        ('kind = "hold"\nduration = -5\n', "duration must be from 1 s to 1 h, got -5"),
        (
            'kind = "hold"\nduration = "nan"\n',
            'duration must be a duration such as 30, "30s", "1m30s", "15 min" or "1h", got "nan"',
        ),
        ('kind = "timer"\nduration = "5h"\n', 'duration must be from 1 s to 4 h, got "5h"'),
        ('kind = "reps"\nreps = 501\n', "reps must be a whole number from 1 to 500, got 501"),
        ('kind = "reps"\nreps = 0\n', "reps must be a whole number from 1 to 500, got 0"),
        ('kind = "reps"\nreps = -3\n', "reps must be a whole number from 1 to 500, got -3"),
        ('kind = "reps"\nreps = 5\ntempo = 0.2\n', "tempo must be from 0.5 s to 1 min, got 0.2"),
        (
            'kind = "hold"\nduration = 5\nsets = 51\n',
            "sets must be a whole number from 1 to 50, got 51",
        ),
        ('kind = "breathe"\ncycles = 5\ninhale = 90\n', "inhale must be from 1 s to 1 min, got 90"),
    ],
)
def test_out_of_range(body: str, expected: str) -> None:
    (message,) = problems(one_step('name = "A"\n' + body))
    assert message.split(": ", 2)[2] == expected
    assert message.startswith("my.toml:")


def test_a_duration_far_beyond_a_float_is_reported_in_place() -> None:
    (message,) = problems(one_step('name = "A"\nkind = "hold"\nduration = ' + "9" * 400 + "\n"))
    assert message == 'my.toml:5: step 1 "A": duration is far too large to be a duration'


def test_lead_in_out_of_range_matches_the_docs() -> None:
    text = 'name = "R"\nlead_in = 400\n[[steps]]\nname = "A"\nkind = "hold"\nduration = 5\n'
    assert problems(text) == ["my.toml:2: lead_in must be from 0 to 5 min, got 400"]


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ('name = ""\n', "my.toml:1: name must not be empty"),
        (
            'name = "R"\ntags = "x"\n',
            'my.toml:2: tags must be a list of text, such as ["a", "b"], got "x"',
        ),
        (
            'name = "R"\nsafety = [1]\n',
            'my.toml:2: safety must be a list of text, such as ["a", "b"], got a list',
        ),
        ('name = "' + "x" * 81 + '"\n', "my.toml:1: name is too long (81 characters; at most 80)"),
    ],
)
def test_top_level_values(top: str, expected: str) -> None:
    assert problems(top + '[[steps]]\nname = "A"\nkind = "hold"\nduration = 5\n') == [expected]


@pytest.mark.parametrize("steps", ["steps = 5\n", "steps = []\n", 'steps = "plank"\n'])
def test_steps_must_be_tables(steps: str) -> None:
    assert problems(HEAD + steps) == ["my.toml:2: steps must be one or more [[steps]] tables"]


def test_a_step_that_is_not_a_table() -> None:
    assert problems(HEAD + "steps = [5]\n") == ["my.toml: step 1: must be a table of keys, got 5"]


# --- rules between keys ---------------------------------------------------------------------------


def test_alternate_on_a_hold_is_refused() -> None:
    assert problems(one_step('name = "A"\nkind = "hold"\nduration = 5\nsides = "alternate"\n')) == [
        'my.toml:6: step 1 "A": sides "alternate" only applies to reps steps; '
        "use true for one side then the other"
    ]


@pytest.mark.parametrize("kind", ["rest", "breathe"])
@pytest.mark.parametrize("sides", ["true", '"each"'])
def test_sides_on_rest_and_breathe_are_refused(kind: str, sides: str) -> None:
    dose = "duration = 20" if kind == "rest" else "cycles = 4"
    text = one_step(f'name = "A"\nkind = "{kind}"\n{dose}\nsides = {sides}\n')
    assert problems(text) == [f'my.toml:6: step 1 "A": sides does not apply to {kind} steps']


def test_sides_false_is_fine_on_a_rest() -> None:
    step = parse_routine(one_step('name = "A"\nkind = "rest"\nduration = 5\nsides = false\n'), "r")
    assert step.steps[0].sides is StepSides.NONE


def test_sets_and_rest_between_do_not_apply_to_rest_steps() -> None:
    text = one_step('name = "A"\nkind = "rest"\nduration = 5\nsets = 2\nrest_between = 3\n')
    assert problems(text) == [
        'my.toml:6: step 1 "A": sets does not apply to rest steps',
        'my.toml:7: step 1 "A": rest_between does not apply to rest steps',
    ]


def test_breathe_with_both_cycles_and_duration() -> None:
    assert problems(one_step('name = "A"\nkind = "breathe"\ncycles = 5\nduration = 60\n')) == [
        'my.toml:5: step 1 "A": cycles and duration both set; give one of them'
    ]


@pytest.mark.parametrize("remind", ['"5m"', '"6m"', "300"])
def test_remind_every_must_be_shorter_than_the_timer(remind: str) -> None:
    text = one_step(f'name = "Ice"\nkind = "timer"\nduration = "5m"\nremind_every = {remind}\n')
    assert problems(text) == [
        'my.toml:6: step 1 "Ice": remind_every must be shorter than the duration (5 min)'
    ]


def test_remind_every_has_a_floor() -> None:
    text = one_step('name = "Ice"\nkind = "timer"\nduration = "5m"\nremind_every = 5\n')
    assert problems(text) == [
        'my.toml:6: step 1 "Ice": remind_every must be from 10 s to 4 h, got 5'
    ]


# --- sound ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("cue", [c.value for c in Cue])
def test_sound_may_name_a_cue(cue: str) -> None:
    text = one_step(f'name = "A"\nkind = "hold"\nduration = 5\nsound = "{cue}"\n')
    assert parse_routine(text, "r.toml", folder=Path("/nonexistent")).steps[0].sound == cue


@pytest.mark.parametrize("sound", ["../x.wav", "/etc/x.wav", "sub/x.wav", "x.mp3", ".wav"])
def test_sound_outside_the_folder_or_not_wav_is_refused(sound: str) -> None:
    text = one_step(f'name = "A"\nkind = "hold"\nduration = 5\nsound = "{sound}"\n')
    (message,) = problems(text, folder=Path("/tmp"))
    assert message == (
        'my.toml:6: step 1 "A": sound must be a cue name (get_ready, start, tick, last_tick, '
        "done, rest, switch, rep, rep_left, rep_right, inhale, exhale, halfway, reminder, "
        f'complete, sound_on, sound_off, voice_off) or a .wav file beside the routine, got "{sound}"'
    )


# --- every problem, not just the first ------------------------------------------------------------


def test_two_problems_give_two_errors() -> None:
    assert problems((DATA / "two-problems.toml").read_bytes(), "two-problems.toml") == [
        'two-problems.toml:6: step 1 "Plank": duration must be from 1 s to 1 h, got "30h"',
        'two-problems.toml:12: step 2 "Rest": sides does not apply to rest steps',
    ]


def test_problems_across_the_file_are_all_reported_in_line_order() -> None:
    text = """\
name = "R"
lead_in = -1
colour = "red"

[[steps]]
name = "A"
kind = "hold"
duration = 0

[[steps]]
name = "B"
kind = "reps"
reps = 1000
tempo = "fast"
"""
    assert problems(text) == [
        "my.toml:2: lead_in must be from 0 to 5 min, got -1",
        "my.toml:3: colour is not a known key; known keys: name, description, tags, lead_in, "
        "safety, steps",
        'my.toml:8: step 1 "A": duration must be from 1 s to 1 h, got 0',
        'my.toml:13: step 2 "B": reps must be a whole number from 1 to 500, got 1000',
        'my.toml:14: step 2 "B": tempo must be a duration such as 30, "30s", "1m30s", "15 min" '
        'or "1h", got "fast"',
    ]


# --- hypothesis: nothing but RoutineLoadError escapes ---------------------------------------------

_FALLBACK = "could not be read"
"""The start of the loader's catch-all message: reaching it means an internal error was hidden."""


def _assert_loader_contract(source: str | bytes) -> None:
    try:
        routine = parse_routine(source, "gen.toml")
    except RoutineLoadError as exc:
        assert exc.errors, "a load error must carry at least one problem"
        for error in exc.errors:
            assert isinstance(error, RoutineError)
            assert error.path == "gen.toml"
            assert not error.message.startswith(_FALLBACK), str(error)
    else:
        assert isinstance(routine, Routine)
        assert routine.steps
        assert all(
            isinstance(step, Step) and isinstance(step.kind, StepKind) for step in routine.steps
        )


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_load_errors(data: bytes) -> None:
    _assert_loader_contract(data)


_short_text = st.text(max_size=12)
_scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=-5, max_value=600),
    st.floats(allow_nan=True, allow_infinity=True),
    _short_text,
    st.sampled_from(
        [
            "30s",
            "1m30s",
            "15 min",
            "1h",
            "30h",
            "0",
            "nan",
            "1m1m",
            "",
            "x.wav",
            "../x.wav",
            "start",
            "each",
            "alternate",
            "none",
        ]
    ),
    st.sampled_from([k.value for k in StepKind]),
    st.datetimes(),
    st.dates(),
    st.times(),
)
_values = st.one_of(
    _scalars,
    st.lists(_scalars, max_size=2),
    st.dictionaries(_short_text, _scalars, max_size=2),
    st.lists(st.dictionaries(_short_text, _scalars, max_size=2), max_size=2),
)
"""Scalars, and one level of lists and tables: deeper nesting costs time and finds nothing new."""
_step_tables = st.dictionaries(
    st.one_of(st.sampled_from(list(STEP_KEYS)), _short_text), _values, max_size=8
)
_documents = st.dictionaries(
    st.one_of(st.sampled_from(ROUTINE_KEYS), _short_text),
    _values,
    max_size=6,
).flatmap(
    lambda top: st.lists(_step_tables, max_size=4).map(
        lambda steps: {**top, "steps": steps} if steps or "steps" not in top else top
    )
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents)
def test_random_toml_documents_raise_only_load_errors(document: dict[str, Any]) -> None:
    _assert_loader_contract(tomli_w.dumps(document))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.one_of(st.just("R"), _values),
    steps=st.lists(
        st.fixed_dictionaries(
            {
                "name": st.one_of(st.just("A"), _values),
                "kind": st.sampled_from([k.value for k in StepKind]),
            },
            optional={key: _values for key in STEP_KEYS if key not in ("name", "kind")},
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_documents_close_to_valid_raise_only_load_errors(name: object, steps: list[Any]) -> None:
    # Mostly right names and kinds reach much deeper into the per-kind checks than pure noise.
    _assert_loader_contract(tomli_w.dumps({"name": name, "steps": steps}))


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            'kind = "reps"\nreps = 500\ntempo = 10\n',
            "reps at this tempo take 1 h 23 min 20 s; one run of reps can last at most 1 h",
        ),
        (
            'kind = "breathe"\ncycles = 500\ninhale = 10\nexhale = 10\n',
            "cycles at this pace take 2 h 46 min 40 s; breathing can last at most 1 h",
        ),
    ],
)
def test_reps_and_breaths_may_not_add_up_to_more_than_an_hour(step: str, message: str) -> None:
    text = f'name = "R"\n[[steps]]\nname = "Long"\n{step}'
    with pytest.raises(RoutineLoadError) as caught:
        parse_routine(text, "long.toml")
    assert [str(e) for e in caught.value.errors] == [f'long.toml:5: step 1 "Long": {message}']


def test_a_key_written_short_is_matched_to_the_key_it_begins() -> None:
    # "rest" is one letter from "reps", but a hold has no reps: rest_between is what was meant.
    assert problems(one_step('name = "A"\nkind = "hold"\nduration = 5\nrest = "10s"\n')) == [
        'my.toml:6: step 1 "A": rest is not a known key; did you mean `rest_between`?'
    ]
