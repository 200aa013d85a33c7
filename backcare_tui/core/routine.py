"""Routines: the TOML format, its validation, and the frozen dataclasses the rest of the app uses.

One routine per file; its id is the file stem. Loading collects every problem in a file rather
than stopping at the first, and each problem knows its place (file, line, step, field) so the
command line and the UI can print it the same way. Nothing but :class:`RoutineLoadError` leaves
:func:`parse_routine` or :func:`load_routine`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, TypedDict

from backcare_tui.core.cues import Cue
from backcare_tui.core.durations import DurationError, count, format_duration, parse_duration

__all__ = [
    "Routine",
    "RoutineError",
    "RoutineLoadError",
    "Step",
    "StepKind",
    "StepSides",
    "load_routine",
    "parse_routine",
    "routine_to_toml",
]

DEFAULT_LEAD_IN = 5.0
DEFAULT_TEMPO = 3.0
DEFAULT_INHALE = 4.0
DEFAULT_EXHALE = 6.0
MAX_FILE_BYTES = 1_000_000


class StepKind(StrEnum):
    """What a step asks of the user."""

    HOLD = "hold"
    REPS = "reps"
    TIMER = "timer"
    REST = "rest"
    BREATHE = "breathe"


class StepSides(StrEnum):
    """How a step treats left and right."""

    NONE = "none"
    EACH = "each"
    """The whole step on the left, then the whole step on the right."""
    ALTERNATE = "alternate"
    """Reps alternate left and right within one run of the step."""


@dataclass(frozen=True)
class Step:
    """One exercise (or rest) in a routine, validated."""

    name: str
    kind: StepKind
    instructions: str = ""
    sides: StepSides = StepSides.NONE
    sets: int = 1
    rest_between: float = 0.0
    duration: float | None = None
    reps: int | None = None
    tempo: float = DEFAULT_TEMPO
    remind_every: float | None = None
    reminder: str = ""
    """What a timer's interval reminder says (shown and spoken), e.g. "Check your skin"."""
    cycles: int | None = None
    inhale: float = DEFAULT_INHALE
    exhale: float = DEFAULT_EXHALE
    breath_hold: float = 0.0
    sound: str | None = None

    @property
    def breath_cycle(self) -> float:
        """Seconds in one breath: in, held, out."""
        return self.inhale + self.breath_hold + self.exhale

    @property
    def reps_per_run(self) -> int:
        """Reps count in one run of the step (both sides' when they alternate)."""
        reps = self.reps or 0
        return reps * 2 if self.sides is StepSides.ALTERNATE else reps

    @property
    def work_time(self) -> float:
        """Seconds of one run of the step on one side, as planned."""
        if self.kind is StepKind.REPS:
            return self.reps_per_run * self.tempo
        if self.kind is StepKind.BREATHE and self.cycles is not None:
            return self.cycles * self.breath_cycle
        return self.duration or 0.0

    def summary(self) -> str:
        """A short description of the dose: ``30 s``, ``10 reps per side``, ``2 × 30 s``."""
        if self.kind is StepKind.REPS:
            dose = count(self.reps or 0, "rep")
            if self.sides is not StepSides.NONE:
                dose += " per side"
        elif self.kind is StepKind.BREATHE:
            if self.cycles is not None:
                dose = count(self.cycles, "breath")
            else:
                dose = format_duration(self.work_time)
        else:
            dose = format_duration(self.work_time)
            if self.sides is StepSides.EACH:
                dose += " per side"
        if self.sets > 1:
            dose = f"{self.sets} × {dose}"
        return dose


@dataclass(frozen=True)
class Routine:
    """A validated routine. ``id`` is the file stem; ``path`` is where it was read from."""

    id: str
    name: str
    steps: tuple[Step, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    lead_in: float = DEFAULT_LEAD_IN
    safety: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)
    builtin: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class RoutineError:
    """One problem in a routine file, with its place, printed as ``file:line: step n "x": …``."""

    path: str
    message: str
    line: int | None = None
    step: int | None = None
    """The step's number as people count, from 1."""
    step_name: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.step is not None:
            parts.append(
                f'step {self.step} "{self.step_name}"' if self.step_name else f"step {self.step}"
            )
        text = f"{self.field} {self.message}" if self.field else self.message
        return ": ".join(parts) + ": " + text


