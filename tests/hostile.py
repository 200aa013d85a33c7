"""Hostile text for the tests: escape sequences as an attacker would plant them, and checks.

One home for what every layer's tests feed in (a routine made in code, a tampered history row)
and for the one check they share: no raw control character in what reaches the terminal.
"""

from __future__ import annotations

import json
import sqlite3

from backcare_tui.core.routine import Routine, Step, StepKind
from backcare_tui.core.text import CONTROLS
from backcare_tui.data.history import open_history
from backcare_tui.data.locations import history_path

HOSTILE = "\x1b]0;pwned\x07\x1b]52;c;aGVsbG8=\x07\r\x1b[2K\x1b[1A\x9b2J"
"""Retitle the window (OSC 0), write the clipboard (OSC 52), erase the line and climb over the
one above, then clear the screen with a C1 CSI."""
SHOWN = "\\u001b]0;pwned\\u0007\\u001b]52;c;aGVsbG8=\\u0007\\r\\u001b[2K\\u001b[1A\\u009b2J"
""":data:`HOSTILE` as the user is shown it."""


def assert_clean(text: str) -> None:
    """No control character but line break and tab: nothing a terminal would obey."""
    raw = sorted({f"U+{ord(c):04X}" for c in text if c in CONTROLS - {"\n", "\t"}})
    assert not raw, f"raw control characters reached the terminal: {raw}"


def hostile_routine() -> Routine:
    """A routine made in code with :data:`HOSTILE` in every text: the loader would refuse it."""
    return Routine(
        id="hostile",
        name=f"Hill{HOSTILE}",
        steps=(
            Step(
                name=f"Ice{HOSTILE}",
                kind=StepKind.TIMER,
                duration=20,
                remind_every=10,
                reminder=f"Check{HOSTILE}",
                instructions=f"Line one.\nLie down{HOSTILE}",
            ),
            Step(name=f"Plank{HOSTILE}", kind=StepKind.HOLD, duration=3),
        ),
        safety=(f"Careful{HOSTILE}",),
        lead_in=1,
    )


def tamper_history(name: str, *, routine_id: str = "x", tags: tuple[str, ...] = ()) -> None:
    """Write a finished session into the history file directly, as anyone with the file could."""
    open_history().close()
    with sqlite3.connect(history_path()) as conn:
        conn.execute(
            "INSERT INTO sessions (routine_id, routine_name, routine_tags, started_at, ended_at,"
            " status, steps_total, steps_done, steps, stiffness_before, stiffness_after)"
            " VALUES (?, ?, ?, ?, ?, 'finished', 1, 1, ?, 3, 2)",
            (
                routine_id,
                name,
                json.dumps(list(tags)),
                "2025-03-03T08:00:00+00:00",
                "2025-03-03T08:10:00+00:00",
                json.dumps([{"index": 0, "name": name, "status": "done", "adjusted": 0}]),
            ),
        )
    conn.close()
