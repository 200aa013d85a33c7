"""Hypothesis strategies shared by the tests: valid routines of every kind of step."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from backcare_tui.core.cues import Cue
from backcare_tui.core.routine import Progress, Routine, Step, StepKind, StepSides


def _seconds(low: float, high: float) -> st.SearchStrategy[float]:
    whole = st.integers(min_value=int(low) if low >= 1 else 1, max_value=int(high)).map(float)
    return st.one_of(whole, st.floats(min_value=low, max_value=high, allow_nan=False))


_line = st.characters(blacklist_categories=("Cc", "Cs"))
"""Any character a routine's text may hold on one line: no controls (tab aside), no surrogates."""
_lines = st.one_of(_line, st.just("\n"))
"""The same for text shown over several lines (a description, instructions, safety notes)."""
_names = st.text(_line | st.just("\t"), min_size=1, max_size=80).filter(lambda s: s.strip() != "")
_notes = st.text(_lines, max_size=60)
_sounds = st.one_of(st.none(), st.sampled_from([c.value for c in Cue]), st.just("bell.wav"))
_sets_and_rest = st.tuples(
    st.integers(min_value=1, max_value=50), st.one_of(st.just(0.0), _seconds(0.001, 3600))
)


def _progress(
    base: float, limit: float, *, whole: bool = False
) -> st.SearchStrategy[Progress | None]:
    """No rule, or a rule that grows ``base`` by whole seconds (or reps) up to at most ``limit``."""
    rule = st.builds(
        Progress,
        add=st.integers(min_value=1, max_value=50 if whole else 600).map(float),
        most=st.integers(min_value=int(base) + 1, max_value=int(limit)).map(float),
        every=st.integers(min_value=1, max_value=50),
    )
    return st.one_of(st.none(), rule)


@st.composite
def _steps(draw: st.DrawFn) -> Step:
    kind = draw(st.sampled_from(list(StepKind)))
    common: dict[str, Any] = {
        "name": draw(_names),
        "kind": kind,
        "instructions": draw(_notes),
        "sound": draw(_sounds),
    }
    if kind is not StepKind.REST:
        common["sets"], common["rest_between"] = draw(_sets_and_rest)
    if kind is StepKind.HOLD:
        duration = draw(_seconds(1, 3599))
        return Step(
            **common,
            sides=draw(st.sampled_from([StepSides.NONE, StepSides.EACH])),
            duration=duration,
            progress=draw(_progress(duration, 3600)),
        )
    if kind is StepKind.REST:
        return Step(**common, duration=draw(_seconds(1, 3600)))
    if kind is StepKind.REPS:
        sides = draw(st.sampled_from(list(StepSides)))
        tempo = draw(_seconds(0.5, 60))
        # One run of reps may last at most an hour.
        most = min(500, int(3600 // (tempo * (2 if sides is StepSides.ALTERNATE else 1))))
        reps = draw(st.integers(min_value=1, max_value=most))
        return Step(
            **common,
            sides=sides,
            reps=reps,
            tempo=tempo,
            progress=draw(_progress(reps, most, whole=True)) if reps < most else None,
        )
    if kind is StepKind.TIMER:
        duration = draw(_seconds(11, 4 * 3600))
        remind = draw(st.one_of(st.none(), _seconds(10, duration).filter(lambda r: r < duration)))
        return Step(
            **common,
            sides=draw(st.sampled_from([StepSides.NONE, StepSides.EACH])),
            duration=duration,
            remind_every=remind,
            reminder=draw(st.text(_line, max_size=40)),
        )
    inhale, exhale = draw(_seconds(1, 60)), draw(_seconds(1, 60))
    breath_hold = draw(st.one_of(st.just(0.0), _seconds(0.001, 60)))
    # Breathing may last at most an hour.
    most = min(500, int(3600 // (inhale + exhale + breath_hold)))
    cycles = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=most)))
    return Step(
        **common,
        cycles=cycles,
        duration=draw(_seconds(1, 3600)) if cycles is None else None,
        inhale=inhale,
        exhale=exhale,
        breath_hold=breath_hold,
    )


def routines() -> st.SearchStrategy[Routine]:
    """Valid routines of every kind of step, as the loader would build them."""
    return st.builds(
        Routine,
        id=st.just("gen"),
        name=_names,
        steps=st.lists(_steps(), min_size=1, max_size=5).map(tuple),
        description=_notes,
        tags=st.lists(st.text(_line, max_size=10), max_size=3).map(tuple),
        lead_in=st.one_of(st.just(5.0), st.just(0.0), _seconds(0.001, 300)),
        safety=st.lists(_notes, max_size=3).map(tuple),
    )
