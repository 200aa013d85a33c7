"""The settings file: defaults, saving and loading, and broken files left alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytest import MonkeyPatch

from backcare_tui.data.locations import settings_path
from backcare_tui.data.settings import Settings, load_settings, save_settings


def test_settings_live_in_the_config_folder(isolated_dirs: Path) -> None:
    assert settings_path() == isolated_dirs / "config" / "backcare-tui" / "settings.toml"


def test_no_file_means_defaults_and_no_message() -> None:
    assert not settings_path().exists()
    assert load_settings() == (Settings(), None)
    assert not settings_path().exists(), "loading must not create the file"


def test_defaults() -> None:
    settings = Settings()
    assert settings.safety_acknowledged is False
    assert settings.sound is True
    assert settings.voice is True
    assert settings.checkin is True, "the picker asks for a stiffness rating"
    assert settings.checkin_on_run is False, "`backcare run` starts hands-free"
    assert settings.weekly_strength_target == 2


def test_save_then_load_round_trips() -> None:
    changed = Settings().with_changes(
        safety_acknowledged=True,
        sound=False,
        voice=False,
        checkin=False,
        checkin_on_run=True,
        weekly_strength_target=3,
    )
    save_settings(changed)
    assert settings_path().is_file()
    assert load_settings() == (changed, None)


def test_save_to_an_explicit_path(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "s.toml"
    save_settings(Settings(sound=False), path)
    assert load_settings(path) == (Settings(sound=False), None)
    assert not settings_path().exists()
    assert [p.name for p in path.parent.iterdir()] == ["s.toml"], "no temporary file left behind"


def test_with_changes_leaves_the_original_alone() -> None:
    original = Settings()
    changed = original.with_changes(sound=False)
    assert original.sound is True
    assert changed.sound is False


def test_broken_toml_gives_defaults_a_message_with_its_place_and_is_not_overwritten() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    broken = b"sound = false\nvoice = = true\n"
    path.write_bytes(broken)
    settings, message = load_settings()
    assert settings == Settings()
    assert message is not None
    assert message.startswith(f"{path}: ignored, could not be read (")
    assert "line 2" in message
    assert message.endswith("defaults in use")
    assert path.read_bytes() == broken


def test_non_utf8_file_gives_defaults_and_a_message() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"sound = \xff\n")
    settings, message = load_settings()
    assert settings == Settings()
    assert message is not None and "could not be read" in message
    assert path.read_bytes() == b"sound = \xff\n"


def test_a_folder_where_the_file_should_be_gives_defaults_and_a_message() -> None:
    settings_path().mkdir(parents=True)
    settings, message = load_settings()
    assert settings == Settings()
    assert message is not None and "could not be read" in message


def test_wrong_types_and_unknown_keys_are_reported_and_good_keys_kept() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    text = 'sound = "yes"\nvoice = false\ncolour = "red"\nweekly_strength_target = true\n'
    path.write_text(text, encoding="utf-8")
    settings, message = load_settings()
    assert settings == Settings(voice=False)
    assert message == (
        f"{path}: sound must be bool, got 'yes'; unknown key 'colour'; "
        "weekly_strength_target must be int, got True"
    )
    assert path.read_text(encoding="utf-8") == text


def test_saving_replaces_a_broken_file() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("this is = = broken", encoding="utf-8")
    save_settings(Settings(checkin=False))
    assert load_settings() == (Settings(checkin=False), None)
    assert path.read_text(encoding="utf-8").startswith("# backcare-tui settings")


def test_saving_keeps_the_files_permissions() -> None:
    path = settings_path()
    save_settings(Settings())
    path.chmod(0o640)
    save_settings(Settings(sound=False))
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_save_that_fails_leaves_the_old_file_and_no_litter(monkeypatch: MonkeyPatch) -> None:
    path = settings_path()
    save_settings(Settings(voice=False))
    before = path.read_bytes()

    def refuse(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        save_settings(Settings(checkin=False))
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]


def test_an_out_of_range_weekly_target_is_reported_and_ignored() -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("weekly_strength_target = -3\n", encoding="utf-8")
    settings, message = load_settings()
    assert settings.weekly_strength_target == 2
    assert message is not None and "weekly_strength_target must be from 0 to 14, got -3" in message


def test_saving_over_a_broken_file_keeps_it_as_a_backup() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("sound = fals\n", encoding="utf-8")
    save_settings(Settings(sound=False))
    assert path.with_name("settings.toml.bak").read_text(encoding="utf-8") == "sound = fals\n"
    assert load_settings() == (Settings(sound=False), None)


def test_a_settings_file_that_is_a_link_is_written_through(tmp_path: Path) -> None:
    # Dotfiles managers link settings.toml into a repository; a save must change the file in
    # the repository, not replace the link with a plain file beside it.
    dotfiles = tmp_path / "dotfiles" / "backcare.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text("sound = true\n", encoding="utf-8")
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.symlink_to(dotfiles)
    save_settings(Settings(sound=False))
    assert path.is_symlink() and path.resolve() == dotfiles
    assert load_settings(dotfiles) == (Settings(sound=False), None)
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.toml"]
    assert sorted(p.name for p in dotfiles.parent.iterdir()) == ["backcare.toml"]


def test_a_link_to_a_settings_file_not_yet_made_is_written_through(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "backcare.toml"
    dotfiles.parent.mkdir()
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.symlink_to(dotfiles)
    save_settings(Settings(voice=False))
    assert path.is_symlink() and load_settings(dotfiles) == (Settings(voice=False), None)
