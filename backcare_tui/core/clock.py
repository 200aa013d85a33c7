"""The clock a session runs on: seconds as a float, injected so tests can move it by hand."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

__all__ = ["Clock", "default_clock"]

Clock = Callable[[], float]
"""Anything that returns the time in seconds; only differences between readings matter."""


def default_clock() -> float:
    """Seconds on a clock that keeps running while the machine sleeps, where there is one.

    A 20-minute ice timer must not overrun because a laptop lid was shut, and ``monotonic``
    stops during suspend on Linux; ``CLOCK_BOOTTIME`` does not.
    """
    return time.clock_gettime(time.CLOCK_BOOTTIME)


if not sys.platform.startswith("linux"):  # pragma: no cover - exercised on macOS and Windows
    default_clock = time.monotonic  # noqa: F811
