"""``backcare edit`` and ``backcare schema``, with a fake editor and typed answers: no real editor."""

from __future__ import annotations

import io
import json
import shlex
import sys
import textwrap
from pathlib import Path

import pytest

from backcare_tui.cli.main import main
from backcare_tui.core.schema import routine_schema
from backcare_tui.data.catalog import load_catalog, load_routine
from backcare_tui.data.locations import builtin_routines_dir, shown_path, user_routines_dir

GOOD = 'name = "Mine"\n\n[[steps]]\nname = "Plank"\nkind = "hold"\nduration = 40\n'
BROKEN = 'name = "Mine"\n\n[[steps]]\nname = "Plank"\nkind = "hold"\nduraton = 40\n'

_FAKE_EDITOR = textwrap.dedent(
    """
    # A stand-in for a text editor: records what it was shown, then writes the next queued text.
    import os, pathlib, signal, sys

    queue, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[-1])
    runs = sorted(queue.glob("seen-*"))
    number = len(runs) + 1
    (queue / f"seen-{number}").write_bytes(target.read_bytes() if target.exists() else b"")
    (queue / f"args-{number}").write_text(repr(sys.argv[1:]), encoding="utf-8")
    if (queue / "interrupt").exists():
        os.kill(os.getppid(), signal.SIGINT)  # as Ctrl+C reaches the whole terminal group
    text = queue / f"write-{number}"
    if text.exists():
        target.write_bytes(text.read_bytes())
    """
)


class FakeEditor:
    """The fake editor's queue folder: what to write on each run, and what each run saw."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True)
        script = folder / "editor.py"
        script.write_text(_FAKE_EDITOR, encoding="utf-8")
        self.command = " ".join(shlex.quote(str(p)) for p in (Path(sys.executable), script, folder))

    def will_write(self, *texts: str) -> None:
        for number, text in enumerate(texts, start=1):
            (self.folder / f"write-{number}").write_text(text, encoding="utf-8")

    @property
    def runs(self) -> int:
        return len(list(self.folder.glob("seen-*")))

    def saw(self, run: int) -> bytes:
        return (self.folder / f"seen-{run}").read_bytes()

    def opened(self, run: int) -> str:
        return eval((self.folder / f"args-{run}").read_text(encoding="utf-8"))[-1]  # type: ignore[no-any-return]


class Typed(io.StringIO):
    """Standard input at a terminal, with these lines already typed."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeEditor:
    # A space in the folder name checks that $EDITOR is split as a shell would.
    fake = FakeEditor(tmp_path / "fake editor")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", fake.command)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal unless a test says so
    return fake


def type_answers(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr(sys, "stdin", Typed("".join(f"{line}\n" for line in lines)))


def user_file(routine_id: str, text: str) -> Path:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{routine_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- which file is opened -------------------------------------------------------------------------


def test_a_user_routine_is_edited_in_place(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    path = user_file("mine", GOOD)
    editor.will_write(GOOD.replace("40", "45"))
    assert main(["edit", "mine"]) == 0
    assert editor.opened(1) == str(path)
    assert load_routine(path).steps[0].duration == 45
    assert f"{shown_path(path)}: ok (Mine: 1 step, 50 s)" in capsys.readouterr().out


def test_a_builtin_is_copied_byte_for_byte_and_shadowed_never_changed(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    builtin = builtin_routines_dir() / "quick-relief.toml"
    original = builtin.read_bytes()
    edited = original.decode("utf-8").replace('duration = "30s"', 'duration = "40s"', 1)
    editor.will_write(edited)
    assert main(["edit", "quick-relief"]) == 0
    copy = user_routines_dir() / "quick-relief.toml"
    assert editor.opened(1) == str(copy)
    assert editor.saw(1) == original  # comments and all, before the edit
    assert copy.read_text(encoding="utf-8") == edited
    assert builtin.read_bytes() == original
    out = capsys.readouterr().out
    assert "Copied quick-relief.toml to ~/config/backcare-tui/routines/quick-relief.toml;" in out
    assert "While it exists it replaces the built-in `quick-relief`" in out
    catalog = load_catalog()
    assert not catalog.routines["quick-relief"].builtin
    assert "quick-relief" in catalog.shadowed


def test_at_a_terminal_the_copys_id_is_asked(
    editor: FakeEditor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    user_file("taken", GOOD)
    type_answers(monkeypatch, "Bad Id", "taken", "gentle-days")
    original = (builtin_routines_dir() / "quick-relief.toml").read_text(encoding="utf-8")
    editor.will_write(original + "\n# my change\n")
    assert main(["edit", "quick-relief"]) == 0
    copy = user_routines_dir() / "gentle-days.toml"
    assert editor.opened(1) == str(copy)
    assert editor.saw(1) == original.encode("utf-8"), "the copy keeps the built-in's bytes"
    assert not (user_routines_dir() / "quick-relief.toml").exists()
    captured = capsys.readouterr()
    assert captured.out.count("Save your copy as [quick-relief]: ") == 3
    assert "not 'B' (try 'bad-id')" in captured.err
    assert "You already have a routine `taken`" in captured.err
    assert "While it exists it replaces" not in captured.out


def test_pressing_enter_keeps_the_builtins_id(
    editor: FakeEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    type_answers(monkeypatch, "")
    editor.will_write(GOOD)
    assert main(["edit", "recovery"]) == 0
    assert (user_routines_dir() / "recovery.toml").read_text(encoding="utf-8") == GOOD


def test_as_copies_under_another_id(editor: FakeEditor, capsys: pytest.CaptureFixture[str]) -> None:
    editor.will_write(GOOD)
    assert main(["edit", "core-strength", "--as", "my-core"]) == 0
    assert editor.saw(1) == (builtin_routines_dir() / "core-strength.toml").read_bytes()
    assert "While it exists it replaces" not in capsys.readouterr().out
    assert {"core-strength", "my-core"} <= set(load_catalog().routines)


def test_a_copy_left_unchanged_is_removed_and_says_what_is_left(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["edit", "core-strength", "--as", "my-core"]) == 0  # the editor writes nothing
    assert not (user_routines_dir() / "my-core.toml").exists()
    assert "the copy was removed: there is no `my-core`." in capsys.readouterr().out
    assert main(["edit", "core-strength"]) == 0
    assert "the copy was removed: `core-strength` is the built-in again." in capsys.readouterr().out


def test_as_never_replaces_an_existing_file(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    path = user_file("mine", GOOD)
    assert main(["edit", "core-strength", "--as", "mine"]) == 1
    assert path.read_text(encoding="utf-8") == GOOD
    assert editor.runs == 0
    assert "already exists" in capsys.readouterr().err


def test_as_must_be_a_valid_id(editor: FakeEditor, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["edit", "core-strength", "--as", "My Core"]) == 1
    assert "--as My Core: An id can hold only lowercase letters" in capsys.readouterr().err
    assert editor.runs == 0


def test_a_broken_user_file_can_be_opened_to_fix_it(editor: FakeEditor) -> None:
    path = user_file("recovery", BROKEN)
    editor.will_write(GOOD)
    assert main(["edit", "recovery"]) == 0
    assert editor.opened(1) == str(path)
    assert load_routine(path).name == "Mine"


def test_a_file_path_is_edited_where_it_is(editor: FakeEditor, tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["edit", str(path)]) == 0
    assert editor.opened(1) == str(path)
    assert not user_routines_dir().exists() or not any(user_routines_dir().iterdir())


def test_an_unknown_routine_gets_the_usual_hint(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["edit", "core-strenght"]) == 1
    assert "core-strenght: is not a known routine; did you mean 'core-strength'?" in (
        capsys.readouterr().err
    )
    assert editor.runs == 0


# --- after the editor closes ----------------------------------------------------------------------


def test_an_invalid_edit_offers_another_go_and_yes_reopens(
    editor: FakeEditor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = user_file("mine", GOOD)
    editor.will_write(BROKEN, GOOD.replace("40", "50"))
    type_answers(monkeypatch, "")  # Enter means yes
    assert main(["edit", "mine"]) == 0
    assert editor.runs == 2
    assert editor.saw(2) == BROKEN.encode()
    captured = capsys.readouterr()
    assert "duraton is not a known key; did you mean `duration`?" in captured.err
    assert "Edit again? [Y/n] " in captured.out
    assert load_routine(path).steps[0].duration == 50


def test_declining_keeps_the_users_text_as_written(
    editor: FakeEditor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = user_file("mine", GOOD)
    editor.will_write(BROKEN)
    type_answers(monkeypatch, "n")
    assert main(["edit", "mine"]) == 1
    assert path.read_text(encoding="utf-8") == BROKEN
    err = capsys.readouterr().err
    assert f"Your text is kept as you wrote it in {shown_path(path)}." in err
    assert "fix it with `backcare edit mine`" in err
    assert [p for p, _ in load_catalog().broken] == [path]


def test_without_a_terminal_problems_are_printed_and_nothing_is_asked(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    path = user_file("mine", GOOD)
    editor.will_write(BROKEN)
    assert main(["edit", "mine"]) == 1
    assert editor.runs == 1
    captured = capsys.readouterr()
    assert "Edit again" not in captured.out
    assert "duraton is not a known key" in captured.err
    assert path.read_text(encoding="utf-8") == BROKEN


def test_an_unchanged_file_gets_a_hint_about_editors_that_do_not_wait(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    user_file("mine", GOOD)
    assert main(["edit", "mine"]) == 0
    assert "The file did not change." in capsys.readouterr().out


def test_ctrl_c_while_the_editor_runs_belongs_to_the_editor(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    path = user_file("mine", GOOD)
    (editor.folder / "interrupt").touch()
    editor.will_write(GOOD.replace("40", "55"))
    assert main(["edit", "mine"]) == 0
    assert load_routine(path).steps[0].duration == 55


# --- which editor ---------------------------------------------------------------------------------


def test_visual_comes_before_editor(editor: FakeEditor, monkeypatch: pytest.MonkeyPatch) -> None:
    user_file("mine", GOOD)
    monkeypatch.setenv("VISUAL", editor.command)
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere")
    assert main(["edit", "mine"]) == 0
    assert editor.runs == 1


def test_an_editor_that_cannot_start_is_reported(
    editor: FakeEditor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = user_file("mine", GOOD)
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere --wait")
    assert main(["edit", "mine"]) == 1
    err = capsys.readouterr().err
    assert "cannot start the editor 'no-such-editor-anywhere'" in err
    assert path.read_text(encoding="utf-8") == GOOD


def test_no_editor_at_all_is_a_clear_message_and_copies_nothing(
    editor: FakeEditor,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("EDITOR")
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert main(["edit", "recovery"]) == 1
    err = capsys.readouterr().err
    assert "backcare edit: no text editor found. Set $EDITOR" in err
    assert "Nothing was copied." in err
    assert not (user_routines_dir() / "recovery.toml").exists()


def test_an_unreadable_editor_variable_is_reported(
    editor: FakeEditor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    user_file("mine", GOOD)
    monkeypatch.setenv("EDITOR", "vim 'unclosed")
    assert main(["edit", "mine"]) == 1
    assert "cannot read $EDITOR" in capsys.readouterr().err


# --- schema ---------------------------------------------------------------------------------------


def test_schema_prints_the_schema_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == routine_schema()


def test_an_unchanged_copy_of_a_builtin_is_removed(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    """Closing the editor without a change leaves nothing behind to hide the built-in."""
    assert main(["edit", "post-run-stretch"]) == 0
    assert not (user_routines_dir() / "post-run-stretch.toml").exists()
    assert "the copy was removed" in capsys.readouterr().out
    assert load_catalog().routines["post-run-stretch"].builtin


def test_editing_a_builtin_when_the_routines_folder_is_a_file_says_so(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = user_routines_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("in the way")
    assert main(["edit", "core-strength"]) == 1
    err = capsys.readouterr().err.replace("\n", " ")
    assert f"{shown_path(folder)}: is a file, not a folder" in err
    assert "already exists" not in err and "backcare edit core-strength" not in err
    assert editor.runs == 0


def _read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make creating files in ``folder`` fail as a read-only folder does for a normal user.

    Root ignores permission bits, so the refusal is put where the system call would make it.
    """
    import os
    import tempfile

    real_open, real_mkstemp = os.open, tempfile.mkstemp

    def refuse(path: str | os.PathLike[str]) -> None:
        if Path(path).parent == folder:
            raise PermissionError(13, "Permission denied", str(path))

    def guarded_open(path: str, flags: int, *args: int, **kwargs: int) -> int:
        if flags & os.O_CREAT:
            refuse(path)
        return real_open(path, flags, *args, **kwargs)

    def guarded_mkstemp(prefix: str, suffix: str, dir: Path) -> tuple[int, str]:
        refuse(dir / prefix)
        return real_mkstemp(prefix=prefix, suffix=suffix, dir=dir)

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(tempfile, "mkstemp", guarded_mkstemp)


def test_as_in_a_read_only_folder_says_the_folder_cannot_be_written(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    _read_only(folder, monkeypatch)
    assert main(["edit", "core-strength", "--as", "my-core"]) == 1
    err = capsys.readouterr().err.replace("\n", " ")
    assert (
        f"{shown_path(folder)}: your routines folder cannot be written (Permission denied)" in err
    )
    assert f"chmod u+w {shown_path(folder)}" in err
    assert ".new" not in err and ".tmp" not in err  # no internal file named
    assert "backcare edit my-core" not in err  # it would fail the same way
    assert list(folder.iterdir()) == [] and editor.runs == 0
