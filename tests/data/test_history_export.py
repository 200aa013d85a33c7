"""Exports of the history: stable keys and order, oldest first, and they parse back."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from backcare_tui.data.history_export import EXPORT_FIELDS, export_csv, export_json
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
