"""The red-flag guard: a high rating in the last three days, or stiffness rising over three sessions."""

from __future__ import annotations

from backcare_tui.core.red_flag import ADVICE, red_flag
from tests.core.program_journal import at, checkin, journal, session


def test_a_rating_of_seven_raises_the_flag_for_three_days() -> None:
    history = journal(session(0, before=3, after=7))
    flag = red_flag(history, at(0, 20))
    assert flag is not None and flag.reason == "stiffness 7 on Mon 3 Mar"
    assert red_flag(history, at(2, 23)) is not None  # Wednesday: still the last three days
    assert red_flag(history, at(3, 9)) is None  # Thursday: it has passed
    assert ADVICE.startswith("See a doctor or physical therapist")
    assert ADVICE in str(flag)


def test_a_morning_check_in_counts_and_six_does_not() -> None:
    assert red_flag(journal(checkin(1, 8)), at(1, 9)) is not None
    assert red_flag(journal(checkin(1, 6)), at(1, 9)) is None
    # Only what had happened by then: the check-in at 08:00 is not known at 07:00.
    assert red_flag(journal(checkin(1, 8)), at(1, 7)) is None


def test_stiffness_rising_over_three_sessions_raises_it() -> None:
    rising = journal(session(0, after=2), session(2, after=3), session(4, before=2, after=4))
    flag = red_flag(rising, at(5))
    assert flag is not None
    assert flag.reason == "stiffness rising over your last three sessions (2, 3, 4)"
    level = journal(session(0, after=2), session(2, after=3), session(4, after=3))
    assert red_flag(level, at(5)) is None
    # A fourth, lower one brings it down again.
    calmer = journal(*rising.sessions, session(6, after=1))
    assert red_flag(calmer, at(7)) is None


def test_the_rating_before_counts_where_none_came_after() -> None:
    rising = journal(session(0, before=1), session(2, before=2), session(4, before=5))
    assert red_flag(rising, at(5)) is not None
