"""Each table's row rewrite, old (0002) row -> new (0003) row.

Every row gains ``company_id``; every terminal id becomes the terminal's UUID; every
instant (head and closure times, cash movement times, audit entry times inside the JSON)
becomes aware UTC; documents, closed periods and cash movements gain the business date,
the local date of their fact (completion, Z, movement); cash movements gain their number in
the period, and periods their next one (``books.number_movements``). Nothing else changes:
ids, numbers, amounts and unique ids are copied as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from adapters.sqlalchemy.migrations.v0003 import outbox
from adapters.sqlalchemy.migrations.v0003.books import Books, business_date
from adapters.sqlalchemy.migrations.v0003.rebuild import Row, Transform
from saleflex_core.contract.legacy import translate_stored
from saleflex_core.exceptions import StorageError, ValidationError


def _owned(books: Books, row: Row) -> dict[str, Any]:
    return {"company_id": books.company_id, **row}


def same(_books: Books) -> Transform:
    return dict


def store(books: Books) -> Transform:
    return lambda row: {**row, "timezone": books.zone_name}


def terminal(books: Books) -> Transform:
    def rewrite(row: Row) -> dict[str, Any]:
        return {**_owned(books, row), "id": books.terminal_id(row["id"]), "code": row["id"]}

    return rewrite


def document(books: Books) -> Transform:
    def rewrite(row: Row) -> dict[str, Any]:
        ended = row["ended_at"]
        return {
            **_head(books, row),
            "ended_at": books.instant(ended),
            "business_date": business_date(ended),
        }

    return rewrite


def temp_document(books: Books) -> Transform:
    return lambda row: {**_head(books, row), "business_date": None}


def _head(books: Books, row: Row) -> dict[str, Any]:
    return {
        **_owned(books, row),
        "terminal_id": books.terminal_id(row["terminal_id"]),
        "started_at": books.instant(row["started_at"]),
        "subtotal_at": books.maybe_instant(row["subtotal_at"]),
        "audit": [_audit_entry(books, entry) for entry in row["audit"]],
    }


def _audit_entry(books: Books, entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "at": books.instant_text(entry["at"])}


def closure(books: Books) -> Transform:
    def rewrite(row: Row) -> dict[str, Any]:
        closed = row["closed_at"]
        return {
            **_owned(books, row),
            "terminal_id": books.terminal_id(row["terminal_id"]),
            "opened_at": books.instant(row["opened_at"]),
            "next_movement": books.movements.next_for(row["terminal_id"], row["number"]),
            "closed_at": books.maybe_instant(closed),
            "business_date": None if closed is None else business_date(closed),
        }

    return rewrite


def cash_movement(books: Books) -> Transform:
    def rewrite(row: Row) -> dict[str, Any]:
        return {
            **_owned(books, row),
            "terminal_id": books.terminal_id(row["terminal_id"]),
            "at": books.instant(row["at"]),
            "business_date": business_date(row["at"]),
            "number": books.movements.by_id[row["id"]],
        }

    return rewrite


def sync_queue_item(books: Books, sequences: dict[str, int]) -> Transform:
    """An old outbox row as a v1 event: envelope columns, v1 payload, delivery state."""

    def rewrite(row: Row) -> dict[str, Any]:
        try:
            return _event(books, sequences, row)
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            raise StorageError(
                f"The outbox row {row['key']!r} is not a payload of its type: {error!r}"
            ) from error

    return rewrite


def _event(books: Books, sequences: dict[str, int], row: Row) -> dict[str, Any]:
    old_payload, key = row["payload"], row["key"]
    terminal = books.terminal(old_payload["terminal_id"])
    happened = datetime.fromisoformat(outbox.local_time(row))
    return {
        "company_id": books.company_id,
        "event_id": outbox.event_id(books.company_id, terminal.store_id, terminal.id, key),
        "event_type": row["event_type"],
        "schema_version": outbox.SCHEMA_VERSION,
        "store_id": terminal.store_id,
        "terminal_id": terminal.id,
        "sequence": sequences[key],
        "occurred_at": books.instant(happened),
        "business_date": business_date(happened),
        "payload": translate_stored(row["event_type"], old_payload, zone=books.zone).payload,
        "attempts": row["attempts"],
        "status": outbox.status(row["status"]),
        "last_error": row["last_error"],
        "failed_at": None,
        "sent_at": None,
    }


# The tables whose rows only gain their company, copied by the database itself.
OWNED = (
    "vat_rate",
    "department",
    "payment_type",
    "product",
    "product_barcode",
    "quick_key",
    "cashier",
    "temp_document_line",
    "temp_payment",
    "document_line",
    "payment",
)
# The tables whose rows are rewritten one by one.
TRANSFORMS: dict[str, Callable[[Books], Transform]] = {
    "company": same,
    "store": store,
    "terminal": terminal,
    "temp_document": temp_document,
    "document": document,
    "closure": closure,
    "cash_movement": cash_movement,
}
