"""Master data on SQLAlchemy Core: catalogue, store prices, cashiers, the organisation.

Like every repository, each is built for one company: it reads only that company's rows,
stamps ``company_id`` on what it writes and refuses an object of another company.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attrs import evolve
from sqlalchemy import Connection, Table, delete, insert, select, update

from adapters.sqlalchemy import mappers, tables
from adapters.sqlalchemy.errors import translate
from adapters.sqlalchemy.repositories import one_row
from adapters.sqlalchemy.upsert import upsert
from saleflex_core.domain.catalog import (
    Department,
    PaymentType,
    Product,
    QuickKey,
    QuickKeyKind,
    StorePrice,
    VatRate,
)
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Cashier, Company, Store, Terminal, check_company
from saleflex_core.exceptions import NotFound


def _upsert(conn: Connection, table: Table, row: dict[str, Any], *keys: str) -> None:
    """Write ``row`` (its ``company_id`` included) over the one with the same keys:
    ``INSERT ... ON CONFLICT`` on the table's key, which begins with ``company_id``."""
    upsert(conn, table, [row], ("company_id", *keys))


QUICK_KEY = ("company_id", "page", "position")


class _Scoped:
    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.scope = company

    def _rows(self, table: Table, *where: Any) -> Any:
        query = select(table).where(table.c.company_id == self.scope, *where)
        return self.conn.execute(query).mappings()

    def _save(self, table: Table, row: dict[str, Any], *keys: str) -> None:
        _upsert(self.conn, table, {**row, "company_id": self.scope}, *keys)

    def _mine(self, table: Table) -> Any:
        return table.c.company_id == self.scope


class SqlCatalog(_Scoped):
    def products(self, store_id: str | None = None) -> list[Product]:
        barcodes: dict[str, list[str]] = {}
        for row in self._rows(tables.product_barcode).all():
            barcodes.setdefault(row["product_id"], []).append(row["code"])
        prices = {} if store_id is None else self._prices(store_id)
        found = []
        for row in self._rows(tables.product):
            product = mappers.to_product(row, sorted(barcodes.get(row["id"], ())))
            price = prices.get(product.id)
            found.append(product if price is None else evolve(product, unit_price=price))
        return found

    def _prices(self, store_id: str) -> dict[str, Money]:
        return {p.product_id: p.unit_price for p in self.store_prices(store_id)}

    def store_prices(self, store_id: str) -> list[StorePrice]:
        t = tables.store_price
        rows = self._rows(t, t.c.store_id == store_id)
        return sorted((mappers.to_store_price(r) for r in rows), key=lambda p: p.product_id)

    def save_store_price(self, price: StorePrice) -> None:
        # NotFound, as in memory, rather than the foreign keys' IntegrityError.
        one_row(self.conn, tables.store, "Store", self.scope, id=price.store_id)
        one_row(self.conn, tables.product, "Product", self.scope, id=price.product_id)
        with translate(f"saving the price of {price.product_id} in store {price.store_id}"):
            row = mappers.store_price_row(price)
            self._save(tables.store_price, row, "store_id", "product_id")

    def delete_store_price(self, store_id: str, product_id: str) -> None:
        t = tables.store_price
        mine = (t.c.company_id == self.scope) & (t.c.store_id == store_id)
        self.conn.execute(delete(t).where(mine, t.c.product_id == product_id))

    def departments(self) -> list[Department]:
        return [mappers.to_department(r) for r in self._rows(tables.department)]

    def vat_rates(self) -> list[VatRate]:
        return [mappers.to_vat_rate(r) for r in self._rows(tables.vat_rate)]

    def payment_types(self) -> list[PaymentType]:
        return [mappers.to_payment_type(r) for r in self._rows(tables.payment_type)]

    def save_product(self, product: Product) -> None:
        with translate(f"saving product {product.name}"):
            self._save(tables.product, mappers.product_row(product), "id")
            self._barcodes([product])

    def save_products(self, products: Sequence[Product]) -> None:
        if not products:
            return
        t = tables.product
        plu = {p.id: p.plu for p in products}
        with translate(f"saving {len(products)} products"):
            stored = self.conn.execute(
                select(t.c.id, t.c.plu).where(self._mine(t), t.c.id.in_(plu))
            )
            # Unique PLUs are checked row by row: a product whose PLU changes lets go of
            # its old one first, so PLUs can move (even swap) within the set.
            moved = [product_id for product_id, old in stored if old != plu[product_id]]
            if moved:
                self._remove_products(moved)
            rows = [{**mappers.product_row(p), "company_id": self.scope} for p in products]
            upsert(self.conn, t, rows, ["company_id", "id"])
            self._barcodes(products)

    def _barcodes(self, products: Sequence[Product]) -> None:
        """The products' barcodes, replaced: a code moves between products of the set; one
        held by a product outside it is refused (StorageError), never taken over."""
        t = tables.product_barcode
        ids = [p.id for p in products]
        self.conn.execute(delete(t).where(self._mine(t), t.c.product_id.in_(ids)))
        rows = [
            {"company_id": self.scope, "code": code, "product_id": p.id}
            for p in products
            for code in p.barcodes
        ]
        if rows:  # a plain insert: a code still held by a product outside the set clashes
            self.conn.execute(insert(t), rows)

    def remove_product(self, product_id: str) -> None:
        # Receipts copy their lines: no document row refers to a product.
        with translate(f"removing product {product_id}"):
            self._remove_products([product_id])

    def _remove_products(self, ids: Sequence[str]) -> None:
        for t in (tables.product_barcode, tables.store_price):
            self.conn.execute(delete(t).where(self._mine(t), t.c.product_id.in_(ids)))
        t = tables.product
        self.conn.execute(delete(t).where(self._mine(t), t.c.id.in_(ids)))

    def remove_department(self, code: str) -> None:
        t = tables.department
        self.conn.execute(delete(t).where(self._mine(t), t.c.code == code))

    def remove_vat_rate(self, code: str) -> None:
        t = tables.vat_rate
        self.conn.execute(delete(t).where(self._mine(t), t.c.code == code))

    def remove_payment_type(self, code: str) -> None:
        t = tables.payment_type
        self.conn.execute(delete(t).where(self._mine(t), t.c.code == code))

    def save_quick_key(self, key: QuickKey) -> None:
        with translate(f"saving quick key {key.caption}"):
            upsert(self.conn, tables.quick_key, [self._key_row(key)], QUICK_KEY)

    def remove_quick_key(self, page: int, position: int) -> None:
        t = tables.quick_key
        self.conn.execute(
            delete(t).where(self._mine(t), t.c.page == page, t.c.position == position)
        )

    def quick_keys(self) -> list[QuickKey]:
        t = tables.quick_key
        query = select(t).where(t.c.company_id == self.scope).order_by(t.c.page, t.c.position)
        return [
            QuickKey(
                r["page"],
                r["position"],
                r["caption"],
                QuickKeyKind(r["kind"]),
                r["target"],
                r["colour"],
            )
            for r in self.conn.execute(query).mappings()
        ]

    def replace_quick_keys(self, keys: Sequence[QuickKey]) -> None:
        t = tables.quick_key
        with translate("saving the quick keys"):
            self.conn.execute(delete(t).where(t.c.company_id == self.scope))
            if keys:
                self.conn.execute(insert(t), [self._key_row(k) for k in keys])

    def _key_row(self, key: QuickKey) -> dict[str, Any]:
        return {
            "company_id": self.scope,
            "page": key.page,
            "position": key.position,
            "caption": key.caption,
            "kind": key.kind.value,
            "target": key.target,
            "colour": key.colour,
        }

    def save_department(self, department: Department) -> None:
        row = {"code": department.code, "name": department.name, "vat_code": department.vat_code}
        self._save(tables.department, row, "code")

    def save_vat_rate(self, vat_rate: VatRate) -> None:
        row = {"code": vat_rate.code, "rate": str(vat_rate.rate), "name": vat_rate.name}
        self._save(tables.vat_rate, row, "code")

    def save_payment_type(self, payment_type: PaymentType) -> None:
        row = {
            "code": payment_type.code,
            "name": payment_type.name,
            "kind": payment_type.kind.value,
            "gives_change": payment_type.gives_change,
        }
        self._save(tables.payment_type, row, "code")


