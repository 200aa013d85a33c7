"""Running ``backcare`` in-process on a chosen day, sessions in line mode on a fake clock."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pytest

from backcare_tui.cli import start
from backcare_tui.cli.main import main
from backcare_tui.cli.plain import run_plain
from tests.fakes import FakeClock


@dataclass
class Said:
    code: int
    out: str
    err: str


class Backcare:
    """``backcare ARGS`` as a user on the day (and time) set in ``BACKCARE_TODAY``.

    Line-mode sessions run on a fake clock, so a session takes no time at all: the wall clock
    stands still at the moment given, as if it ran in an instant.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        clock = FakeClock()
        monkeypatch.setattr(
            start, "run_plain", functools.partial(run_plain, clock=clock, sleep=clock.advance)
        )

    def __call__(self, when: str, *argv: str) -> Said:
        self.monkeypatch.setenv("BACKCARE_TODAY", when)
        self.capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse refusing an argument
            code = int(exc.code or 0)
        captured = self.capsys.readouterr()
        return Said(code, captured.out, captured.err)
