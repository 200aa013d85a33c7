"""Durations as people write them, and as the app shows them back."""

from __future__ import annotations

import pytest

from backcare_tui.core.durations import (
    DurationError,
    brief_duration,
    format_clock,
    format_duration,
    parse_duration,
    spoken_duration,
)


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        (30, 30.0),
        (1.5, 1.5),
        ("30s", 30.0),
        ("90s", 90.0),
        ("1m30s", 90.0),
        ("1m 30s", 90.0),
        ("15m", 900.0),
        ("15 min", 900.0),
        ("15 minutes", 900.0),
        ("1h", 3600.0),
        ("1 hour", 3600.0),
        ("1h5m", 3900.0),
        ("45", 45.0),
        (" 45 ", 45.0),
        ("1.5s", 1.5),
        ("30 SEC", 30.0),
    ],
)
def test_parse_accepts_what_the_docs_promise(written: object, seconds: float) -> None:
    assert parse_duration(written) == seconds


@pytest.mark.parametrize(
    "written",
    [
        True,
        False,
        None,
        [30],
        {"s": 30},
        "",
        "   ",
        "abc",
        "5 parsecs",
        "1m1m",
        "30s30s",
        "m",
        "-5s",
        "-0",
        "-30",
        "1m30",
        float("nan"),
        float("inf"),
        float("-inf"),
        "nan",
        "inf",
        "-infinity",
        pytest.param(10**400, id="a-400-digit-int"),
    ],
)
def test_parse_refuses_anything_else_with_its_own_error(written: object) -> None:
    with pytest.raises(DurationError):
        parse_duration(written)


def test_parse_error_messages_say_what_was_wrong() -> None:
    with pytest.raises(DurationError, match='unknown unit "parsecs"'):
        parse_duration("5 parsecs")
    with pytest.raises(DurationError, match="same unit twice"):
        parse_duration("1m1m")
    with pytest.raises(DurationError, match="empty string"):
        parse_duration("")
    with pytest.raises(DurationError, match="got list"):
        parse_duration([1])


def test_parse_a_whole_number_string_is_seconds() -> None:
    assert parse_duration("45") == parse_duration(45) == 45.0


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0 s"),
        (30, "30 s"),
        (60, "1 min"),
        (90, "1 min 30 s"),
        (900, "15 min"),
        (3600, "1 h"),
        (3900, "1 h 5 min"),
        (3661, "1 h 1 min 1 s"),
        (29.6, "30 s"),
        (-5, "0 s"),
    ],
)
def test_format_duration(seconds: float, shown: str) -> None:
    assert format_duration(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (30, "0:30"),
        (29.001, "0:30"),
        (29.0, "0:29"),
        (0.2, "0:01"),
        (59.5, "1:00"),
        (725, "12:05"),
        (3599.5, "1:00:00"),
        (3723, "1:02:03"),
        (36000, "10:00:00"),
        (-3, "0:00"),
    ],
)
def test_format_clock_rounds_up_like_a_countdown(seconds: float, shown: str) -> None:
    assert format_clock(seconds) == shown


def test_format_clock_ignores_float_dust_below_a_whole_second() -> None:
    # 30 s computed as a sum of floats can land a hair above 30; the face must still say 0:30.
    dusty = 0.1 * 3 * 100  # 30.000000000000004
    assert dusty > 30
    assert format_clock(dusty) == "0:30"


def test_count_is_singular_for_one_only() -> None:
    from backcare_tui.core.durations import count

    assert count(1, "breath") == "1 breath"
    assert [count(n, "rep") for n in (0, 2, 10)] == ["0 reps", "2 reps", "10 reps"]


def test_spoken_durations() -> None:
    assert spoken_duration(30) == "30 seconds"
    assert spoken_duration(1) == "1 second"
    assert spoken_duration(0.3) == "1 second"
    assert spoken_duration(60) == "1 minute"
    assert spoken_duration(90) == "1 minute 30 seconds"
    assert spoken_duration(3900) == "1 hour 5 minutes"


def test_brief_durations_keep_a_part_second_under_a_minute() -> None:
    assert [brief_duration(s) for s in (2.5, 30, 0.75)] == ["2.5 s", "30 s", "0.75 s"]
    assert brief_duration(90.4) == "1 min 30 s"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1s" * 500_000, "names the same unit twice"),
        ("1" * 500_000 + " x", 'has an unknown unit "x"'),
        ("1 " * 500_000, "must be a duration such as 30"),
        (" " * 500_000 + "1m1", "must be a duration such as 30"),
        ("1." * 500_000, "must be a duration such as 30"),
    ],
)
def test_a_megabyte_of_odd_text_is_refused_in_linear_time(text: str, message: str) -> None:
    import time

    start = time.perf_counter()
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert time.perf_counter() - start < 1
    assert message in str(caught.value)
    assert len(str(caught.value)) < 200  # the value is quoted cut short, not whole


def test_a_control_character_in_a_duration_is_quoted_as_an_escape() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("30\x1b[2Js")
    assert str(caught.value) == (
        'must be a duration such as 30, "30s", "1m30s", "15 min" or "1h", got "30\\u001b[2Js"'
    )
