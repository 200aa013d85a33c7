"""Every session in the history as CSV or JSON, for a spreadsheet or another program.

The keys and their order are a promise to whoever reads the files: :data:`EXPORT_FIELDS` is only
ever added to. Sessions go oldest first; times are ISO 8601 with their offset.

Names come from routine files and the history file, both of which anyone could have written, and
an export is often printed to a terminal. JSON keeps every name exactly, written with escapes
(``\u001b``) for every control character, C1 and DEL included. CSV cells are for spreadsheets:
controls are escaped and a cell that would start a formula (``= + - @``) starts with ``'``.

:func:`write_json` and :func:`write_csv` write each session as it comes, so an export of any
length needs the memory of one session (the store streams them,
:meth:`~backcare_tui.data.history.HistoryStore.oldest_first`); the JSON is still one list, with
one session a line. With 100,000 sessions the whole list used to be built first: 1.75 GB
for the JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import IO, Any

from backcare_tui.core.text import CONTROLS, spreadsheet_cell
from backcare_tui.data.history_records import SessionRecord

__all__ = ["EXPORT_FIELDS", "export_csv", "export_json", "write_csv", "write_json"]


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


_JSON_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in CONTROLS if ord(c) >= 0x7F}
"""DEL and C1, as JSON escapes: outside strings JSON has no such characters, so this is exact."""


def _oldest_first(records: Iterable[SessionRecord]) -> list[SessionRecord]:
    return sorted(records, key=lambda r: (r.started_at, r.id))


def _json_item(record: SessionRecord) -> dict[str, Any]:
    item = _export_record(record)
    item["steps"] = [
        {"index": s.index, "name": s.name, "status": s.status, "adjusted_seconds": s.adjusted}
        for s in record.steps
    ]
    return item


def write_json(records: Iterable[SessionRecord], out: IO[str]) -> int:
    """Write ``records``, in the order given, as a JSON list of objects with
    :data:`EXPORT_FIELDS` and ``steps``, one session a line; the number written.

    One session a line keeps the file easy to read and to search line by line, and it lets
    the C encoder do the work: indenting each object (as this once did) ran json's pure-Python
    encoder, four times slower, 25 s for 100,000 sessions.
    """
    written = 0
    for record in records:
        # json.dumps escapes C0 itself but leaves DEL and C1 raw when ensure_ascii is off.
        text = json.dumps(_json_item(record), ensure_ascii=False).translate(_JSON_ESCAPES)
        out.write(("[\n  " if not written else ",\n  ") + text)
        written += 1
    out.write("\n]\n" if written else "[]\n")
    return written


def _cell(value: object) -> object:
    if value is None:
        return ""
    return spreadsheet_cell(value) if isinstance(value, str) else value


def write_csv(records: Iterable[SessionRecord], out: IO[str]) -> int:
    """Write ``records``, in the order given, as CSV with a header row, one at a time; tags
    joined by ``;``, no value empty, every text cell safe for a spreadsheet. The number
    written."""
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    written = 0
    for record in records:
        row = _export_record(record)
        row["routine_tags"] = ";".join(record.routine_tags)
        writer.writerow({k: _cell(v) for k, v in row.items()})
        written += 1
    return written


def export_json(records: Iterable[SessionRecord]) -> str:
    """Every session, oldest first, as a JSON list of objects with :data:`EXPORT_FIELDS` + steps."""
    buffer = io.StringIO()
    write_json(_oldest_first(records), buffer)
    return buffer.getvalue()


def export_csv(records: Iterable[SessionRecord]) -> str:
    """Every session, oldest first, with a header row; tags joined by ``;``, no value empty."""
    buffer = io.StringIO()
    write_csv(_oldest_first(records), buffer)
    return buffer.getvalue()
