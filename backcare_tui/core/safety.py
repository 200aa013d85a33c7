"""The safety notice: the red flags every user must see before their first session."""

from __future__ import annotations

__all__ = ["RED_FLAGS", "SAFETY_TITLE", "safety_text"]

SAFETY_TITLE = "Before you start: when to stop"

RED_FLAGS: tuple[str, ...] = (
    "Stop the exercise straight away if you feel sharp pain, or pain that gets worse as you go.",
    "Get medical help now if back pain comes with weakness controlling your bladder or bowels, "
    "or numbness in your legs or groin.",
    "See a doctor or physical therapist if the pain lasts despite rest, runs down a leg, "
    "or stops you from doing everyday things.",
    "backcare-tui guides exercise. It does not diagnose or treat anything.",
)


def safety_text(bullet: str = "•") -> str:
    """The red flags as plain text, one per line."""
    return "\n".join(f"{bullet} {flag}" for flag in RED_FLAGS)
