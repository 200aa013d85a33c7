"""Every session in the history as CSV or JSON, for a spreadsheet or another program.

The keys and their order are a promise to whoever reads the files: :data:`EXPORT_FIELDS` is only
ever added to. Sessions go oldest first; times are ISO 8601 with their offset.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from backcare_tui.data.history_records import SessionRecord

__all__ = ["EXPORT_FIELDS", "export_csv", "export_json"]


EXPORT_FIELDS = (
    "id",
    "routine_id",
    "routine_name",
    "routine_tags",
    "started_at",
    "ended_at",
    "status",
    "steps_total",
    "steps_done",
    "steps_skipped",
    "steps_extended",
    "steps_shortened",
    "seconds",
    "stiffness_before",
    "stiffness_after",
)
"""Keys of every exported session, in this order; JSON adds ``steps``. Only ever add to it."""


def _export_record(record: SessionRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "routine_id": record.routine_id,
        "routine_name": record.routine_name,
        "routine_tags": list(record.routine_tags),
        "started_at": record.started_at.isoformat(),
        "ended_at": record.ended_at.isoformat() if record.ended_at else None,
        "status": record.status.value,
        "steps_total": record.steps_total,
        "steps_done": record.steps_done,
        "steps_skipped": record.steps_skipped,
        "steps_extended": record.steps_extended,
        "steps_shortened": record.steps_shortened,
        "seconds": record.seconds,
        "stiffness_before": record.stiffness_before,
        "stiffness_after": record.stiffness_after,
    }


def _oldest_first(records: Iterable[SessionRecord]) -> list[SessionRecord]:
    return sorted(records, key=lambda r: (r.started_at, r.id))


def export_json(records: Iterable[SessionRecord]) -> str:
    """Every session, oldest first, as a JSON list of objects with :data:`EXPORT_FIELDS` + steps."""
    out = []
    for record in _oldest_first(records):
        item = _export_record(record)
        item["steps"] = [
            {"index": s.index, "name": s.name, "status": s.status, "adjusted_seconds": s.adjusted}
            for s in record.steps
        ]
        out.append(item)
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def export_csv(records: Iterable[SessionRecord]) -> str:
    """Every session, oldest first, with a header row; tags joined by ``;``, no value empty."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in _oldest_first(records):
        row = _export_record(record)
        row["routine_tags"] = ";".join(record.routine_tags)
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()
