"""What the command line prints and how it ends: plain lines, rich consoles, exit statuses.

Rich is imported only when a console is made, so line mode (which prints with ``print``) never
loads it. Routine text is printed as written: no markup, emoji codes or highlighting. Whatever
came from a file, the history or the command line goes through
:func:`~backcare_tui.core.text.printable` on its way out (:func:`say`, :func:`note`,
:func:`shown`), so no control character reaches the terminal raw.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from backcare_tui.core.routine import RoutineError
from backcare_tui.core.text import printable
from backcare_tui.data.locations import shown_path

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROBLEM",
    "console",
    "note",
    "refuse",
    "say",
    "say_problems",
    "shell_path",
    "shown",
    "write_out",
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
    """One plain line: no markup, no wrapping, no control characters, so scripts can read it."""
    console.print(printable(text), markup=False, highlight=False, emoji=False, soft_wrap=True)


def shown(text: str, style: str = "", *, lines: bool = False) -> Text:
    """Text from a file for a rich table: never markup, controls escaped (``lines`` keeps
    line breaks, for a description or instructions)."""
    from rich.text import Text

    return Text(printable(text, lines=lines), style=style)


def note(message: str) -> None:
    """A notice on stderr in line mode, which does not load rich: it starts a session."""
    print(printable(message), file=sys.stderr, flush=True)


def shell_path(path: Path) -> str:
    """``path`` to paste into a shell: from ``~`` in the home folder, quoted as needed."""
    written = shown_path(path)
    if written.startswith("~/"):
        return "~/" + shlex.quote(written.removeprefix("~/"))  # a quoted ~ would not expand
    return shlex.quote(written)


def say_problems(errors: Iterable[RoutineError], console: Console) -> None:
    """Each problem on its own line, as ``path:line: message``."""
    for error in errors:
        say(console, str(error))


def refuse(message: str) -> int:
    """Say why a command will not go on, on stderr; the exit status that goes with it."""
    say(console(stderr=True), message)
    return EXIT_PROBLEM


def write_out(target: str | None, data: str | bytes, *, example: str) -> int | None:
    """Write ``data`` to the file ``target`` atomically, or to stdout when it is None or ``-``.

    Returns None when written, else the exit status after saying why on stderr. ``example`` is
    a file name to suggest when ``target`` is a folder.
    """
    if not target or target == "-":
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return None
    from backcare_tui.data.atomic import write_atomic

    path = Path(target).expanduser()
    if path.is_dir():
        return refuse(f"{target}: is a folder; give a file name such as {example}")
    try:
        write_atomic(path, data)
    except OSError as exc:
        return refuse(f"{target}: could not be written ({exc.strerror or exc}).")
    return None
