"""The full-screen app ended by SIGTERM or SIGHUP, in a real terminal (tmux), on the real clock.

Before, a signal killed the app where it stood: the terminal was left in the alternate screen
with the cursor hidden and mouse reporting on, and the session's row said ``running``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from backcare_tui.data.locations import history_path, settings_path

pytestmark = [
    pytest.mark.realtime,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux for a real terminal"),
]


BRIEF = 'name = "Brief"\nlead_in = 1\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 60\n'


class Terminal:
    """A tmux server of the test's own, with one 80x24 window running ``command``."""

    def __init__(self, socket: Path) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", str(self.socket), *args], capture_output=True, text=True, timeout=10
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, seen: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if seen(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"no {what} within {timeout} s; the screen:\n{self.screen()}")

    def flags(self) -> tuple[str, ...]:
        return tuple(
            self.tmux("display", "-p", "#{alternate_on} #{cursor_flag} #{mouse_any_flag}").split()
        )


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path / "tmux.sock")
    yield term
    subprocess.run(["tmux", "-S", str(term.socket), "kill-server"], capture_output=True, timeout=10)


def _child_of(parent: int) -> int:
    """The process whose parent is ``parent`` (the app under the pane's shell)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                return int(entry.name)
    raise AssertionError(f"process {parent} has no child")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_gives_the_terminal_back_and_records_the_session(
    terminal: Terminal, signum: int, tmp_path: Path
) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("safety_acknowledged = true\n", encoding="utf-8")
    routine = tmp_path / "brief.toml"
    routine.write_text(BRIEF, encoding="utf-8")
    app = shlex.join([sys.executable, "-m", "backcare_tui", "run", str(routine), "--no-sound"])
    # The shell stays after the app, so the pane (and its terminal state) can be read.
    terminal.tmux(
        "new-session", "-d", "-x", "80", "-y", "24",
        *(f"-e{k}={v}" for k, v in os.environ.items() if k.startswith("XDG_") or k == "HOME"),
        f"{app}; echo exit=$?; sleep 60",
    )  # fmt: skip
    terminal.wait_for(lambda text: "HOLD" in text, "hold on the screen")
    time.sleep(1.0)  # a second of the hold done
    shell = int(terminal.tmux("display", "-p", "#{pane_pid}"))
    os.kill(_child_of(shell), signum)
    text = terminal.wait_for(lambda text: "exit=" in text, "exit of the app")
    assert f"exit={128 + signum}" in text and "Traceback" not in text
    assert terminal.flags() == ("0", "1", "0")  # main screen, cursor shown, no mouse reports
    conn = sqlite3.connect(history_path())
    [(status, seconds)] = conn.execute("SELECT status, seconds FROM sessions").fetchall()
    conn.close()
    assert status == "stopped_early" and seconds >= 1 + 1  # the get-ready, then the hold
