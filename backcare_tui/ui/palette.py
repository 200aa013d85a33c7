"""Command palette (ctrl+p): start a routine by name, or find one of the app's commands.

Two providers: :class:`RoutineCommands` offers "Start <routine>" for each routine, and
:class:`AppCommands` the app's own commands (history, help, mute, voice, check-ins, edit, new),
each with the key that does the same, so the palette also teaches the keys. Both post messages
or run the app's actions; neither imports the app.

Textual reads a hit's text and help as markup; a routine's name and description are the file's
text, so they go in as :class:`~textual.content.Content` made from plain text (controls escaped),
and ``[bold]`` in a name is shown as it is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape
from textual.message import Message

from backcare_tui.core.durations import format_duration
from backcare_tui.core.phases import session_total
from backcare_tui.core.routine import Routine
from backcare_tui.core.starter import starter_routine
from backcare_tui.core.text import printable
from backcare_tui.ui.protocol import BackcareBase

__all__ = ["AppCommands", "Command", "RoutineCommands"]


def _backcare(provider: Provider) -> BackcareBase:
    """The running app, typed. ``textual.getters.app`` is made for widgets and screens, and a
    provider is neither, so the same check is written out here."""
    app = provider.app
    if not isinstance(app, BackcareBase):
        raise TypeError(f"the palette's commands need the backcare app, not {app!r}")
    return app


def _key_of(bindings: Iterable[object], binding_id: str) -> str:
    """The first key of the binding with ``binding_id``, as the key bar shows it."""
    for binding in bindings:
        if isinstance(binding, Binding) and binding.id == binding_id:
            return binding.key_display or binding.key.split(",")[0]
    return ""


class RoutineCommands(Provider):
    """Offers every routine in the catalog as "Start <name>", built-in or the user's own."""

    @dataclass
    class Start(Message):
        """Begin the routine called ``routine_id``, posted to the app when a hit is chosen."""

        routine_id: str

    def _entries(self) -> list[tuple[str, str, str]]:
        entries = []
        for r in _backcare(self).catalog.sorted():
            whose = "built-in" if r.builtin else "yours"
            time = format_duration(session_total(r))
            help_text = printable(f"{whose} · {time} · {r.description}")
            entries.append((r.id, printable(f"Start {r.name}"), help_text))
        return entries

    def _start(self, routine_id: str) -> partial[bool]:
        return partial(self.app.post_message, self.Start(routine_id))

    async def discover(self) -> Hits:
        for routine_id, title, help_text in self._entries():
            yield _discovered(title, self._start(routine_id), help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for routine_id, title, help_text in self._entries():
            if (hit := _hit(matcher, title, self._start(routine_id), help_text)) is not None:
                yield hit


@dataclass(frozen=True)
class Command:
    """One of the app's commands as the palette offers it."""

    title: str
    """What it does, with its key: ``Show history (h)``."""
    help: str
    run: Callable[[], object]


class AppCommands(Provider):
    """The app's own commands: what the keys do, findable by name."""

    @dataclass
    class Edit(Message):
        """Open ``routine`` in the editor: one of the catalog's, or a new one."""

        routine: Routine

    class ToggleCheckins(Message):
        """Ask for check-ins before and after sessions from now on, or stop asking."""

    def _post(self, message: Message) -> Callable[[], object]:
        return partial(self.app.post_message, message)

    def _action(self, action: str) -> Callable[[], object]:
        return partial(self.app.run_action, action)

    def commands(self) -> Iterator[Command]:
        """Every command that makes sense on the screen the palette was opened from."""
        from backcare_tui.ui.screens.picker import PickerScreen
        from backcare_tui.ui.screens.summary import SummaryScreen

        app = _backcare(self)
        bindings = app.BINDINGS
        settings = app.settings

        def key(binding_id: str) -> str:
            shown = _key_of(bindings, binding_id)
            return f" ({shown})" if shown else ""

        yield Command(
            f"Show history{key('app.history')}",
            "recent sessions, your streak, this week, stiffness over time",
            self._action("history"),
        )
        yield Command(
            f"Help{key('app.help')}",
            "every key, the sound player in use, and the safety notice",
            self._action("help"),
        )
        sound_on, voice_on = app.sound_heard()  # a session's own, after m or v in it
        mute = "Unmute sound" if not sound_on else "Mute sound"
        yield Command(
            f"{mute}{key('app.mute')}", "all cues and speech", self._action("toggle_mute")
        )
        voice = "Voice on" if not voice_on else "Voice off"
        yield Command(
            f"{voice}{key('app.voice')}", "spoken names and counts", self._action("toggle_voice")
        )
        checkins = "Stop asking for check-ins" if settings.checkin else "Ask for check-ins"
        yield Command(
            checkins,
            "how stiff your back is (0 to 10), before and after a session from the list",
            self._post(self.ToggleCheckins()),
        )
        if isinstance(self.screen, PickerScreen | SummaryScreen):
            # Not in a session: opening the editor would leave it running unseen.
            edit = _key_of(PickerScreen.BINDINGS, "picker.edit")
            yield Command(
                "New routine",
                "start from a small example, then save it as your own",
                self._post(self.Edit(starter_routine("my-routine", "My routine"))),
            )
            for routine in app.catalog.sorted():
                yield Command(
                    printable(f"Edit {routine.name}"),
                    f"{'built-in: saved as your own copy' if routine.builtin else 'yours'}"
                    f" · in the list of routines, {edit} edits the highlighted one",
                    self._post(self.Edit(routine)),
                )

    async def discover(self) -> Hits:
        for command in self.commands():
            if not command.title.startswith("Edit "):  # one per routine: found by searching
                yield _discovered(command.title, command.run, command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            if (hit := _hit(matcher, command.title, command.run, command.help)) is not None:
                yield hit


def _discovered(title: str, run: Callable[[], object], help_text: str) -> DiscoveryHit:
    """A hit shown before anything is typed; ``title`` and ``help_text`` are plain text."""
    return DiscoveryHit(Content(title), run, text=title, help=escape(help_text))


def _hit(matcher: Matcher, title: str, run: Callable[[], object], help_text: str) -> Hit | None:
    """A hit for what was typed, or None when ``title`` does not match it."""
    score = matcher.match(title)
    if score <= 0:
        return None
    return Hit(score, _highlighted(matcher, title), run, text=title, help=escape(help_text))


def _highlighted(matcher: Matcher, title: str) -> Content:
    """``title`` with the letters the search matched picked out, as plain text.

    ``Matcher.highlight`` would read the title as markup.
    """
    content = Content(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
