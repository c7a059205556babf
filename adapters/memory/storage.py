"""In-memory storage: a real unit of work with commit and rollback, no database.

Each unit of work writes into an overlay; ``commit()`` applies the overlay to the
shared ``MemoryDatabase`` at once, leaving the block without it throws the overlay
away. Mutable aggregates are copied in and out, so an object changed but not saved
never leaks into storage — the same behaviour a real database gives.

Every unit of work is built for one company: the database keeps each company's tables
apart, so a unit of work cannot even reach another company's rows.

A document is copied in time linear in its length, not deep: its lines, payments and
audit entries are frozen values that can be shared, so a copy needs only lists of its
own (``copy_document``). A key press on a long sale then costs what SQLite's does.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from attrs import evolve

from saleflex_core.domain.cash import CashMovement, check_numbered
from saleflex_core.domain.catalog import (
    Department,
    PaymentType,
    Product,
    QuickKey,
    StorePrice,
    VatRate,
)
from saleflex_core.domain.closure import Closure, ClosureState
from saleflex_core.domain.delivery import OutboxFigures, SyncState
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.events import NOT_NUMBERED, OutboxItem, OutboxStatus
from saleflex_core.domain.organisation import Cashier, Company, Store, Terminal, check_company
from saleflex_core.exceptions import NotFound, StateError, StorageError

if TYPE_CHECKING:
    from saleflex_core.ports import UnitOfWork

V = TypeVar("V")
_GONE: Any = object()


def _same(value: V) -> V:
    return value


def copy_document(document: Document) -> Document:
    """A copy that shares nothing mutable with ``document``.

    Its lists are new; what they hold (``Line``, ``Payment``, ``AuditEntry``) is frozen,
    and so is every other field's value (str, datetime, enums, ``Adjustment``).
    """
    return evolve(
        document,
        lines=list(document.lines),
        payments=list(document.payments),
        audit=list(document.audit),
    )


class MemoryDatabase:
    """The committed state, shared by every unit of work built on it: one set of tables
    per company."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tables: dict[tuple[str, str], dict[Any, Any]] = {}

    def table(self, company_id: str, name: str) -> dict[Any, Any]:
        return self.tables.setdefault((company_id, name), {})


class _Overlay(Generic[V]):
    def __init__(self, committed: dict[Any, V], copier: Callable[[V], V]) -> None:
        self.committed = committed
        self.copier = copier
        self.changes: dict[Any, V] = {}

    def get(self, key: Any) -> V | None:
        value = self.changes[key] if key in self.changes else self.committed.get(key)
        return None if value is None or value is _GONE else self.copier(value)

    def put(self, key: Any, value: V) -> None:
        self.changes[key] = self.copier(value)

    def delete(self, key: Any) -> None:
        self.changes[key] = _GONE

    def values(self) -> Iterator[V]:
        return (self.copier(value) for value in self.raw_values())

    def select(self, keep: Callable[[V], bool]) -> list[V]:
        """Copies of the rows ``keep`` accepts; the others are only read, never copied."""
        return [self.copier(value) for value in self.raw_values() if keep(value)]

    def raw_values(self) -> Iterator[V]:
        """The rows themselves, to read and never to hand out (``copier`` makes a copy)."""
        for key, value in self.committed.items():
            if key not in self.changes:
                yield value
        for value in self.changes.values():
            if value is not _GONE:
                yield value

    def apply(self) -> None:
        for key, value in self.changes.items():
            if value is _GONE:
                self.committed.pop(key, None)
            else:
                self.committed[key] = value
        self.changes = {}


def _must(value: V | None, what: str) -> V:
    if value is None:
        raise NotFound(f"{what} does not exist")
    return value