class RoutineLoadError(Exception):
    """A routine file could not be loaded; ``errors`` holds every problem found."""

    def __init__(self, errors: Iterable[RoutineError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


# --- where keys sit in the source ------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("([^"]+)"|'([^']+)'|[A-Za-z0-9_-]+)\s*=""")


class _Lines:
    """Maps ``(step_index or None, key)`` to the 1-based line where the key is written.

    TOML parsers do not keep positions, so this follows table headers in the raw text. It is a
    best effort: a key it cannot place simply gets no line number.
    """

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[int | None, str], int] = {}
        self.steps: dict[int, int] = {}
        table: int | None = None
        other_table = False
        in_multiline: str | None = None
        step_count = -1
        for number, raw in enumerate(text.splitlines(), start=1):
            if in_multiline is not None:
                if raw.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = _HEADER.match(raw)
            if header and not raw.lstrip().startswith(("'", '"')):
                name = header.group(2).strip().strip('"').strip("'")
                if name == "steps" and header.group(1) == "[[":
                    step_count += 1
                    table, other_table = step_count, False
                    self.steps[step_count] = number
                else:
                    table, other_table = None, True
                continue
            key = _KEY.match(raw)
            if key and not other_table:
                name = key.group(2) or key.group(3) or key.group(1)
                self.keys.setdefault((table, name), number)
            for quote in ('"""', "'''"):
                if raw.count(quote) % 2 == 1:
                    in_multiline = quote
                    break

    def of(self, step: int | None, key: str | None) -> int | None:
        if key is not None and (step, key) in self.keys:
            return self.keys[(step, key)]
        if step is not None:
            return self.steps.get(step)
        return None


# --- validation ------------------------------------------------------------------------------

_TOP_KEYS = ("name", "description", "tags", "lead_in", "safety", "steps")
_COMMON_STEP_KEYS = ("name", "kind", "instructions", "sides", "sets", "rest_between", "sound")
_KIND_KEYS: dict[StepKind, tuple[str, ...]] = {
    StepKind.HOLD: ("duration",),
    StepKind.REPS: ("reps", "tempo"),
    StepKind.TIMER: ("duration", "remind_every", "reminder"),
    StepKind.REST: ("duration",),
    StepKind.BREATHE: ("cycles", "duration", "inhale", "exhale", "hold"),
}
_ALL_STEP_KEYS = tuple(dict.fromkeys(_COMMON_STEP_KEYS + sum(_KIND_KEYS.values(), ())))
_DURATION_LIMITS: dict[StepKind, float] = {
    StepKind.HOLD: 3600,
    StepKind.REPS: 3600,
    StepKind.TIMER: 4 * 3600,
    StepKind.REST: 3600,
    StepKind.BREATHE: 3600,
}
_SOUND_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]*$")


def _shown(value: object) -> str:
    """A value as the user wrote it, quoted if it was text."""
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return str(value)


class _Checker:
    """Collects problems for one file."""

    def __init__(self, path: str, lines: _Lines) -> None:
        self.path = path
        self.lines = lines
        self.errors: list[RoutineError] = []

    def add(
        self,
        message: str,
        *,
        step: int | None = None,
        step_name: str | None = None,
        key: str | None = None,
        field_name: str | None = None,
    ) -> None:
        self.errors.append(
            RoutineError(
                path=self.path,
                message=message,
                line=self.lines.of(step, key),
                step=None if step is None else step + 1,
                step_name=step_name,
                field=field_name if field_name is not None else key,
            )
        )

    def unknown_keys(
        self,
        table: Mapping[str, Any],
        allowed: Iterable[str],
        *,
        step: int | None,
        step_name: str | None,
        kind: StepKind | None = None,
    ) -> None:
        allowed = tuple(allowed)
        for key in table:
            if key in allowed:
                continue
            if kind is not None and key in _ALL_STEP_KEYS:
                self.add(
                    f"does not apply to {kind.value} steps", step=step, step_name=step_name, key=key
                )
                continue
            pool = allowed if kind is None else _ALL_STEP_KEYS
            close = difflib.get_close_matches(key, pool, n=1, cutoff=0.6)
            hint = (
                f"; did you mean `{close[0]}`?" if close else f"; known keys: {', '.join(allowed)}"
            )
            self.add(f"is not a known key{hint}", step=step, step_name=step_name, key=key)


