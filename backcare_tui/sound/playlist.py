"""The order sounds play in: what goes now, what waits, what is dropped. Pure: no threads, no audio.

Sounds play on two lanes, each one sound at a time: cues on one, spoken phrases on the other.
Each lane keeps the order its items came in, and the two lanes never wait for each other: a
chime queued behind another would be late, so a moment has one cue (see
:func:`~backcare_tui.sound.cues.moment_cue`) and its phrase starts a moment after it, on the
other lane. Phrases never overlap each other.

Where the player cannot play two sounds at once (``exclusive``), one sound plays at a time,
whichever is due first.

An item is dropped, unplayed, when

- it has waited longer than its patience (a tick more than 0.5 s late says the wrong second);
- a newer item of its group arrives while it waits (rep "4" replaces a waiting "3");
- a batch of events for another phase arrives (a waiting "Halfway" of a skipped hold);
- it is a phrase and a more important phrase fell due with it and waits behind it
  (complete > get ready, switch sides > side, rest and next > reminder > halfway > rep count >
  breathing): the last rep's count gives way to "Switch sides".

Nothing that has started is ever cut off here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from backcare_tui.sound.phrases import Phrase

__all__ = ["Item", "Playlist", "Priority"]


class Priority(IntEnum):
    """How much an item matters: a phrase gives way to a higher one waiting behind it."""

    BREATH = 0
    COUNT = 1
    HALFWAY = 2
    REMINDER = 3
    NEXT = 4
    """"Left side", "Rest. Next: ..."."""
    ANNOUNCE = 5
    """"Get ready: ...", "Switch sides"."""
    COMPLETE = 6
    CUE = 7
    """Every cue: short, the timing lives in them, and no phrase makes one give way."""


@dataclass(frozen=True)
class Item:
    """One thing to play: a WAV file (a cue) or a phrase to speak."""

    source: Path | Phrase
    due: float
    """Clock time when its event was due."""
    priority: int
    patience: float
    """Seconds it may wait past ``due`` before it is not worth playing any more."""
    group: str | None = None
    """A newer item of the same group replaces this one while it waits."""
    phase: int = 0
    """Index of the session phase it belongs to."""
    always: bool = False
    """Played even while muted: the short sound that confirms muting."""

    @property
    def is_speech(self) -> bool:
        return isinstance(self.source, Phrase)


@dataclass
class _Entry:
    item: Item
    playing: bool = False


class Playlist:
    """The items waiting or playing, and the rules for which starts next."""

    def __init__(self) -> None:
        self._entries: list[_Entry] = []

    def push(self, items: Sequence[Item]) -> None:
        """Add one batch of items (from one call of ``handle``), in event order."""
        if not items:
            return
        phase = items[-1].phase
        self._entries = [e for e in self._entries if e.playing or e.item.phase == phase]
        for item in items:
            if item.group is not None:
                self._entries = [
                    e for e in self._entries if e.playing or e.item.group != item.group
                ]
            self._entries.append(_Entry(item))

    def take(self, now: float, *, speech: bool, exclusive: bool = False) -> Item | None:
        """The item to start now on the speech lane (or the cue lane), marked as playing.

        ``exclusive``: the player plays one sound at a time, so nothing starts while anything
        plays, and an item due earlier on the other lane goes first.
        """
        self._drop(now)
        if exclusive and any(e.playing for e in self._entries):
            return None
        for index, entry in enumerate(self._entries):
            if entry.playing or entry.item.is_speech != speech:
                continue
            earlier = self._entries[:index]
            if entry.item.due > now or any(e.item.is_speech == speech for e in earlier):
                return None
            if exclusive and any(e.item.due <= entry.item.due for e in earlier):
                return None
            entry.playing = True
            return entry.item
        return None

    def finish(self, item: Item) -> None:
        """``item``, returned by :meth:`take`, has finished (or failed): let the next go."""
        self._entries = [e for e in self._entries if e.item is not item]

    def wait_time(self, now: float) -> float | None:
        """Seconds until a waiting item falls due; None when none is still to come.

        Items already due need no timer: they start when whatever holds them back finishes.
        """
        later = [e.item.due for e in self._entries if not e.playing and e.item.due > now]
        return min(later) - now if later else None

    def clear(self, *, speech_only: bool = False) -> None:
        """Drop what waits (every item, or only phrases); what plays is left to finish."""
        self._entries = [
            e for e in self._entries if e.playing or (speech_only and not e.item.is_speech)
        ]

    @property
    def waiting(self) -> tuple[Item, ...]:
        return tuple(e.item for e in self._entries if not e.playing)

    @property
    def playing(self) -> tuple[Item, ...]:
        return tuple(e.item for e in self._entries if e.playing)

    def _drop(self, now: float) -> None:
        """Drop the waiting items that are stale, or phrases that give way to a weightier one."""
        kept: list[_Entry] = []
        for index, entry in enumerate(self._entries):
            item = entry.item
            if not entry.playing:
                if now - item.due > item.patience:
                    continue
                if (
                    item.is_speech
                    and item.due <= now
                    and any(
                        not later.playing
                        and later.item.is_speech
                        and later.item.priority > item.priority
                        and later.item.due <= now
                        for later in self._entries[index + 1 :]
                    )
                ):
                    continue
            kept.append(entry)
        self._entries = kept
