"""The routine editor (``e`` in the picker): every field, steps reordered, checked as you type."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from backcare_tui.core.draft import Draft
from backcare_tui.core.durations import format_duration
from backcare_tui.core.routine import STEP_KEYS, Routine, StepKind, step_keys
from backcare_tui.core.text import printable
from backcare_tui.data.catalog import source_of
from backcare_tui.ui.protocol import BackcareBase
from backcare_tui.ui.widgets.key_bar import KeyBar

__all__ = ["EditorScreen"]

ROUTINE_FIELDS = (
    ("name", "Name", "what the picker shows"),
    ("description", "Description", "one or two sentences"),
    ("tags", "Tags", "comma separated, e.g. strength, core"),
    ("lead_in", "Get ready", "seconds before each exercise, e.g. 5"),
)
STEP_INPUTS = {
    "name": ("Name", ""),
    "duration": ("Duration", "e.g. 30s, 1m30s, 15 min"),
    "reps": ("Reps", "1 to 500 (per side)"),
    "tempo": ("Tempo", "seconds per rep, e.g. 3"),
    "cycles": ("Breaths", "how many; or give a duration"),
    "inhale": ("Breathe in", "seconds, e.g. 4"),
    "exhale": ("Breathe out", "seconds, e.g. 6"),
    "hold": ("Hold breath", "seconds, 0 for none"),
    "remind_every": ("Remind every", "e.g. 5m"),
    "reminder": ("Reminder", "what each reminder says"),
    "sets": ("Sets", "1 to 50"),
    "rest_between": ("Rest between", "between sets and sides, e.g. 15s"),
    "progress": ("Progress", "e.g. every 2, add 5s, max 60s"),
    "instructions": ("Instructions", "what to do, in a sentence or three"),
    "sound": ("Sound", "a cue name or a .wav beside the routine"),
}
"""The label and hint of each step key typed in a text field (kind and sides are choices).

