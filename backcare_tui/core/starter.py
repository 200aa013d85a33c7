"""The small routine a new one starts from, in ``backcare new`` and the app's "New routine"."""

from __future__ import annotations

from backcare_tui.core.routine import Routine, Step, StepKind, StepSides

__all__ = ["STARTER_SAFETY", "starter_routine"]

STARTER_SAFETY = (
    "Stop any exercise that causes sharp pain or pain that keeps getting worse.",
    "Weakness in bladder or bowel control, or numbness in your legs or groin, needs medical help "
    "right away.",
    "See a doctor or physical therapist if back pain lasts, spreads down a leg, "
    "or keeps coming back.",
)


def starter_routine(routine_id: str, name: str) -> Routine:
    """A small routine to edit: one hold per side, alternating reps, and a rest."""
    return Routine(
        id=routine_id,
        name=name,
        description="Your own routine: change, add or remove steps to suit you.",
        tags=("mine",),
        safety=STARTER_SAFETY,
        steps=(
            Step(
                name="Knee to chest",
                kind=StepKind.HOLD,
                duration=30.0,
                sides=StepSides.EACH,
                instructions="Lie on your back and gently hug one knee towards your chest. "
                "Keep the other leg relaxed and breathe slowly.",
            ),
            Step(
                name="Bird dog",
                kind=StepKind.REPS,
                reps=8,
                sides=StepSides.ALTERNATE,
                instructions="On hands and knees, reach one arm forward and the opposite leg back, "
                "keeping your back level. Come back and swap sides.",
            ),
            Step(
                name="Rest",
                kind=StepKind.REST,
                duration=30.0,
                instructions="Lie still and let your breathing settle.",
            ),
        ),
    )
