"""Looking at routines without starting one: ``backcare list``, ``show`` and ``validate``.

Tables are drawn with rich, imported by the command that draws them. ``validate`` prints one
plain line per file or problem, ``path:line: message``, never wrapped, so editors and scripts can
read it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from backcare_tui.cli.output import EXIT_OK, EXIT_PROBLEM, console, say, say_problems, shown
from backcare_tui.cli.plain import stamp
from backcare_tui.core.durations import brief_duration, count, format_duration
from backcare_tui.core.phases import session_plan, session_total
from backcare_tui.core.progression import StepProgress, base_of, dose_words, dosed, rule_words
from backcare_tui.core.routine import Routine, RoutineLoadError, Step, StepKind, StepSides
from backcare_tui.core.safety import reading_time
from backcare_tui.core.text import printable
from backcare_tui.core.words import breathing_pattern
from backcare_tui.data.catalog import (
    canonical_id,
    load_catalog,
    load_routine,
    resolve,
    source_of,
)
from backcare_tui.data.locations import builtin_routines_dir, shown_path, user_routines_dir

__all__ = ["list_command", "show_command", "validate_command"]


# --- list --------------------------------------------------------------------------------------


def list_command(args: argparse.Namespace) -> int:
    """``backcare list``: every routine, built-in and the user's, and the files that are broken."""
    from rich.table import Table

    out = console()
    catalog = load_catalog()
    routines = catalog.sorted()
    if routines:
        table = Table(box=None, header_style="bold", pad_edge=False)
        table.add_column("Id", no_wrap=True, min_width=8)  # ids are copied: never broken
        table.add_column("Name", min_width=8, ratio=1)
        table.add_column("Steps", justify="right")
        table.add_column("Time", justify="right", min_width=6)
        table.add_column("Source")
        for routine in routines:
            if routine.builtin:
                source = "built-in"
            elif routine.id in catalog.shadowed:
                source = "user (replaces built-in)"
            else:
                source = "user"
            table.add_row(
                shown(routine.id),
                shown(routine.name),
                str(len(routine.steps)),
                format_duration(session_total(routine)),
                source,
            )
        out.print(table)
    else:
        say(out, "No routines found.")
    if catalog.broken:
        out.print()
        say(out, f"{count(len(catalog.broken), 'routine file')} could not be loaded:")
        for _path, errors in catalog.broken:
            say_problems(errors, out)
    for problem in catalog.problems:
        say(console(stderr=True), problem)
    out.print()
    say(out, f"Your routines folder: {shown_path(user_routines_dir())}")
    say(out, "Start one with `backcare run ID`; see its steps with `backcare show ID`.")
    return EXIT_OK


# --- show --------------------------------------------------------------------------------------


def _step_details(step: Step, routine: Routine) -> str:
    """The dose and rhythm of a step in one line: ``hold · 30 s per side · left, then right``."""
    parts = [step.kind.value, step.summary()]
    if step.sides is StepSides.EACH:
        switch = step.rest_between or routine.lead_in
        parts.append(
            f"left, then right ({brief_duration(switch)} to switch)"
            if switch
            else "left, then right"
        )
    elif step.sides is StepSides.ALTERNATE:
        parts.append("alternating left and right")
    if step.kind is StepKind.REPS:
        parts.append(f"one every {brief_duration(step.tempo)}")
    if step.kind is StepKind.BREATHE:
        parts.append(breathing_pattern(step))
    if step.kind is StepKind.TIMER and step.remind_every:
        reminder = f"reminder every {format_duration(step.remind_every)}"
        parts.append(f"{reminder}: {step.reminder}" if step.reminder else reminder)
    if step.sets > 1 and step.rest_between:
        parts.append(f"{brief_duration(step.rest_between)} rest between sets")
    return " · ".join(parts)


def _step_times(routine: Routine) -> list[tuple[float, float]]:
    """(start, length) of each step in session time, get-ready and rests included."""
    times = [(0.0, 0.0)] * len(routine.steps)
    started: set[int] = set()
    clock = 0.0
    for phase in session_plan(routine, None, reading_time(routine.safety)):
        start, length = times[phase.step_index]
        if phase.step_index not in started:
            started.add(phase.step_index)
            start = clock
        times[phase.step_index] = (start, length + phase.duration)
        clock += phase.duration
    return times


def _todays_doses(routine: Routine) -> dict[int, StepProgress]:
    """Where each progressing step of ``routine`` stands today, from the history."""
    if not any(step.progress is not None for step in routine.steps):
        return {}
    from backcare_tui.cli.output import note
    from backcare_tui.data.history import open_history
    from backcare_tui.data.program import load_journal, todays_routine

    store = open_history(on_notice=note)
    try:
        return todays_routine(routine, load_journal(store)).progress
    finally:
        store.close()


