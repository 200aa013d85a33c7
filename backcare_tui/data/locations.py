"""Where backcare-tui keeps things: the one home of the app's name and of every folder it uses.

The built-in routines and cue sounds ship inside the wheel (``backcare_tui/assets/``); in a
checkout or an editable install they are the top-level ``routines/`` and ``sounds/``. The user's
files follow the platform's conventions through platformdirs (XDG folders on Linux).
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

__all__ = [
    "APP_NAME",
    "builtin_routines_dir",
    "history_path",
    "plan_path",
    "settings_path",
    "shown_path",
    "sounds_dir",
    "speech_cache_dir",
    "user_config_dir",
    "user_routines_dir",
]

APP_NAME = "backcare-tui"
"""The name of the app's folders under the user's config, data and cache folders."""

_PACKAGE = Path(__file__).resolve().parent.parent
_CHECKOUT = _PACKAGE.parent


def _shipped(name: str) -> Path:
    """``assets/NAME`` inside an installed wheel, else ``NAME/`` at the top of the checkout."""
    packaged = _PACKAGE / "assets" / name
    return packaged if packaged.is_dir() else _CHECKOUT / name


def builtin_routines_dir() -> Path:
    """The built-in routines, read-only: the app never writes here."""
    return _shipped("routines")


def sounds_dir() -> Path:
    """The cue WAVs."""
    return _shipped("sounds")


def user_config_dir() -> Path:
    """``$XDG_CONFIG_HOME/backcare-tui``: settings, the user's routines, the plan."""
    return Path(platformdirs.user_config_path(APP_NAME))


def user_routines_dir() -> Path:
    """The folder for the user's own routines (``$XDG_CONFIG_HOME/backcare-tui/routines``)."""
    return user_config_dir() / "routines"


def settings_path() -> Path:
    """``$XDG_CONFIG_HOME/backcare-tui/settings.toml``."""
    return user_config_dir() / "settings.toml"


def plan_path() -> Path:
    """``$XDG_CONFIG_HOME/backcare-tui/plan.toml``: the user's program (the default without it)."""
    return user_config_dir() / "plan.toml"


def history_path() -> Path:
    """``$XDG_DATA_HOME/backcare-tui/history.sqlite3`` or the platform's equivalent."""
    return Path(platformdirs.user_data_path(APP_NAME)) / "history.sqlite3"


def speech_cache_dir() -> Path:
    """Rendered phrases (``$XDG_CACHE_HOME/backcare-tui/speech``): safe to delete."""
    return Path(platformdirs.user_cache_path(APP_NAME)) / "speech"


def shown_path(path: Path) -> str:
    """``path`` as the user is shown it: ``~/…`` when it is under their home folder.

    Shorter than the whole path, the same for every user and checkout, and still a path the
    user can type (the shell expands ``~``). Other paths are shown as they are.
    """
    try:
        rest = path.relative_to(Path.home())
    except (ValueError, RuntimeError):  # not under it; or no home folder can be found
        return str(path)
    return "~" if rest == Path() else f"~/{rest}"
