"""``/api/v1/master-data``: a company's VAT rates, departments, payment types, products
(with their barcodes), cashiers and quick keys, and each store's own prices.

Per resource: ``GET /<things>`` (keyset pages: ``after``, ``limit``), ``GET`` /
``PUT`` (create or replace, whole) / ``DELETE /<things>/<key>``. Reading needs
``master_data:read``; changing the company's master data is for its admins, a store's
prices also for the store's managers (``use_cases.gate_feed`` says the rules). Every
change is checked, audited and fed to the terminals in one transaction.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from attrs import frozen
from flask_smorest import Blueprint

from apps.gate_web.api import master_data_schemas as s
from apps.gate_web.auth import BEARER, current_caller, documented, requires, unit_of_work
from apps.gate_web.deps import deps
from saleflex_core.contract.master_data import from_wire, to_wire
from saleflex_core.domain.catalog import StorePrice
from saleflex_core.domain.master_data import Deletions, Upserts
from saleflex_core.domain.master_data_feed import MasterData, parse_slot
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Role
from saleflex_core.queries import gate_master_data as reads
from saleflex_core.use_cases.gate_cashiers import save_cashier
from saleflex_core.use_cases.gate_feed import (
    Editor,
    change_master_data,
    remove_store_price,
    set_store_price,
)
from saleflex_core.use_cases.gate_import import check_lengths

blp = Blueprint(
    "master_data",
    __name__,
    url_prefix="/api/v1/master-data",
    description="A company's master data, and each store's own prices",
)
READ, WRITE = "master_data:read", "master_data:write"
DOC = documented(BEARER)


@frozen
class Resource:
    kind: str  # as the core names it
    path: str
    key_rule: str
    schema: type[ma.Schema]
    key_fields: tuple[str, ...]


RESOURCES = (
    Resource("vat_rates", "vat-rates", "<code>", s.VatRateSchema, ("code",)),
    Resource("departments", "departments", "<code>", s.DepartmentSchema, ("code",)),
    Resource("payment_types", "payment-types", "<code>", s.PaymentTypeSchema, ("code",)),
    Resource("products", "products", "<id>", s.ProductSchema, ("id",)),
    Resource("cashiers", "cashiers", "<id>", s.CashierSchema, ("id",)),
    Resource(
        "quick_keys",
        "quick-keys",
        "<int:page>/<int:position>",
        s.QuickKeySchema,
        ("page", "position"),
    ),
)


def editor() -> Editor:
    gate = deps()
    return Editor(current_caller(), gate.clock, gate.ids)


def shown(thing: MasterData) -> dict[str, Any]:
    form = to_wire(thing)
    form.pop("pin_hash", None)
    return form


def _key(values: dict[str, Any]) -> str:
    return "/".join(str(v) for v in values.values())


def _save(resource: Resource, body: dict[str, Any], url: dict[str, Any]) -> None:
    data = body | url
    check_lengths(resource.kind, data)
    if resource.kind == "cashiers":
        save_cashier(
            unit_of_work(),
            editor=editor(),
            cashier_id=data["id"],
            name=data["name"],
            role=Role(data["role"]),
            active=data["active"],
            pin=data["pin"],
        )
        return
    thing = from_wire(resource.kind, data)
    upserts = Upserts(**{resource.kind: (thing,)})  # type: ignore[arg-type]
    change_master_data(unit_of_work(), editor=editor(), upserts=upserts)


def _delete(resource: Resource, url: dict[str, Any]) -> None:
    key: Any = parse_slot(_key(url)) if resource.kind == "quick_keys" else _key(url)
    deletions = Deletions(**{resource.kind: (key,)})
    change_master_data(unit_of_work(), editor=editor(), deletions=deletions)


def _routes(r: Resource) -> None:
    many = s.list_schema(r.schema, f"{r.schema.__name__.removesuffix('Schema')}List")

    @blp.route(f"/{r.path}", endpoint=f"{r.kind}_list")
    @requires(READ)
    @blp.arguments(s.ListQuery, location="query", as_kwargs=True)
    @blp.response(200, many)
    @blp.doc(**DOC, summary=f"List {r.path}", operationId=f"list_{r.kind}")
    def listing(after: str | None, limit: int) -> dict[str, Any]:
        found = reads.list_master_data(
            unit_of_work(), caller=current_caller(), kind=r.kind, after=after, limit=limit
        )
        return {"items": [shown(t) for t in found.items], "next_after": found.next_after}

    @blp.route(f"/{r.path}/{r.key_rule}", endpoint=f"{r.kind}_get")
    @requires(READ)
    @blp.response(200, r.schema)
    @blp.doc(**DOC, summary=f"One of {r.path}", operationId=f"get_{r.kind}")
    def one(**url: Any) -> dict[str, Any]:
        return shown(_read(r, url))

    @blp.route(f"/{r.path}/{r.key_rule}", endpoint=f"{r.kind}_put", methods=["PUT"])
    @requires(WRITE)
    @blp.arguments(s.body_schema(r.schema, r.key_fields))
    @blp.response(200, r.schema)
    @blp.doc(**DOC, summary=f"Create or replace one of {r.path}", operationId=f"put_{r.kind}")
    def put(body: dict[str, Any], **url: Any) -> dict[str, Any]:
        _save(r, body, url)
        return shown(_read(r, url))

    @blp.route(f"/{r.path}/{r.key_rule}", endpoint=f"{r.kind}_delete", methods=["DELETE"])
    @requires(WRITE)
    @blp.response(204)
    @blp.doc(**DOC, summary=f"Delete one of {r.path}", operationId=f"delete_{r.kind}")
    def remove(**url: Any) -> None:
        _delete(r, url)


def _read(r: Resource, url: dict[str, Any]) -> MasterData:
    return reads.get_master_data(
        unit_of_work(), caller=current_caller(), kind=r.kind, key=_key(url)
    )


for _resource in RESOURCES:
    _routes(_resource)

PRICES = "/stores/<store_id>/prices"


@blp.route(PRICES)
@requires(READ)
@blp.response(200, s.list_schema(s.StorePriceSchema, "StorePriceList"))
@blp.doc(**DOC)
def store_prices(store_id: str) -> dict[str, Any]:
    """A store's own prices (instead of the products' company prices)."""
    found = reads.store_prices(unit_of_work(), caller=current_caller(), store_id=store_id)
    items = [
        {"store_id": p.store_id, "product_id": p.product_id, "unit_price": to_money(p.unit_price)}
        for p in found
    ]
    return {"items": items, "next_after": None}


@blp.route(f"{PRICES}/<product_id>", methods=["PUT"])
@requires(WRITE)
@blp.arguments(s.StorePriceSchema)
@blp.response(200, s.ChangedSchema)
@blp.doc(**DOC)
def put_store_price(body: dict[str, Any], store_id: str, product_id: str) -> dict[str, Any]:
    """Set a store's own price for a product."""
    price = Money(body["unit_price"]["minor"], body["unit_price"]["currency"])
    position = set_store_price(
        unit_of_work(), editor=editor(), price=StorePrice(store_id, product_id, price)
    )
    return {"position": position}


@blp.route(f"{PRICES}/<product_id>", methods=["DELETE"])
@requires(WRITE)
@blp.response(204)
@blp.doc(**DOC)
def delete_store_price(store_id: str, product_id: str) -> None:
    """Take a store's own price away: it sells at the company's price again."""
    remove_store_price(unit_of_work(), editor=editor(), store_id=store_id, product_id=product_id)


def to_money(money: Money) -> dict[str, Any]:
    return {"minor": money.minor, "currency": money.currency}
