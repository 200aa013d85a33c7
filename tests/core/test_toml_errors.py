"""What people type wrong in TOML, said in plain words on the right line; lines counted as TOML does."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import Routine, RoutineLoadError
from backcare_tui.core.routine_toml import routine_to_toml
from backcare_tui.core.source_lines import scan
from tests.strategies import routines

STEP = '[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 30\n'


def problems(source: str, **options: Any) -> list[str]:
    with pytest.raises(RoutineLoadError) as caught:
        parse_routine(source, "my.toml", **options)
    return [str(e) for e in caught.value.errors]


# --- [[step]] for [[steps]] ----------------------------------------------------------------------


def test_a_misspelt_step_block_is_reported_on_its_line() -> None:
    text = 'name = "R"\n\n[[step]]\nname = "Plank"\nkind = "hold"\nduration = 30\n'
    assert problems(text) == [
        "my.toml:3: [[step]] is not a known table; did you mean [[steps]]? "
        "(this block would be step 1)"
    ]


def test_the_blocks_after_a_misspelt_one_keep_the_users_numbers() -> None:
    text = (
        'name = "R"\n'
        + STEP  # 2: step 1
        + '[[step]]\nname = "Bridge"\nkind = "hold"\nduration = 30\n'  # 6: the user's step 2
        + '[[steps]]\nname = "Bird dog"\nkind = "reps"\nreps = 0\n'  # 10: the user's step 3
    )
    assert problems(text) == [
        "my.toml:6: [[step]] is not a known table; did you mean [[steps]]? "
        "(this block would be step 2)",
        'my.toml:13: step 3 "Bird dog": reps must be a whole number from 1 to 500, got 0',
    ]


def test_another_name_for_a_step_block_says_how_steps_are_written() -> None:
    (message,) = problems('name = "R"\n' + STEP + STEP.replace("[[steps]]", "[[exercise]]"))
    assert message == (
        "my.toml:6: [[exercise]] is not a known table; each step is a [[steps]] block "
        "(this block would be step 2)"
    )


def test_a_step_block_under_a_routine_key_is_not_counted_as_a_step() -> None:
    text = 'name = "R"\n[[safety]]\nx = 1\n' + STEP.replace("30", "0")
    assert problems(text) == [
        'my.toml:2: safety must be a list of text, such as ["a", "b"], got a list',
        'my.toml:7: step 1 "Plank": duration must be from 1 s to 1 h, got 0',
    ]


def test_steps_written_inline_get_their_lines_too() -> None:
    text = 'name = "R"\nsteps = [\n  { name = "A", kind = "hold", duration = 30 },\n' + (
        '  { name = "B", kind = "hold",\n    duration = 0 },\n]\n'
    )
    # TOML 1.0 keeps an inline table on one line: this is refused by tomllib, with the line.
    assert problems(text)[0].startswith("my.toml:4: ")
    text = 'name = "R"\nsteps = [\n  { name = "A", kind = "hold", duration = 30 },\n' + (
        '  { name = "B", kind = "hold", duration = 0 },\n]\n'
    )
    assert problems(text) == ['my.toml:4: step 2 "B": duration must be from 1 s to 1 h, got 0']


# --- tomllib's errors in plain words ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'name = "R"\n' + STEP + 'instructions = "Hold it\n',
            "my.toml:6: a string is not closed: end it with the quote it starts with, on the "
            'same line (text over several lines goes between """ and """)',
        ),
        (
            'name = "R\ndescription = "x"\n' + STEP,
            "my.toml:1: a string is not closed: end it with the quote it starts with, on the "
            'same line (text over several lines goes between """ and """)',
        ),
        (
            "name = 'R\n" + STEP,
            "my.toml:1: a string is not closed: end it with the quote it starts with, on the "
            'same line (text over several lines goes between """ and """)',
        ),
        (
            'name = "R"\ndescription = """\nOne.\n\nTwo.\n' + STEP,
            "my.toml:2: a multi-line string starts here and is never closed",
        ),
        (
            "name = \"R\"\ndescription = '''\nOne.\n" + STEP,
            "my.toml:2: a multi-line string starts here and is never closed",
        ),
        (
            'name = "R"\n' + STEP.replace("30", "30s"),
            'my.toml:5: text must be in quotes: duration = "30s"',
        ),
        ("name = Hip flexor\n" + STEP, 'my.toml:1: text must be in quotes: name = "Hip flexor"'),
        (
            'name = "R"\n' + STEP + "sides = True\n",
            "my.toml:6: true and false are written in lowercase: sides = true",
        ),
        (
            'name = "R"\n' + STEP.replace("30", ""),
            "my.toml:5: a key needs a value after =: text in quotes, a number, true or false",
        ),
        (
            'name = "R"\n' + STEP.replace("30", "30 30"),
            "my.toml:5: something follows the value; put each key = value on a line of its own",
        ),
        (
            'name = "R"\nname = "S"\n' + STEP,
            "my.toml:2: a key is given a value twice; each key may be set only once",
        ),
        (
            'name = "R"\n' + STEP + "[extra]\n[extra]\n",
            "my.toml:7: [extra] is given twice; each table may be set only once",
        ),
        (
            'name = "R"\ntags = ["a", "b"\n' + STEP,
            "my.toml:2: a list opens with [ here and is never closed with ]",
        ),
        (
            'name "R"\n' + STEP,
            'my.toml:1: a key must be followed by = and its value, as in name = "Plank"',
        ),
        ('name = "R"\n[[steps]\n', "my.toml:2: a [[steps]] header must end with ]]"),
        (
            'name = "R"\n= 1\n' + STEP,
            "my.toml:2: this line is not key = value, a [table] header or a # comment",
        ),
        (
            'name = "C:\\temp\\x"\n' + STEP,
            'my.toml:1: a \\ in "…" starts an escape such as \\n; write \\\\ for a backslash, '
            "or use '…' quotes",
        ),
    ],
)
def test_common_toml_mistakes_in_plain_words(text: str, expected: str) -> None:
    assert problems(text) == [expected]


