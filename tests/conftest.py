"""Shared test set-up: every test gets its own config, data, state and cache folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fakes import FakeClock

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the XDG folders at ``tmp_path`` so no test reads or writes a real user's files."""
    home = tmp_path / "home"
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        folder = home / name.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(f"XDG_{name}_HOME", str(folder))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def write_routine(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a routine file into a temporary folder and return its path."""

    def write(text: str, name: str = "my.toml") -> Path:
        folder = tmp_path / "routines-under-test"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
