"""What the command line prints and how it ends: plain lines, rich consoles, exit statuses.

Rich is imported only when a console is made, so line mode (which prints with ``print``) never
loads it. Routine text is printed as written: no markup, emoji codes or highlighting.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from backcare_tui.core.routine import RoutineError

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROBLEM",
    "console",
    "note",
    "refuse",
    "say",
    "say_problems",
]

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_INTERRUPTED = 130


def console(*, stderr: bool = False) -> Console:
    """A rich console on stdout (or stderr) that shows text exactly as it was written."""
    from rich.console import Console

    # No emoji codes and no highlighting: routine text is shown exactly as it was written.
    return Console(stderr=stderr, highlight=False, emoji=False)


def say(console: Console, text: str) -> None:
    """One plain line: no markup, no wrapping, so scripts can read it."""
    console.print(text, markup=False, highlight=False, emoji=False, soft_wrap=True)


def note(message: str) -> None:
    """A notice on stderr in line mode, which does not load rich: it starts a session."""
    print(message, file=sys.stderr, flush=True)


def say_problems(errors: Iterable[RoutineError], console: Console) -> None:
    """Each problem on its own line, as ``path:line: message``."""
    for error in errors:
        say(console, str(error))


def refuse(message: str) -> int:
    """Say why a command will not go on, on stderr; the exit status that goes with it."""
    say(console(stderr=True), message)
    return EXIT_PROBLEM
