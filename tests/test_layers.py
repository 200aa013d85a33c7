"""The layers hold at run time: every module below the UI imports with Textual blocked.

import-linter (``make lint``) checks the same rule statically from pyproject's contracts; this
probe backs it up by really importing each module, found with pkgutil so that a new module is
covered the day it is added.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap

import backcare_tui

TEXTUAL_FREE = ("core", "data", "sound", "cli")
"""The packages that must work without Textual: the command line imports the UI only to start
the full-screen app, inside a function."""


def _modules(package: str) -> list[str]:
    prefix = f"backcare_tui.{package}."
    path = [f"{backcare_tui.__path__[0]}/{package}"]
    return [prefix.rstrip(".")] + [m.name for m in pkgutil.walk_packages(path, prefix)]


_PROBE = textwrap.dedent(
    """
    import importlib
    import sys

    class NoTextual:
        '''Refuses textual and every submodule of it, as if it were not installed.'''

        def find_spec(self, name, path=None, target=None):
            if name == "textual" or name.startswith("textual."):
                raise ImportError(f"textual is blocked in this test (asked for {name})")
            return None

    sys.meta_path.insert(0, NoTextual())
    for name in sys.argv[1:]:
        importlib.import_module(name)
    leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    assert not leaked, leaked
    print("ok")
    """
)


def _import_with_textual_blocked(*modules: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _PROBE, *modules],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_module_below_the_ui_imports_without_textual() -> None:
    modules = [name for package in TEXTUAL_FREE for name in _modules(package)]
    assert "backcare_tui.core.session" in modules and "backcare_tui.cli.main" in modules
    result = _import_with_textual_blocked(*modules)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_probe_really_blocks_textual() -> None:
    # Guards the test above: if the blocker stopped working, it would pass for nothing.
    result = _import_with_textual_blocked("backcare_tui.ui.app")
    assert result.returncode != 0
    assert "textual is blocked" in result.stderr
