"""The sound files a session plays: where each cue's WAV is, read once and kept in memory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from backcare_tui.core.cues import Cue
from backcare_tui.core.session import Session
from backcare_tui.sound.players import Clip, ClipError

__all__ = ["CueFiles"]

_CUE_NAMES = frozenset(c.value for c in Cue)


class CueFiles:
    """The cue WAVs in ``sounds``, and a step's own ``.wav`` beside its routine.

    ``tell`` hears of a file that cannot be played (once per file is up to the caller).
    """

    def __init__(
        self, sounds: Path, routine_folder: Path | None, tell: Callable[[str], None]
    ) -> None:
        self._sounds = sounds
        self._routine_folder = routine_folder
        self._tell = tell
        self._clips: dict[Path, Clip] = {}

    def cue(self, cue: Cue) -> Path:
        """The file of one of the app's own cues."""
        return self._sounds / f"{cue.value}.wav"

    def path(self, name: str, session: Session) -> Path | None:
        """The file of ``name``: a cue, or a step's own sound beside ``session``'s routine."""
        if name in _CUE_NAMES:
            return self._sounds / f"{name}.wav"
        routine = session.routine
        folder = self._routine_folder or (routine.path.parent if routine.path else None)
        return folder / name if folder is not None else None

    def clip(self, path: Path, *, keep: bool, quiet: bool = False) -> Clip | None:
        """``path`` read, or None (with a notice unless ``quiet``) when it cannot be played.

        ``keep`` holds it in memory for next time (cues, not phrases).
        """
        clip = self._clips.get(path)
        if clip is None:
            try:
                clip = Clip.load(path)
            except ClipError as exc:
                if not quiet:
                    self._tell(f"sound: cannot play {exc}")
                return None
            if keep:
                self._clips[path] = clip
        return clip

    def length(self, path: Path) -> float:
        """Seconds of sound in the cue at ``path`` (0 if it cannot be played)."""
        clip = self.clip(path, keep=True, quiet=True)
        return clip.duration if clip is not None else 0.0
