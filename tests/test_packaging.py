"""The wheel carries the built-in routines: installed into a fresh venv and run from another
folder, ``backcare list`` finds all five.

Slow (a wheel build and a venv, a few seconds): ``pytest -m "not slow"`` leaves it out.
"""

from __future__ import annotations

import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILTIN_IDS = ("core-strength", "post-run-stretch", "pre-run-warm-up", "quick-relief", "recovery")

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=180, cwd=cwd
    )


def test_the_wheel_installs_and_lists_the_built_in_routines(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, ROOT, cwd=tmp_path
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("backcare_tui-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for routine_id in BUILTIN_IDS:
        assert f"backcare_tui/assets/routines/{routine_id}.toml" in names
    assert "backcare_tui/cli/main.py" in names and "backcare_tui/__main__.py" in names
    assert "backcare_tui/ui/app.tcss" in names and "backcare_tui/assets/sounds/tick.wav" in names

    # A fresh venv without pip (quick to make); this test's pip installs into it. Its
    # dependencies come from the venv running the tests, added after its own site-packages,
    # so the package itself can only come from the wheel: no network needed.
    venv = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
        "--no-index", wheel, cwd=tmp_path,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    purelib = _run(
        python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
    ).stdout.strip()
    Path(purelib, "outer-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    listed = _run(venv / "bin" / "backcare", "list", cwd=elsewhere)
    assert listed.returncode == 0, listed.stderr
    for routine_id in BUILTIN_IDS:
        assert routine_id in listed.stdout
    assert "could not be loaded" not in listed.stdout

    # The routines really come from inside the installed package, not from this checkout.
    where = _run(
        python, "-c", "from backcare_tui.data.locations import builtin_routines_dir; print(builtin_routines_dir())",
        cwd=elsewhere,
    )  # fmt: skip
    assert Path(where.stdout.strip()) == Path(purelib) / "backcare_tui" / "assets" / "routines"
    module = _run(python, "-m", "backcare_tui", "show", "quick-relief", cwd=elsewhere)
    assert module.returncode == 0 and "Total: " in module.stdout
