"""Closures, cash movements and master data on SQLAlchemy Core (the outbox: outbox.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    Table,
    bindparam,
    delete,
    insert,
    select,
    update,
)

from adapters.sqlalchemy import mappers, tables
from adapters.sqlalchemy.errors import translate
from adapters.sqlalchemy.upsert import upsert
from saleflex_core.domain.cash import CashMovement
from saleflex_core.domain.catalog import (
    Department,
    PaymentType,
    Product,
    QuickKey,
    QuickKeyKind,
    VatRate,
)
from saleflex_core.domain.closure import Closure, ClosureState
from saleflex_core.domain.organisation import Cashier, Company, Store, Terminal
from saleflex_core.exceptions import ConcurrencyError, NotFound


def _one(conn: Connection, table: Table, what: str, **keys: Any) -> Any:
    where = [table.c[name] == value for name, value in keys.items()]
    row = conn.execute(select(table).where(*where)).mappings().first()
    if row is None:
        raise NotFound(f"{what} {'/'.join(map(str, keys.values()))} does not exist")
    return row


def _upsert(conn: Connection, table: Table, row: dict[str, Any], *keys: str) -> None:
    """Insert ``row`` or update the one with the same ``keys``: one statement, no race."""
    upsert(conn, table, [row], keys)


ClosureKey = tuple[str, int]


class ClosureCache:
    """Closures as last saved by this unit of work, kept between units of work.

    Completing a sale then reads the open closure's version (locking its row) instead of
    parsing its running totals again; a moved version means a fresh read.
    """

    def __init__(self) -> None:
        self.committed: dict[ClosureKey, tuple[Closure, int]] = {}
        self.touched: dict[ClosureKey, tuple[Closure, int]] = {}
        self.saved: set[ClosureKey] = set()

    def keep(self) -> None:
        for key, entry in self.touched.items():
            if key in self.saved:
                self.committed[key] = entry
            else:  # read, maybe changed in memory, not saved: read it again next time
                self.committed.pop(key, None)
        self.touched, self.saved = {}, set()

    def forget(self) -> None:
        for key in self.touched:
            self.committed.pop(key, None)
        self.touched, self.saved = {}, set()


_c = tables.closure
_OPEN_VERSION = select(_c.c.number, _c.c.version).where(
    _c.c.terminal_id == bindparam("terminal_id"), _c.c.state == ClosureState.OPEN.value
)
# The open closure row carries the terminal's counters: a writer locks it for the
# transaction; a reader does not, so no sale ever waits for a report.
_OPEN_VERSION_LOCKED = _OPEN_VERSION.with_for_update()
_BY_KEY = select(_c).where(_c.c.terminal_id == bindparam("t"), _c.c.number == bindparam("n"))
# The SET clause comes from the parameters given: every column of the row.
_BUMP = update(_c).where(
    _c.c.terminal_id == bindparam("key_terminal"),
    _c.c.number == bindparam("key_number"),
    _c.c.version == bindparam("key_version"),
)


class SqlClosures:
    def __init__(self, conn: Connection, cache: ClosureCache) -> None:
        self.conn = conn
        self.cache = cache

    def current(self, terminal_id: str) -> Closure | None:
        return self._open(_OPEN_VERSION, terminal_id)

    def lock_current(self, terminal_id: str) -> Closure | None:
        return self._open(_OPEN_VERSION_LOCKED, terminal_id)

    def _open(self, query: Select[Any], terminal_id: str) -> Closure | None:
        row = self.conn.execute(query, {"terminal_id": terminal_id}).first()
        if row is None:
            return None
        key = (terminal_id, row.number)
        entry = self.cache.committed.get(key)
        if entry is not None and entry[1] == row.version:
            self.cache.touched[key] = entry
            return entry[0]
        return self.get(terminal_id, row.number)

    def get(self, terminal_id: str, number: int) -> Closure:
        row = self.conn.execute(_BY_KEY, {"t": terminal_id, "n": number}).mappings().first()
        if row is None:
            raise NotFound(f"Closure {terminal_id}/{number} does not exist")
        closure = mappers.to_closure(row)
        self.cache.touched[(terminal_id, number)] = (closure, row["version"])
        return closure

    def save(self, closure: Closure) -> None:
        key = (closure.terminal_id, closure.number)
        known = self.cache.touched.get(key)
        row = mappers.closure_row(closure)
        with translate(f"saving closure {closure.number}"):
            if known is None:
                version = 1
                self.conn.execute(insert(_c), {**row, "version": version})
            else:
                version = known[1] + 1
                params = {"key_terminal": key[0], "key_number": key[1], "key_version": known[1]}
                bumped = self.conn.execute(_BUMP, {**row, **params, "version": version})
                if bumped.rowcount != 1:
                    raise ConcurrencyError(f"Closure {closure.number} was changed elsewhere")
        self.cache.touched[key] = (closure, version)
        self.cache.saved.add(key)


class SqlCash:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, movement: CashMovement) -> None:
        with translate("recording the cash movement"):
            self.conn.execute(insert(tables.cash_movement), mappers.movement_row(movement))

    def for_closure(self, terminal_id: str, closure_number: int) -> list[CashMovement]:
        t = tables.cash_movement
        rows = self.conn.execute(
            select(t)
            .where(t.c.terminal_id == terminal_id, t.c.closure_number == closure_number)
            .order_by(t.c.at, t.c.id)
        ).mappings()
        return [mappers.to_movement(r) for r in rows]


class SqlCatalog:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def products(self) -> list[Product]:
        barcodes: dict[str, list[str]] = {}
        t = tables.product_barcode
        for code, product_id in self.conn.execute(
            select(t.c.code, t.c.product_id).order_by(t.c.code)
        ):
            barcodes.setdefault(product_id, []).append(code)
        rows = self.conn.execute(select(tables.product)).mappings()
        return [mappers.to_product(r, barcodes.get(r["id"], ())) for r in rows]

    def departments(self) -> list[Department]:
        return [
            mappers.to_department(r)
            for r in self.conn.execute(select(tables.department)).mappings()
        ]

    def vat_rates(self) -> list[VatRate]:
        return [
            mappers.to_vat_rate(r) for r in self.conn.execute(select(tables.vat_rate)).mappings()
        ]

    def payment_types(self) -> list[PaymentType]:
        rows = self.conn.execute(select(tables.payment_type)).mappings()
        return [mappers.to_payment_type(r) for r in rows]

    def save_product(self, product: Product) -> None:
        with translate(f"saving product {product.name}"):
            _upsert(self.conn, tables.product, mappers.product_row(product), "id")
            self._barcodes([product])

    def save_products(self, products: Sequence[Product]) -> None:
        if not products:
            return
        t = tables.product
        plu = {p.id: p.plu for p in products}
        with translate(f"saving {len(products)} products"):
            stored = self.conn.execute(select(t.c.id, t.c.plu).where(t.c.id.in_(plu)))
            # Unique PLUs are checked row by row: a product whose PLU changes lets go of
            # its old one first, so PLUs can move (even swap) within the set.
            moved = [product_id for product_id, old in stored if old != plu[product_id]]
            if moved:
                self.conn.execute(delete(t).where(t.c.id.in_(moved)))
            upsert(self.conn, t, [mappers.product_row(p) for p in products], ["id"])
            self._barcodes(products)

    def _barcodes(self, products: Sequence[Product]) -> None:
        """The products' barcodes, replaced; a barcode goes to the product saved last."""
        t = tables.product_barcode
        self.conn.execute(delete(t).where(t.c.product_id.in_([p.id for p in products])))
        rows = [{"code": code, "product_id": p.id} for p in products for code in p.barcodes]
        upsert(self.conn, t, rows, ["code"])

    def remove_product(self, product_id: str) -> None:
        # receipts copy their lines: no document row refers to a product
        t = tables.product_barcode
        with translate(f"removing product {product_id}"):
            self.conn.execute(delete(t).where(t.c.product_id == product_id))
            self.conn.execute(delete(tables.product).where(tables.product.c.id == product_id))

    def remove_department(self, code: str) -> None:
        self.conn.execute(delete(tables.department).where(tables.department.c.code == code))

    def remove_vat_rate(self, code: str) -> None:
        self.conn.execute(delete(tables.vat_rate).where(tables.vat_rate.c.code == code))

    def remove_payment_type(self, code: str) -> None:
        t = tables.payment_type
        self.conn.execute(delete(t).where(t.c.code == code))

    def save_quick_key(self, key: QuickKey) -> None:
        with translate(f"saving quick key {key.caption}"):
            _upsert(self.conn, tables.quick_key, _quick_key_row(key), "page", "position")

    def remove_quick_key(self, page: int, position: int) -> None:
        t = tables.quick_key
        self.conn.execute(delete(t).where(t.c.page == page, t.c.position == position))

    def quick_keys(self) -> list[QuickKey]:
        t = tables.quick_key
        rows = self.conn.execute(select(t).order_by(t.c.page, t.c.position)).mappings()
        return [
            QuickKey(
                r["page"],
                r["position"],
                r["caption"],
                QuickKeyKind(r["kind"]),
                r["target"],
                r["colour"],
            )
            for r in rows
        ]

    def replace_quick_keys(self, keys: Sequence[QuickKey]) -> None:
        t = tables.quick_key
        with translate("saving the quick keys"):
            self.conn.execute(delete(t))
            if keys:
                self.conn.execute(insert(t), [_quick_key_row(k) for k in keys])

    def save_department(self, department: Department) -> None:
        row = {"code": department.code, "name": department.name, "vat_code": department.vat_code}
        _upsert(self.conn, tables.department, row, "code")

    def save_vat_rate(self, vat_rate: VatRate) -> None:
        row = {"code": vat_rate.code, "rate": str(vat_rate.rate), "name": vat_rate.name}
        _upsert(self.conn, tables.vat_rate, row, "code")

    def save_payment_type(self, payment_type: PaymentType) -> None:
        row = {
            "code": payment_type.code,
            "name": payment_type.name,
            "kind": payment_type.kind.value,
            "gives_change": payment_type.gives_change,
        }
        _upsert(self.conn, tables.payment_type, row, "code")


