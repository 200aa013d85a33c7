"""scripts/install.sh, which ``make run`` and ``make test`` install with: simpleaudio where it
can be built, and never a page of compiler errors where it cannot.

pip and pkg-config are stand-ins here (shell scripts that record their arguments), so no
package is installed and nothing is built.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "install.sh"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the ALSA headers are Linux's")

FAKE_PYTHON = """#!/bin/sh
# "-c": the version check; answer as Python 3.11 unless told otherwise.
if [ "$1" = "-c" ]; then exit "${FAKE_NEW_PYTHON:-0}"; fi
echo "$*" >> "$FAKE_CALLS"
case "$*" in
  *sound*) if [ -n "${FAKE_BUILD_FAILS:-}" ]; then
             i=0; while [ $i -lt 45 ]; do echo "fatal error: alsa/asoundlib.h" >&2; i=$((i+1)); done
             exit 1
           fi ;;
esac
exit 0
"""


def run_install(
    tmp_path: Path, *, header: bool, build_fails: bool = False, new_python: bool = False
) -> tuple[list[str], list[str]]:
    """Run the script with stand-ins; (the lines it printed, each pip command it ran)."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    tools = tmp_path / "tools"
    tools.mkdir()
    pkg_config = tools / "pkg-config"
    pkg_config.write_text("#!/bin/sh\nexit 1\n")  # knows of no ALSA
    pkg_config.chmod(0o755)
    header_file = tmp_path / "asoundlib.h"
    if header:
        header_file.write_text("/* ALSA */\n")
    calls = tmp_path / "calls"
    env = {
        **os.environ,
        "PATH": f"{tools}:{os.environ['PATH']}",
        "ALSA_HEADER": str(header_file),
        "FAKE_CALLS": str(calls),
        "FAKE_BUILD_FAILS": "1" if build_fails else "",
        "FAKE_NEW_PYTHON": "1" if new_python else "0",
    }
    done = subprocess.run(
        ["sh", str(SCRIPT), str(python), "dev"],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    printed = (done.stdout + done.stderr).splitlines()
    return printed, calls.read_text().splitlines() if calls.exists() else []


def test_without_the_alsa_headers_no_build_is_tried_and_one_line_says_why(
    tmp_path: Path,
) -> None:
    printed, calls = run_install(tmp_path, header=False)
    assert calls == ["-m pip install --quiet -e .[dev]"]
    (line,) = printed
    assert "Sounds will play through a command-line player" in line
    assert "libasound2-dev" in line
    assert "pip install simpleaudio" in line


def test_with_the_headers_simpleaudio_comes_with_the_install(tmp_path: Path) -> None:
    printed, calls = run_install(tmp_path, header=True)
    assert calls == ["-m pip install --quiet -e .[dev,sound]"]
    assert printed == []


def test_a_build_that_fails_anyway_is_one_line_not_a_page(tmp_path: Path) -> None:
    printed, calls = run_install(tmp_path, header=True, build_fails=True)
    assert calls == ["-m pip install --quiet -e .[dev,sound]", "-m pip install --quiet -e .[dev]"]
    (line,) = printed
    assert line.startswith("simpleaudio could not be built (pip's output is in ")
    assert "fatal error" not in line
    log = Path(line.split("pip's output is in ")[1].split(")")[0])
    assert "fatal error: alsa/asoundlib.h" in log.read_text()


def test_python_3_12_and_newer_never_builds_simpleaudio(tmp_path: Path) -> None:
    printed, calls = run_install(tmp_path, header=False, new_python=True)
    assert calls == ["-m pip install --quiet -e .[dev]"]
    assert printed == []