The rows come in :data:`~backcare_tui.core.routine.STEP_KEYS` order, and a row shows only on the
kinds of step its key applies to.
"""
KINDS = [(kind.value, kind.value) for kind in StepKind]
SIDES = [
    ("one side only", "none"),
    ("left, then right", "each"),
    ("alternate in reps", "alternate"),
]


def _row(label: str, widget: Input | Select[str], field: str, scope: str) -> Horizontal:
    """A labelled field; ``name`` holds the field so the rows of a kind can be shown."""
    return Horizontal(
        Label(label, classes="field-label"), widget, classes=f"field {scope}", name=field
    )


class EditorScreen(Screen[None]):
    """Edits a copy of a routine; nothing is written until Save, and never an invalid routine."""

    @dataclass
    class Save(Message):
        """Save ``routine`` (an edit of ``source``) as the user's own, then show the routines."""

        routine: Routine
        source: Routine

    @dataclass
    class Back(Message):
        """Back to the routines, with ``routine_id`` highlighted."""

        routine_id: str

    DEFAULT_CSS = (Path(__file__).parent / "editor.tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
        Binding("a", "add", "Add step", id="editor.add"),
        Binding("d", "duplicate", "Duplicate", id="editor.duplicate"),
        Binding("x,delete", "remove", "Remove", id="editor.remove"),
        Binding("K,shift+up", "move(-1)", "Up", id="editor.up", key_display="K"),
        Binding("J,shift+down", "move(1)", "Down", id="editor.down", key_display="J"),
        Binding("escape", "close", "Close", id="editor.close"),
    ]

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.draft = Draft(routine)
        self.current = 0

    backcare = getters.app(BackcareBase)
    """The running app, typed: the editor reads the exercise library from it."""

    def compose(self) -> ComposeResult:
        source = self.draft.source
        where = "built-in: saving makes your own copy" if source.builtin else source_of(source)
        with Vertical(id="editor"):
            yield Label(printable(f"Editing {source.name}"), id="editor-title", markup=False)
            yield Label(where, id="editor-where", markup=False)
            with Horizontal(id="editor-body"):
                with Vertical(id="editor-steps"):
                    yield Label("Steps", classes="section")
                    yield OptionList(id="steps")
                with VerticalScroll(id="editor-form", can_focus=False):
                    yield Label("Routine", classes="section")
                    for field, label, hint in ROUTINE_FIELDS:
                        value = self.draft.get(field)
                        yield _row(
                            label,
                            Input(value, placeholder=hint, id=f"routine-{field}"),
                            field,
                            "routine-field",
                        )
                    yield Label("Step", id="step-heading", classes="section")
                    yield _row(
                        "Kind",
                        Select(KINDS, allow_blank=False, id="step-kind"),
                        "kind",
                        "step-field",
                    )
                    yield _row(
                        "Sides",
                        Select(SIDES, allow_blank=False, id="step-sides"),
                        "sides",
                        "step-field",
                    )
                    for field in STEP_KEYS:
                        if field in STEP_INPUTS:
                            label, hint = STEP_INPUTS[field]
                            yield _row(
                                label,
                                Input(placeholder=hint, id=f"step-{field}"),
                                field,
                                "step-field",
                            )
            yield Static("", id="editor-status", markup=False)
        yield KeyBar()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 60, "-narrow")
        self.set_class(self.size.height < 16, "-short")

    def on_mount(self) -> None:
        self._refresh_steps()
        self._load_step(0)
        self._recheck()
        self.query_one("#steps", OptionList).focus()

    # --- the step list ------------------------------------------------------------------------

    def _refresh_steps(self) -> None:
        steps = self.query_one("#steps", OptionList)
        steps.clear_options()
        steps.add_options(Option(self._step_label(i)) for i in range(len(self.draft.steps)))
        if self.draft.steps:
            steps.highlighted = min(self.current, len(self.draft.steps) - 1)

    def _step_label(self, index: int) -> Text:
        """A step's line in the list: its name as typed, never read as markup."""
        return Text(printable(self.draft.step_label(index)))

    @on(OptionList.OptionHighlighted, "#steps")
    def _step_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.current:
            self._load_step(event.option_index)

    def _load_step(self, index: int) -> None:
        """Fill the step fields from step ``index`` without treating that as an edit."""
        if not self.draft.steps:
            return
        self.current = index
        self.query_one("#step-heading", Label).update(f"Step {index + 1}")
        kind = self.draft.step_value(index, "kind") or StepKind.HOLD.value
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#step-kind", Select).value = kind
            sides = self.draft.step_value(index, "sides") or "none"
            self.query_one("#step-sides", Select).value = (
                sides if sides in ("none", "each", "alternate") else "none"
            )
            for field in STEP_INPUTS:
                self.query_one(f"#step-{field}", Input).value = self.draft.step_value(index, field)
        self._show_fields(kind)

    def _show_fields(self, kind: str) -> None:
        wanted = set(step_keys(kind))
        for row in self.query(".step-field"):
            row.display = row.name in wanted

    # --- edits --------------------------------------------------------------------------------

    def _by_user(self, widget: Widget) -> bool:
        """Whether a change came from the user, who edits the field that has the focus.

        Fields also report changes when they are mounted or filled from the draft; taking
        those as edits would write blank values over the routine.
        """
        focused = self.focused
        return focused is not None and widget in focused.ancestors_with_self

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if not self._by_user(event.input):
            return
        name = event.input.id or ""
        if name.startswith("routine-"):
            self.draft.set(name.removeprefix("routine-"), event.value)
        elif name.startswith("step-") and self.draft.steps:
            field = name.removeprefix("step-")
            self.draft.set_step(self.current, field, event.value)
            if field == "name":
                self.query_one("#steps", OptionList).replace_option_prompt_at_index(
                    self.current, self._step_label(self.current)
                )
        self._recheck()

    @on(Select.Changed)
    def _chose(self, event: Select.Changed) -> None:
        if not self.draft.steps or event.value is Select.BLANK or not self._by_user(event.select):
            return
        field = (event.select.id or "").removeprefix("step-")
        self.draft.set_step(self.current, field, str(event.value))
        if field == "kind":
            self._load_step(self.current)
        self._recheck()

    def _recheck(self, note: str = "") -> None:
        """Check the draft and say what is wrong with it, after ``note`` if one is given.

        What the user must know right now (not saved, and why) goes on this line, above the
        problems, rather than in a toast, which would sit over them.
        """
        check = self.draft.check()
        status = self.query_one("#editor-status", Static)
        if check.errors:
            lines = [note, *check.errors] if note else list(check.errors)
            status.update(printable("\n".join(lines), lines=True))
            status.set_class(True, "-invalid")
        else:
            assert check.total is not None
            changed = " · unsaved changes" if self.draft.changed else ""
            line = f"Total {format_duration(check.total)} · ctrl+s saves{changed}"
            status.update(f"{note}\n{line}" if note else line)
            status.set_class(False, "-invalid")

    @work
    async def action_add(self) -> None:
        from backcare_tui.ui.screens.library import LibraryScreen

        library = self.backcare.exercise_library()
        index = await self.app.push_screen_wait(LibraryScreen(library))
        if index is not None:
            after = self.current if self.draft.steps else None
            self._after_change(self.draft.add_step(library[index], after=after))

    def action_duplicate(self) -> None:
        if self.draft.steps:
            self._after_change(self.draft.duplicate_step(self.current))

    def action_remove(self) -> None:
        if len(self.draft.steps) <= 1:
            self._recheck("Not removed: a routine needs at least one step.")
            return
        self.draft.remove_step(self.current)
        self._after_change(min(self.current, len(self.draft.steps) - 1))

    def action_move(self, offset: int) -> None:
        if self.draft.steps:
            self._after_change(self.draft.move_step(self.current, offset))

    def _after_change(self, index: int) -> None:
        self.current = index
        self._refresh_steps()
        self._load_step(index)
        self._recheck()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letters are for typing while a field has focus; list keys work from the step list.
        if action in ("add", "duplicate", "remove", "move"):
            return self.focused is not None and self.focused.id == "steps"
        return True

    # --- saving and leaving ---------------------------------------------------------------------

    def action_save(self) -> None:
        check = self.draft.check()
        if check.routine is None:
            self._recheck("Not saved: fix these first.")
            self.app.bell()
            return
        self.post_message(self.Save(check.routine, self.draft.source))

    @work
    async def action_close(self) -> None:
        if self.draft.changed:
            from backcare_tui.ui.screens.confirm import ConfirmScreen

            question = ConfirmScreen(
                "Leave without saving?", "y: discard changes   n / Esc: keep editing"
            )
            if not await self.app.push_screen_wait(question):
                return
        self.post_message(self.Back(self.draft.source.id))