class MemoryDrafts:
    def __init__(self, rows: _Overlay[Document]) -> None:
        self.rows = rows

    def get(self, document_id: str) -> Document:
        return _must(self.rows.get(document_id), f"Draft sale {document_id}")

    def save(self, document: Document) -> None:
        if document.state not in (DocumentState.ACTIVE, DocumentState.SUSPENDED):
            raise StateError("Only active or suspended sales are drafts")
        self.rows.put(document.id, document)

    def delete(self, document_id: str) -> None:
        self.rows.delete(document_id)

    def active_for(self, terminal_id: str) -> Document | None:
        found = self.rows.select(
            lambda d: d.terminal_id == terminal_id and d.state is DocumentState.ACTIVE
        )
        return min(found, key=lambda d: d.started_at, default=None)

    def suspended_for(self, terminal_id: str) -> list[Document]:
        found = self.rows.select(
            lambda d: d.terminal_id == terminal_id and d.state is DocumentState.SUSPENDED
        )
        return sorted(found, key=lambda d: (d.started_at, d.id))


class MemoryDocuments:
    def __init__(self, rows: _Overlay[Document]) -> None:
        self.rows = rows

    def add(self, document: Document) -> None:
        if document.receipt_number is None:
            raise StateError("Only numbered documents are kept for good")
        if self.rows.get(document.id) is not None:
            raise StorageError(f"Document {document.id} is already stored")
        number = (document.terminal_id, document.closure_number, document.receipt_number)
        clash = self.rows.select(
            lambda d: (d.terminal_id, d.closure_number, d.receipt_number) == number
        )
        if clash:
            raise StorageError(f"Receipt number {document.unique_id} is already used")
        self.rows.put(document.id, document)

    def get(self, document_id: str) -> Document:
        return _must(self.rows.get(document_id), f"Document {document_id}")

    def last_for(self, terminal_id: str) -> Document | None:
        mine = (d for d in self.rows.raw_values() if d.terminal_id == terminal_id)
        last = max(mine, key=lambda d: (d.closure_number, d.receipt_number), default=None)
        return None if last is None else self.rows.copier(last)

    def for_closure(self, terminal_id: str, closure_number: int) -> list[Document]:
        mine = self.rows.select(
            lambda d: d.terminal_id == terminal_id and d.closure_number == closure_number
        )
        return sorted(mine, key=lambda d: d.receipt_number or 0)


class MemoryClosures:
    def __init__(self, rows: _Overlay[Closure]) -> None:
        self.rows = rows

    def current(self, terminal_id: str) -> Closure | None:
        open_ = self.rows.select(
            lambda c: c.terminal_id == terminal_id and c.state is ClosureState.OPEN
        )
        return open_[0] if open_ else None

    def lock_current(self, terminal_id: str) -> Closure | None:
        return self.current(terminal_id)  # the database lock already serialises units

    def get(self, terminal_id: str, number: int) -> Closure:
        return _must(self.rows.get((terminal_id, number)), f"Closure {terminal_id}/{number}")

    def save(self, closure: Closure) -> None:
        if closure.state is ClosureState.OPEN:
            other = self.current(closure.terminal_id)
            if other is not None and other.number != closure.number:
                raise StorageError(f"Terminal {closure.terminal_id} already has an open closure")
        self.rows.put((closure.terminal_id, closure.number), closure)


class MemoryCash:
    def __init__(self, rows: _Overlay[CashMovement]) -> None:
        self.rows = rows

    def add(self, movement: CashMovement) -> None:
        check_numbered(movement)
        taken = self.rows.select(
            lambda m: (
                (m.terminal_id, m.closure_number, m.number)
                == (movement.terminal_id, movement.closure_number, movement.number)
            )
        )
        if taken:
            raise StorageError(
                f"Cash movement {movement.number} of closure {movement.closure_number} exists"
            )
        self.rows.put(movement.id, movement)

    def for_closure(self, terminal_id: str, closure_number: int) -> list[CashMovement]:
        mine = [
            m
            for m in self.rows.values()
            if m.terminal_id == terminal_id and m.closure_number == closure_number
        ]
        return sorted(mine, key=lambda m: m.number)  # never the clock: it may have been set back


