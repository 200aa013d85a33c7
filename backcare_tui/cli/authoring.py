"""Making and changing routines from the command line: ``backcare new``, ``edit`` and ``schema``.

``new`` writes a starter (or a copy of another routine) into the user's folder, never over a
file. ``edit`` opens the user's copy in their own text editor, copying a built-in first, and
checks the file when the editor closes. ``schema`` prints the JSON Schema that editors use to
complete keys.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from dataclasses import replace
from pathlib import Path

from backcare_tui.cli.output import (
    EXIT_OK,
    EXIT_PROBLEM,
    console,
    refuse,
    say,
    say_problems,
    shell_path,
)
from backcare_tui.core.durations import count, format_duration
from backcare_tui.core.phases import session_total
from backcare_tui.core.routine import RoutineError, RoutineLoadError
from backcare_tui.core.starter import starter_routine
from backcare_tui.core.text import control_in, escape
from backcare_tui.data.catalog import canonical_id, load_routine, resolve
from backcare_tui.data.locations import builtin_routines_dir, shown_path, user_routines_dir
from backcare_tui.data.routine_file import not_a_routine_file, read_routine_file
from backcare_tui.data.routine_names import slug, valid_id
from backcare_tui.data.routine_store import (
    SaveError,
    copy_routine_file,
    create_routine,
    is_builtin_path,
    shadows_builtin,
)

__all__ = ["edit_command", "new_command", "schema_command"]

NAME_LIMIT = 80
"""Longest routine name the loader accepts (kept in step with routine.py)."""


# --- new ---------------------------------------------------------------------------------------


def new_command(args: argparse.Namespace) -> int:
    """``backcare new NAME [--from ROUTINE]``: a new file in the user's routines folder."""
    name = args.name.strip()
    if not name:
        return refuse("backcare new: the name must not be empty.")
    bad = control_in(name)
    if bad is not None:
        return refuse(
            f"backcare new: the name is refused: it holds a control character ({escape(bad)}). "
            "A name is shown on screen and spoken aloud, so it must be plain text on one line."
        )
    if len(name) > NAME_LIMIT:
        return refuse(
            f"backcare new: the name is too long ({len(name)} characters; at most {NAME_LIMIT})."
        )
    routine_id = slug(name)
    if not routine_id:
        return refuse(
            f"backcare new: cannot make a file name from {name!r}; use some letters or digits."
        )
    source = resolve(args.source) if args.source else None
    routine = (
        replace(source, id=routine_id, name=name, builtin=False, path=None)
        if source is not None
        else starter_routine(routine_id, name)
    )
    folder = user_routines_dir()
    path = folder / f"{routine_id}.toml"
    origin = f" from {source.id}" if source is not None else ""
    header = (
        f"{name}: made with `backcare new`{origin}. Change it in any text editor,\n"
        f"then check it with:  backcare validate {shell_path(path)}\n"
        f"and try it with:     backcare run {routine_id} --plain"
    )
    try:
        create_routine(routine, routine_id, header=header)
    except FileExistsError:
        return refuse(
            f"{shown_path(path)}: already exists; choose another name, or edit that file."
        )
    except SaveError as exc:
        return refuse(str(exc))
    out = console()
    say(out, f"Created {shown_path(path)}")
    if (builtin_routines_dir() / path.name).is_file():
        say(
            out,
            f"It has the id of a built-in routine, so it replaces `{routine_id}` "
            "until you rename or delete it.",
        )
    missing = sorted(
        {
            s.sound
            for s in routine.steps
            if s.sound and s.sound.lower().endswith(".wav") and not (folder / s.sound).is_file()
        }
    )
    if missing and source is not None and source.path is not None:
        say(
            out,
            f"Copy {', '.join(missing)} from {shown_path(source.path.parent)} beside it: "
            "the steps play those sounds.",
        )
    say(
        out,
        f"Check it with `backcare validate {shell_path(path)}`, "
        f"run it with `backcare run {routine_id}`.",
    )
    return EXIT_OK


# --- edit and schema ---------------------------------------------------------------------------


def _editor_command() -> list[str] | str:
    """The user's editor as a command line ($VISUAL, then $EDITOR, then nano or vi), or why not."""
    import shutil

    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError as exc:
            return f"backcare edit: cannot read ${variable} ({value!r}): {exc}."
        if words:
            return words
    for fallback in ("nano", "vi"):
        found = shutil.which(fallback)
        if found:
            return [found]
    return (
        "backcare edit: no text editor found. Set $EDITOR, for example `export EDITOR=nano`, "
        "or open the file in any editor and check it with `backcare validate`."
    )


def _answer(question: str) -> str | None:
    """The user's one-line answer, or ``None`` when nobody is there to answer (not a terminal)."""
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    print(question, end="", flush=True)
    line = sys.stdin.readline()
    return line.strip() if line else None


def _copy_id(name: str) -> str:
    """The id for the user's copy of the built-in ``name``: asked at a terminal, else ``name``."""
    out = console()
    say(out, f"`{name}` is a built-in routine, so you will edit your own copy of it.")
    say(out, "With the same id your copy replaces the built-in; give another id to keep both.")
    while True:
        answer = _answer(f"Save your copy as [{name}]: ")
        if answer is None or not answer:
            return name
        problem = valid_id(answer)
        if problem is None and (user_routines_dir() / f"{answer}.toml").exists():
            problem = f"You already have a routine `{answer}`; give another id."
        if problem is None:
            return answer
        say(console(stderr=True), problem)


