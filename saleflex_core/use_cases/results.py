"""Small frozen results the use cases return to their callers."""

from __future__ import annotations

from attrs import frozen

from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.line import Line, Payment
from saleflex_core.domain.money import Money
from saleflex_core.domain.receipt import LayoutLine
from saleflex_core.domain.totals import Totals


@frozen
class SaleState:
    """A read-only picture of a sale after an operation: what a screen shows."""

    document_id: str
    state: DocumentState
    cashier_id: str
    lines: tuple[Line, ...]
    adjustment: Adjustment | None
    payments: tuple[Payment, ...]
    totals: Totals
    subtotal_pressed: bool
    unique_id: str | None

    @classmethod
    def of(cls, document: Document) -> SaleState:
        return cls(
            document.id,
            document.state,
            document.cashier_id,
            tuple(document.lines),
            document.adjustment,
            tuple(document.payments),
            document.totals(),
            document.subtotal_at is not None,
            document.unique_id,
        )


@frozen
class Finished:
    """A completed or cancelled sale, and how its local side effects went.

    ``device_errors`` are reported, never raised: the sale is already safe on disk.
    """

    sale: SaleState
    unique_id: str
    closure_number: int
    receipt_number: int
    change: Money
    device_errors: tuple[str, ...] = ()


@frozen
class Report:
    """An X or Z report: the closure as it stands and its printable layout."""

    closure: Closure
    layout: tuple[LayoutLine, ...]
    device_errors: tuple[str, ...] = ()
