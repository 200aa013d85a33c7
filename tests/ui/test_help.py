"""The help screen's key table is read from the bindings, and covers every key that matters."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from textual.binding import Binding

from backcare_tui.ui.app import BackcareApp
from backcare_tui.ui.screens.help import HELP_ROWS, PALETTE, key_rows, keys_shown
from backcare_tui.ui.screens.picker import PickerScreen
from backcare_tui.ui.screens.session import SessionScreen
from backcare_tui.ui.screens.summary import SummaryScreen


def bindings(*sources: Sequence[object]) -> list[Binding]:
    return [b for source in sources for b in source if isinstance(b, Binding)]


EVERY = bindings(
    BackcareApp.BINDINGS,
    SessionScreen.BINDINGS,
    PickerScreen.BINDINGS,
    SummaryScreen.BINDINGS,
    [Binding(BackcareApp.COMMAND_PALETTE_BINDING, "command_palette", id=PALETTE)],
)


def test_keys_are_shown_as_the_bindings_define_them() -> None:
    assert keys_shown(Binding("n,right", "next")) == "n  →"
    assert keys_shown(Binding("plus,equals_sign", "adjust(10)", key_display="+")) == "+"
    assert keys_shown(Binding("space", "toggle_pause")) == "space"


def test_the_table_reads_its_keys_from_the_bindings() -> None:
    rows = dict((what, keys) for keys, what in key_rows(EVERY))
    assert rows["pause / resume"] == "space"
    assert rows["next phase (skip what is left)"] == "n  →"
    assert rows["10 s more or less (or a rep, or a breath, where counted)"] == "+  -"
    assert rows["find a routine or a command"] == "ctrl+p"
    moved = [b for b in EVERY if b.id != "session.pause"]
    moved.append(Binding("x", "toggle_pause", id="session.pause"))
    assert dict((w, k) for k, w in key_rows(moved))["pause / resume"] == "x"


def test_a_row_for_a_binding_that_is_gone_is_an_error() -> None:
    with pytest.raises(KeyError, match="session.rep"):
        key_rows([b for b in EVERY if b.id != "session.rep"])


@pytest.mark.parametrize(
    "source", [SessionScreen.BINDINGS, BackcareApp.BINDINGS], ids=["session", "app"]
)
def test_every_key_of_the_session_and_the_app_is_explained(source: Sequence[object]) -> None:
    explained = {binding_id for ids, _ in HELP_ROWS for binding_id in ids}
    assert {b.id for b in bindings(source)} <= explained