def _edit_target(args: argparse.Namespace) -> tuple[Path, Path | None, str]:
    """(the file to open, the file to copy it from or None, the routine id) for ``edit``."""
    name: str = args.routine
    as_id: str | None = args.as_id
    if as_id is not None and (problem := valid_id(as_id)):
        raise RoutineLoadError([RoutineError(f"--as {as_id}", problem)])
    as_path = Path(name).expanduser()
    is_path = name.endswith(".toml") or "/" in name or as_path.is_file()
    if not is_path:
        name = canonical_id(name)  # an id in any letter case: Core-Strength is core-strength
    if is_path:
        if (why := not_a_routine_file(as_path)) is not None:
            raise RoutineLoadError([RoutineError(name, why)])
        if not as_path.is_file():
            raise RoutineLoadError([RoutineError(name, "does not exist")])
        source, builtin = as_path, is_builtin_path(as_path)
        stem = as_path.stem
    elif (user_routines_dir() / f"{name}.toml").is_file():
        # The user's own file, even a broken one: fixing it is what editing is for.
        source, builtin, stem = user_routines_dir() / f"{name}.toml", False, name
    elif (builtin_routines_dir() / f"{name}.toml").is_file():
        source, builtin, stem = builtin_routines_dir() / f"{name}.toml", True, name
    else:
        resolve(name)  # raises the usual "is not a known routine; did you mean …?"
        raise RoutineLoadError([RoutineError(name, "is not a known routine")])
    if as_id is None and not builtin:
        return source, None, stem
    routine_id = as_id if as_id is not None else _copy_id(stem)
    return user_routines_dir() / f"{routine_id}.toml", source, routine_id


def _run_editor(editor: list[str], path: Path) -> int | str:
    """Open ``path`` in ``editor`` and wait; the exit status, or why it could not start.

    While the editor runs, Ctrl+C belongs to it (many editors use it): this process ignores it
    rather than dying and taking the editor, and the user's unsaved text, with it. The handler
    is a Python one, not SIG_IGN, so the editor itself starts with the default.
    """
    import signal
    import subprocess

    sys.stdout.flush()
    sys.stderr.flush()
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        return subprocess.run([*editor, str(path)], check=False).returncode
    except OSError as exc:
        return f"backcare edit: cannot start the editor {editor[0]!r}: {exc.strerror or exc}."
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def edit_command(args: argparse.Namespace) -> int:
    """``backcare edit ROUTINE [--as NEW_ID]``: edit in $VISUAL or $EDITOR, then check."""
    out, err = console(), console(stderr=True)
    path, source, routine_id = _edit_target(args)
    editor = _editor_command()
    if isinstance(editor, str):
        where = " Nothing was copied." if source is not None else f" ({shown_path(path)})"
        return refuse(editor + where)
    if source is not None:
        try:
            copy_routine_file(source, routine_id)
        except SaveError as exc:
            # Only a copy that is already there can be edited instead; after any other failure
            # the same command would fail the same way.
            hint = f"; edit it with `backcare edit {routine_id}`." if path.is_file() else ""
            return refuse(f"backcare edit: {exc}{hint}")
        say(out, f"Copied {source.name} to {shown_path(path)}; editing the copy.")
        if shadows_builtin(routine_id):
            say(
                out,
                f"While it exists it replaces the built-in `{routine_id}`; "
                "rename or delete it to get the built-in back.",
            )
    mine = path.parent == user_routines_dir()
    again_hint = f"backcare edit {routine_id if mine else shell_path(path)}"
    while True:
        before = path.stat().st_mtime_ns if path.exists() else None
        status = _run_editor(editor, path)
        if isinstance(status, str):
            return refuse(
                f"{status}\nSet $VISUAL or $EDITOR to an editor you have. ({shown_path(path)})"
            )
        after = path.stat().st_mtime_ns if path.exists() else None
        if status != 0:
            say(err, f"The editor exited with status {status}.")
        if before is not None and before == after:
            if source is not None and _same_bytes(path, source):
                # Nothing was changed: an identical copy would only hide later built-in updates.
                path.unlink()
                after_removal = (
                    f"`{routine_id}` is the built-in again."
                    if shadows_builtin(routine_id)
                    else f"there is no `{routine_id}`."
                )
                say(out, f"Nothing changed, so the copy was removed: {after_removal}")
                return EXIT_OK
            say(
                out,
                "The file did not change. If your editor opens a window and returns at once, "
                "make it wait, e.g. EDITOR='code --wait'.",
            )
        try:
            routine = load_routine(path)
        except RoutineLoadError as exc:
            say_problems(exc.errors, err)
            answer = _answer("Edit again? [Y/n] ")
            if answer is not None and answer.lower() in ("", "y", "yes"):
                continue
            say(
                err,
                f"Your text is kept as you wrote it in {shown_path(path)}. Until it is fixed "
                f"the app lists it as broken; fix it with `{again_hint}`.",
            )
            return EXIT_PROBLEM
        steps = count(len(routine.steps), "step")
        total = format_duration(session_total(routine))
        say(out, f"{shown_path(path)}: ok ({routine.name}: {steps}, {total})")
        return EXIT_OK


def _same_bytes(one: Path, other: Path) -> bool:
    try:
        return read_routine_file(one) == read_routine_file(other)
    except OSError:
        return False


def schema_command(args: argparse.Namespace) -> int:
    """``backcare schema [--plan]``: the JSON Schema of routine (or plan) files, on stdout."""
    import json

    from backcare_tui.core.plan_schema import plan_schema
    from backcare_tui.core.schema import routine_schema

    schema = plan_schema() if getattr(args, "plan", False) else routine_schema()
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK
