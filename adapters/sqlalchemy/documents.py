"""Draft (temp) and permanent document repositories.

Drafts are saved after every key press, so ``save`` writes only what changed since the
draft was last read or written: usually one new line row and the head's version.
Both repositories read and write only their unit of work's company (``company``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update

from adapters.sqlalchemy import mappers, tables
from adapters.sqlalchemy.errors import translate
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.exceptions import ConcurrencyError, NotFound, StateError, StorageError

_DRAFT_STATES = (DocumentState.ACTIVE, DocumentState.SUSPENDED)


class _Snapshot:
    """What a draft looks like in the database at ``version``."""

    def __init__(self, document: Document, version: int) -> None:
        self.version = version
        self.head = mappers.document_head(document, permanent=False)
        self.lines = {line.line_no: line for line in document.lines}
        self.payments = {p.seq: p for p in document.payments}

    def matches(self, document: Document) -> bool:
        return (
            len(document.lines) == len(self.lines)
            and all(_same(self.lines.get(line.line_no), line) for line in document.lines)
            and [p.seq for p in document.payments] == list(self.payments)
            and mappers.document_head(document, permanent=False) == self.head
        )


class DraftCache:
    """Drafts as last committed by this unit of work, kept between units of work.

    A key press then reads one version number instead of the whole draft; a draft whose
    row version moved on (another process wrote it) is read again in full.
    """

    def __init__(self) -> None:
        self.committed: dict[str, tuple[Document, _Snapshot]] = {}
        self.touched: dict[str, tuple[Document, _Snapshot] | None] = {}

    def keep(self) -> None:
        for document_id, entry in self.touched.items():
            if entry is not None and entry[1].matches(entry[0]):
                self.committed[document_id] = entry
            else:  # deleted, or changed in memory without being saved
                self.committed.pop(document_id, None)
        self.touched = {}

    def forget(self) -> None:
        for document_id in self.touched:
            self.committed.pop(document_id, None)
        self.touched = {}


def _load(
    conn: Connection, company: str, tables_: tuple[Table, Table, Table], where: Any
) -> list[Any]:
    heads, lines, payments = tables_
    query = select(heads).where(heads.c.company_id == company, where)
    head_rows = conn.execute(query).mappings().all()
    if not head_rows:
        return []
    ids = [row["id"] for row in head_rows]
    by_doc: dict[str, tuple[list[Any], list[Any]]] = {i: ([], []) for i in ids}
    for child, index in ((lines, 0), (payments, 1)):
        query = select(child).where(child.c.company_id == company, child.c.document_id.in_(ids))
        for row in conn.execute(query).mappings():
            by_doc[row["document_id"]][index].append(row)
    return [(row, mappers.to_document(row, *by_doc[row["id"]])) for row in head_rows]


_DRAFT_TABLES = (tables.temp_document, tables.temp_document_line, tables.temp_payment)
_PERMANENT_TABLES = (tables.document, tables.document_line, tables.document_payment)


_t = tables.temp_document
_VERSION = select(_t.c.version).where(
    _t.c.company_id == bindparam("company"), _t.c.id == bindparam("document_id")
)
# The SET clause comes from the parameters given: the version and what changed.
_BUMP = update(_t).where(
    _t.c.company_id == bindparam("key_company"),
    _t.c.id == bindparam("key_id"),
    _t.c.version == bindparam("key_version"),
)
_ANY_ACTIVE = (
    select(_t.c.id)
    .where(
        _t.c.company_id == bindparam("company"),
        _t.c.terminal_id == bindparam("terminal_id"),
        _t.c.state == DocumentState.ACTIVE.value,
    )
    .limit(1)
)
_INSERT = {table: insert(table) for table in tables.metadata.tables.values()}


class SqlDrafts:
    def __init__(self, conn: Connection, cache: DraftCache, company: str) -> None:
        self.conn = conn
        self.cache = cache
        self.company = company

    def _fetch(self, where: Any) -> list[Document]:
        found = _load(self.conn, self.company, _DRAFT_TABLES, where)
        for row, document in found:
            self.cache.touched[document.id] = (document, _Snapshot(document, row["version"]))
        return [document for _, document in found]

    def _entry(self, document_id: str) -> tuple[Document, _Snapshot] | None:
        if document_id in self.cache.touched:
            return self.cache.touched[document_id]
        params = {"company": self.company, "document_id": document_id}
        version = self.conn.execute(_VERSION, params).scalar()
        if version is None:
            return None
        entry = self.cache.committed.get(document_id)
        if entry is not None and entry[1].version == version:
            self.cache.touched[document_id] = entry
            return entry
        self._fetch(tables.temp_document.c.id == document_id)
        return self.cache.touched.get(document_id)

    def get(self, document_id: str) -> Document:
        entry = self._entry(document_id)
        if entry is None:
            raise NotFound(f"Draft sale {document_id} does not exist")
        return entry[0]

    def save(self, document: Document) -> None:
        if document.state not in _DRAFT_STATES:
            raise StateError("Only active or suspended sales are drafts")
        entry = self._entry(document.id)
        before = None if entry is None else entry[1]
        with translate("saving the sale"):
            version = self._write(document, before)
        self.cache.touched[document.id] = (document, _Snapshot(document, version))

    def _write(self, document: Document, before: _Snapshot | None) -> int:
        head = mappers.document_head(document, permanent=False)
        t = tables
        mine = _Children(self.conn, self.company, document.id)
        if before is None:
            self.conn.execute(
                _INSERT[t.temp_document], {**head, "company_id": self.company, "version": 1}
            )
            version = 1
        else:
            version = before.version + 1
            changed = {k: v for k, v in head.items() if before.head.get(k) != v}
            params = {
                "key_company": self.company,
                "key_id": document.id,
                "key_version": before.version,
                "version": version,
            }
            bumped = self.conn.execute(_BUMP, {**changed, **params})
            if bumped.rowcount != 1:
                raise ConcurrencyError("Another program changed this sale: nothing was saved")
        mine.sync(
            t.temp_document_line,
            t.temp_document_line.c.line_no,
            {line.line_no: line for line in document.lines},
            before.lines if before else {},
            lambda line: mappers.line_row(document.id, line),
        )
        mine.sync(
            t.temp_payment,
            t.temp_payment.c.seq,
            {p.seq: p for p in document.payments},
            before.payments if before else {},
            lambda p: mappers.payment_row(document.id, p),
        )
        return version

    def delete(self, document_id: str) -> None:
        # Lines and payments go with their head (ON DELETE CASCADE).
        t = tables.temp_document
        self.conn.execute(delete(t).where(t.c.company_id == self.company, t.c.id == document_id))
        self.cache.touched[document_id] = None

    def active_for(self, terminal_id: str) -> Document | None:
        t = tables.temp_document
        params = {"company": self.company, "terminal_id": terminal_id}
        if self.conn.execute(_ANY_ACTIVE, params).first() is None:
            return None  # the usual answer when a sale starts: no need to load anything
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


def _same(old: Any, new: Any) -> bool:
    # Unchanged lines are the very objects last saved: skip comparing their fields.
    return old is new or old == new


class _Children:
    """One document's child rows (lines or payments) within its company."""

    def __init__(self, conn: Connection, company: str, document_id: str) -> None:
        self.conn = conn
        self.company = company
        self.document_id = document_id

    def rows(self, to_row: Any, values: Any) -> list[dict[str, Any]]:
        return [{**to_row(value), "company_id": self.company} for value in values]

    def sync(
        self,
        table: Table,
        key_column: Any,
        now: dict[int, Any],
        before: dict[int, Any],
        to_row: Any,
    ) -> None:
        added = self.rows(to_row, [v for k, v in now.items() if k not in before])
        if added:
            self.conn.execute(_INSERT[table], added)
        for key, value in now.items():
            if key in before and not _same(before[key], value):
                row = to_row(value)
                self.conn.execute(update(table).where(self._mine(table), key_column == key), row)
        gone = [k for k in before if k not in now]
        if gone:
            self.conn.execute(delete(table).where(self._mine(table), key_column.in_(gone)))

    def _mine(self, table: Table) -> Any:
        # Built only when a row changes or goes: a key press usually only adds one.
        return (table.c.company_id == self.company) & (table.c.document_id == self.document_id)


