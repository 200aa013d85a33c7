"""Routine files written to attack: escape sequences, pathological text, and sizes that stall parsers.

The loader refuses control characters with their line, turns away what tomllib would be slow on
(or fail on in its own words) before tomllib reads it, and finishes every input fast.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import Routine, RoutineError, RoutineLoadError
from backcare_tui.core.text import CONTROLS

STEP = '[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 30\n'


def problems(source: str | bytes, **options: Any) -> list[str]:
    with pytest.raises(RoutineLoadError) as caught:
        parse_routine(source, "my.toml", **options)
    messages = [str(e) for e in caught.value.errors]
    for message in messages:
        assert not set(message) & CONTROLS, f"a raw control character in {message!r}"
    return messages


def loads(source: str) -> Routine:
    return parse_routine(source, "my.toml")


# --- control characters ------------------------------------------------------------------------

# As a routine file writes them: TOML escapes, so the file itself is plain text.
ESCAPED = {
    "OSC 0 (window title)": "\\u001b]0;title\\u0007",
    "OSC 52 (clipboard)": "\\u001b]52;c;aGVsbG8=\\u0007",
    "erase the line": "\\r\\u001b[2K",
    "cursor up": "\\u001b[1A",
    "C1 CSI": "\\u009b2J",
    "DEL": "\\u007f",
    "bell": "\\u0007",
}


@pytest.mark.parametrize("escaped", ESCAPED.values(), ids=ESCAPED.keys())
def test_a_control_character_in_the_name_is_refused_with_its_line(escaped: str) -> None:
    (message,) = problems(f'description = "ok"\nname = "Hip{escaped}"\n' + STEP)
    assert message.startswith("my.toml:2: name holds a control character (\\")
    assert message.endswith("), which a routine file cannot have")


@pytest.mark.parametrize("escaped", ESCAPED.values(), ids=ESCAPED.keys())
@pytest.mark.parametrize(
    ("key", "line"),
    [("description", 2), ("tags", 2), ("safety", 2)],
)
def test_controls_are_refused_in_every_top_level_text(escaped: str, key: str, line: int) -> None:
    value = f'["a", "x{escaped}"]' if key in ("tags", "safety") else f'"x{escaped}"'
    (message,) = problems(f'name = "R"\n{key} = {value}\n' + STEP)
    assert message.startswith(f"my.toml:{line}: {key} ")
    assert "control character (\\" in message


@pytest.mark.parametrize("key", ["name", "instructions", "reminder", "sound"])
def test_controls_are_refused_in_step_text_with_the_step_and_line(key: str) -> None:
    step = '[[steps]]\nname = "Ice"\nkind = "timer"\nduration = "10m"\nremind_every = "1m"\n'
    text = 'name = "R"\n' + step.replace(f'{key} = "Ice"\n', "") + f'{key} = "a\\u001b[1Ab"\n'
    (message,) = problems(text)
    assert message.startswith(f"my.toml:{text.count(chr(10))}: step 1 ")
    assert f"{key} " in message and "\\u001b" in message


def test_the_bad_step_name_is_shown_escaped_in_every_message_about_that_step() -> None:
    text = 'name = "R"\n[[steps]]\nname = "\\r\\u001b[2KPlank"\nkind = "hold"\nduration = 0\n'
    assert problems(text) == [
        'my.toml:3: step 1 "\\r\\u001b[2KPlank": name holds a control character (\\r), '
        "which a routine file cannot have",
        'my.toml:5: step 1 "\\r\\u001b[2KPlank": duration must be from 1 s to 1 h, got 0',
    ]


def test_a_raw_control_character_in_the_file_is_named_with_its_line() -> None:
    (message,) = problems('name = "R"\ndescription = "x\x1b]0;t\x07"\n' + STEP)
    assert message == (
        "my.toml:2: holds a control character (\\u001b), which a routine file cannot have"
    )


def test_a_raw_c1_character_inside_a_string_is_refused() -> None:
    # TOML lets U+0080-U+009F through in strings; the loader does not.
    (message,) = problems('name = "Hip\x9b2J"\n' + STEP)
    assert message == (
        "my.toml:1: name holds a control character (\\u009b), which a routine file cannot have"
    )


def test_line_breaks_are_refused_in_one_line_fields_and_kept_in_the_others() -> None:
    (message,) = problems('name = "Two\\nlines"\n' + STEP)
    assert message == "my.toml:1: name must fit on one line (it holds a line break)"
    (message,) = problems('name = "R"\ntags = ["a\\nb"]\n' + STEP)
    assert message == "my.toml:2: tags item 1: must fit on one line (it holds a line break)"
    routine = loads(
        'name = "R"\ndescription = """\nFirst line.\nSecond line."""\n'
        'safety = ["Stop on pain.\\nSee a doctor."]\n'
        + STEP
        + 'instructions = """\nLie down.\r\nBreathe."""\n'
    )
    assert routine.description == "First line.\nSecond line."
    assert routine.safety == ("Stop on pain.\nSee a doctor.",)
    assert routine.steps[0].instructions == "Lie down.\nBreathe."  # CRLF read as one break


def test_tab_is_allowed_everywhere() -> None:
    routine = loads('name = "Hip\\tflexor"\n' + STEP.replace("Plank", "Pl\tank"))
    assert routine.name == "Hip\tflexor"
    assert routine.steps[0].name == "Pl\tank"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('name = "R"\n"\\u001b]0;x\\u0007" = 1\n' + STEP, 2),
        ('name = "R"\n' + STEP + '"bad\\u009bkey" = 1\n', 6),
        ('name = "R"\n' + STEP + '["\\u001b[2J"]\nx = 1\n', 6),
    ],
)
def test_keys_and_table_names_with_controls_are_refused(text: str, line: int) -> None:
    (message,) = problems(text)
    assert message.startswith(f"my.toml:{line}: ")
    assert "the key " in message and "holds a control character" in message


def test_no_message_ever_carries_a_raw_control_even_from_the_path() -> None:
    with pytest.raises(RoutineLoadError) as caught:
        parse_routine('name = 3\n[[steps]]\nname = "\\u001b"\n', "evil\x1b]0;x\x07.toml")
    for error in caught.value.errors:
        assert not set(str(error)) & CONTROLS
        assert str(error).startswith("evil\\u001b]0;x\\u0007.toml")


# --- limits: refused before tomllib, in the loader's words ---------------------------------------


def timed(source: str | bytes) -> tuple[float, list[str]]:
    start = time.perf_counter()
    try:
        parse_routine(source, "my.toml")
        found: list[str] = []
    except RoutineLoadError as exc:
        found = [str(e) for e in exc.errors]
    return time.perf_counter() - start, found


def test_a_dotted_key_of_fifty_thousand_parts_is_refused_at_once() -> None:
    seconds, found = timed('name = "R"\n' + "a" + ".a" * 50_000 + " = 1\n" + STEP)
    assert found == ["my.toml:2: a key or table name has more than 8 dotted parts"]
    assert seconds < 1


def test_a_deep_table_name_is_refused() -> None:
    (message,) = problems('name = "R"\n' + STEP + "[" + ".".join("x" * 12) + "]\n")
    assert message == "my.toml:6: a key or table name has more than 8 dotted parts"


@pytest.mark.parametrize("opening", ["[", "{a = "])
def test_deep_nesting_is_refused_in_words_not_as_a_recursion_error(opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    (message,) = problems('name = "R"\n' + STEP + "x = " + opening * 900 + closing * 900 + "\n")
    assert message == "my.toml:6: lists or tables are nested more than 16 deep"


def test_an_integer_too_long_for_python_is_refused_with_its_line() -> None:
    (message,) = problems('name = "R"\n' + STEP.replace("30", "9" * 5000))
    assert message == "my.toml:5: a number with 5,000 digits is far too large (at most 4,300)"


def test_a_very_long_line_is_refused() -> None:
    line = f'description = "{"x" * 50_000}"'
    (message,) = problems('name = "R"\n' + line + "\n" + STEP)
    assert message == (
        f"my.toml:2: this line is too long for a routine file ({len(line):,} characters; "
        "at most 40,000)"
    )


def test_too_many_tables_are_refused() -> None:
    (message,) = problems('name = "R"\n' + "[[steps]]\n" * 2_001)
    assert message == (
        "my.toml:2002: the file has more than 2,000 [table] headers; a routine has at most 500 steps"
    )


def test_too_many_values_are_refused() -> None:
    (message,) = problems('name = "R"\ntags = [' + '"a",' * 30_000 + "]\n" + STEP)
    assert message == (
        "my.toml:2: the file holds more than 25,000 keys, values and escapes; far more than a "
        "routine needs"
    )


def test_too_many_lines_are_refused_before_anything_else() -> None:
    (message,) = problems('name = "R"\n' + "\n" * 30_000 + STEP)
    assert message == (
        "my.toml:25001: the file has 30,006 lines, far more than a routine needs (at most 25,000)"
    )


def test_thousands_of_escapes_are_refused() -> None:
    (message,) = problems('name = "R"\ndescription = """' + "\\n" * 30_000 + '"""\n' + STEP)
    assert message == (
        "my.toml:2: the file holds more than 25,000 keys, values and escapes; far more than a "
        "routine needs"
    )


def test_thousands_of_problems_are_cut_to_the_first_hundred() -> None:
    seconds, found = timed(
        'name = "R"\n' + STEP + "".join(f"colour{i} = 1\n" for i in range(5_000))
    )
    assert len(found) == 101
    assert found[-1] == "my.toml: and 4900 more problems: fix the ones above first"
    assert seconds < 1


def test_the_largest_routine_the_loader_takes_is_under_every_limit() -> None:
    step = (
        '[[steps]]\nname = "Walk"\nkind = "timer"\nduration = "10m"\nremind_every = "1m"\n'
        'reminder = "Easy."\nsides = true\nsets = 2\nrest_between = 10\ninstructions = "Walk."\n'
        'sound = "start"\n'
    )
    routine = loads('name = "Big"\ndescription = "' + "d" * 10_000 + '"\n' + step * 500)
    assert len(routine.steps) == 500


# --- hangs: pathological text loads fast ------------------------------------------------------

QUOTE_TRICK = (
    "name = \"Hip '''\"\n"  # a ''' inside a one-line string opens nothing
    "description = '''\n"
    "[[" + " " * 3_000 + "\n"  # inside the description: once a cubic regex's worst case
    "'''\n" + STEP
)


def test_a_valid_file_with_brackets_and_thousands_of_spaces_loads_fast() -> None:
    seconds, found = timed(QUOTE_TRICK)
    assert found == []
    assert seconds < 1
    assert loads(QUOTE_TRICK).description.startswith("[[ ")


def test_a_hundred_kilobytes_of_such_lines_load_in_well_under_a_second() -> None:
    many = ("[[" + " " * 1_000 + "\n") * 100
    text = QUOTE_TRICK.replace("[[" + " " * 3_000 + "\n", many)
    assert len(text) > 100_000
    seconds, found = timed(text)
    assert found == ["my.toml:2: description is too long (100300 characters; at most 10000)"]
    assert seconds < 1


PATHOLOGICAL = {
    "brackets and spaces": "[[" + " " * 100_000,
    "brackets, spaces, text": ("[[" + " " * 1_000 + "x\n") * 100,
    "quotes": '"' * 100_000,
    "triple quotes": '"""' * 33_000,
    "single quotes": "'" * 100_000,
    "escapes": 'x = "' + "\\" * 100_000 + '"',
    "equals": "=" * 100_000,
    "dots": "a" + ".a" * 50_000,
    "open arrays": "x = " + "[" * 100_000,
    "open tables": "x = " + "{" * 100_000,
    "commas": "x = [" + "," * 100_000,
    "hashes": "#" * 100_000,
    "spaces in a key": "a" + " " * 100_000 + "= 1",
    "many lines of brackets": "[\n" * 50_000,
    "durations": 'name = "R"\n[[steps]]\nname = "A"\nkind = "hold"\nduration = "'
    + "1" * 50_000
    + " "
    + "s" * 40_000
    + '"\n',
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_a_hundred_kilobytes_of_pathological_text_finishes_in_well_under_a_second(
    text: str,
) -> None:
    seconds, found = timed(text)
    assert found, "none of these is a routine"
    assert seconds < 1, f"{seconds:.2f} s"