def _quick_key_row(key: QuickKey) -> dict[str, Any]:
    return {
        "page": key.page,
        "position": key.position,
        "caption": key.caption,
        "kind": key.kind.value,
        "target": key.target,
        "colour": key.colour,
    }


class SqlCashiers:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, cashier_id: str) -> Cashier:
        return mappers.to_cashier(_one(self.conn, tables.cashier, "Cashier", id=cashier_id))

    def all(self) -> list[Cashier]:
        return [mappers.to_cashier(r) for r in self.conn.execute(select(tables.cashier)).mappings()]

    def save(self, cashier: Cashier) -> None:
        row = {
            "id": cashier.id,
            "name": cashier.name,
            "role": cashier.role.value,
            "pin_hash": cashier.pin_hash,
            "active": cashier.active,
        }
        _upsert(self.conn, tables.cashier, row, "id")

    def remove(self, cashier_id: str) -> None:
        self.conn.execute(delete(tables.cashier).where(tables.cashier.c.id == cashier_id))


class SqlOrganisation:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def company(self, company_id: str) -> Company:
        return mappers.to_company(_one(self.conn, tables.company, "Company", id=company_id))

    def store(self, store_id: str) -> Store:
        return mappers.to_store(_one(self.conn, tables.store, "Store", id=store_id))

    def terminal(self, terminal_id: str) -> Terminal:
        return mappers.to_terminal(_one(self.conn, tables.terminal, "Terminal", id=terminal_id))

    def save_company(self, company: Company) -> None:
        _upsert(self.conn, tables.company, {"id": company.id, "name": company.name}, "id")

    def save_store(self, store: Store) -> None:
        with translate(f"saving store {store.name}"):
            _upsert(self.conn, tables.store, mappers.store_row(store), "id")

    def save_terminal(self, terminal: Terminal) -> None:
        with translate(f"saving terminal {terminal.name}"):
            _upsert(self.conn, tables.terminal, mappers.terminal_row(terminal), "id")