class SqlDocuments:
    """Permanent documents: inserted once, in the completing transaction, never updated."""

    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.company = company

    def add(self, document: Document) -> None:
        if document.receipt_number is None:
            raise StateError("Only numbered documents are kept for good")
        t = tables
        mine = _Children(self.conn, self.company, document.id)
        head = {**mappers.document_head(document, permanent=True), "company_id": self.company}
        with translate(f"keeping document {document.unique_id}", duplicate=StorageError):
            self.conn.execute(_INSERT[t.document], head)
            if document.lines:
                rows = mine.rows(lambda line: mappers.line_row(document.id, line), document.lines)
                self.conn.execute(_INSERT[t.document_line], rows)
            if document.payments:
                rows = mine.rows(lambda p: mappers.payment_row(document.id, p), document.payments)
                self.conn.execute(_INSERT[t.document_payment], rows)

    def _load(self, where: Any) -> list[Document]:
        found = _load(self.conn, self.company, _PERMANENT_TABLES, where)
        return [document for _, document in found]

    def get(self, document_id: str) -> Document:
        found = self._load(tables.document.c.id == document_id)
        if not found:
            raise NotFound(f"Document {document_id} does not exist")
        return found[0]

    def last_for(self, terminal_id: str) -> Document | None:
        t = tables.document
        last = self.conn.execute(
            select(t.c.id)
            .where(t.c.company_id == self.company, t.c.terminal_id == terminal_id)
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
