"""The v1 wire classes: what ``contracts/v1/*.schema.json`` describes, one class per object.

These are the wire's own nouns, apart from the domain's: a domain class may be renamed,
split or stored differently without touching them, and they change only as the contract
does (additively: a new field comes last, with a default). Enumerations are plain strings
(``Literal``), so renaming a domain enum cannot change what is sent.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from attrs import frozen

from saleflex_core.domain.money import Money

SCHEMA_VERSION = 1

AdjustmentKind = Literal["discount", "surcharge"]
SoldBy = Literal["piece", "weight"]
PaymentKind = Literal["cash", "card", "voucher", "other"]
MovementKind = Literal["in", "out"]


@frozen
class ReceiptV1:
    closure_number: int
    receipt_number: int
    unique_id: str


@frozen
class AdjustmentV1:
    """``percent`` is None for a fixed amount; ``amount`` is what it came to, unsigned."""

    kind: AdjustmentKind
    percent: Decimal | None
    amount: Money


@frozen
class VatRefV1:
    code: str
    rate: Decimal


@frozen
class LineV1:
    line_no: int
    product_id: str
    plu: str
    barcode: str | None
    name: str
    sold_by: SoldBy
    quantity: Decimal
    unit_price: Money
    price_overridden: bool
    gross: Money
    adjustment: AdjustmentV1 | None
    net: Money
    amount: Money
    vat: VatRefV1
    department_code: str
    voided: bool


@frozen
class PaymentV1:
    seq: int
    type_code: str
    kind: PaymentKind
    tendered: Money
    change: Money
    amount: Money


@frozen
class TotalsV1:
    subtotal: Money
    discounts: Money
    surcharges: Money
    total: Money
    tendered: Money
    change: Money
    paid: Money


@frozen
class VatShareV1:
    code: str
    rate: Decimal
    gross: Money
    vat: Money
    net: Money


@frozen
class OverrideV1:
    at: datetime
    action: str
    cashier_id: str
    approved_by: str | None
    reason: str
    detail: str


@frozen
class SaleCashiersV1:
    opened_by: str
    ended_by: str


@frozen
class SaleV1:
    """The payload of ``sale.completed`` and of ``sale.cancelled``."""

    document_id: str
    receipt: ReceiptV1
    currency: str
    started_at: datetime
    ended_at: datetime
    cashier: SaleCashiersV1
    lines: tuple[LineV1, ...]
    adjustment: AdjustmentV1 | None
    payments: tuple[PaymentV1, ...]
    totals: TotalsV1
    vat: tuple[VatShareV1, ...]
    overrides: tuple[OverrideV1, ...]


@frozen
class ReceiptRangeV1:
    first: int
    last: int


@frozen
class CountedV1:
    count: int
    total: Money


@frozen
class GrandTotalV1:
    at_open: Money
    at_close: Money


@frozen
class DrawerV1:
    opening_float: Money
    cash_in: Money
    cash_out: Money
    tendered: Money
    change_given: Money
    expected: Money
    counted: Money
    difference: Money
    float_left: Money
    taken_out: Money


@frozen
class PaymentTotalV1:
    type_code: str
    amount: Money


@frozen
class VatTotalV1:
    code: str
    gross: Money
    vat: Money
    net: Money


@frozen
class DepartmentTotalV1:
    department_code: str
    amount: Money


@frozen
class CashierTotalV1:
    cashier_id: str
    amount: Money


@frozen
class ClosureV1:
    """The payload of ``closure.closed``: the Z."""

    closure_number: int
    currency: str
    opened_at: datetime
    closed_at: datetime
    closed_by: str
    receipts: ReceiptRangeV1 | None
    sales: CountedV1
    cancelled: CountedV1
    voided_lines: int
    discounts: CountedV1
    surcharges: CountedV1
    grand_total: GrandTotalV1
    cash: DrawerV1
    by_payment: tuple[PaymentTotalV1, ...]
    by_vat: tuple[VatTotalV1, ...]
    by_department: tuple[DepartmentTotalV1, ...]
    by_cashier: tuple[CashierTotalV1, ...]


@frozen
class ApprovalV1:
    approved_by: str
    reason: str


@frozen
class CashMovedV1:
    """The payload of ``cash.moved``."""

    movement_id: str
    closure_number: int
    kind: MovementKind
    amount: Money
    reason: str
    cashier_id: str
    at: datetime
    approval: ApprovalV1 | None
