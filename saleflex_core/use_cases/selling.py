"""Building a sale: start, scan, quantities, voids, discounts, price overrides, subtotal.

Every function opens one unit of work, changes the draft through the ``Document``
aggregate, totals it, saves it to the temp tables and commits once. A refused operation
raises a SaleFlexError before the commit and leaves the stored draft as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from attrs import frozen

from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.catalog import SoldBy
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Cashier, Role
from saleflex_core.domain.reference import Lookup, ReferenceData
from saleflex_core.exceptions import IllegalTransition, StateError, ValidationError
from saleflex_core.ports import Clock, CustomerDisplay, IdGenerator, Scale, UnitOfWork
from saleflex_core.use_cases.auth import Override, audit, authorize
from saleflex_core.use_cases.effects import Effects
from saleflex_core.use_cases.results import SaleState


@frozen
class Opening:
    """What it takes to open a new sale: who sells, the time and a new id."""

    ref: ReferenceData
    cashier: Cashier
    clock: Clock
    ids: IdGenerator

    def open(self, uow: UnitOfWork) -> Document:
        """A new ACTIVE draft, inside an open unit of work; refused while one is active."""
        if uow.drafts.active_for(self.ref.terminal.id) is not None:
            raise StateError("A sale is already open on this terminal")
        return Document.start(
            id=self.ids.new_id(),
            terminal_id=self.ref.terminal.id,
            store_id=self.ref.store.id,
            cashier_id=self.cashier.id,
            currency=self.ref.currency,
            at=self.clock.now(),
        )


def start_sale(
    uow: UnitOfWork, *, ref: ReferenceData, clock: Clock, ids: IdGenerator, cashier: Cashier
) -> SaleState:
    """Open a new, empty sale on the terminal; refused while another one is active."""
    with uow:
        document = Opening(ref, cashier, clock, ids).open(uow)
        uow.drafts.save(document)
        uow.commit()
    return SaleState.of(document)


def scan(
    uow: UnitOfWork,
    *,
    ref: ReferenceData,
    document_id: str | None,
    code: str,
    opening: Opening | None = None,
    quantity: Decimal | None = None,
    price: Money | None = None,
    scale: Scale | None = None,
    display: CustomerDisplay | None = None,
) -> SaleState:
    """Add the item a barcode or PLU names.

    Weighed items take the label's or else the scale's weight; a price label sells
    pre-packed items at its printed price, one or ``quantity`` whole packs. A weight label
    carries its own quantity: a typed ``quantity`` with it is refused, never ignored.
    ``price`` is for open-price items (catalogue price zero) only; changing a set price is
    ``override_price``. With no ``document_id`` the ``opening`` starts a new sale in the
    same transaction as its first line.
    """
    found = ref.find(code)
    product = found.product
    if price is not None and found.label_price is not None:
        raise ValidationError(f"The label of {product.name} carries its price: enter no price")
    if price is not None and product.unit_price.minor != 0:
        raise ValidationError(f"{product.name} has a set price: a price change needs a supervisor")
    sold = _quantity(found, quantity, scale)
    vat_rate = ref.vat_rate(product.vat_code)
    sale = _change(
        uow,
        document_id,
        lambda doc: doc.add_line(
            product,
            sold,
            vat_rate=vat_rate,
            barcode=found.code,
            unit_price=found.label_price or price,
            label_price=found.label_price is not None,
        ),
        opening,
    )
    line = sale.lines[-1]
    shown = line.net.format(ref.store.currency)
    Effects().run(display, lambda d: d.show(line.name, shown))
    return sale


def _quantity(found: Lookup, typed: Decimal | None, scale: Scale | None) -> Decimal:
    """What a scan sells: the label's weight, the typed quantity, the scale's weight, or 1."""
    product = found.product
    if found.weight is not None:
        if typed is not None:  # never ignore what the cashier typed: say why it cannot apply
            raise ValidationError(
                f"The label of {product.name} carries its weight: scan it without a quantity"
            )
        return found.weight
    if typed is not None:
        return typed  # pieces, packs of a price label, or a typed weight: checked by the line
    if found.label_price is None and product.sold_by is SoldBy.WEIGHT:
        if scale is None:
            raise StateError(f"{product.name} must be weighed: no scale is connected")
        return scale.read_weight()
    return Decimal(1)


def change_quantity(
    uow: UnitOfWork, *, document_id: str, line_no: int, quantity: Decimal
) -> SaleState:
    return _change(uow, document_id, lambda doc: doc.change_quantity(line_no, quantity))


def void_line(
    uow: UnitOfWork,
    *,
    clock: Clock,
    cashier: Cashier,
    document_id: str,
    line_no: int,
    override: Override | None = None,
) -> SaleState:
    """Void one line. After subtotal it needs a supervisor, recorded in the audit trail."""

    def act(doc: Document) -> None:
        if doc.subtotal_at is None:
            doc.void_line(line_no)
            return
        approved_by = authorize(
            uow,
            actor=cashier,
            needed=Role.SUPERVISOR,
            override=override,
            action="Voiding a line after subtotal",
        )
        line = doc.void_line(line_no)
        detail = f"line {line_no} {line.name}"
        doc.audit.append(audit(clock, "void_line", cashier, approved_by, override, detail))

    return _change(uow, document_id, act)


def override_price(
    uow: UnitOfWork,
    *,
    clock: Clock,
    cashier: Cashier,
    document_id: str,
    line_no: int,
    unit_price: Money,
    override: Override | None = None,
) -> SaleState:
    """Change a line's unit price: a supervisor's decision, always audited."""

    def act(doc: Document) -> None:
        approved_by = authorize(
            uow, actor=cashier, needed=Role.SUPERVISOR, override=override, action="Changing a price"
        )
        old = doc.line(line_no).unit_price
        doc.override_price(line_no, unit_price)
        doc.audit.append(
            audit(
                clock,
                "override_price",
                cashier,
                approved_by,
                override,
                f"line {line_no}: {old.minor} -> {unit_price.minor}",
            )
        )

    return _change(uow, document_id, act)


def adjust_line(
    uow: UnitOfWork, *, document_id: str, line_no: int, adjustment: Adjustment | None
) -> SaleState:
    """Give (or with None take back) a discount or surcharge on one line."""
    return _change(uow, document_id, lambda doc: doc.adjust_line(line_no, adjustment))


def adjust_document(
    uow: UnitOfWork, *, document_id: str, adjustment: Adjustment | None
) -> SaleState:
    """Give (or take back) a discount or surcharge on the whole sale."""
    return _change(uow, document_id, lambda doc: doc.adjust(adjustment))


def subtotal(uow: UnitOfWork, *, clock: Clock, document_id: str) -> SaleState:
    """Press SUBTOTAL: show the total; voids from now on need a supervisor."""
    return _change(uow, document_id, lambda doc: doc.mark_subtotal(clock.now()))


def _change(
    uow: UnitOfWork,
    document_id: str | None,
    action: Callable[[Document], object],
    opening: Opening | None = None,
) -> SaleState:
    with uow:
        if document_id is not None:
            document = active_draft(uow, document_id)
        elif opening is not None:
            document = opening.open(uow)
        else:
            raise StateError("There is no open sale")
        action(document)
        state = SaleState.of(document)  # totalled before the commit: a refusal saves nothing
        uow.drafts.save(document)
        uow.commit()
    return state


def active_draft(uow: UnitOfWork, document_id: str) -> Document:
    """The draft ``document_id``, which must be ACTIVE (not suspended)."""
    document = uow.drafts.get(document_id)
    if document.state is not DocumentState.ACTIVE:
        raise IllegalTransition(f"The sale is {document.state.value}: resume it first")
    return document
