"""Help for what people type: a misspelt command, an option given to the wrong command, an id in
another letter case."""

from __future__ import annotations

import pytest

from backcare_tui.cli.main import main


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_a_misspelt_command_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(["lst"], capsys)
    assert "'lst' is not a command; did you mean 'list'?" in err
    assert "choose from" not in err  # argparse's own list of choices, replaced by the hint
    assert err.startswith("usage: backcare")


def test_the_start_of_a_command_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    assert "did you mean 'history'?" in usage_error(["hist"], capsys)
    assert "did you mean 'validate'?" in usage_error(["--no-sound", "valid", "x"], capsys)


def test_a_command_like_nothing_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(["zzz"], capsys)
    assert "'zzz' is not a command" in err
    assert "run, list, show" in err


def test_an_unknown_option_after_a_command_prints_that_commands_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = usage_error(["run", "quick-relief", "--plian"], capsys)
    assert err.startswith("usage: backcare run [-h] [--plain]")
    assert "unrecognized arguments: --plian; did you mean --plain?" in err


def test_an_unknown_option_of_history(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(["history", "--limt", "3"], capsys)
    assert err.startswith("usage: backcare history")
    assert "did you mean --limit?" in err


def test_an_unknown_option_before_the_command_keeps_the_top_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = usage_error(["--plian", "list"], capsys)
    assert err.startswith("usage: backcare [-h]")
    assert "unrecognized arguments: --plian" in err


def test_show_takes_an_id_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "Core-Strength"]) == 0
    assert "Core strength" in capsys.readouterr().out


def test_show_the_start_of_an_id_suggests_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "core"]) == 1
    assert capsys.readouterr().err.strip() == (
        "core: is not a known routine; did you mean 'core-strength'?"
    )


def test_validate_takes_an_id_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "QUICK-RELIEF"]) == 0
    assert ": ok (Quick relief" in capsys.readouterr().out


def test_what_was_typed_is_echoed_without_its_control_characters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = usage_error(["run", "quick-relief", "--pl\x1b]0;owned\x07"], capsys)
    assert "\x1b" not in err and "\x07" not in err
    assert "--pl\\u001b]0;owned\\u0007" in err
    assert "\x1b" not in usage_error(["l\x1bst"], capsys)