def _text(
    check: _Checker,
    table: Mapping[str, Any],
    key: str,
    *,
    step: int | None = None,
    step_name: str | None = None,
    required: bool = False,
    limit: int = 10_000,
) -> str | None:
    if key not in table:
        if required:
            check.add("is required", step=step, step_name=step_name, key=None, field_name=key)
        return None
    value = table[key]
    if not isinstance(value, str):
        check.add(f"must be text, got {_shown(value)}", step=step, step_name=step_name, key=key)
        return None
    if required and not value.strip():
        check.add("must not be empty", step=step, step_name=step_name, key=key)
        return None
    if len(value) > limit:
        check.add(
            f"is too long ({len(value)} characters; at most {limit})",
            step=step,
            step_name=step_name,
            key=key,
        )
        return None
    return value


def _text_list(check: _Checker, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.add(f'must be a list of text, such as ["a", "b"], got {_shown(value)}', key=key)
        return ()
    return tuple(value)


def _whole(
    check: _Checker,
    table: Mapping[str, Any],
    key: str,
    low: int,
    high: int,
    *,
    step: int | None,
    step_name: str | None,
    default: int | None = None,
) -> int | None:
    if key not in table:
        return default
    value = table[key]
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    if number is None or not low <= number <= high:
        check.add(
            f"must be a whole number from {low} to {high}, got {_shown(value)}",
            step=step,
            step_name=step_name,
            key=key,
        )
        return default
    return number


def _seconds(
    check: _Checker,
    table: Mapping[str, Any],
    key: str,
    low: float,
    high: float,
    *,
    step: int | None = None,
    step_name: str | None = None,
    default: float | None = None,
    allow_zero: bool = False,
) -> float | None:
    if key not in table:
        return default
    value = table[key]
    try:
        seconds = parse_duration(value)
    except DurationError as exc:
        check.add(str(exc), step=step, step_name=step_name, key=key)
        return default
    smallest = 0.0 if allow_zero else low
    if seconds < smallest or seconds > high or (not allow_zero and seconds <= 0):
        # format_duration rounds to whole seconds, which would show tempo's 0.5 s floor as "0 s".
        lower = "0" if allow_zero else format_duration(low) if low >= 1 else f"{low:g} s"
        check.add(
            f"must be from {lower} to {format_duration(high)}, got {_shown(value)}",
            step=step,
            step_name=step_name,
            key=key,
        )
        return default
    return seconds


def _sides(
    check: _Checker, table: Mapping[str, Any], *, step: int, step_name: str | None
) -> StepSides:
    value = table.get("sides", False)
    if value is False or value == "none":
        return StepSides.NONE
    if value is True or value == "each":
        return StepSides.EACH
    if value == "alternate":
        return StepSides.ALTERNATE
    check.add(
        f'must be false, true, "each" or "alternate", got {_shown(value)}',
        step=step,
        step_name=step_name,
        key="sides",
    )
    return StepSides.NONE


def _sound(
    check: _Checker,
    table: Mapping[str, Any],
    folder: Path | None,
    *,
    step: int,
    step_name: str | None,
) -> str | None:
    value = _text(check, table, "sound", step=step, step_name=step_name)
    if value is None:
        return None
    if value in {c.value for c in Cue}:
        return value
    names = ", ".join(c.value for c in Cue)
    if not value.lower().endswith(".wav") or not _SOUND_NAME.match(value) or ".." in value:
        check.add(
            f"must be a cue name ({names}) or a .wav file beside the routine, got {_shown(value)}",
            step=step,
            step_name=step_name,
            key="sound",
        )
        return None
    if folder is not None and not (folder / value).is_file():
        check.add(
            f"names {value!r}, which is not a file in {folder}",
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


def _step(check: _Checker, raw: object, index: int, folder: Path | None) -> Step | None:
    if not isinstance(raw, dict):
        check.add(f"must be a table of keys, got {_shown(raw)}", step=index)
        return None
    errors_before = len(check.errors)
    name_value = raw.get("name")
    label = name_value if isinstance(name_value, str) and name_value.strip() else None
    name = _text(check, raw, "name", step=index, step_name=label, required=True, limit=80)
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
            f"must be one of {kinds}, got {_shown(kind_value)}{hint}",
            step=index,
            step_name=label,
            key="kind",
        )
    else:
        kind = StepKind(kind_value)
    allowed = _COMMON_STEP_KEYS + (_KIND_KEYS[kind] if kind else sum(_KIND_KEYS.values(), ()))
    check.unknown_keys(raw, allowed, step=index, step_name=label, kind=kind)
    where: _Where = {"step": index, "step_name": label}
    instructions = _text(check, raw, "instructions", **where) or ""
    sides = _sides(check, raw, **where)
    sets = _whole(check, raw, "sets", 1, 50, default=1, **where) or 1
    rest_between = _seconds(
        check, raw, "rest_between", 1, 3600, default=0.0, allow_zero=True, **where
    )
    sound = _sound(check, raw, folder, **where)
    if kind is None:
        return None
    if kind in (StepKind.REST, StepKind.BREATHE) and sides is not StepSides.NONE:
        check.add(f"does not apply to {kind.value} steps", key="sides", **where)
    if kind is StepKind.REST:
        for key in ("sets", "rest_between"):
            if key in raw:
                check.add("does not apply to rest steps", key=key, **where)
    if sides is StepSides.ALTERNATE and kind is not StepKind.REPS:
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
        duration = _seconds(check, raw, "duration", 1, limit, **where)
    if kind is StepKind.TIMER:
        remind_every = _seconds(check, raw, "remind_every", 10, limit, **where)
        if remind_every is not None and duration is not None and remind_every >= duration:
            check.add(
                f"must be shorter than the duration ({format_duration(duration)})",
                key="remind_every",
                **where,
            )
            remind_every = None
        reminder = _text(check, raw, "reminder", limit=200, **where) or ""
    if kind is StepKind.REPS:
        if "reps" not in raw:
            check.add(
                "is required for reps steps: a whole number from 1 to 500",
                field_name="reps",
                **where,
            )
        reps = _whole(check, raw, "reps", 1, 500, **where)
        tempo = (
            _seconds(check, raw, "tempo", 0.5, 60, default=DEFAULT_TEMPO, **where) or DEFAULT_TEMPO
        )
    if kind is StepKind.BREATHE:
        cycles = _whole(check, raw, "cycles", 1, 500, **where)
        duration = _seconds(check, raw, "duration", 1, limit, **where)
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
            _seconds(check, raw, "inhale", 1, 60, default=DEFAULT_INHALE, **where) or DEFAULT_INHALE
        )
        exhale = (
            _seconds(check, raw, "exhale", 1, 60, default=DEFAULT_EXHALE, **where) or DEFAULT_EXHALE
        )
        breath_hold = (
            _seconds(check, raw, "hold", 0, 60, default=0.0, allow_zero=True, **where) or 0.0
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
    )


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


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


