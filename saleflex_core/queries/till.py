"""Reads for the register's screens: the status bar and the receipt preview."""

from __future__ import annotations

from attrs import frozen

from saleflex_core.domain.receipt import LayoutLine, receipt_layout
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import NotFound
from saleflex_core.ports import UnitOfWork


@frozen
class TillStatus:
    """What the status bar shows besides the cashier: the open period and the outbox depth."""

    closure_number: int | None
    outbox_depth: int


def till_status(uow: UnitOfWork, *, terminal_id: str) -> TillStatus:
    """The terminal's open closure number (None before it is opened) and pending events."""
    with uow:
        closure = uow.closures.current(terminal_id)
        return TillStatus(None if closure is None else closure.number, uow.outbox.pending_count())


def last_receipt(uow: UnitOfWork, *, ref: ReferenceData, width: int = 42) -> list[LayoutLine]:
    """The layout of the terminal's last numbered document, as it was printed."""
    with uow:
        document = uow.documents.last_for(ref.terminal.id)
    if document is None:
        raise NotFound("No receipt has been printed on this terminal yet")
    qr = ref.store.qr_template or None
    return receipt_layout(
        document, ref.store, width=width, qr_template=qr, terminal=ref.terminal.code
    )
