"""A step's ``progress`` table: what the loader accepts, its defaults, and where it says a problem is."""

from __future__ import annotations

import pytest

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.routine import Progress, RoutineLoadError
from backcare_tui.core.routine_toml import routine_to_toml

HEAD = 'name = "R"\n[[steps]]\nname = "Plank"\n'


def step(body: str) -> str:
    """One step named Plank; ``body`` starts on line 4."""
    return HEAD + body


def problems(text: str) -> list[str]:
    with pytest.raises(RoutineLoadError) as caught:
        parse_routine(text, "my.toml")
    return [str(e) for e in caught.value.errors]


def test_a_hold_grows_by_seconds_up_to_its_max() -> None:
    routine = parse_routine(
        step('kind = "hold"\nduration = "30s"\nprogress = { every = 3, add = "5s", max = "1m" }\n'),
        "my.toml",
    )
    assert routine.steps[0].progress == Progress(add=5.0, most=60.0, every=3)


def test_reps_grow_by_whole_reps_and_every_defaults_to_two() -> None:
    routine = parse_routine(
        step('kind = "reps"\nreps = 10\nprogress = { add = 1, max = 15 }\n'), "m"
    )
    assert routine.steps[0].progress == Progress(add=1.0, most=15.0, every=2)


def test_without_max_the_dose_grows_to_twice_its_own() -> None:
    hold = parse_routine(step('kind = "hold"\nduration = 30\nprogress = { add = 5 }\n'), "m")
    assert hold.steps[0].progress == Progress(add=5.0, most=60.0, every=2)
    # A hold may last an hour at most: twice 40 minutes is cut to that.
    long = parse_routine(step('kind = "hold"\nduration = "40m"\nprogress = { add = "1m" }\n'), "m")
    assert long.steps[0].progress is not None and long.steps[0].progress.most == 3600
    # One run of reps lasts an hour at most: 300 reps at 9 s each may only grow to 400.
    reps = parse_routine(
        step('kind = "reps"\nreps = 300\ntempo = 9\nprogress = { add = 10 }\n'), "m"
    )
    assert reps.steps[0].progress is not None and reps.steps[0].progress.most == 400


def test_a_step_already_at_its_longest_with_no_max_is_told_it_cannot_grow() -> None:
    # Twice an hour's hold is cut to an hour: no room, and a max equal to the dose would not
    # load back once written (the editor's save said "a bug").
    text = step('kind = "hold"\nduration = "1h"\nprogress = { add = "1m" }\n')
    assert problems(text) == [
        'my.toml:6: step 1 "Plank": progress cannot grow: the step\'s own duration (1 h) is'
        " already the most a step may have"
    ]


def test_a_timer_may_progress_too_and_a_sub_table_works_like_an_inline_one() -> None:
    text = step('kind = "timer"\nduration = "10m"\n[steps.progress]\nadd = "1m"\nmax = "15m"\n')
    assert parse_routine(text, "m").steps[0].progress == Progress(add=60.0, most=900.0)


def test_problems_are_named_progress_dot_key_on_the_progress_line() -> None:
    text = step(
        'kind = "hold"\nduration = "30s"\nprogress = { every = 0, ad = "5s", max = "20s" }\n'
    )
    assert problems(text) == [
        'my.toml:6: step 1 "Plank": progress.ad is not a known key; did you mean `add`?',
        'my.toml:6: step 1 "Plank": progress.every must be a whole number from 1 to 50, got 0',
        'my.toml:6: step 1 "Plank": progress.add is required: how much the dose grows each time, such as add = "5s"',
    ]


def test_max_must_be_above_the_steps_own_dose() -> None:
    assert problems(
        step('kind = "hold"\nduration = "30s"\nprogress = { add = 5, max = "30s" }\n')
    ) == [
        'my.toml:6: step 1 "Plank": progress.max must be more than the step\'s own duration (30 s), got 30 s'
    ]
    assert problems(step('kind = "reps"\nreps = 10\nprogress = { add = 1, max = 8 }\n')) == [
        'my.toml:6: step 1 "Plank": progress.max must be more than the step\'s own reps (10), got 8'
    ]


def test_reps_must_add_whole_reps_and_stay_within_an_hour() -> None:
    assert problems(step('kind = "reps"\nreps = 10\nprogress = { add = "5s" }\n')) == [
        'my.toml:6: step 1 "Plank": progress.add must be a whole number from 1 to 50, got "5s"'
    ]
    assert problems(
        step('kind = "reps"\nreps = 10\ntempo = 10\nprogress = { add = 1, max = 400 }\n')
    ) == [
        'my.toml:7: step 1 "Plank": progress.max would take 1 h 6 min 40 s at this tempo; one run '
        "of reps can last at most 1 h, so at most 360 reps"
    ]


def test_progress_must_be_a_table_and_only_on_holds_timers_and_reps() -> None:
    assert problems(step('kind = "hold"\nduration = 30\nprogress = 5\n')) == [
        'my.toml:6: step 1 "Plank": progress must be a table such as { every = 2, add = "5s", max = "60s" }, got 5'
    ]
    assert problems(step('kind = "rest"\nduration = 30\nprogress = { add = 5 }\n')) == [
        'my.toml:6: step 1 "Plank": progress does not apply to rest steps'
    ]


def test_a_rule_is_written_back_and_reads_the_same() -> None:
    routine = parse_routine(
        step(
            'kind = "hold"\nduration = "30s"\nprogress = { add = "7.5s", max = "90s" }\n'
            '[[steps]]\nname = "Bridge"\nkind = "reps"\nreps = 8\nprogress = { every = 3, add = 2 }\n'
        ),
        "my.toml",
    )
    written = routine_to_toml(routine)
    assert 'max = "90s"' in written and "add = 7.5" in written and "add = 2" in written
    assert parse_routine(written, "my.toml") == routine
