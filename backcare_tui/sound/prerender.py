"""Speech rendered ahead: every phrase a session will say, before it is due, on a thread.

Rendering takes espeak-ng 10-100 ms a phrase; done on the moment, each phrase would start that
late. :class:`Prerenderer` renders the session's utterances in the order they are first needed
(:func:`~backcare_tui.sound.phrases.session_phrases`), and gives up as soon as it is no longer
wanted (a new session, voice off, close).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from backcare_tui.core.session import Session
from backcare_tui.sound.phrases import session_phrases
from backcare_tui.sound.speech import SpeechEngine, SpeechError

__all__ = ["Prerenderer"]


class Prerenderer:
    """Renders a session's phrases on a thread of its own, started on the first :meth:`ask`.

    ``wanted`` is asked between phrases (voice may have been turned off); ``tell`` hears of a
    phrase that could not be rendered; ``rendered`` is given the session once all its phrases
    are (the sink then works out, off the event loop, where fewer words must do).
    """

    def __init__(
        self,
        engine: SpeechEngine,
        wanted: Callable[[], bool],
        tell: Callable[[str], None],
        rendered: Callable[[Session], None] = lambda session: None,
    ) -> None:
        self._engine = engine
        self._wanted = wanted
        self._tell = tell
        self._rendered = rendered
        self._cond = threading.Condition()
        self._to_render: Session | None = None
        self._generation = 0
        self._closing = False
        self._thread: threading.Thread | None = None

    def ask(self, session: Session) -> None:
        """Render ``session``'s phrases, in the order they are needed; drops any earlier ask."""
        with self._cond:
            self._generation += 1
            self._to_render = session
            self._closing = False
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="backcare-render", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()

    def close(self) -> None:
        """Stop rendering and let the thread end."""
        with self._cond:
            self._generation += 1
            self._closing = True
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._to_render is not None or self._closing)
                session, self._to_render = self._to_render, None
                generation = self._generation
                if session is None:  # closing, and nothing asked for
                    self._thread = None
                    return
            for text in session_phrases(session):
                if self._generation != generation or not self._wanted():
                    break
                try:
                    self._engine.render(text)
                except SpeechError as exc:
                    self._tell(f"voice: {exc}")
                    break
            else:
                self._rendered(session)
