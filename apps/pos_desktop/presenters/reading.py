"""Reads the screens need that ``Register`` does not offer yet.

Each opens the register's unit of work, reads and leaves without committing. They belong in
``saleflex_core.queries`` (a status and a last-receipt query); until then they live here, in
one place, so moving them is one change.
"""

from __future__ import annotations

from saleflex_core.domain.receipt import LayoutLine, receipt_layout
from saleflex_core.exceptions import NotFound
from saleflex_core.register import Register


def open_closure_number(register: Register) -> int | None:
    with register.uow as uow:
        closure = uow.closures.current(register.ref.terminal.id)
    return None if closure is None else closure.number


def outbox_depth(register: Register) -> int:
    with register.uow as uow:
        return uow.outbox.pending_count()


def last_receipt(register: Register) -> list[LayoutLine]:
    """The layout of the terminal's last numbered document, as it was printed."""
    with register.uow as uow:
        document = uow.documents.last_for(register.ref.terminal.id)
    if document is None:
        raise NotFound("No receipt has been printed on this terminal yet")
    store = register.ref.store
    qr = store.qr_template or None
    return receipt_layout(document, store, width=register.width, qr_template=qr)