MEGABYTE = {
    "escapes in a long string": 'name = "R"\ndescription = """'
    + ('\\"' * 19_000 + "\n") * 25
    + '"""\n',
    "blank lines": 'name = "R"\n' + "\n" * 990_000 + STEP,
    "comment lines, as many as allowed": 'name = "R"\n' + ("#" + "x" * 39 + "\n") * 24_000 + STEP,
    "long lines of spaces": 'name = "R"\n' + (" " * 39_000 + "\n") * 25 + STEP,
    "a long multi-line string": 'name = "R"\ndescription = """'
    + ("x" * 39_000 + "\n") * 25
    + '"""\n'
    + STEP,
    "the longest numbers allowed": 'name = "R"\n'
    + "".join(f"k{i} = {'9' * 4_300}\n" for i in range(230)),
    "dates": 'name = "R"\n' + "".join(f"d{i} = 1979-05-27T07:32:00Z\n" for i in range(12_000)),
}
"""Close to the 1 MB limit, each shaped for what costs tomllib (or the scan) the most."""


@pytest.mark.parametrize("text", MEGABYTE.values(), ids=MEGABYTE.keys())
def test_any_file_under_the_size_limit_finishes_in_well_under_a_second(text: str) -> None:
    assert len(text.encode()) < 1_000_000
    seconds, _found = timed(text.encode())
    assert seconds < 1, f"{seconds:.2f} s"  # about 0.2 s at most on the dev VM


