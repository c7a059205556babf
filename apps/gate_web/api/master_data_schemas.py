"""marshmallow schemas of the master-data API: the wire forms of
``saleflex_core.contract.master_data`` (as the terminal's pull sends them), a cashier
without its PIN hash, and the bodies people send."""

from __future__ import annotations

import copy
from typing import Any

import marshmallow as ma

# The columns' lengths: a longer value is refused here (422), never by the database (503).
ID: dict[str, Any] = {"validate": ma.validate.Length(1, 64)}
CODE: dict[str, Any] = {"validate": ma.validate.Length(1, 32)}
NAME: dict[str, Any] = {"validate": ma.validate.Length(max=200)}
SHORT_NAME: dict[str, Any] = {"validate": ma.validate.Length(max=100)}


class MoneySchema(ma.Schema):
    minor = ma.fields.Integer(required=True, metadata={"example": 1299})
    currency = ma.fields.String(required=True, validate=ma.validate.Regexp("^[A-Z]{3}$"))


class VatRateSchema(ma.Schema):
    code = ma.fields.String(required=True, **CODE)
    rate = ma.fields.String(
        required=True, validate=ma.validate.Length(1, 16), metadata={"example": "20"}
    )
    name = ma.fields.String(load_default="", **SHORT_NAME)


class DepartmentSchema(ma.Schema):
    code = ma.fields.String(required=True, **CODE)
    name = ma.fields.String(required=True, **NAME)
    vat_code = ma.fields.String(required=True, **CODE)


class PaymentTypeSchema(ma.Schema):
    code = ma.fields.String(required=True, **CODE)
    name = ma.fields.String(required=True, **SHORT_NAME)
    kind = ma.fields.String(
        required=True, validate=ma.validate.OneOf(["cash", "card", "voucher", "other"])
    )
    gives_change = ma.fields.Boolean(load_default=False)


class ProductSchema(ma.Schema):
    id = ma.fields.String(required=True, **ID)
    plu = ma.fields.String(required=True, **CODE)
    name = ma.fields.String(required=True, **NAME)
    department_code = ma.fields.String(required=True, **CODE)
    vat_code = ma.fields.String(required=True, **CODE)
    unit_price = ma.fields.Nested(MoneySchema, required=True)
    sold_by = ma.fields.String(
        load_default="piece", validate=ma.validate.OneOf(["piece", "weight"])
    )
    barcodes = ma.fields.List(ma.fields.String(**CODE), load_default=list)
    active = ma.fields.Boolean(load_default=True)


class CashierSchema(ma.Schema):
    """A cashier as people read it: never its PIN or PIN hash."""

    id = ma.fields.String(required=True, **ID)
    name = ma.fields.String(required=True, **NAME)
    role = ma.fields.String(
        required=True, validate=ma.validate.OneOf(["cashier", "supervisor", "manager"])
    )
    active = ma.fields.Boolean(load_default=True)
    pin = ma.fields.String(
        load_only=True,
        load_default=None,
        validate=ma.validate.Regexp("^[0-9]{4,8}$"),
        metadata={"description": "4 to 8 digits; needed for a new cashier, else kept"},
    )


class QuickKeySchema(ma.Schema):
    page = ma.fields.Integer(required=True, validate=ma.validate.Range(1))
    position = ma.fields.Integer(required=True, validate=ma.validate.Range(1))
    caption = ma.fields.String(required=True, validate=ma.validate.Length(1, 24))
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(["plu", "department"]))
    target = ma.fields.String(required=True, **CODE)
    colour = ma.fields.String(load_default="#4a6fa5")


class StorePriceSchema(ma.Schema):
    store_id = ma.fields.String(dump_only=True)
    product_id = ma.fields.String(dump_only=True)
    unit_price = ma.fields.Nested(MoneySchema, required=True)


class ListQuery(ma.Schema):
    after = ma.fields.String(
        load_default=None, metadata={"description": "next_after of the last page"}
    )
    limit = ma.fields.Integer(load_default=100, validate=ma.validate.Range(1, 1000))


def body_schema(item: type[ma.Schema], keys: tuple[str, ...]) -> type[ma.Schema]:
    """``item`` without its key fields (they are in the URL), named ``<Item>Body``."""
    fields = {n: copy.deepcopy(f) for n, f in item._declared_fields.items() if n not in keys}
    return ma.Schema.from_dict(fields, name=f"{item.__name__.removesuffix('Schema')}Body")


def list_schema(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """``{"items": [...], "next_after": key | null}`` of ``item``."""
    fields: dict[str, Any] = {
        "items": ma.fields.List(ma.fields.Nested(item), required=True),
        "next_after": ma.fields.String(allow_none=True, required=True),
    }
    return ma.Schema.from_dict(fields, name=name)


class ChangedSchema(ma.Schema):
    position = ma.fields.Integer(
        required=True, metadata={"description": "The change feed's position after the change"}
    )
