"""The ports: what the core needs from the outside world, named by role.

Adapters implement these; ``adapters.memory`` implements every one of them for real,
in memory, and the contract tests hold every adapter to the same behaviour. The ports
GATE (the hub) needs beyond a terminal's are in ``saleflex_core.ports.hub``.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from types import TracebackType
from typing import Any, Protocol, Self

from attrs import frozen

from saleflex_core.domain.cash import CashMovement
from saleflex_core.domain.catalog import (
    Department,
    PaymentType,
    Product,
    QuickKey,
    StorePrice,
    VatRate,
)
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.delivery import DeliveryResult, OutboxFigures, SyncState
from saleflex_core.domain.document import Document
from saleflex_core.domain.enrolment import Enrolment
from saleflex_core.domain.events import OutboxItem
from saleflex_core.domain.master_data import MasterDataPage
from saleflex_core.domain.organisation import Cashier, Company, Store, Terminal
from saleflex_core.domain.receipt import LayoutLine

# --- time and identity ---------------------------------------------------------------------


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC (``tzinfo is datetime.UTC``).

        Never a local wall-clock time: the store's zone turns an instant into local
        times and business dates (``saleflex_core.domain.store_time``). The clock only
        labels facts; nothing is ordered by it, so a clock that jumps back renumbers
        and reorders nothing.
        """
        ...


class IdGenerator(Protocol):
    def new_id(self) -> str:
        """A new globally unique id (a UUID string in production)."""
        ...


class RandomSource(Protocol):
    def random(self) -> float:
        """A number in [0, 1) (``random.Random`` is one): the jitter of the outbox's back-off."""
        ...


# --- storage -------------------------------------------------------------------------------


class DraftRepository(Protocol):
    """Temp documents: ACTIVE and SUSPENDED sales, saved after every change."""

    def get(self, document_id: str) -> Document: ...
    def save(self, document: Document) -> None: ...
    def delete(self, document_id: str) -> None: ...
    def active_for(self, terminal_id: str) -> Document | None: ...
    def suspended_for(self, terminal_id: str) -> list[Document]: ...


class DocumentRepository(Protocol):
    """Permanent documents: numbered, COMPLETED or CANCELLED, never changed again."""

    def add(self, document: Document) -> None: ...
    def get(self, document_id: str) -> Document: ...
    def last_for(self, terminal_id: str) -> Document | None: ...
    def for_closure(self, terminal_id: str, closure_number: int) -> list[Document]: ...


class ClosureRepository(Protocol):
    def current(self, terminal_id: str) -> Closure | None:
        """The OPEN closure of the terminal, read without a lock (reports, status, start-up)."""
        ...

    def lock_current(self, terminal_id: str) -> Closure | None:
        """The OPEN closure, locked for update where the store can: for write paths only.

        Completion, cancellation, cash movements and the Z take it, so two writers on one
        terminal queue instead of sharing a number; a reader never does, so nothing on the
        sale path waits for a report.
        """
        ...

    def get(self, terminal_id: str, number: int) -> Closure: ...
    def save(self, closure: Closure) -> None: ...


class CashMovementRepository(Protocol):
    def add(self, movement: CashMovement) -> None: ...
    def for_closure(self, terminal_id: str, closure_number: int) -> list[CashMovement]: ...


class OutboxRepository(Protocol):
    """Events waiting for upstream, numbered per terminal, and each queue's delivery state."""

    def add(self, item: OutboxItem) -> OutboxItem:
        """Queue a new event and return it numbered: its terminal's next ``sequence``.

        Numbers are 1, 2, 3, ... per terminal without gaps: the counter moves in this
        unit of work, so a rollback takes the number back with the event.
        """
        ...

    def save(self, item: OutboxItem) -> None: ...
    def save_delivery(self, items: Sequence[OutboxItem]) -> None:
        """Store how the delivery of events already queued went (attempts, status, error,
        when parked or sent), all at once: a drain's batch is one statement, not one per
        event. The events themselves never change. NotFound if one is not queued."""
        ...

    def get(self, event_id: str) -> OutboxItem: ...
    def pending(self, terminal_id: str, limit: int) -> list[OutboxItem]:
        """The terminal's PENDING events, lowest ``sequence`` first."""
        ...

    def failed(self, terminal_id: str) -> list[OutboxItem]:
        """The terminal's parked (FAILED) events, lowest ``sequence`` first."""
        ...

    def continue_after(self, terminal_id: str, sequence: int) -> None:
        """Number the terminal's next event after ``sequence`` at least (never lower):
        an enrolled terminal continues after the last sequence upstream holds."""
        ...

    def pending_count(self) -> int: ...
    def figures(self, terminal_id: str) -> OutboxFigures: ...
    def state(self, terminal_id: str) -> SyncState | None: ...
    def save_state(self, state: SyncState) -> None: ...


