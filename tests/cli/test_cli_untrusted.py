"""Every command, fed hostile text and files: nothing raw reaches the terminal, nothing blocks.

Text comes from routine files, their names, the history file (which anyone can write) and the
command line. Whatever the source, no output may hold ESC, BEL, CR or a C1 control: each is
shown as an escape (``\\u001b``). Files that are not regular files are refused at once.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from backcare_tui.cli.main import main
from backcare_tui.cli.plain import run_plain
from backcare_tui.data.locations import user_routines_dir
from tests.fakes import FakeClock, Sleeper
from tests.hostile import HOSTILE, assert_clean, hostile_routine, tamper_history
from tests.hostile import SHOWN as HOSTILE_SHOWN

GOOD = """\
name = "Hill day"

[[steps]]
name = "Plank"
kind = "hold"
duration = 30
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    both = captured.out + captured.err
    assert_clean(both)
    return code, both


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail, rather than hang the suite, if the body blocks for ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- the command line's own arguments -----------------------------------------------------------


@pytest.mark.parametrize("command", ["show", "run", "validate", "edit"])
def test_an_argument_with_controls_comes_back_escaped(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, HOSTILE] + (["--plain"] if command == "run" else [])
    code, output = run(capsys, *argv)
    assert code == 1
    assert HOSTILE_SHOWN in output


def test_new_refuses_a_name_with_a_control_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run(capsys, "new", f"Hill{HOSTILE}")
    assert code == 1
    assert output == (
        "backcare new: the name is refused: it holds a control character (\\u001b). A name is "
        "shown on screen and spoken aloud, so it must be plain text on one line.\n"
    )
    assert not user_routines_dir().exists() or not any(user_routines_dir().iterdir())


def test_new_refuses_a_name_over_two_lines(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run(capsys, "new", "Hill\nday")
    assert code == 1
    assert "control character (\\n)" in output


# --- routine files and their names -------------------------------------------------------------


def test_a_routine_file_with_controls_in_its_name_is_listed_as_broken_escaped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "evil\x1b]0;x\x07.toml").write_text(GOOD, encoding="utf-8")
    (folder / "fine.toml").write_text(GOOD, encoding="utf-8")
    code, output = run(capsys, "list")
    assert code == 0
    assert "fine" in output
    assert (
        "~/config/backcare-tui/routines/evil\\u001b]0;x\\u0007.toml: has a control character "
        "(\\u001b) in its name; rename the file" in output
    )


def test_validate_names_the_bad_character_of_a_file_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(f'name = "x{HOSTILE}"\n' + GOOD.split("\n", 1)[1], encoding="utf-8")
    code, output = run(capsys, "validate", str(path))
    assert code == 1
    assert f"{path}:1: holds a control character (\\u001b)" in output


def test_line_mode_escapes_controls_even_in_a_routine_made_in_code(clock: FakeClock) -> None:
    # The loader refuses such text; line mode does not rely on it.
    out = io.StringIO()
    assert run_plain(hostile_routine(), clock=clock, out=out, sleep=Sleeper(clock)) == 0
    printed = out.getvalue()
    assert_clean(printed)
    assert f"Get ready: Ice{HOSTILE_SHOWN} (timer 20 s)" in printed
    assert f"Line one.\nLie down{HOSTILE_SHOWN}\n" in printed  # its own lines kept
    assert f"Check{HOSTILE_SHOWN}. 10 s left." in printed


# --- a tampered history file --------------------------------------------------------------------


@pytest.fixture
def tampered_history() -> None:
    """A history with one session whose routine name, id and tags were written to attack."""
    tamper_history(
        f"Core{HOSTILE}", routine_id=f"=cmd|' /C calc'!A0{HOSTILE}", tags=(f"+tag{HOSTILE}",)
    )


def test_history_shows_a_tampered_name_escaped(
    tampered_history: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # the whole name on one line of the table
    code, output = run(capsys, "history")
    assert code == 0
    assert f"Core{HOSTILE_SHOWN}" in output


def test_csv_export_neutralises_controls_and_formulas(
    tampered_history: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run(capsys, "history", "--export", "csv")
    assert code == 0
    (row,) = list(csv.DictReader(io.StringIO(output)))
    assert row["routine_name"] == f"Core{HOSTILE_SHOWN}"
    assert row["routine_id"] == f"'=cmd|' /C calc'!A0{HOSTILE_SHOWN}"
    assert row["routine_tags"] == f"'+tag{HOSTILE_SHOWN}"
    for cell in row.values():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_json_export_keeps_names_exact_but_escaped(
    tampered_history: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run(capsys, "history", "--export", "json")
    assert code == 0
    (session,) = json.loads(output)
    assert session["routine_name"] == f"Core{HOSTILE}"
    assert session["routine_tags"] == [f"+tag{HOSTILE}"]
    assert session["steps"][0]["name"] == f"Core{HOSTILE}"
    assert "\\u009b" in output and "\\u001b" in output


# --- files that are not routine files -----------------------------------------------------------


@pytest.mark.parametrize("argv", [["validate"], ["show"], ["run", "--plain"], ["edit"]])
def test_a_fifo_is_refused_at_once_by_every_command_that_reads_routines(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    command, *flags = argv
    with deadline(10):
        code, output = run(capsys, command, str(fifo), *flags)
    assert code == 1
    assert f"{fifo}: is a named pipe (FIFO), not a routine file" in output


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused_at_once(device: str, capsys: pytest.CaptureFixture[str]) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    with deadline(10):
        code, output = run(capsys, "validate", device)
    assert code == 1
    assert f"{device}: is a device, not a routine file" in output


def test_a_fifo_among_the_users_routines_does_not_block_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.toml")
    (folder / "fine.toml").write_text(GOOD, encoding="utf-8")
    with deadline(10):
        code, output = run(capsys, "list")
    assert code == 0
    assert "fine" in output


def test_a_huge_file_is_refused_after_reading_only_past_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(4 * 1024**3)  # 4 GB, sparse: reading it all would take seconds and RAM
    with deadline(10):
        code, output = run(capsys, "validate", str(path))
    assert code == 1
    assert "is too large for a routine (over 1,000,000 bytes, the most a routine may be)" in output
