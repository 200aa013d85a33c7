"""The players a sink may use, best first: which one plays now, and falling back when one fails.

A player that fails is dropped for the rest of the process (a later session does not try it
again), and the next takes over. Before a session starts the chain can be checked with a
moment of silence (:meth:`PlayerChain.check`), so a player that cannot play at all is found and
told about before the first cue, not on it, and the session knows whether voice can be heard.
"""

from __future__ import annotations

import threading
import wave
from collections.abc import Sequence
from pathlib import Path

from backcare_tui.sound.players import (
    PATH_PLAYERS,
    Clip,
    ClipError,
    Player,
    PlayerFailed,
    SilentPlayer,
)

__all__ = ["NO_PLAYER", "PlayerChain", "describe_player", "failed_players", "silence_clip"]

NO_PLAYER = (
    "no audio player was found (simpleaudio, "
    + ", ".join(name for name, _ in PATH_PLAYERS)
    + ") and there is no terminal for the bell"
)
"""Why nothing can be heard when only silence was found."""
HUNG = "did not finish in time"

failed_players: set[str] = set()
"""Players that failed in this process: not offered again to a later sink."""


def describe_player(player: Player) -> str:
    """The player as a sentence names it: ``aplay``, ``the terminal bell``, ``silence``."""
    return {"terminal bell": "the terminal bell", "silent": "silence"}.get(player.name, player.name)


def silence_clip(folder: Path) -> Clip | None:
    """A twentieth of a second of silence, kept as a WAV in ``folder`` (command-line players
    need a file); None where it cannot be written."""
    path = folder / "silence.wav"
    try:
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            scratch = path.with_suffix(".tmp")
            with wave.open(str(scratch), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(22050)
                out.writeframes(b"\0\0" * 1100)
            scratch.replace(path)
        return Clip.load(path)
    except (OSError, ClipError, wave.Error):
        return None


class PlayerChain:
    """The players still in the running, the first of them in use. Safe across threads."""

    def __init__(self, players: Sequence[Player]) -> None:
        self._players = list(players) or [SilentPlayer()]
        self._lock = threading.Lock()
        self._silence = NO_PLAYER if isinstance(self._players[0], SilentPlayer) else None

    @property
    def player(self) -> Player:
        """The player in use now (it changes only when one fails)."""
        return self._players[0]

    def silence_reason(self) -> str | None:
        """Why nothing at all can be heard (no player found, or every one failed); else None."""
        return self._silence if isinstance(self.player, SilentPlayer) else None

    def drop(self, player: Player, reason: str) -> str:
        """``player`` failed: use the next one from now on. Returns the line that says so."""
        with self._lock:
            if self._players[0] is player and len(self._players) > 1:
                self._players.pop(0)
            failed_players.add(player.name)
            following = self._players[0]
        what = HUNG if reason == HUNG else f"failed ({reason})"
        if isinstance(following, SilentPlayer):
            self._silence = f"{player.name} {what}"
            return f"sound: {player.name} {what}; no sound can be played"
        return f"sound: {player.name} {what}; falling back to {describe_player(following)}"

    def check(self, silence: Clip) -> list[str]:
        """Play ``silence`` on the player in use, falling back until one plays it; the lines
        that say which failed. The bell is not tried: it would ring, and it cannot fail."""
        told = []
        while self.player.speaks:
            player = self.player
            try:
                player.play(silence)
                break
            except PlayerFailed as exc:
                told.append(self.drop(player, str(exc)))
        return told
