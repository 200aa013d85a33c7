"""A run's distance, read as typed and said back as a runner counts it."""

from __future__ import annotations

import pytest

from backcare_tui.core.distances import DistanceError, km_words, parse_distance


@pytest.mark.parametrize(
    ("typed", "said"),
    [("8", "8 km"), ("8.5km", "8.5 km"), ("10k", "10 km"), ("5mi", "8 km"), ("800m", "0.8 km")],
)
def test_a_distance_is_said_back_to_a_tenth(typed: str, said: str) -> None:
    assert km_words(parse_distance(typed)) == said


def test_a_distance_that_is_not_one_says_what_it_must_be() -> None:
    with pytest.raises(DistanceError):
        parse_distance("far")
