"""The core is reachable without the TUI: importing it with Textual blocked must work."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CORE_MODULES = [
    "backcare_tui.data.atomic",
    "backcare_tui.data.catalog",
    "backcare_tui.cli.main",
    "backcare_tui.core.cues",
    "backcare_tui.core.durations",
    "backcare_tui.data.history",
    "backcare_tui.data.history_report",
    "backcare_tui.cli.plain",
    "backcare_tui.sound.players",
    "backcare_tui.sound.playlist",
    "backcare_tui.core.routine",
    "backcare_tui.core.draft",
    "backcare_tui.data.routine_store",
    "backcare_tui.core.schema",
    "backcare_tui.core.session",
    "backcare_tui.ui.session_view",
    "backcare_tui.data.settings",
    "backcare_tui.sound.sink",
    "backcare_tui.sound.voice",
]
"""Everything but the app and its screens and widgets imports no Textual (docs/design.md):
the core, history, sound, the editor's draft, line mode and the command line."""

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


def test_core_imports_without_textual() -> None:
    result = _import_with_textual_blocked(*CORE_MODULES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_probe_really_blocks_textual() -> None:
    # Guards the test above: if the blocker stopped working, it would pass for nothing.
    result = _import_with_textual_blocked("textual")
    assert result.returncode != 0
    assert "textual is blocked" in result.stderr