def _parse(
    data: bytes | str, shown: str, routine_id: str, builtin: bool, folder: Path | None
) -> Routine:
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise RoutineLoadError(
                [RoutineError(shown, f"is too large for a routine ({len(data)} bytes)")]
            )
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
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise RoutineLoadError(
            [RoutineError(shown, "is empty; a routine needs a name and at least one [[steps]]")]
        )
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        line = int(found.group(1)) if found else None
        if "(at end of document)" in message:  # not "Expected newline or end of document"
            line = text.count("\n") + 1
        reason = _TOML_POSITION.sub("", message).replace("(at end of document)", "").strip()
        raise RoutineLoadError(
            [RoutineError(shown, f"is not valid TOML: {reason}", line=line)]
        ) from None
    lines = _Lines(text)
    check = _Checker(shown, lines)
    check.unknown_keys(document, _TOP_KEYS, step=None, step_name=None)
    name = _text(check, document, "name", required=True, limit=80)
    description = _text(check, document, "description") or ""
    tags = _text_list(check, document, "tags")
    safety = _text_list(check, document, "safety")
    lead_in = _seconds(check, document, "lead_in", 0, 300, default=DEFAULT_LEAD_IN, allow_zero=True)
    raw_steps = document.get("steps")
    steps: list[Step] = []
    if raw_steps is None:
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
        raise RoutineLoadError(sorted(check.errors, key=lambda e: e.line or 0))
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