class MemoryOutbox:
    """Events keyed by event id; per-terminal sequence counters and delivery states keyed by
    (company, terminal), all in the unit of work's overlays, so a rollback takes a number
    back with its event."""

    def __init__(
        self,
        rows: _Overlay[OutboxItem],
        counters: _Overlay[int],
        states: _Overlay[SyncState],
        scope: str,
    ) -> None:
        self.rows = rows
        self.counters = counters
        self.states = states
        self.scope = scope

    def add(self, item: OutboxItem) -> OutboxItem:
        if item.sequence != NOT_NUMBERED:
            raise StateError("The outbox numbers its events itself")
        check_company(self.scope, item.company_id, f"Event {item.event_id}")
        if self.rows.get(item.event_id) is not None:
            raise StorageError(f"Event {item.event_id} is already in the outbox")
        counter = (item.company_id, item.terminal_id)
        sequence = (self.counters.get(counter) or 0) + 1
        self.counters.put(counter, sequence)
        numbered = item.numbered(sequence)
        self.rows.put(item.event_id, numbered)
        return numbered

    def save(self, item: OutboxItem) -> None:
        self.get(item.event_id)
        self.rows.put(item.event_id, item)

    def save_delivery(self, items: Sequence[OutboxItem]) -> None:
        for item in items:
            self.save(item)

    def get(self, event_id: str) -> OutboxItem:
        return _must(self.rows.get(event_id), f"Outbox event {event_id}")

    def pending(self, terminal_id: str, limit: int) -> list[OutboxItem]:
        return self._of(terminal_id, OutboxStatus.PENDING)[:limit]

    def failed(self, terminal_id: str) -> list[OutboxItem]:
        return self._of(terminal_id, OutboxStatus.FAILED)

    def _of(self, terminal_id: str, status: OutboxStatus) -> list[OutboxItem]:
        mine = self.rows.select(lambda i: i.terminal_id == terminal_id and i.status is status)
        return sorted(mine, key=lambda i: i.sequence)

    def continue_after(self, terminal_id: str, sequence: int) -> None:
        counter = (self.scope, terminal_id)
        self.counters.put(counter, max(self.counters.get(counter) or 0, sequence))

    def pending_count(self) -> int:
        return sum(1 for i in self.rows.raw_values() if i.status is OutboxStatus.PENDING)

    def figures(self, terminal_id: str) -> OutboxFigures:
        pending = self._of(terminal_id, OutboxStatus.PENDING)
        failed = sum(
            1
            for i in self.rows.raw_values()
            if i.terminal_id == terminal_id and i.status is OutboxStatus.FAILED
        )
        oldest = min((i.occurred_at for i in pending), default=None)
        return OutboxFigures(len(pending), failed, oldest)

    def state(self, terminal_id: str) -> SyncState | None:
        mine = self.states.select(lambda s: s.terminal_id == terminal_id)
        return mine[0] if mine else None

    def save_state(self, state: SyncState) -> None:
        check_company(self.scope, state.company_id, "A queue state")
        self.states.put((state.company_id, state.terminal_id), state)


class _Keyed(Generic[V]):
    def __init__(self, rows: _Overlay[V], what: str) -> None:
        self.rows = rows
        self.what = what

    def get(self, key: str) -> V:
        return _must(self.rows.get(key), f"{self.what} {key}")

    def all(self) -> list[V]:
        return list(self.rows.values())