class CatalogRepository(Protocol):
    def products(self, store_id: str | None = None) -> list[Product]:
        """The company's products; with ``store_id``, priced as that store sells them
        (its ``StorePrice`` where it has one, the product's own price elsewhere)."""
        ...

    def store_prices(self, store_id: str) -> list[StorePrice]: ...
    def save_store_price(self, price: StorePrice) -> None: ...
    def delete_store_price(self, store_id: str, product_id: str) -> None: ...
    def departments(self) -> list[Department]: ...
    def vat_rates(self) -> list[VatRate]: ...
    def payment_types(self) -> list[PaymentType]: ...
    def save_product(self, product: Product) -> None: ...
    def save_department(self, department: Department) -> None: ...
    def save_vat_rate(self, vat_rate: VatRate) -> None: ...
    def save_payment_type(self, payment_type: PaymentType) -> None: ...
    def quick_keys(self) -> list[QuickKey]: ...
    def replace_quick_keys(self, keys: Sequence[QuickKey]) -> None: ...
    # Master data coming down (use_cases/pulling.py). Removing what is not there is a
    # no-op; receipts copy their lines, so a removed product leaves old receipts intact.
    def save_products(self, products: Sequence[Product]) -> None:
        """Save a set of products at once; PLUs and barcodes may move between them."""
        ...

    def save_quick_key(self, key: QuickKey) -> None: ...
    def remove_product(self, product_id: str) -> None: ...
    def remove_department(self, code: str) -> None: ...
    def remove_vat_rate(self, code: str) -> None: ...
    def remove_payment_type(self, code: str) -> None: ...
    def remove_quick_key(self, page: int, position: int) -> None: ...


class CashierRepository(Protocol):
    def get(self, cashier_id: str) -> Cashier: ...
    def all(self) -> list[Cashier]: ...
    def save(self, cashier: Cashier) -> None: ...
    def remove(self, cashier_id: str) -> None: ...


class OrganisationRepository(Protocol):
    def company(self, company_id: str) -> Company: ...
    def store(self, store_id: str) -> Store: ...
    def terminal(self, terminal_id: str) -> Terminal: ...
    def terminals(self) -> list[Terminal]: ...
    def save_company(self, company: Company) -> None: ...
    def save_store(self, store: Store) -> None: ...
    def save_terminal(self, terminal: Terminal) -> None: ...


class SyncCursorRepository(Protocol):
    """Where each stream pulled from upstream has got to; stored with the data it produced."""

    def get(self, stream: str) -> str | None: ...
    def put(self, stream: str, cursor: str) -> None: ...


class UnitOfWork(Protocol):
    """One business operation, one transaction: ``with uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` rolls everything back. A unit of work is
    built for one company (``company_id``, the tenant): its repositories read and write
    only that company's rows, and refuse an object that names another company.
    """

    @property
    def company_id(self) -> str: ...

    # Read-only properties, so an adapter may hold its own repository types.
    @property
    def drafts(self) -> DraftRepository: ...
    @property
    def documents(self) -> DocumentRepository: ...
    @property
    def closures(self) -> ClosureRepository: ...
    @property
    def cash(self) -> CashMovementRepository: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def catalog(self) -> CatalogRepository: ...
    @property
    def cashiers(self) -> CashierRepository: ...
    @property
    def organisation(self) -> OrganisationRepository: ...
    @property
    def sync_cursors(self) -> SyncCursorRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


# --- devices -------------------------------------------------------------------------------


class ReceiptPrinter(Protocol):
    def print_layout(self, lines: Sequence[LayoutLine]) -> None:
        """Print and cut; raise DeviceError when the printer cannot."""
        ...


class CharacterSet(Protocol):
    def printable(self, text: str) -> str:
        """``text`` as the printer prints it: each letter it cannot print becomes ``?``.

        Previews pass their text through it, so the screen shows what the paper will.
        """
        ...


class PaperLevel(enum.Enum):
    OK = "ok"
    LOW = "low"
    OUT = "out"


@frozen
class PrinterStatus:
    """What a printer says about itself when asked."""

    online: bool = True
    paper: PaperLevel = PaperLevel.OK
    cover_open: bool = False

    @property
    def problem(self) -> str | None:
        """Why the printer cannot print now, for the cashier; None when it can."""
        if self.cover_open:
            return "the cover is open"
        if self.paper is PaperLevel.OUT:
            return "out of paper"
        if not self.online:
            return "offline"
        return None


class PrinterStatusQuery(Protocol):
    def status(self) -> PrinterStatus | None:
        """Ask the printer; None when it cannot report (a file or one-way line).

        Raise DeviceError when the printer cannot be reached or does not answer.
        """
        ...


class CashDrawer(Protocol):
    def open(self) -> None: ...


class CustomerDisplay(Protocol):
    def show(self, top: str, bottom: str) -> None:
        """Two lines for the customer (20 columns each on a VFD)."""
        ...


class Scale(Protocol):
    def read_weight(self) -> Decimal:
        """A stable weight in kilograms; ScaleError when unstable, overloaded or silent."""
        ...


# --- upstream ------------------------------------------------------------------------------


class MasterDataSource(Protocol):
    def pull(self, cursor: str | None, limit: int) -> MasterDataPage:
        """At most ``limit`` master-data changes after ``cursor`` (None: from the start).

        Raise SyncError when the source cannot be reached at all.
        """
        ...


class Upstream(MasterDataSource, Protocol):
    """The upstream hub: events go up (``deliver``), master data comes down (``pull``)."""

    # --- deliver (outbox) ---
    def deliver(self, items: Sequence[OutboxItem]) -> Sequence[DeliveryResult]:
        """Send a batch of events (in ``sequence`` order); answer per ``event_id``:
        accepted, duplicate (stored before with the same payload) or rejected(reason).

        Raise SyncError when the receiver cannot be reached or fails as a whole
        (timeout, 5xx): a transient failure. An event left unanswered counts as one.
        """
        ...


class Enroller(Protocol):
    """Trades a one-time enrolment code at upstream for the terminal's identity and key."""

    def enrol(self, code: str) -> Enrolment:
        """Enrol with ``code``; EnrolmentRefused when upstream refuses the code (not valid,
        used or expired), SyncError when upstream cannot be reached or answers nonsense."""
        ...


JsonDict = dict[str, Any]