# --- fuzz: hostile fragments anywhere in a valid routine ----------------------------------------

VALID = 'name = "R"\ndescription = "D"\ntags = ["a"]\n' + STEP + 'instructions = "Hold."\n'

_FRAGMENTS = st.sampled_from(
    [
        "\x1b",
        "\\u001b",
        "\x07",
        "\x9b",
        "\\u009b",
        "\r",
        "\r\n",
        "\n",
        "\u2028",
        "\u2029",
        "\x85",
        "\x0b",
        "\x0c",
        "\x1c",
        "\t",
        " " * 2_000,
        "[[",
        "]]",
        "[",
        "{",
        '"',
        "'",
        '"""',
        "'''",
        "#",
        "=",
        ",",
        ".",
        "a." * 500,
        "[[steps]]\n",
        "[[step]]\n",
        "9" * 5_000,
        "\\",
    ]
)


_INSIDE_STRINGS = [i + 1 for i, char in enumerate(VALID) if char == '"']
"""Just after each quote: a fragment there lands inside a name, a description, instructions."""


@st.composite
def _hostile(draw: st.DrawFn) -> str:
    text = VALID
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        inside = st.sampled_from([i for i in _INSIDE_STRINGS if i <= len(text)])
        where = draw(st.one_of(st.integers(min_value=0, max_value=len(text)), inside))
        text = text[:where] + draw(_FRAGMENTS) * draw(st.integers(1, 3)) + text[where:]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_hostile())
def test_hostile_fragments_raise_only_load_errors_and_finish_fast(text: str) -> None:
    start = time.perf_counter()
    try:
        routine = parse_routine(text, "gen.toml")
    except RoutineLoadError as exc:
        assert exc.errors
        for error in exc.errors:
            assert isinstance(error, RoutineError)
            assert not error.message.startswith("could not be read"), str(error)
            assert not set(str(error)) & (CONTROLS - {"\t"})  # a tab is shown as it is
    else:
        for value in (routine.name, *routine.tags, *(s.name for s in routine.steps)):
            assert not set(value) & (CONTROLS - {"\t"})
    assert time.perf_counter() - start < 1
