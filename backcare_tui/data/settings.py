"""The user's settings: a small TOML file in the user config folder, written atomically.

A missing file means defaults; a broken one is reported (with its place) and left untouched on
disk until the user changes a setting, so a typo never silently loses their choices.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import tomli_w

from backcare_tui.data.atomic import remove_stale_temporaries, write_atomic
from backcare_tui.data.locations import settings_path

__all__ = ["Settings", "load_settings", "save_settings"]


@dataclass(frozen=True)
class Settings:
    """Everything the app remembers between runs."""

    safety_acknowledged: bool = False
    """The safety notice has been read once; it is not shown before every session after that."""
    sound: bool = True
    """Cue sounds on (``M``, or ``m`` outside a session, changes it; ``m`` in a session and
    ``--no-sound`` change that session only)."""
    voice: bool = True
    """Spoken phrases where a speech engine exists (``V``, or ``v`` outside a session, changes
    it; ``v`` in a session and ``--no-voice`` change that session only)."""
    checkin: bool = True
    """Ask for a 0-10 stiffness rating before and after a session started from the picker."""
    checkin_on_run: bool = False
    """The same for ``backcare run ROUTINE``, which otherwise starts with no key pressed."""
    weekly_strength_target: int = 2
    """Sessions tagged ``strength`` wanted per week (the guidance says at least two)."""

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings and, if the file could not be used, a message saying why."""
    path = path or settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(), f"{path}: ignored, could not be read ({exc}); defaults in use"
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    problems = []
    for key, value in data.items():
        if key not in known:
            problems.append(f"unknown key {key!r}")
            continue
        expected = type(getattr(Settings(), key))
        if type(value) is not expected:
            problems.append(f"{key} must be {expected.__name__}, got {value!r}")
            continue
        if key == "weekly_strength_target" and not 0 <= value <= 14:
            problems.append(f"{key} must be from 0 to 14, got {value}")
            continue
        values[key] = value
    message = f"{path}: " + "; ".join(problems) if problems else None
    return Settings(**values), message


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings``. A file that does not read back cleanly (hand-edited, with a typo) is
    first kept as ``settings.toml.bak``, so the user's text is never simply lost. A
    ``settings.toml`` that links into a dotfiles repository stays a link: the file it points to
    is the one rewritten."""
    path = path or settings_path()
    remove_stale_temporaries(path.parent)
    if path.exists() and load_settings(path)[1] is not None:
        write_atomic(path.with_name(path.name + ".bak"), path.read_bytes())
    write_atomic(
        path,
        "# backcare-tui settings; the app rewrites this file.\n" + tomli_w.dumps(asdict(settings)),
    )
