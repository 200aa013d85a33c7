"""Writing a routine back out as TOML: the inverse of the loader.

Defaults are left out so a written file stays short, and durations are written the way a person
would (``"30s"``, ``"1m30s"``); loading what is written gives an equal routine.
"""

from __future__ import annotations

from typing import Any

from backcare_tui.core.routine import (
    DEFAULT_LEAD_IN,
    DEFAULT_TEMPO,
    Routine,
    Step,
    StepKind,
    StepSides,
)

__all__ = ["progress_to_dict", "routine_to_dict", "routine_to_toml", "step_to_dict"]


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
    if step.progress is not None:
        out["progress"] = progress_to_dict(step)
    return out


def progress_to_dict(step: Step) -> dict[str, Any]:
    """The ``progress`` table of ``step`` (which has one): whole reps, or readable durations."""
    rule = step.progress
    assert rule is not None
    if step.kind is StepKind.REPS:
        return {"every": rule.every, "add": round(rule.add), "max": round(rule.most)}
    return {
        "every": rule.every,
        "add": _duration_value(rule.add),
        "max": _duration_value(rule.most),
    }


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
