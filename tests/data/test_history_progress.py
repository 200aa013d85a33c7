"""Progress from the history: streaks and weeks across midnights, stiffness over time."""

from __future__ import annotations

from datetime import UTC, date

from backcare_tui.data.history_progress import (
    counts_for_target,
    current_streak,
    default_targets,
    stiffness_points,
    week_start,
    weekly_progress,
)
from backcare_tui.data.history_records import SessionStatus
from backcare_tui.data.settings import Settings
from tests.records import BERLIN_WINTER, local, rec

# --- streak ------------------------------------------------------------------------------------


def test_streak_counts_local_days_in_a_row_ending_today() -> None:
    records = [rec(local(10, 7)), rec(local(9, 23, 50)), rec(local(8, 0, 10)), rec(local(6, 8))]
    assert current_streak(records, date(2025, 3, 10), BERLIN_WINTER) == 3


def test_streak_still_stands_in_the_morning_before_todays_session() -> None:
    records = [rec(local(9, 18)), rec(local(8, 18))]
    assert current_streak(records, date(2025, 3, 10), BERLIN_WINTER) == 2
    assert current_streak(records, date(2025, 3, 11), BERLIN_WINTER) == 0


def test_streak_days_follow_the_local_clock_not_utc() -> None:
    # 00:30 local on the 10th is 23:30 UTC on the 9th: it is the 10th for the user.
    just_after_midnight = local(10, 0, 30)
    assert just_after_midnight.astimezone(UTC).day == 9
    records = [rec(just_after_midnight), rec(local(9, 12))]
    assert current_streak(records, date(2025, 3, 10), BERLIN_WINTER) == 2
    assert current_streak(records, date(2025, 3, 10), UTC) == 1  # both the 9th in UTC


def test_streak_counts_a_day_with_a_step_done_even_if_stopped_early() -> None:
    records = [
        rec(local(10, 7), done=1, status=SessionStatus.STOPPED_EARLY),
        rec(local(9, 7), done=0, status=SessionStatus.STOPPED_EARLY),  # opened and quit at once
        rec(local(8, 7)),
    ]
    assert current_streak(records, date(2025, 3, 10), BERLIN_WINTER) == 1


def test_no_sessions_no_streak() -> None:
    assert current_streak([], date(2025, 3, 10)) == 0


# --- weeks -------------------------------------------------------------------------------------


def test_weeks_start_on_monday() -> None:
    assert week_start(date(2025, 3, 3)) == date(2025, 3, 3)
    assert week_start(date(2025, 3, 9)) == date(2025, 3, 3)
    assert week_start(date(2025, 3, 10)) == date(2025, 3, 10)
    assert week_start(date(2025, 1, 1)) == date(2024, 12, 30)  # across a year end


def test_weekly_target_counts_this_week_by_tag_only() -> None:
    records = [
        rec(local(2, 23, 59), id=1),  # Sunday of last week
        rec(local(3, 0, 1), id=2),  # Monday just after midnight
        rec(local(9, 23, 59), id=3),  # Sunday, last minute of the week
        rec(local(5, 12), id=4, tags=("stretch",)),
        rec(local(10, 0, 0), id=5),  # next Monday
    ]
    [strength, stretch] = weekly_progress(
        records, date(2025, 3, 9), {"strength": 2, "stretch": 3}, BERLIN_WINTER
    )
    assert (strength.tag, strength.done, strength.target, strength.met) == ("strength", 2, 2, True)
    assert (stretch.done, stretch.met) == (1, False)
    [next_week] = weekly_progress(records, date(2025, 3, 10), {"strength": 2}, BERLIN_WINTER)
    assert next_week.done == 1


def test_only_sessions_run_to_the_end_with_half_their_steps_count_for_targets() -> None:
    assert counts_for_target(rec(local(3, 8), done=5, total=10))
    assert not counts_for_target(rec(local(3, 8), done=4, total=10))
    assert not counts_for_target(
        rec(local(3, 8), done=9, total=10, status=SessionStatus.STOPPED_EARLY)
    )


def test_default_target_comes_from_the_settings_and_zero_means_none() -> None:
    assert default_targets(Settings()) == {"strength": 2}
    assert default_targets(Settings(weekly_strength_target=3)) == {"strength": 3}
    assert weekly_progress([], date(2025, 3, 3), {"strength": 0}) == []


# --- stiffness ---------------------------------------------------------------------------------


def test_stiffness_points_are_oldest_first_and_skip_sessions_without_a_rating() -> None:
    records = [
        rec(local(5, 8), id=3, before=4, after=2),
        rec(local(4, 8), id=2),
        rec(local(3, 8), id=1, before=7, after=None),
    ]
    points = stiffness_points(records, BERLIN_WINTER)
    assert [(p.day.day, p.before, p.after, p.change) for p in points] == [
        (3, 7, None, None),
        (5, 4, 2, -2),
    ]
