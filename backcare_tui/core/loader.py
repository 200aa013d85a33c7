"""The routine loader: a file's text checked key by key and built into a :class:`Routine`.

Loading collects every problem in a file rather than stopping at the first, and each problem knows
its place (file, line, step, field) so the command line and the UI can print it the same way.
Nothing but :class:`~backcare_tui.core.routine.RoutineLoadError` leaves :func:`parse_routine`.
Reading the file is the data layer's part: :func:`backcare_tui.data.catalog.load_routine`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypedDict

from backcare_tui.core import toml_limits as limits
from backcare_tui.core.checker import Checker, as_written
from backcare_tui.core.cues import Cue
from backcare_tui.core.durations import count, format_duration
from backcare_tui.core.progress_key import read_progress
from backcare_tui.core.routine import (
    DEFAULT_EXHALE,
    DEFAULT_INHALE,
    DEFAULT_LEAD_IN,
    DEFAULT_TEMPO,
    ROUTINE_KEYS,
    SIDES_WRITTEN,
    STEP_KEYS,
    Routine,
    RoutineError,
    RoutineLoadError,
    Step,
    StepKind,
    StepSides,
    sides_for,
    step_keys,
)
from backcare_tui.core.source_lines import SourceLines, scan
from backcare_tui.core.toml_errors import explain
from backcare_tui.core.toml_limits import MAX_FILE_BYTES

__all__ = ["MAX_FILE_BYTES", "parse_routine", "read_toml"]

_DURATION_LIMITS: dict[StepKind, float] = {
    StepKind.HOLD: 3600,
    StepKind.REPS: 3600,
    StepKind.TIMER: 4 * 3600,
    StepKind.REST: 3600,
    StepKind.BREATHE: 3600,
}
_SOUND_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]*$")


def _sides(
    check: Checker, table: Mapping[str, Any], *, step: int, step_name: str | None
) -> StepSides:
    value = table.get("sides", False)
    # Only true and false themselves: 1 and 0.0 equal them, and are no way to write sides.
    if isinstance(value, bool | str) and value in SIDES_WRITTEN:
        return SIDES_WRITTEN[value]
    check.add(
        f'must be false, true, "each" or "alternate", got {as_written(value)}',
        step=step,
        step_name=step_name,
        key="sides",
    )
    return StepSides.NONE


def _sound(
    check: Checker,
    table: Mapping[str, Any],
    folder: Path | None,
    *,
    step: int,
    step_name: str | None,
) -> str | None:
    value = check.text(table, "sound", step=step, step_name=step_name)
    if value is None:
        return None
    if value in {c.value for c in Cue}:
        return value
    names = ", ".join(c.value for c in Cue)
    if not value.lower().endswith(".wav") or not _SOUND_NAME.match(value) or ".." in value:
        check.add(
            f"must be a cue name ({names}) or a .wav file beside the routine, "
            f"got {as_written(value)}",
            step=step,
            step_name=step_name,
            key="sound",
        )
        return None
    if folder is not None and not (folder / value).is_file():
        check.add(
            f"names {as_written(value)}, which is not a file beside the routine",
            step=step,
            step_name=step_name,
            key="sound",
        )
        return None
    return value


class _Where(TypedDict):
    """Which step a check is about, passed on to every field check of that step."""

    step: int
    step_name: str | None


def _step(check: Checker, raw: object, index: int, folder: Path | None) -> Step | None:
    if not isinstance(raw, dict):
        check.add(f"must be a table of keys, got {as_written(raw)}", step=index)
        return None
    errors_before = len(check.errors)
    name_value = raw.get("name")
    label = name_value if isinstance(name_value, str) and name_value.strip() else None
    name = check.text(raw, "name", step=index, step_name=label, required=True, limit=80)
    kind_value = raw.get("kind")
    kind: StepKind | None = None
    if "kind" not in raw:
        check.add(
            f"is required: one of {', '.join(k.value for k in StepKind)}",
            step=index,
            step_name=label,
            field_name="kind",
        )
    elif not isinstance(kind_value, str) or kind_value not in {k.value for k in StepKind}:
        close = difflib.get_close_matches(str(kind_value), [k.value for k in StepKind], n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        kinds = ", ".join(k.value for k in StepKind)
        check.add(
            f"must be one of {kinds}, got {as_written(kind_value)}{hint}",
            step=index,
            step_name=label,
            key="kind",
        )
    else:
        kind = StepKind(kind_value)
    allowed = step_keys(kind) if kind else tuple(STEP_KEYS)
    if "sides" not in allowed:
        # One side only (false) is true of a rest or a breath too; other values are refused below.
        allowed += ("sides",)
    check.unknown_keys(raw, allowed, step=index, step_name=label, kind=kind)
    where: _Where = {"step": index, "step_name": label}
    instructions = check.text(raw, "instructions", lines=True, **where) or ""
    sides = _sides(check, raw, **where)
    sets = check.whole(raw, "sets", 1, 50, default=1, **where) or 1
    rest_between = check.seconds(
        raw, "rest_between", 1, 3600, default=0.0, allow_zero=True, **where
    )
    sound = _sound(check, raw, folder, **where)
    if kind is None:
        return None
    if sides not in sides_for(kind):
        if "sides" not in step_keys(kind):
            check.add(f"does not apply to {kind.value} steps", key="sides", **where)
        if sides is StepSides.ALTERNATE:
            check.add(
                '"alternate" only applies to reps steps; use true for one side then the other',
                key="sides",
                **where,
            )
    duration = reps = cycles = remind_every = None
    reminder = ""
    tempo, inhale, exhale, breath_hold = DEFAULT_TEMPO, DEFAULT_INHALE, DEFAULT_EXHALE, 0.0
    limit = _DURATION_LIMITS[kind]
    if kind in (StepKind.HOLD, StepKind.TIMER, StepKind.REST):
        if "duration" not in raw:
            check.add(f"is required for {kind.value} steps", field_name="duration", **where)
        duration = check.seconds(raw, "duration", 1, limit, **where)
    if kind is StepKind.TIMER:
        remind_every = check.seconds(raw, "remind_every", 10, limit, **where)
        if remind_every is not None and duration is not None and remind_every >= duration:
            check.add(
                f"must be shorter than the duration ({format_duration(duration)})",
                key="remind_every",
                **where,
            )
            remind_every = None
        reminder = check.text(raw, "reminder", limit=200, **where) or ""
    if kind is StepKind.REPS:
        if "reps" not in raw:
            check.add(
                "is required for reps steps: a whole number from 1 to 500",
                field_name="reps",
                **where,
            )
        reps = check.whole(raw, "reps", 1, 500, **where)
        tempo = (
            check.seconds(raw, "tempo", 0.5, 60, default=DEFAULT_TEMPO, **where) or DEFAULT_TEMPO
        )
    if kind is StepKind.BREATHE:
        cycles = check.whole(raw, "cycles", 1, 500, **where)
        duration = check.seconds(raw, "duration", 1, limit, **where)
        if "cycles" in raw and "duration" in raw:
            check.add(
                "and duration both set; give one of them",
                field_name="cycles",
                key="cycles",
                **where,
            )
        elif "cycles" not in raw and "duration" not in raw:
            check.add("or duration is required for breathe steps", field_name="cycles", **where)
        inhale = (
            check.seconds(raw, "inhale", 1, 60, default=DEFAULT_INHALE, **where) or DEFAULT_INHALE
        )
        exhale = (
            check.seconds(raw, "exhale", 1, 60, default=DEFAULT_EXHALE, **where) or DEFAULT_EXHALE
        )
        breath_hold = (
            check.seconds(raw, "hold", 0, 60, default=0.0, allow_zero=True, **where) or 0.0
        )
    if kind is StepKind.REPS and reps is not None:
        per_run = reps * (2 if sides is StepSides.ALTERNATE else 1) * tempo
        if per_run > _DURATION_LIMITS[kind]:
            check.add(
                f"at this tempo take {format_duration(per_run)}; one run of reps can last "
                f"at most {format_duration(_DURATION_LIMITS[kind])}",
                key="reps",
                **where,
            )
    if kind is StepKind.BREATHE and cycles is not None:
        per_run = cycles * (inhale + breath_hold + exhale)
        if per_run > _DURATION_LIMITS[kind]:
            check.add(
                f"at this pace take {format_duration(per_run)}; breathing can last at most "
                f"{format_duration(_DURATION_LIMITS[kind])}",
                key="cycles",
                **where,
            )
    progress = None
    if "progress" in step_keys(kind):  # elsewhere it was refused above, as not applying
        progress = read_progress(
            check,
            raw,
            kind=kind,
            base=duration if kind is not StepKind.REPS else reps,
            limit=limit,
            seconds_per_rep=tempo * (2 if sides is StepSides.ALTERNATE else 1),
            **where,
        )
    if len(check.errors) > errors_before or name is None:
        return None
    return Step(
        name=name,
        kind=kind,
        instructions=instructions,
        sides=sides,
        sets=sets,
        rest_between=rest_between or 0.0,
        duration=duration,
        reps=reps,
        tempo=tempo,
        remind_every=remind_every,
        reminder=reminder,
        cycles=cycles,
        inhale=inhale,
        exhale=exhale,
        breath_hold=breath_hold,
        sound=sound,
        progress=progress,
    )


def parse_routine(
    data: bytes | str,
    path: str | Path,
    *,
    routine_id: str | None = None,
    builtin: bool = False,
    folder: Path | None = None,
) -> Routine:
    """Validate ``data`` (a file's contents) and build a :class:`Routine`.

    ``path`` is used in messages and for the id (its stem) unless ``routine_id`` is given.
    ``folder`` is where ``sound`` files are looked up; ``None`` skips that check.
    """
    shown = str(path)
    try:
        return _parse(data, shown, routine_id or Path(shown).stem, builtin, folder)
    except RoutineLoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - the loader's promise: only RoutineLoadError escapes
        raise RoutineLoadError([RoutineError(shown, f"could not be read: {exc}")]) from exc


def _text_of(data: bytes | str, shown: str) -> str:
    """The file's text: UTF-8, not too large, without a byte order mark."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise RoutineLoadError([RoutineError(shown, limits.too_large())])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_line = data[: exc.start].count(b"\n") + 1
            raise RoutineLoadError(
                [
                    RoutineError(
                        shown,
                        f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                        line=bad_line,
                    )
                ]
            ) from None
    else:
        text = data
        if len(text) > MAX_FILE_BYTES:  # characters: at least as many bytes
            raise RoutineLoadError([RoutineError(shown, limits.too_large())])
    return text.removeprefix("\ufeff")


def _document(text: str, shown: str, array: str) -> tuple[dict[str, Any], SourceLines]:
    """The TOML in ``text`` and where its keys are; refused before tomllib if it is too much."""
    lines = scan(text, array)
    if lines.problem is not None:
        too_much, message = lines.problem
        raise RoutineLoadError([RoutineError(shown, message, line=too_much)])
    try:
        return tomllib.loads(text), lines
    except tomllib.TOMLDecodeError as exc:
        line, words = explain(str(exc), text, lines)
        raise RoutineLoadError([RoutineError(shown, words, line=line)]) from None


def _misnamed_blocks(check: Checker, document: Mapping[str, Any]) -> set[str]:
    """Say where a ``[[step]]`` (or any ``[[name]]`` not ``[[steps]]``) is; their names.

    The user counts each such block as a step, so the message says which step it would be,
    and the steps after it keep the numbers the user counts (:meth:`SourceLines.number`).
    """
    names = set()
    for block in check.lines.misnamed_blocks():
        if not isinstance(document.get(block.name), list):
            continue
        names.add(block.name)
        if check.full:
            check.left_out += 1
            continue
        close = difflib.get_close_matches(block.name, ["steps"], n=1, cutoff=0.6)
        hint = "did you mean [[steps]]?" if close else "each step is a [[steps]] block"
        check.errors.append(
            RoutineError(
                check.path,
                f"[[{block.name}]] is not a known table; {hint} "
                f"(this block would be step {block.number})",
                line=block.line,
            )
        )
    return names


def read_toml(
    data: bytes | str, shown: str, *, empty: str, array: str = "steps"
) -> tuple[dict[str, Any], SourceLines]:
    """A file's TOML document and where its keys are; every problem a RoutineLoadError.

    Routines and plans are read the same way, with the same limits, so a plan is refused as
    carefully as a routine. ``empty`` is what an empty file is told; ``array`` names the array
    of tables counted as entries (``steps``, or a plan's ``routines``).
    """
    text = _text_of(data, shown)
    if not text.strip():
        raise RoutineLoadError([RoutineError(shown, empty)])
    return _document(text, shown, array)


def _parse(
    data: bytes | str, shown: str, routine_id: str, builtin: bool, folder: Path | None
) -> Routine:
    document, lines = read_toml(
        data, shown, empty="is empty; a routine needs a name and at least one [[steps]]"
    )
    check = Checker(shown, lines)
    misnamed = _misnamed_blocks(check, document)
    check.unknown_keys(document, (*ROUTINE_KEYS, *misnamed), step=None, step_name=None)
    name = check.text(document, "name", required=True, limit=80)
    description = check.text(document, "description", lines=True) or ""
    tags = check.text_list(document, "tags")
    safety = check.text_list(document, "safety", lines=True)
    lead_in = check.seconds(document, "lead_in", 0, 300, default=DEFAULT_LEAD_IN, allow_zero=True)
    raw_steps = document.get("steps")
    steps: list[Step] = []
    if raw_steps is None:
        if not misnamed:  # the misnamed block's message says what to do
            check.add("are missing: add at least one [[steps]] table", field_name="steps")
    elif not isinstance(raw_steps, list) or not raw_steps:
        check.add("must be one or more [[steps]] tables", key="steps")
    else:
        if len(raw_steps) > 500:
            check.add(f"are too many ({len(raw_steps)}; at most 500)", key="steps")
        for index, raw in enumerate(raw_steps[:500]):
            step = _step(check, raw, index, folder)
            if step is not None:
                steps.append(step)
    if check.errors or name is None:
        errors = sorted(check.errors, key=lambda e: e.line or 0)
        if check.left_out:
            more = f"and {count(check.left_out, 'more problem')}: fix the ones above first"
            errors.append(RoutineError(shown, more))
        raise RoutineLoadError(errors)
    return Routine(
        id=routine_id,
        name=name,
        steps=tuple(steps),
        description=description,
        tags=tags,
        lead_in=lead_in if lead_in is not None else DEFAULT_LEAD_IN,
        safety=safety,
        builtin=builtin,
    )