# --- lines as TOML counts them ------------------------------------------------------------------

LINE_BREAKS_TOML_DOES_NOT_COUNT = ["\u2028", "\u2029", "\x85"]


@pytest.mark.parametrize("odd", LINE_BREAKS_TOML_DOES_NOT_COUNT, ids=["LS", "PS", "NEL"])
def test_characters_splitlines_breaks_at_do_not_move_later_lines(odd: str) -> None:
    # In a comment even a C1 character is allowed, and in the description U+2028 is text.
    text = f'# a{odd}b{odd}c\nname = "R{"" if odd == chr(0x85) else odd}"\n' + STEP.replace(
        "30", "0"
    )
    assert problems(text) == ['my.toml:6: step 1 "Plank": duration must be from 1 s to 1 h, got 0']


@pytest.mark.parametrize(
    "tricky",
    [
        "name = \"Hip '''\"\n",
        'name = \'Hip """\'\n',
        "name = \"Hip '''\"\ndescription = '''\n[[steps]]\nname = \"x\"\n'''\n",
        'name = "R"\ndescription = """\nsaid "hi" \\""" and \\\\\\""" \n"""\n',
        "name = \"R\"\ndescription = '''a'''''\n",  # a''' closed by 5 quotes
        'name = "R" # [[steps]] in a comment\n',
        'name = "R"\ntags = [\n  "a",  # [[steps]]\n  "[[b]]",\n]\n',
    ],
)
def test_quotes_inside_strings_do_not_move_or_drop_later_lines(tricky: str) -> None:
    step_line = tricky.count("\n") + 1
    text = tricky + STEP.replace("30", "0")
    assert problems(text) == [
        f'my.toml:{step_line + 3}: step 1 "Plank": duration must be from 1 s to 1 h, got 0'
    ]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routines())
def test_every_key_of_a_written_routine_is_found_on_its_line(routine: Routine) -> None:
    text = routine_to_toml(routine)
    lines = scan(text)
    source = text.split("\n")
    assert lines.problem is None
    for (step, key), line in lines.keys.items():
        written = source[line - 1]
        assert f"{key} =" in written or f'"{key}" =' in written or written == "[[steps]]", (
            step,
            key,
            written,
        )
    assert len(lines.steps) == len(routine.steps)
    for index in range(len(routine.steps)):
        header = source[lines.steps[index] - 1].strip()
        assert header == "[[steps]]" or header.startswith("{"), header  # tomli-w writes both
        assert lines.number(index) == index + 1