def show_command(args: argparse.Namespace) -> int:
    """``backcare show ROUTINE``: each step with when it starts and how long it takes.

    A step with a ``progress`` rule shows today's dose, the base the file gives, and why.
    """
    from rich.table import Table
    from rich.text import Text

    base = resolve(args.routine)
    progress = _todays_doses(base)
    routine = dosed(base, {index: p.level for index, p in progress.items()})
    out = console()
    where = source_of(routine) or routine.id
    title = shown(routine.name, "bold")
    title.append(printable(f"  ({routine.id}, {where})"))
    out.print(title)
    if routine.description:
        out.print(shown(routine.description, lines=True))
    if routine.tags:
        out.print(shown("Tags: " + ", ".join(routine.tags), "dim"))
    out.print()
    # Bottom padding leaves a blank line after each step, so the steps read as separate blocks.
    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1, 1, 1), expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Starts", justify="right", no_wrap=True)
    table.add_column("Step", ratio=1)
    table.add_column("Takes", justify="right", no_wrap=True)
    for number, (step, (start, length)) in enumerate(
        zip(routine.steps, _step_times(routine), strict=True), start=1
    ):
        cell = shown(step.name, "bold")
        cell.append("\n" + printable(_step_details(step, routine)), style="cyan")
        if number - 1 in progress:
            cell.append("\n" + printable(_dose_line(progress[number - 1])), style="magenta")
        if step.instructions:
            cell.append("\n" + printable(step.instructions, lines=True))
        table.add_row(str(number), stamp(start), cell, format_duration(length))
    out.print(table)
    out.print()
    if routine.lead_in:
        say(out, f"Each exercise starts with {brief_duration(routine.lead_in)} to get ready.")
    if reading := reading_time(routine.safety):
        say(
            out,
            f"The first is {format_duration(round(reading))} longer, to read the safety notes.",
        )
    if routine.safety:
        out.print(Text("Safety", style="bold"))
        notes = Table.grid(padding=(0, 1))
        notes.add_column(no_wrap=True)
        notes.add_column()
        for note in routine.safety:
            notes.add_row("•", shown(note, lines=True))
        out.print(notes)
        out.print()
    say(out, f"Total: {_totals(routine)}")
    return EXIT_OK


def _totals(routine: Routine) -> str:
    """The routine's length, and its length with voice where that differs: with a speech
    engine, each get-ready grows to fit its words (see :mod:`backcare_tui.sound.lead_ins`)."""
    from backcare_tui.sound.lead_ins import voice_total

    plain = session_total(routine)
    spoken = voice_total(routine)
    if spoken is None or format_duration(spoken) == format_duration(plain):
        return format_duration(plain)
    return f"{format_duration(plain)} ({format_duration(spoken)} with voice)"


def _dose_line(progress: StepProgress) -> str:
    """``today 35 s, base 30 s (+5 s every 2 good sessions, up to 1 min): why``."""
    step = progress.step
    today = dose_words(step, progress.dose)
    base = dose_words(step, base_of(step))
    rule = rule_words(step)
    why = progress.reason.replace(f" ({rule})", "")  # the rule is said once, before it
    return f"today {today}, base {base} ({rule}): {why}"


# --- validate ----------------------------------------------------------------------------------


def _toml_files(folder: Path) -> list[Path]:
    """The routine files in a folder, as the catalog would load them."""
    return sorted(p for p in folder.glob("*.toml") if not p.is_dir() and not p.name.startswith("."))


def _file_of_id(name: str) -> Path | None:
    """The file behind routine id ``name`` (the user's copy first), if there is one."""
    if "/" in name or name.endswith(".toml"):
        return None
    name = canonical_id(name)
    for folder in (user_routines_dir(), builtin_routines_dir()):
        candidate = folder / f"{name}.toml"
        if candidate.is_file():
            return candidate
    return None


def validate_command(args: argparse.Namespace) -> int:
    """``backcare validate PATH...``: check files, folders or ids; exit 1 on any problem."""
    out = console()
    files = bad_files = problems = 0
    for raw in args.paths:
        path = Path(raw).expanduser()
        targets: list[tuple[Path, str]] = []
        if path.is_dir():
            targets = [(p, os.path.join(raw, p.name)) for p in _toml_files(path)]
            if not targets:
                say(out, f"{raw}: has no .toml files to check")
        elif path.exists():
            targets = [(path, raw)]
        elif (found := _file_of_id(raw)) is not None:
            targets = [(found, shown_path(found))]
        else:
            say(out, f"{raw}: is neither a file nor a routine id (see `backcare list`)")
        if not targets:
            files, bad_files, problems = files + 1, bad_files + 1, problems + 1
        for file, label in targets:
            files += 1
            try:
                routine = load_routine(file, shown=label)
            except RoutineLoadError as exc:
                bad_files += 1
                problems += len(exc.errors)
                say_problems(exc.errors, out)
                continue
            steps = count(len(routine.steps), "step")
            say(
                out,
                f"{label}: ok ({routine.name}: {steps}, {format_duration(session_total(routine))})",
            )
    if problems:
        summary = f"{count(problems, 'problem')} in {bad_files} of {count(files, 'file')}."
        say(console(stderr=True), summary)
        return EXIT_PROBLEM
    return EXIT_OK
