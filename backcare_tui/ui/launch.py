"""Starting the full-screen app for real: history opened, sound for each session, then run."""

from __future__ import annotations

import contextlib
import sys

from backcare_tui.core.routine import Routine
from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.sound_controls import session_sound

__all__ = ["run_app"]


def run_app(
    routine: Routine | None = None, *, no_sound: bool = False, no_voice: bool = False
) -> int:
    """Start the full-screen app (``backcare`` or ``backcare run ROUTINE``).

    ``no_sound`` and ``no_voice`` turn sound off for this run only; ``m`` and ``v`` still work
    and are remembered.
    """
    from backcare_tui.data.history import open_history

    notices: list[str] = []
    history = open_history(on_notice=notices.append)
    app: BackcareApp

    def tell(message: str) -> None:
        """Notices come from the sound's worker threads, or from the app's own thread while a
        session's sound is set up; the app decides when to show them."""
        try:
            app.call_from_thread(app.sound_notice, message)
        except RuntimeError:  # on the app's own thread (or the app has already stopped)
            with contextlib.suppress(Exception):
                app.call_later(app.sound_notice, message)

    sound_for = session_sound(
        lambda: app.settings, no_sound=no_sound, no_voice=no_voice, notify=tell
    )

    def sound_setup() -> str:
        from backcare_tui.sound.sink import describe_setup

        settings = app.settings
        return describe_setup(
            sound=settings.sound and not no_sound, voice=settings.voice and not no_voice
        )

    app = BackcareApp(routine, history=history, sinks_for=sound_for, sound_setup=sound_setup)
    for notice in notices:
        app.call_later(app.notify, notice, severity="warning", timeout=10, markup=False)
    # Later ones the app shows itself; the last (a session a lock kept from the file) may come
    # after the app has gone, and goes to stderr.
    try:
        app.run()
    finally:
        history.on_notice = lambda message: print(message, file=sys.stderr)
        history.close()
    return app.return_code or 0
