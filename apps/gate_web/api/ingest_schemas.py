"""marshmallow schemas of the integrators' reads: what OpenAPI shows and what is sent.

Money is integer minor units with its currency (``{"minor": 1299, "currency": "EUR"}``),
quantities decimal text, as in contracts/v1; a sale reads as its v1 payload plus where and
when it happened.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from apps.gate_web.api.master_data_schemas import MoneySchema  # one Money in the document
from saleflex_core.domain.hub_reads import MAX_PAGE

F = ma.fields


def money(**kwargs: Any) -> F.Nested:
    return F.Nested(MoneySchema, required=True, **kwargs)


class PageArgs(ma.Schema):
    """Every list offers only the filters its rows have: an integrator who asks for a
    filter a list lacks gets a 422, never an unfiltered answer."""

    after = F.String(metadata={"description": "the next_cursor of the previous page"})
    limit = F.Integer(load_default=100, validate=ma.validate.Range(1, MAX_PAGE))


class DayArgs(PageArgs):
    """Daily totals: per store and business date."""

    store_id = F.String()
    business_date = F.Date()


class ListArgs(DayArgs):
    """Sales, closures and cash movements: also per terminal, and by kind."""

    terminal_id = F.String()
    type = F.String(metadata={"description": "the list's kind: a sale's status, ..."})


class StockArgs(DayArgs):
    """Stock movements: by product, warehouse and reason (``type``); no terminal."""

    type = F.String(metadata={"description": "the movement's reason"})
    product_id = F.String()
    warehouse_id = F.String()


class LevelArgs(PageArgs):
    """A stock level is a standing figure: no business date, terminal or kind to filter by."""

    store_id = F.String()
    product_id = F.String()
    warehouse_id = F.String()


class GapArgs(ma.Schema):
    limit = F.Integer(load_default=100, validate=ma.validate.Range(1, MAX_PAGE))


class WhereSchema(ma.Schema):
    id = F.String(required=True)
    store_id = F.String(required=True)
    terminal_id = F.String(required=True)
    business_date = F.String(required=True, metadata={"example": "2026-03-14"})


class LineSchema(ma.Schema):
    line_no = F.Integer(required=True)
    product_id = F.String(required=True)
    plu = F.String(required=True)
    barcode = F.String(allow_none=True)
    name = F.String(required=True)
    sold_by = F.String(required=True)
    quantity = F.String(required=True, metadata={"example": "0.750"})
    unit_price = money()
    price_overridden = F.Boolean(required=True)
    gross = money()
    adjustment = F.Dict(allow_none=True)
    net = money()
    amount = money()
    vat = F.Dict(required=True)
    department_code = F.String(required=True)
    voided = F.Boolean(required=True)


class PaymentSchema(ma.Schema):
    seq = F.Integer(required=True)
    type_code = F.String(required=True)
    kind = F.String(required=True)
    tendered = money()
    change = money()
    amount = money()


class VatShareSchema(ma.Schema):
    code = F.String(required=True)
    rate = F.String(required=True)
    gross = money()
    vat = money()
    net = money()


class TotalsSchema(ma.Schema):
    subtotal = money()
    discounts = money()
    surcharges = money()
    total = money()
    tendered = money()
    change = money()
    paid = money()


class SaleSchema(WhereSchema):
    status = F.String(required=True, metadata={"description": "completed | cancelled"})
    document_id = F.String(required=True)
    receipt = F.Dict(required=True)
    currency = F.String(required=True)
    started_at = F.String(required=True)
    ended_at = F.String(required=True)
    cashier = F.Dict(required=True)
    adjustment = F.Dict(allow_none=True)
    totals = F.Nested(TotalsSchema, required=True)
    lines = F.List(F.Nested(LineSchema), required=True)
    payments = F.List(F.Nested(PaymentSchema), required=True)
    vat = F.List(F.Nested(VatShareSchema), required=True)
    overrides = F.List(F.Dict(), required=True)


class ClosureSchema(WhereSchema):
    closure_number = F.Integer(required=True)
    opened_at = F.String(required=True)
    closed_at = F.String(required=True)
    closed_by = F.String(required=True)
    z = F.Dict(required=True, metadata={"description": "the Z: closure.closed's v1 payload"})


class CashMovementSchema(WhereSchema):
    movement_id = F.String(required=True)
    closure_number = F.Integer(required=True)
    kind = F.String(required=True, metadata={"description": "in | out"})
    amount = money()
    reason = F.String(required=True)
    cashier_id = F.String(required=True)
    at = F.String(required=True)
    approval = F.Dict(allow_none=True)


class StockLevelSchema(ma.Schema):
    warehouse_id = F.String(required=True)
    store_id = F.String(required=True)
    product_id = F.String(required=True)
    quantity = F.String(required=True, metadata={"description": "pieces or kg, signed"})
    updated_at = F.String(required=True)


class StockMovementSchema(ma.Schema):
    event_id = F.String(required=True)
    line_no = F.Integer(required=True)
    warehouse_id = F.String(required=True)
    store_id = F.String(required=True)
    product_id = F.String(required=True)
    quantity = F.String(required=True, metadata={"description": "signed: out is negative"})
    reason = F.String(required=True, metadata={"example": "sale"})
    business_date = F.String(required=True)
    at = F.String(required=True)


class DailyTotalsSchema(ma.Schema):
    store_id = F.String(required=True)
    business_date = F.String(required=True)
    currency = F.String(required=True)
    sales_count = F.Integer(required=True)
    sales_total = money()
    discounts = money()
    surcharges = money()
    vat = money()
    cancelled_count = F.Integer(required=True)
    cancelled_total = money()
    cash_in = money()
    cash_out = money()
    closures = F.Integer(required=True)


class WarehouseSchema(ma.Schema):
    id = F.String(required=True)
    store_id = F.String(required=True)
    code = F.String(required=True)


class GapSchema(ma.Schema):
    first = F.Integer(required=True)
    last = F.Integer(required=True)


class GapsSchema(ma.Schema):
    terminal_id = F.String(required=True)
    missing = F.List(F.Nested(GapSchema), required=True)


def page_of(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A page schema: ``items`` and the ``next_cursor`` (null on the last page)."""
    fields: dict[str, Any] = {
        "items": F.List(F.Nested(item), required=True),
        "next_cursor": F.String(allow_none=True, required=True),
    }
    return ma.Schema.from_dict(fields, name=name)
