"""Finishing a sale: complete or cancel, in ONE transaction; then print and open the drawer.

Inside the unit of work: the draft gets the closure's next receipt number, is copied to
the permanent documents, the closure's counters and totals move on, the outbox event is
written and the draft is deleted. All of it commits together or not at all. Devices run
after the commit; their faults are reported in the result and the sale stays done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from saleflex_core.contract import sale_payload
from saleflex_core.domain.catalog import PaymentKind
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.events import SALE_CANCELLED, SALE_COMPLETED, EventSource, OutboxItem
from saleflex_core.domain.organisation import Cashier, Role, Store
from saleflex_core.domain.receipt import LayoutLine, receipt_layout
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import NotFound, StateError
from saleflex_core.ports import CashDrawer, Clock, CustomerDisplay, ReceiptPrinter, UnitOfWork
from saleflex_core.use_cases.auth import Override, audit, authorize
from saleflex_core.use_cases.effects import Effects
from saleflex_core.use_cases.results import Finished, SaleState

_DRAWER_KINDS = (PaymentKind.CASH, PaymentKind.VOUCHER)


def open_closure(uow: UnitOfWork, terminal_id: str, *, for_update: bool = True) -> Closure:
    """The terminal's open closure, inside an open unit of work.

    Write paths (completion, cancellation, cash, Z) lock it; a read (``for_update=False``:
    the X report) must not, so no sale ever waits for a report.
    """
    closure = (uow.closures.lock_current if for_update else uow.closures.current)(terminal_id)
    if closure is None:
        raise StateError(f"Terminal {terminal_id} has no open period: open the terminal first")
    return closure


def complete_sale(
    uow: UnitOfWork,
    *,
    ref: ReferenceData,
    clock: Clock,
    cashier: Cashier,
    document_id: str,
    override: Override | None = None,
    printer: ReceiptPrinter | None = None,
    drawer: CashDrawer | None = None,
    display: CustomerDisplay | None = None,
    width: int = 42,
) -> Finished:
    """Complete a fully paid sale: number it, keep it for good, queue ``sale.completed``.

    ``cashier`` completes it and is credited with it in the Z, whoever opened it. A sale
    that comes to 0.00 (everything discounted) gives goods away: it needs a supervisor
    (``PermissionDenied`` without one), recorded in the document's audit trail.
    """

    def approve(document: Document) -> None:
        _approve_zero_total(uow, clock, cashier, override, document)

    number = _dated(ref.store, Closure.complete_document)
    source = EventSource.of(ref.store, ref.terminal)
    document = _finish(uow, clock, cashier, document_id, number, source, SALE_COMPLETED, approve)
    # The drawer opens for anything that goes into it or comes out of it.
    cash = any(p.kind in _DRAWER_KINDS or p.change for p in document.payments)
    change = document.totals().change
    effects = Effects()
    effects.run(printer, lambda p: p.print_layout(_receipt(document, ref, width)))
    effects.run(drawer if cash else None, lambda d: d.open())
    due_back = change.format(ref.store.currency)
    effects.run(display, lambda d: d.show("THANK YOU", f"CHANGE {due_back}"))
    return _finished(document, effects.reported)


def cancel_sale(
    uow: UnitOfWork,
    *,
    ref: ReferenceData,
    clock: Clock,
    cashier: Cashier,
    document_id: str,
    printer: ReceiptPrinter | None = None,
    width: int = 42,
) -> Finished:
    """Cancel a whole sale by ``cashier``: numbered, kept CANCELLED, ``sale.cancelled`` queued."""
    number = _dated(ref.store, Closure.cancel_document)
    source = EventSource.of(ref.store, ref.terminal)
    document = _finish(uow, clock, cashier, document_id, number, source, SALE_CANCELLED)
    effects = Effects()
    effects.run(printer, lambda p: p.print_layout(_receipt(document, ref, width)))
    return _finished(document, effects.reported)


def reprint(
    uow: UnitOfWork,
    *,
    ref: ReferenceData,
    printer: ReceiptPrinter,
    document_id: str | None = None,
    width: int = 42,
) -> SaleState:
    """Print a COPY of a kept document (the terminal's last one when no id is given).

    A printer fault is raised here: reprinting is the device action the cashier asked for.
    """
    with uow:
        if document_id is None:
            document = uow.documents.last_for(ref.terminal.id)
            if document is None:
                raise NotFound("No receipt has been printed on this terminal yet")
        else:
            document = uow.documents.get(document_id)
    printer.print_layout(_receipt(document, ref, width, copy=True))
    return SaleState.of(document)


def _dated(
    store: Store, number: Callable[[Closure, Document, datetime, date, str], None]
) -> Callable[[Closure, Document, datetime, str], None]:
    """Numbering at an instant, with its business date: the store's local date of it."""
    return lambda closure, document, at, by: number(
        closure, document, at, store.business_date(at), by
    )


def _finish(
    uow: UnitOfWork,
    clock: Clock,
    cashier: Cashier,
    document_id: str,
    number: Callable[[Closure, Document, datetime, str], None],
    source: EventSource,
    event_type: str,
    approve: Callable[[Document], None] | None = None,
) -> Document:
    """The one transaction: number the draft, keep it, count it, queue its event, drop it."""
    with uow:
        document = uow.drafts.get(document_id)
        if approve is not None:
            approve(document)
        closure = open_closure(uow, document.terminal_id)
        at = clock.now()
        number(closure, document, at, cashier.id)
        assert document.business_date is not None  # numbering dates the document
        uow.documents.add(document)
        uow.closures.save(closure)
        uow.outbox.add(
            OutboxItem.new(
                event_type,
                document.id,
                sale_payload(document),
                source=source,
                occurred_at=at,
                business_date=document.business_date,
            )
        )
        uow.drafts.delete(document.id)
        uow.commit()
    return document


def _approve_zero_total(
    uow: UnitOfWork,
    clock: Clock,
    cashier: Cashier,
    override: Override | None,
    document: Document,
) -> None:
    """A supervisor approves completing a sale of 0.00; the approval goes on the document."""
    if document.state is not DocumentState.ACTIVE or document.is_empty:
        return  # Document.complete refuses these with its own message
    if document.totals().total.minor != 0:
        return
    approved_by = authorize(
        uow,
        actor=cashier,
        needed=Role.SUPERVISOR,
        override=override,
        action="Completing a sale of 0.00",
    )
    detail = f"{len(document.active_lines)} item line(s) for nothing"
    document.audit.append(
        audit(clock, "complete_zero_total", cashier, approved_by, override, detail)
    )


def _finished(document: Document, errors: tuple[str, ...]) -> Finished:
    assert document.unique_id and document.closure_number and document.receipt_number
    return Finished(
        SaleState.of(document),
        document.unique_id,
        document.closure_number,
        document.receipt_number,
        document.totals().change,
        errors,
    )


def _receipt(
    document: Document, ref: ReferenceData, width: int, copy: bool = False
) -> list[LayoutLine]:
    qr = ref.store.qr_template or None
    return receipt_layout(
        document, ref.store, width=width, copy=copy, qr_template=qr, terminal=ref.terminal.code
    )
