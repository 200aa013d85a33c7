"""Exports of the history: stable keys and order, oldest first, and they parse back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import IO

import pytest

from backcare_tui.data.history_export import (
    EXPORT_FIELDS,
    export_csv,
    export_json,
    write_csv,
    write_json,
)
from backcare_tui.data.history_records import SessionRecord, SessionStatus
from tests.records import rec


def exported_records() -> list[SessionRecord]:
    return [
        rec(
            datetime(2025, 3, 4, 7, tzinfo=UTC),
            id=2,
            name='Say "hi", then [bold]x[/]',
            tags=("strength", "core"),
            before=6,
            after=3,
        ),
        rec(
            datetime(2025, 3, 3, 7, tzinfo=UTC),
            id=1,
            done=1,
            status=SessionStatus.STOPPED_EARLY,
            tags=(),
        ),
    ]


def test_json_export_is_a_list_of_objects_with_stable_keys_oldest_first() -> None:
    data = json.loads(export_json(exported_records()))
    assert [d["id"] for d in data] == [1, 2]
    assert all(list(d) == [*EXPORT_FIELDS, "steps"] for d in data)
    assert data[0]["status"] == "stopped_early" and data[0]["stiffness_before"] is None
    assert data[1]["routine_name"] == 'Say "hi", then [bold]x[/]'
    assert data[1]["routine_tags"] == ["strength", "core"]
    assert data[1]["started_at"] == "2025-03-04T07:00:00+00:00"


def test_csv_export_has_a_header_and_parses_back() -> None:
    rows = list(csv.DictReader(io.StringIO(export_csv(exported_records()))))
    assert list(rows[0]) == list(EXPORT_FIELDS)
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["stiffness_after"] == "" and rows[0]["routine_tags"] == ""
    assert rows[1]["routine_tags"] == "strength;core"
    assert rows[1]["routine_name"] == 'Say "hi", then [bold]x[/]'
    assert float(rows[1]["seconds"]) == 600.0


def test_exports_of_nothing_are_still_well_formed() -> None:
    assert json.loads(export_json([])) == []
    assert export_csv([]) == ",".join(EXPORT_FIELDS) + "\n"


class Watched(io.StringIO):
    """An output that notes, with each write, how many sessions had been read by then."""

    def __init__(self, pulled: list[int]) -> None:
        super().__init__()
        self.pulled = pulled
        self.writes: list[tuple[int, str]] = []

    def write(self, text: str) -> int:
        self.writes.append((len(self.pulled), text))
        return super().write(text)


@pytest.mark.parametrize("writer", [write_json, write_csv], ids=["json", "csv"])
def test_exports_write_each_session_as_it_is_read(
    writer: Callable[[Iterable[SessionRecord], IO[str]], int],
) -> None:
    # Writing as the rows are read keeps memory flat for a history of any length.
    read: list[int] = []

    def oldest_first() -> Iterator[SessionRecord]:
        for record in exported_records()[::-1]:
            read.append(record.id)
            yield record

    out = Watched(read)
    assert writer(oldest_first(), out) == 2
    first = next(i for i, (_, text) in enumerate(out.writes) if "stopped_early" in text)
    assert out.writes[first][0] == 1, "the first session went out before the second was read"
    whole = (
        export_json(exported_records()) if writer is write_json else export_csv(exported_records())
    )
    assert out.getvalue() == whole


def test_a_streamed_json_export_reads_back_as_one_list() -> None:
    out = io.StringIO()
    write_json(iter(exported_records()[::-1]), out)
    assert [d["id"] for d in json.loads(out.getvalue())] == [1, 2]
    empty = io.StringIO()
    assert write_json(iter([]), empty) == 0 and json.loads(empty.getvalue()) == []


def test_json_puts_one_session_on_each_line() -> None:
    lines = export_json(exported_records()).splitlines()
    assert (lines[0], lines[-1], len(lines)) == ("[", "]", 4)
    assert [json.loads(line.strip().rstrip(","))["id"] for line in lines[1:-1]] == [1, 2]
