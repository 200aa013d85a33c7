"""Reading the values of a routine file one key at a time, each problem kept with its place.

A :class:`Checker` belongs to one file. Each of its readers (:meth:`Checker.text`,
:meth:`Checker.whole`, :meth:`Checker.seconds`, …) returns the value when it is good, and
otherwise records a :class:`~backcare_tui.core.routine.RoutineError` at the key's line and
returns the default, so the loader goes on and reports every problem, not only the first.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from backcare_tui.core.durations import DurationError, format_duration, parse_duration
from backcare_tui.core.routine import STEP_KEYS, RoutineError, StepKind
from backcare_tui.core.source_lines import SourceLines
from backcare_tui.core.text import control_in, escape, quoted
from backcare_tui.core.toml_limits import MAX_PROBLEMS

__all__ = ["Checker", "as_written"]


def as_written(value: object) -> str:
    """A value as the user wrote it, quoted if it was text (controls written as escapes)."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return str(value)


class Checker:
    """Collects the problems of one file, each with its place, and reads values checking them."""

    def __init__(self, path: str, lines: SourceLines, part: str = "step") -> None:
        self.path = path
        self.lines = lines
        self.part = part
        """What the file's numbered entries are called in messages (``step``, ``routine``)."""
        self.errors: list[RoutineError] = []
        self.left_out = 0
        """Problems found past :data:`MAX_PROBLEMS`, counted but not kept."""

    @property
    def full(self) -> bool:
        """Enough problems are kept: the user has plenty to fix first."""
        return len(self.errors) >= MAX_PROBLEMS

    def add(
        self,
        message: str,
        *,
        step: int | None = None,
        step_name: str | None = None,
        key: str | None = None,
        field_name: str | None = None,
        within: str | None = None,
    ) -> None:
        """Record a problem with ``key`` (of step ``step``, counted from 0; None: the top).

        The step is named as the user counts their blocks (:meth:`SourceLines.number`).
        ``within`` names the inline table that holds ``key`` (``progress``): the problem is
        placed on that table's line and named ``progress.add``.
        """
        if self.full:
            self.left_out += 1
            return
        shown = field_name if field_name is not None else key
        if within is not None:
            shown = within if shown is None else f"{within}.{shown}"
        self.errors.append(
            RoutineError(
                path=self.path,
                message=message,
                line=self.lines.of(step, within or key),
                step=None if step is None else self.lines.number(step),
                step_name=step_name,
                field=shown,
                part=self.part,
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
        within: str | None = None,
    ) -> None:
        """Report each key of ``table`` not in ``allowed``.

        On a step of ``kind``, a key some other kind of step has "does not apply"; any other
        key is unknown, with the closest known one suggested.
        """
        allowed = tuple(allowed)
        for key in table:
            if key in allowed:
                continue
            if self.full:  # difflib on thousands of keys would take seconds
                self.left_out += 1
                continue
            bad = control_in(key)
            if bad is not None:
                self.add(
                    f"holds a control character ({escape(bad)}); a key is a plain word",
                    step=step,
                    step_name=step_name,
                    key=key,
                    field_name=f"the key {as_written(key)}",
                    within=within,
                )
                continue
            if kind is not None and key in STEP_KEYS:
                self.add(
                    f"does not apply to {kind.value} steps", step=step, step_name=step_name, key=key
                )
                continue
            pool = allowed if kind is None else tuple(STEP_KEYS)
            # A key written short ("rest" for rest_between) is nearer by meaning than by letters
            # ("reps"): a key it begins is the better guess.
            close = [k for k in pool if k.startswith(key + "_")] or difflib.get_close_matches(
                key, pool, n=1, cutoff=0.6
            )
            hint = (
                f"; did you mean `{close[0]}`?" if close else f"; known keys: {', '.join(allowed)}"
            )
            self.add(
                f"is not a known key{hint}",
                step=step,
                step_name=step_name,
                key=key,
                within=within,
            )

    # --- readers ------------------------------------------------------------------------------

    def text(
        self,
        table: Mapping[str, Any],
        key: str,
        *,
        step: int | None = None,
        step_name: str | None = None,
        required: bool = False,
        limit: int = 10_000,
        lines: bool = False,
    ) -> str | None:
        """Text of at most ``limit`` characters (and not blank, when ``required``).

        No control characters but tab; ``lines`` allows line breaks too, in text shown over
        several lines (a description, instructions).
        """
        if key not in table:
            if required:
                self.add("is required", step=step, step_name=step_name, key=None, field_name=key)
            return None
        value = table[key]
        if not isinstance(value, str):
            self.add(
                f"must be text, got {as_written(value)}", step=step, step_name=step_name, key=key
            )
            return None
        if required and not value.strip():
            self.add("must not be empty", step=step, step_name=step_name, key=key)
            return None
        bad = control_in(value, lines=lines)
        if bad is not None:
            self.add(_control_message(bad), step=step, step_name=step_name, key=key)
            return None
        if len(value) > limit:
            self.add(
                f"is too long ({len(value)} characters; at most {limit})",
                step=step,
                step_name=step_name,
                key=key,
            )
            return None
        return value

    def text_list(
        self, table: Mapping[str, Any], key: str, *, lines: bool = False
    ) -> tuple[str, ...]:
        """A list of text at the top of the file; empty when missing or wrong.

        ``lines``: its items may hold line breaks, as :meth:`text` allows.
        """
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(
                f'must be a list of text, such as ["a", "b"], got {as_written(value)}', key=key
            )
            return ()
        for number, item in enumerate(value, start=1):
            bad = control_in(item, lines=lines)
            if bad is not None:
                self.add(f"item {number}: {_control_message(bad)}", key=key)
                return ()
        return tuple(value)

    def whole(
        self,
        table: Mapping[str, Any],
        key: str,
        low: int,
        high: int,
        *,
        step: int | None,
        step_name: str | None,
        default: int | None = None,
        within: str | None = None,
    ) -> int | None:
        """A whole number from ``low`` to ``high`` (``3.0`` counts as 3)."""
        if key not in table:
            return default
        value = table[key]
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        if number is None or not low <= number <= high:
            self.add(
                f"must be a whole number from {low} to {high}, got {as_written(value)}",
                step=step,
                step_name=step_name,
                key=key,
                within=within,
            )
            return default
        return number

    def seconds(
        self,
        table: Mapping[str, Any],
        key: str,
        low: float,
        high: float,
        *,
        step: int | None = None,
        step_name: str | None = None,
        default: float | None = None,
        allow_zero: bool = False,
        within: str | None = None,
    ) -> float | None:
        """A duration (``30``, ``"1m30s"``) from ``low`` to ``high`` seconds, or 0 if allowed."""
        if key not in table:
            return default
        value = table[key]
        try:
            seconds = parse_duration(value)
        except DurationError as exc:
            self.add(str(exc), step=step, step_name=step_name, key=key, within=within)
            return default
        smallest = 0.0 if allow_zero else low
        if seconds < smallest or seconds > high or (not allow_zero and seconds <= 0):
            # format_duration rounds to whole seconds: tempo's 0.5 s floor would show as "0 s".
            lower = "0" if allow_zero else format_duration(low) if low >= 1 else f"{low:g} s"
            self.add(
                f"must be from {lower} to {format_duration(high)}, got {as_written(value)}",
                step=step,
                step_name=step_name,
                key=key,
                within=within,
            )
            return default
        return seconds


def _control_message(char: str) -> str:
    if char == "\n":
        return "must fit on one line (it holds a line break)"
    return f"holds a control character ({escape(char)}), which a routine file cannot have"
