"""A session heard, as a timeline: what each moment of the plan should sound like, and what was.

The session and its sound run on one clock that goes :data:`SCALE` times faster than real time,
so a minute of routine is heard in seconds; the fake players log each sound on that clock and
take the clip's own length (divided by the scale), blocking as real ones do. The same worker
threads, playlist and fallback run as in the app. :func:`listen` drives a session to its end and
returns the :class:`Timeline`: the plan's expected sounds, what was heard, and the offsets.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from backcare_tui.core.events import Event, EventKind
from backcare_tui.core.routine import Routine
from backcare_tui.core.session import Session
from backcare_tui.sound import cues
from backcare_tui.sound.cues import moment_cue
from backcare_tui.sound.phrases import joined, moments, said_at
from backcare_tui.sound.sink import SoundSink
from backcare_tui.sound.speech import SpeechEngine
from tests.fakes import FakeEngine, FakePlayer

SCALE = 6.0
"""Session seconds per real second."""
LATE_WAKE = 0.03
"""Real seconds a thread may wake late on a busy machine (two cores, both busy): the allowance
the tests give each sound, times the scale."""


class FastClock:
    """Real time, :data:`SCALE` times faster: what the session, the sink and the players share."""

    def __init__(self, scale: float = SCALE) -> None:
        self.scale = scale
        self._start = time.monotonic()

    def __call__(self) -> float:
        return 1000.0 + (time.monotonic() - self._start) * self.scale


@dataclass(frozen=True)
class Sound:
    """One sound: a cue's stem, or words in quotes, and when it started (and ended)."""

    name: str
    start: float
    end: float = 0.0

    @property
    def is_speech(self) -> bool:
        return self.name.startswith('"')


@dataclass
class Timeline:
    """What the plan asked to be heard, and what was."""

    expected: list[Sound]
    heard: list[Sound]
    events: list[Event]
    start: float
    allowance: float = 0.0
    """Session seconds a sound may be late only because the machine was busy."""
    offsets: dict[bool, list[float]] = field(default_factory=dict)
    """Seconds each expected sound started late (True: speech), where it was heard."""
    missing: list[Sound] = field(default_factory=list)

    def __post_init__(self) -> None:
        used: set[int] = set()
        self.offsets = {False: [], True: []}
        for want in self.expected:
            found = next(
                (
                    i
                    for i, got in enumerate(self.heard)
                    if i not in used and got.name == want.name and got.start >= want.start - 0.05
                ),
                None,
            )
            if found is None:
                self.missing.append(want)
                continue
            used.add(found)
            self.offsets[want.is_speech].append(self.heard[found].start - want.start)

    def names(self) -> list[str]:
        return [sound.name for sound in self.heard]

    def at(self, elapsed: float) -> list[str]:
        """What started within a tenth of a second of session time ``elapsed``."""
        moment = self.start + elapsed
        return [
            s.name
            for s in self.heard
            if abs(s.start - moment) < 0.1 + 0.3 * s.is_speech + self.allowance
        ]

    def figures(self, speech: bool) -> tuple[float, float]:
        """(median, max) offset of the cues, or of the words."""
        found = self.offsets[speech]
        return statistics.median(found), max(found)


def listen(
    routine: Routine,
    tmp_path: Path,
    *,
    voice: bool,
    scale: float = SCALE,
    players: Callable[[FastClock], list[FakePlayer]] | None = None,
    engine: SpeechEngine | None = None,
) -> Timeline:
    """Run ``routine`` to its end with sound (and voice), on a fast real clock; the timeline.

    ``engine`` speaks (default: a fake one, 0.03 s a character); a real one for measuring.
    """
    # A count or a breath word may wait 0.1 s of session time: at this scale that is a few
    # ms of real time, less than a busy machine may take to wake a thread. Give the words the
    # same allowance the offsets get, for this run only.
    rules = dict(cues._PHRASE_RULES)
    allowance = LATE_WAKE * scale
    cues._PHRASE_RULES.update(
        (kind, (priority, patience + allowance, group))
        for kind, (priority, patience, group) in rules.items()
    )
    try:
        return _listen(routine, tmp_path, voice, scale, players, engine)
    finally:
        cues._PHRASE_RULES.clear()
        cues._PHRASE_RULES.update(rules)


def _listen(
    routine: Routine,
    tmp_path: Path,
    voice: bool,
    scale: float,
    players: Callable[[FastClock], list[FakePlayer]] | None,
    engine: SpeechEngine | None,
) -> Timeline:
    clock = FastClock(scale)
    engine = engine or FakeEngine(tmp_path / "speech", per_char=0.03)
    texts: dict[Path, str] = {}

    def spoken(path: Path) -> str | None:
        if isinstance(engine, FakeEngine):
            return engine.texts.get(path)
        return texts.get(path)

    player = FakePlayer(seconds=None, scale=scale, clock=clock)
    chosen = players(clock) if players is not None else [player]
    sink = SoundSink(chosen, engine, voice=voice, clock=clock, clock_rate=scale)
    session = Session(routine, clock=clock)
    sink.attach(session)
    events = session.start()
    start = clock() - session.elapsed
    log = list(events)
    sink.handle(session, events)
    while not session.finished:
        time.sleep(0.001)
        events = session.update()
        if events:
            log += events
            sink.handle(session, events)
    assert sink.drain(10)
    sink.close()
    expected = _expected(session, log, start, voice=voice, brief=sink.brief_words)
    for sound in expected:
        if sound.is_speech:
            texts[engine.cached(sound.name[1:-1])] = sound.name[1:-1]
    heard = [
        Sound(f'"{spoken(path)}"' if spoken(path) else path.stem, begun, ended)
        for p in chosen
        for begun, ended, path in p.spans
        if path.stem != "silence"
    ]
    heard.sort(key=lambda s: s.start)
    return Timeline(expected, heard, log, start, allowance=LATE_WAKE * scale)


def _expected(
    session: Session, events: list[Event], start: float, *, voice: bool, brief: dict[str, str]
) -> list[Sound]:
    """Each moment's cue and words (briefer where the sink chose so), at its planned moment."""
    found: list[Sound] = []
    for number, together in enumerate(moments(events)):
        if any(e.kind is EventKind.PAUSED for e in together):
            continue
        moment = start + together[0].elapsed
        cue = moment_cue(together)
        if cue is not None:
            found.append(Sound(Path(cue).stem, moment))
        said = said_at(together, session, opening=number == 0) if voice else []
        if said:
            text = joined([p.text for p in said])
            found.append(Sound(f'"{brief.get(text, text)}"', moment))
    return found
