"""A routine being edited: the TOML document as plain values, checked by the real loader.

The editor changes a :class:`Draft` one field at a time with the text the user typed; every
check goes through :func:`~backcare_tui.core.loader.parse_routine`, so the editor can never accept
what the loader would refuse, and its messages are the loader's own. No Textual here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import tomli_w

from backcare_tui.core.loader import parse_routine
from backcare_tui.core.phases import session_total
from backcare_tui.core.routine import (
    DEFAULT_LEAD_IN,
    Routine,
    RoutineError,
    RoutineLoadError,
    Step,
    StepKind,
    step_keys,
)
from backcare_tui.core.routine_toml import routine_to_dict, step_to_dict

__all__ = ["Check", "Draft", "error_text", "exercise_library"]

_WHOLE_NUMBERS = {"reps", "sets", "cycles"}


def error_text(error: RoutineError) -> str:
    """A loader message without file and line, which mean nothing inside the editor."""
    parts = []
    if error.step is not None:
        parts.append(
            f'step {error.step} "{error.step_name}"' if error.step_name else f"step {error.step}"
        )
    text = f"{error.field} {error.message}" if error.field else error.message
    return ": ".join([*parts, text])


def _typed(field: str, text: str) -> Any:
    """What the user typed, as the TOML value a person would have written in the file."""
    value = text.strip()
    if field in _WHOLE_NUMBERS:
        try:
            return int(value)
        except ValueError:
            return value  # the loader says what is wrong with it
    if field == "sides":
        return {"": False, "none": False, "no": False, "each": True, "yes": True}.get(value, value)
    if field == "progress":
        return _progress_typed(value)
    return value


def _progress_typed(text: str) -> Any:
    """``every 2, add 5s, max 60s`` as the ``progress`` table; text that is not, as it is.

    The loader then says what is wrong with it, as it would in a file.
    """
    if not text:
        return ""
    table: dict[str, Any] = {}
    for part in text.split(","):
        words = part.replace("=", " ").replace(":", " ").split(maxsplit=1)
        if len(words) != 2:
            return text
        key, amount = words[0].lower(), words[1].strip().strip("\"'")
        table[key] = int(amount) if amount.isdigit() else amount
    return table


def _shown(value: Any) -> str:
    """A stored value as the text field shows it."""
    if isinstance(value, dict):  # a progress table, as typed: "every 2, add 5s, max 60s"
        return ", ".join(f"{key} {amount}" for key, amount in value.items())
    if value is True:
        return "each"
    if value is False or value is None:
        return "none" if value is False else ""
    return str(value)


@dataclass(frozen=True)
class Check:
    """The draft's state: the routine it makes, or the loader's messages."""

    routine: Routine | None
    errors: tuple[str, ...]
    total: float | None


class Draft:
    """An editable copy of a routine's document."""

    def __init__(self, routine: Routine) -> None:
        self.routine_id = routine.id
        self.source = routine
        self.doc: dict[str, Any] = routine_to_dict(routine)
        self.changed = False
        self._set_aside: dict[int, dict[str, Any]] = {}
        """Per step (by identity), values a change of kind made inapplicable, kept so that
        changing the kind back brings them back."""

    # --- the whole routine ------------------------------------------------------------------

    def get(self, field: str) -> str:
        value = self.doc.get(field, "")
        if field == "tags" and isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if field == "lead_in" and field not in self.doc:
            return f"{DEFAULT_LEAD_IN:g}"
        return str(value)

    def set(self, field: str, text: str) -> None:
        if field == "tags":
            value: Any = [t.strip() for t in text.split(",") if t.strip()]
        else:
            value = text.strip() if field != "description" else text
        self._put(self.doc, field, value)

    # --- steps ------------------------------------------------------------------------------

    @property
    def steps(self) -> list[dict[str, Any]]:
        steps = self.doc.setdefault("steps", [])
        assert isinstance(steps, list)
        return steps

    def step_value(self, index: int, field: str) -> str:
        return _shown(self.steps[index].get(field))

    def set_step(self, index: int, field: str, text: str) -> None:
        step = self.steps[index]
        if field == "kind":
            self._put(step, "kind", text)
            # Keys of the old kind would only be errors for the new one: keep what still applies.
            allowed = set(step_keys(text))
            aside = self._set_aside.setdefault(id(step), {})
            for key in [k for k in step if k not in allowed]:
                aside[key] = step.pop(key)
            for key in [k for k in aside if k in allowed and k not in step]:
                step[key] = aside.pop(key)
            return
        value = _typed(field, text)
        if field == "sides" and value is False:
            self._put(step, field, "")
            return
        self._put(step, field, value)

    def add_step(self, step: Step | dict[str, Any], after: int | None = None) -> int:
        """Insert a copy of ``step`` after ``after`` (at the end when None); return its index."""
        table = step_to_dict(step) if isinstance(step, Step) else copy.deepcopy(step)
        index = len(self.steps) if after is None else after + 1
        self.steps.insert(index, table)
        self.changed = True
        return index

    def duplicate_step(self, index: int) -> int:
        return self.add_step(self.steps[index], after=index)

    def remove_step(self, index: int) -> None:
        del self.steps[index]
        self.changed = True

    def move_step(self, index: int, offset: int) -> int:
        target = max(0, min(len(self.steps) - 1, index + offset))
        if target != index:
            self.steps.insert(target, self.steps.pop(index))
            self.changed = True
        return target

    def step_label(self, index: int) -> str:
        step = self.steps[index]
        return f"{index + 1}. {step.get('name') or '(no name)'}"

    # --- checking ---------------------------------------------------------------------------

    def text(self) -> str:
        return tomli_w.dumps(self.doc)

    def check(self) -> Check:
        """Run the loader over the draft: the routine it makes, or every problem."""
        try:
            routine = parse_routine(
                self.text(), f"{self.routine_id}.toml", routine_id=self.routine_id
            )
        except RoutineLoadError as exc:
            return Check(None, tuple(error_text(e) for e in exc.errors), None)
        return Check(routine, (), session_total(routine))

    def _put(self, table: dict[str, Any], field: str, value: Any) -> None:
        empty = value == "" or value == []
        if empty:
            if field in table:
                del table[field]
                self.changed = True
            return
        if table.get(field) != value:
            table[field] = value
            self.changed = True


def exercise_library(routines: list[Routine]) -> list[Step]:
    """Every exercise in ``routines``, once each by name: the editor's library of known steps."""
    seen: dict[str, Step] = {}
    for routine in routines:
        for step in routine.steps:
            if step.kind is not StepKind.REST:
                seen.setdefault(step.name.lower(), step)
    return sorted(seen.values(), key=lambda s: s.name.lower())