class MemoryCatalog:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self.products_ = _Keyed[Product](uow.overlay("products"), "Product")
        self.departments_ = _Keyed[Department](uow.overlay("departments"), "Department")
        self.vat_ = _Keyed[VatRate](uow.overlay("vat_rates"), "VAT rate")
        self.payment_types_ = _Keyed[PaymentType](uow.overlay("payment_types"), "Payment type")
        self.quick_keys_ = _Keyed[QuickKey](uow.overlay("quick_keys"), "Quick key")
        self.prices = _Keyed[StorePrice](uow.overlay("store_prices"), "Store price")
        self.stores = uow.overlay("stores")

    def products(self, store_id: str | None = None) -> list[Product]:
        found = self.products_.all()
        if store_id is None:
            return found
        prices = {p.product_id: p.unit_price for p in self.store_prices(store_id)}
        return [p if p.id not in prices else evolve(p, unit_price=prices[p.id]) for p in found]

    def store_prices(self, store_id: str) -> list[StorePrice]:
        mine = self.prices.rows.select(lambda p: p.store_id == store_id)
        return sorted(mine, key=lambda p: p.product_id)

    def save_store_price(self, price: StorePrice) -> None:
        # What the SQL tables' foreign keys check: the store and the product exist.
        _must(self.stores.get(price.store_id), f"Store {price.store_id}")
        self.products_.get(price.product_id)
        self.prices.rows.put((price.store_id, price.product_id), price)

    def delete_store_price(self, store_id: str, product_id: str) -> None:
        self.prices.rows.delete((store_id, product_id))

    def departments(self) -> list[Department]:
        return self.departments_.all()

    def vat_rates(self) -> list[VatRate]:
        return self.vat_.all()

    def payment_types(self) -> list[PaymentType]:
        return self.payment_types_.all()

    def quick_keys(self) -> list[QuickKey]:
        return sorted(self.quick_keys_.all(), key=lambda k: (k.page, k.position))

    def replace_quick_keys(self, keys: Sequence[QuickKey]) -> None:
        for old in self.quick_keys_.all():
            self.quick_keys_.rows.delete((old.page, old.position))
        for key in keys:
            self.quick_keys_.rows.put((key.page, key.position), key)

    def save_product(self, product: Product) -> None:
        self.save_products([product])

    def save_products(self, products: Sequence[Product]) -> None:
        """What the SQL tables' unique keys check: a PLU or barcode names one product.
        Codes may move between the products saved together, never away from another."""
        saved = {p.id for p in products}
        codes: dict[str, str] = {}
        others = (p for p in self.products_.rows.raw_values() if p.id not in saved)
        for product in (*others, *products):
            for code in (f"plu:{product.plu}", *(f"ean:{b}" for b in product.barcodes)):
                if codes.setdefault(code, product.id) != product.id:
                    raise StorageError(f"Cannot save product {product.name}: its code is taken")
        for product in products:
            self.products_.rows.put(product.id, product)

    def save_quick_key(self, key: QuickKey) -> None:
        self.quick_keys_.rows.put((key.page, key.position), key)

    def remove_product(self, product_id: str) -> None:
        for price in self.prices.rows.select(lambda p: p.product_id == product_id):
            self.prices.rows.delete((price.store_id, product_id))
        self.products_.rows.delete(product_id)

    def remove_department(self, code: str) -> None:
        self.departments_.rows.delete(code)

    def remove_vat_rate(self, code: str) -> None:
        self.vat_.rows.delete(code)

    def remove_payment_type(self, code: str) -> None:
        self.payment_types_.rows.delete(code)

    def remove_quick_key(self, page: int, position: int) -> None:
        self.quick_keys_.rows.delete((page, position))

    def save_department(self, department: Department) -> None:
        self.departments_.rows.put(department.code, department)

    def save_vat_rate(self, vat_rate: VatRate) -> None:
        self.vat_.rows.put(vat_rate.code, vat_rate)

    def save_payment_type(self, payment_type: PaymentType) -> None:
        self.payment_types_.rows.put(payment_type.code, payment_type)


class MemoryCashiers(_Keyed[Cashier]):
    def save(self, cashier: Cashier) -> None:
        self.rows.put(cashier.id, cashier)

    def remove(self, cashier_id: str) -> None:
        self.rows.delete(cashier_id)


class MemorySyncCursors:
    def __init__(self, rows: _Overlay[str]) -> None:
        self.rows = rows

    def get(self, stream: str) -> str | None:
        return self.rows.get(stream)

    def put(self, stream: str, cursor: str) -> None:
        self.rows.put(stream, cursor)