def load_routine(path: Path, *, builtin: bool = False, shown: str | None = None) -> Routine:
    """Read and validate one routine file. Raises only :class:`RoutineLoadError`."""
    label = shown or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise RoutineLoadError([RoutineError(label, f"cannot be read: {reason}")]) from None
    routine = parse_routine(data, label, routine_id=path.stem, builtin=builtin, folder=path.parent)
    return replace(routine, path=path)


# --- writing -----------------------------------------------------------------------------------


def _duration_value(seconds: float) -> float | str:
    """Seconds as the most readable TOML value: ``"30s"``, ``"1m30s"``, ``"15m"``.

    A fraction of a second is written as a plain TOML float, which reads back exactly; text such
    as ``f"{x:g}s"`` keeps only six digits (``14399.25`` would come back as ``14399.2``).
    """
    whole = round(seconds)
    if seconds != whole:
        return seconds
    if whole < 120 or whole % 60:
        return f"{whole}s" if whole < 120 else _unit_text(whole)
    return _unit_text(whole)


def _unit_text(whole: int) -> str:
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{n}{u}" for n, u in ((hours, "h"), (minutes, "m"), (secs, "s")) if n)


def step_to_dict(step: Step) -> dict[str, Any]:
    """The TOML table for ``step``, with defaults left out so the file stays short."""
    out: dict[str, Any] = {"name": step.name, "kind": step.kind.value}
    if step.instructions:
        out["instructions"] = step.instructions
    if step.sides is StepSides.EACH:
        out["sides"] = True
    elif step.sides is StepSides.ALTERNATE:
        out["sides"] = "alternate"
    if step.sets != 1:
        out["sets"] = step.sets
    if step.rest_between:
        out["rest_between"] = _duration_value(step.rest_between)
    if step.kind is StepKind.REPS:
        out["reps"] = step.reps
        if step.tempo != DEFAULT_TEMPO:
            out["tempo"] = _duration_value(step.tempo)
    elif step.kind is StepKind.BREATHE:
        if step.cycles is not None:
            out["cycles"] = step.cycles
        elif step.duration is not None:
            out["duration"] = _duration_value(step.duration)
        out["inhale"] = _duration_value(step.inhale)
        out["exhale"] = _duration_value(step.exhale)
        if step.breath_hold:
            out["hold"] = _duration_value(step.breath_hold)
    elif step.duration is not None:
        out["duration"] = _duration_value(step.duration)
        if step.remind_every is not None:
            out["remind_every"] = _duration_value(step.remind_every)
        if step.reminder:
            out["reminder"] = step.reminder
    if step.sound:
        out["sound"] = step.sound
    return out


def routine_to_dict(routine: Routine) -> dict[str, Any]:
    """The TOML document for ``routine``; loading it back gives an equal routine."""
    out: dict[str, Any] = {"name": routine.name}
    if routine.description:
        out["description"] = routine.description
    if routine.tags:
        out["tags"] = list(routine.tags)
    if routine.lead_in != DEFAULT_LEAD_IN:
        out["lead_in"] = _duration_value(routine.lead_in) if routine.lead_in else 0
    if routine.safety:
        out["safety"] = list(routine.safety)
    out["steps"] = [step_to_dict(s) for s in routine.steps]
    return out


def routine_to_toml(routine: Routine, header: str = "") -> str:
    """Serialise ``routine`` with tomli-w, after an optional comment ``header``."""
    import tomli_w

    body = tomli_w.dumps(routine_to_dict(routine))
    if header:
        body = (
            "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
            + "\n"
            + body
        )
    return body