class SqlCashiers(_Scoped):
    def get(self, cashier_id: str) -> Cashier:
        row = one_row(self.conn, tables.cashier, "Cashier", self.scope, id=cashier_id)
        return mappers.to_cashier(row)

    def all(self) -> list[Cashier]:
        return [mappers.to_cashier(r) for r in self._rows(tables.cashier)]

    def save(self, cashier: Cashier) -> None:
        row = {
            "id": cashier.id,
            "name": cashier.name,
            "role": cashier.role.value,
            "pin_hash": cashier.pin_hash,
            "active": cashier.active,
        }
        self._save(tables.cashier, row, "id")

    def remove(self, cashier_id: str) -> None:
        t = tables.cashier
        self.conn.execute(delete(t).where(self._mine(t), t.c.id == cashier_id))


class SqlOrganisation(_Scoped):
    def company(self, company_id: str) -> Company:
        t = tables.company
        row = self.conn.execute(select(t).where(t.c.id == company_id)).mappings().first()
        if row is None or company_id != self.scope:
            raise NotFound(f"Company {company_id} does not exist")
        return mappers.to_company(row)

    def store(self, store_id: str) -> Store:
        row = one_row(self.conn, tables.store, "Store", self.scope, id=store_id)
        return mappers.to_store(row)

    def terminal(self, terminal_id: str) -> Terminal:
        row = one_row(self.conn, tables.terminal, "Terminal", self.scope, id=terminal_id)
        return mappers.to_terminal(row)

    def terminals(self) -> list[Terminal]:
        found = [mappers.to_terminal(r) for r in self._rows(tables.terminal)]
        return sorted(found, key=lambda t: (t.store_id, t.code))

    def save_company(self, company: Company) -> None:
        check_company(self.scope, company.id, f"Company {company.name}")
        t = tables.company
        row = {"id": company.id, "name": company.name}
        if self.conn.execute(update(t).where(t.c.id == company.id), row).rowcount == 0:
            self.conn.execute(insert(t), row)

    def save_store(self, store: Store) -> None:
        check_company(self.scope, store.company_id, f"Store {store.name}")
        with translate(f"saving store {store.name}"):
            self._save(tables.store, mappers.store_row(store), "id")

    def save_terminal(self, terminal: Terminal) -> None:
        check_company(self.scope, terminal.company_id, f"Terminal {terminal.code}")
        with translate(f"saving terminal {terminal.code}"):
            self._save(tables.terminal, mappers.terminal_row(terminal), "id")
