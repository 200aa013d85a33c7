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
        """Notices come from the sound worker thread; the app decides when to show them."""
        with contextlib.suppress(RuntimeError):  # the app has already stopped
            app.call_from_thread(app.sound_notice, message)

    sound_for = session_sound(
        lambda: app.settings, no_sound=no_sound, no_voice=no_voice, notify=tell
    )
    app = BackcareApp(routine, history=history, sinks_for=sound_for)
    for notice in notices:
        app.call_later(app.notify, notice, severity="warning", timeout=10, markup=False)
    # Later ones (a damaged file repaired, a lock that held up a write) come from writes on the
    # event loop; the last (a session a lock kept from the file) after the app has gone.
    history.on_notice = lambda message: app.notify(
        message, severity="warning", timeout=10, markup=False
    )
    try:
        app.run()
    finally:
        history.on_notice = lambda message: print(message, file=sys.stderr)
        history.close()
    return app.return_code or 0
