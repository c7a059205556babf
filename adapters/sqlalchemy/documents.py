"""Draft (temp) and permanent document repositories.

Drafts are saved after every key press, so ``save`` writes only what changed since the
draft was read in this unit of work: usually one new line row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from adapters.sqlalchemy import mappers, tables
from adapters.sqlalchemy.errors import translate
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.exceptions import NotFound, StateError, StorageError

_DRAFT_STATES = (DocumentState.ACTIVE, DocumentState.SUSPENDED)


class _Snapshot:
    """What a draft looked like in the database when this unit of work last touched it."""

    def __init__(self, document: Document) -> None:
        self.head = mappers.document_head(document, permanent=False)
        self.lines = {line.line_no: line for line in document.lines}
        self.payments = {p.seq: p for p in document.payments}


def _load(
    conn: Connection, heads: Table, lines: Table, payments: Table, where: Any
) -> list[Document]:
    head_rows = conn.execute(select(heads).where(where)).mappings().all()
    if not head_rows:
        return []
    ids = [row["id"] for row in head_rows]
    by_doc: dict[str, tuple[list[Any], list[Any]]] = {i: ([], []) for i in ids}
    for row in conn.execute(select(lines).where(lines.c.document_id.in_(ids))).mappings():
        by_doc[row["document_id"]][0].append(row)
    for row in conn.execute(select(payments).where(payments.c.document_id.in_(ids))).mappings():
        by_doc[row["document_id"]][1].append(row)
    return [mappers.to_document(row, *by_doc[row["id"]]) for row in head_rows]


class SqlDrafts:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._seen: dict[str, _Snapshot] = {}

    def _fetch(self, where: Any) -> list[Document]:
        found = _load(
            self.conn, tables.temp_document, tables.temp_document_line, tables.temp_payment, where
        )
        for document in found:
            self._seen[document.id] = _Snapshot(document)
        return found

    def get(self, document_id: str) -> Document:
        found = self._fetch(tables.temp_document.c.id == document_id)
        if not found:
            raise NotFound(f"Draft sale {document_id} does not exist")
        return found[0]

    def save(self, document: Document) -> None:
        if document.state not in _DRAFT_STATES:
            raise StateError("Only active or suspended sales are drafts")
        before = self._seen.get(document.id)
        if before is None and self._fetch(tables.temp_document.c.id == document.id):
            before = self._seen[document.id]
        with translate("saving the sale"):
            self._write(document, before)
        self._seen[document.id] = _Snapshot(document)

    def _write(self, document: Document, before: _Snapshot | None) -> None:
        head = mappers.document_head(document, permanent=False)
        t = tables
        if before is None:
            self.conn.execute(insert(t.temp_document), head)
        elif head != before.head:
            self.conn.execute(
                update(t.temp_document).where(t.temp_document.c.id == document.id), head
            )
        old_lines = before.lines if before else {}
        _sync_children(
            self.conn,
            t.temp_document_line,
            t.temp_document_line.c.line_no,
            document.id,
            {line.line_no: line for line in document.lines},
            old_lines,
            lambda line: mappers.line_row(document.id, line),
        )
        _sync_children(
            self.conn,
            t.temp_payment,
            t.temp_payment.c.seq,
            document.id,
            {p.seq: p for p in document.payments},
            before.payments if before else {},
            lambda p: mappers.payment_row(document.id, p),
        )

    def delete(self, document_id: str) -> None:
        t = tables
        for table in (t.temp_document_line, t.temp_payment):
            self.conn.execute(delete(table).where(table.c.document_id == document_id))
        self.conn.execute(delete(t.temp_document).where(t.temp_document.c.id == document_id))
        self._seen.pop(document_id, None)

    def active_for(self, terminal_id: str) -> Document | None:
        t = tables.temp_document
        found = self._fetch(
            (t.c.terminal_id == terminal_id) & (t.c.state == DocumentState.ACTIVE.value)
        )
        return min(found, key=lambda d: d.started_at, default=None)

    def suspended_for(self, terminal_id: str) -> list[Document]:
        t = tables.temp_document
        found = self._fetch(
            (t.c.terminal_id == terminal_id) & (t.c.state == DocumentState.SUSPENDED.value)
        )
        return sorted(found, key=lambda d: (d.started_at, d.id))


def _sync_children(
    conn: Connection,
    table: Table,
    key_column: Any,
    document_id: str,
    now: dict[int, Any],
    before: dict[int, Any],
    to_row: Any,
) -> None:
    added = [to_row(v) for k, v in now.items() if k not in before]
    if added:
        conn.execute(insert(table), added)
    for key, value in now.items():
        if key in before and before[key] != value:
            row = to_row(value)
            conn.execute(
                update(table).where((table.c.document_id == document_id) & (key_column == key)), row
            )
    gone = [k for k in before if k not in now]
    if gone:
        conn.execute(
            delete(table).where((table.c.document_id == document_id) & key_column.in_(gone))
        )


class SqlDocuments:
    """Permanent documents: inserted once, in the completing transaction, never updated."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, document: Document) -> None:
        if document.receipt_number is None:
            raise StateError("Only numbered documents are kept for good")
        t = tables
        with translate(f"keeping document {document.unique_id}", duplicate=StorageError):
            self.conn.execute(insert(t.document), mappers.document_head(document, permanent=True))
            if document.lines:
                rows = [mappers.line_row(document.id, line) for line in document.lines]
                self.conn.execute(insert(t.document_line), rows)
            if document.payments:
                rows = [mappers.payment_row(document.id, p) for p in document.payments]
                self.conn.execute(insert(t.document_payment), rows)

    def _load(self, where: Any) -> list[Document]:
        t = tables
        return _load(self.conn, t.document, t.document_line, t.document_payment, where)

    def get(self, document_id: str) -> Document:
        found = self._load(tables.document.c.id == document_id)
        if not found:
            raise NotFound(f"Document {document_id} does not exist")
        return found[0]

    def last_for(self, terminal_id: str) -> Document | None:
        t = tables.document
        last = self.conn.execute(
            select(t.c.id)
            .where(t.c.terminal_id == terminal_id)
            .order_by(t.c.closure_number.desc(), t.c.receipt_number.desc())
            .limit(1)
        ).scalar()
        return None if last is None else self.get(last)

    def for_closure(self, terminal_id: str, closure_number: int) -> list[Document]:
        t = tables.document
        found = self._load(
            (t.c.terminal_id == terminal_id) & (t.c.closure_number == closure_number)
        )
        return sorted(found, key=lambda d: d.receipt_number or 0)