class MemoryOrganisation:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self.scope = uow.company_id
        self.companies = _Keyed[Company](uow.overlay("companies"), "Company")
        self.stores = _Keyed[Store](uow.overlay("stores"), "Store")
        self.terminals_ = _Keyed[Terminal](uow.overlay("terminals"), "Terminal")

    def company(self, company_id: str) -> Company:
        return self.companies.get(company_id)

    def store(self, store_id: str) -> Store:
        return self.stores.get(store_id)

    def terminal(self, terminal_id: str) -> Terminal:
        return self.terminals_.get(terminal_id)

    def terminals(self) -> list[Terminal]:
        return sorted(self.terminals_.all(), key=lambda t: (t.store_id, t.code))

    def save_company(self, company: Company) -> None:
        check_company(self.scope, company.id, f"Company {company.name}")
        self.companies.rows.put(company.id, company)

    def save_store(self, store: Store) -> None:
        check_company(self.scope, store.company_id, f"Store {store.name}")
        self.stores.rows.put(store.id, store)

    def save_terminal(self, terminal: Terminal) -> None:
        check_company(self.scope, terminal.company_id, f"Terminal {terminal.code}")
        # What the SQL table's unique key checks: a code names one register in its store.
        for other in self.terminals_.rows.raw_values():
            if other.id != terminal.id and (other.store_id, other.code) == (
                terminal.store_id,
                terminal.code,
            ):
                raise StorageError(f"Cannot save terminal {terminal.code}: its code is taken")
        self.terminals_.rows.put(terminal.id, terminal)


_COPIERS: dict[str, Callable[[Any], Any]] = {
    "drafts": copy_document,
    "documents": copy_document,
    "closures": copy.deepcopy,  # small, and its running totals are dicts of their own
}


class MemoryUnitOfWork:
    """A unit of work of company ``company_id`` over a ``MemoryDatabase``; one open at a
    time per database. It sees only that company's tables."""

    def __init__(self, database: MemoryDatabase | None = None, *, company_id: str) -> None:
        if not company_id:
            raise ValueError("A unit of work is built for one company: company_id is empty")
        self.database = database or MemoryDatabase()
        self.company_id = company_id
        self._overlays: dict[str, _Overlay[Any]] = {}

    def table(self, name: str) -> dict[Any, Any]:
        """The committed rows of this company's table ``name`` (for tests to inspect)."""
        return self.database.table(self.company_id, name)

    def overlay(self, name: str) -> _Overlay[Any]:
        """This unit of work's changes to table ``name`` (one overlay a table, shared by the
        repositories that read it)."""
        if name not in self._overlays:
            self._overlays[name] = _Overlay(self.table(name), _COPIERS.get(name, _same))
        return self._overlays[name]

    def __enter__(self) -> MemoryUnitOfWork:
        self.database.lock.acquire()
        self._overlays = {}
        self.drafts = MemoryDrafts(self.overlay("drafts"))
        self.documents = MemoryDocuments(self.overlay("documents"))
        self.closures = MemoryClosures(self.overlay("closures"))
        self.cash = MemoryCash(self.overlay("cash"))
        self.outbox = MemoryOutbox(
            self.overlay("outbox"),
            self.overlay("outbox_sequences"),
            self.overlay("sync_state"),
            self.company_id,
        )
        self.catalog = MemoryCatalog(self)
        self.cashiers = MemoryCashiers(self.overlay("cashiers"), "Cashier")
        self.organisation = MemoryOrganisation(self)
        self.sync_cursors = MemorySyncCursors(self.overlay("sync_cursors"))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            self.database.lock.release()

    def commit(self) -> None:
        for overlay in self._overlays.values():
            overlay.apply()

    def rollback(self) -> None:
        for overlay in self._overlays.values():
            overlay.changes = {}


if TYPE_CHECKING:  # mypy holds the adapter to the port

    def _is_a_unit_of_work(uow: MemoryUnitOfWork) -> UnitOfWork:
        return uow
