"""``backcare history``: the report and exports from a real history file, and its options."""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from backcare_tui.cli.history import history_command
from backcare_tui.cli.main import build_parser
from backcare_tui.core.loader import parse_routine
from backcare_tui.core.session import Session
from backcare_tui.data.history import open_history
from backcare_tui.data.history_recorder import HistoryRecorder
from backcare_tui.data.locations import history_path
from backcare_tui.data.settings import Settings

TINY = """
name = "Tiny [bold]x[/]"
tags = ["strength"]
lead_in = 0

[[steps]]
name = "Plank"
kind = "hold"
duration = 10

[[steps]]
name = "Bridge"
kind = "hold"
duration = 5
"""


def parse(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["history", *argv])


def command(
    *argv: str, now: datetime = datetime(2025, 3, 3, 9, tzinfo=UTC)
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = history_command(
        parse(*argv),
        out=Console(file=out, width=120, color_system=None),
        err=Console(file=err, width=200, color_system=None),
        settings=Settings(),
        now=lambda: now,
        tz=UTC,
    )
    return code, out.getvalue(), err.getvalue()


def record_tiny(seconds: float, close: bool = True) -> None:
    """Run the tiny routine for ``seconds`` on a hand-moved clock, recording it."""
    moment = [0.0]
    session = Session(parse_routine(TINY, "tiny.toml"), clock=lambda: moment[0])
    store = open_history(now=lambda: datetime(2025, 3, 3, 8, tzinfo=UTC))
    recorder = HistoryRecorder(store)
    recorder.handle(session, session.start())
    for _ in range(int(seconds)):
        moment[0] += 1
        recorder.handle(session, session.update())
    if close:
        recorder.close()
    store.close()


def test_a_finished_run_shows_in_the_report_and_the_export() -> None:
    record_tiny(15)
    record_tiny(12, close=False)  # the app died in the second step
    code, out, err = command()
    assert (code, err) == (0, "")
    assert "Tiny [bold]x[/]" in out  # shown as written, never taken as markup
    assert "Streak: 1 day in a row" in out
    assert "Core strength 0 of 2" in out  # the plan's week: Tiny is not in the plan
    assert "finished" in out and "stopped" in out and "early" in out  # a narrow column wraps

    code, out, _ = command("--export", "json")
    later, first = json.loads(out)[::-1]
    assert (first["status"], first["steps_done"], first["steps_total"], first["seconds"]) == (
        "finished",
        2,
        2,
        15.0,
    )
    assert (later["status"], later["steps_done"], later["seconds"]) == ("stopped_early", 1, 10.0)


def test_markup_in_a_name_is_printed_literally_in_colour_too() -> None:
    record_tiny(15)
    out = io.StringIO()
    history_command(
        parse(),
        out=Console(file=out, width=120, force_terminal=True),
        err=Console(file=io.StringIO()),
        settings=Settings(),
        tz=UTC,
    )
    assert "Tiny [bold]x[/]" in out.getvalue()


def test_limit_caps_the_recent_list_but_not_the_export() -> None:
    for _ in range(3):
        record_tiny(15)
    _, out, _ = command("--limit", "2")
    assert out.count("Tiny [bold]x[/]") == 2
    _, out, _ = command("--export", "csv", "--limit", "1")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 3


@pytest.mark.parametrize("bad", ["0", "-3", "many"])
def test_limit_must_be_a_positive_whole_number(bad: str) -> None:
    with pytest.raises(SystemExit):
        parse("--limit", bad)


def test_an_empty_history_says_so() -> None:
    code, out, _ = command()
    assert code == 0 and "No sessions recorded yet" in out


def test_a_garbage_file_is_reported_on_stderr_and_the_export_stays_clean() -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x13\x37" * 2000)
    code, out, err = command("--export", "json")
    assert code == 0 and json.loads(out) == []
    assert "moved to history.sqlite3.corrupt-2025030" in err.replace("\n", "")


def test_an_unusable_folder_is_an_error_exit(isolated_dirs: Path) -> None:
    (isolated_dirs / "data" / "backcare-tui").write_text("a file in the way")
    code, out, err = command("--export", "json")
    assert code == 1 and out == "" and "History is off" in err
