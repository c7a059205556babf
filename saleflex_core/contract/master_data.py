"""Master data on the wire: ``contracts/v1/master_data_page.schema.json``, both ways.

The hub renders a ``MasterDataPage`` with ``page_to_wire``; a terminal's upstream client
reads one with ``page_from_wire``. The same per-thing forms are the rows of a bulk import.
Written out by hand, field by field: renaming a domain field never changes the wire.
Money is ``{"minor": int, "currency": "EUR"}``, a VAT rate decimal text, a quick key's
slot ``{"page", "position"}``. A thing that breaks a domain rule is a ValidationError.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from saleflex_core.domain.catalog import (
    Department,
    PaymentKind,
    PaymentType,
    Product,
    QuickKey,
    QuickKeyKind,
    SoldBy,
    VatRate,
)
from saleflex_core.domain.master_data import Deletions, MasterDataPage, Upserts
from saleflex_core.domain.master_data_feed import KINDS, FeedEntry, MasterData, parse_slot
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Cashier, Role
from saleflex_core.exceptions import ValidationError

Wire = dict[str, Any]


def to_wire(thing: MasterData) -> Wire:
    """The wire form of one thing of master data."""
    if isinstance(thing, Product):
        return {
            "id": thing.id,
            "plu": thing.plu,
            "name": thing.name,
            "department_code": thing.department_code,
            "vat_code": thing.vat_code,
            "unit_price": {"minor": thing.unit_price.minor, "currency": thing.unit_price.currency},
            "sold_by": thing.sold_by.value,
            "barcodes": list(thing.barcodes),
            "active": thing.active,
        }
    if isinstance(thing, VatRate):
        return {"code": thing.code, "rate": format(thing.rate, "f"), "name": thing.name}
    if isinstance(thing, Department):
        return {"code": thing.code, "name": thing.name, "vat_code": thing.vat_code}
    if isinstance(thing, PaymentType):
        return {
            "code": thing.code,
            "name": thing.name,
            "kind": thing.kind.value,
            "gives_change": thing.gives_change,
        }
    if isinstance(thing, Cashier):
        return {
            "id": thing.id,
            "name": thing.name,
            "role": thing.role.value,
            "pin_hash": thing.pin_hash,
            "active": thing.active,
        }
    return {
        "page": thing.page,
        "position": thing.position,
        "caption": thing.caption,
        "kind": thing.kind.value,
        "target": thing.target,
        "colour": thing.colour,
    }


def from_wire(kind: str, data: Mapping[str, Any]) -> MasterData:
    """One thing of ``kind`` ("products", ...) from its wire form; ValidationError if bad."""
    if kind not in _READERS:
        raise ValidationError(f"No master data is called {kind!r}")
    if not isinstance(data, Mapping):
        raise ValidationError(f"A row of {kind} is an object, not {data!r}")
    try:
        return _READERS[kind](data)
    except KeyError as missing:
        raise ValidationError(f"{missing.args[0]} is missing") from missing
    except ValueError as wrong:  # an enum value the domain does not know
        raise ValidationError(str(wrong)) from wrong


def page_to_wire(page: MasterDataPage) -> Wire:
    """The wire form of a page (``contracts/v1/master_data_page.schema.json``)."""
    up, down = page.upserts, page.deletions
    deleted: Wire = {kind: list(getattr(down, kind)) for kind in KINDS if kind != "quick_keys"}
    deleted["quick_keys"] = [{"page": p, "position": n} for p, n in down.quick_keys]
    return {
        "next_cursor": page.next_cursor,
        "has_more": page.has_more,
        "upserts": {kind: [to_wire(t) for t in getattr(up, kind)] for kind in KINDS},
        "deletions": deleted,
    }


def wire_page(
    entries: Sequence[FeedEntry],
    *,
    since: int,
    has_more: bool,
    prices: Mapping[str, Money],
) -> Wire:
    """The wire page a run of feed entries makes: each key once, as its last entry left
    it, products at ``prices`` (a store's own) where one is given."""
    net: dict[tuple[str, str], dict[str, Any] | None] = {}
    for _, kind, key, state in entries:
        net.pop((kind, key), None)  # re-inserted: keeps the last entry's order
        net[(kind, key)] = state
    upserts: Wire = {kind: [] for kind in KINDS}
    deletions: Wire = {kind: [] for kind in KINDS}
    for (kind, key), state in net.items():
        if state is None:
            deleted: Any = key
            if kind == "quick_keys":
                page, position = parse_slot(key)
                deleted = {"page": page, "position": position}
            deletions[kind].append(deleted)
        elif kind == "products" and key in prices:
            price = prices[key]
            upserts[kind].append(state | {"unit_price": money_wire(price)})
        else:
            upserts[kind].append(state)
    return {
        "next_cursor": str(entries[-1][0] if entries else since),
        "has_more": has_more,
        "upserts": upserts,
        "deletions": deletions,
    }


def money_wire(money: Money) -> Wire:
    return {"minor": money.minor, "currency": money.currency}


def page_from_wire(data: Mapping[str, Any]) -> MasterDataPage:
    """A page from its wire form: what a terminal's upstream client reads."""
    up, down = data.get("upserts", {}), data.get("deletions", {})
    upserts = {kind: tuple(from_wire(kind, row) for row in up.get(kind, ())) for kind in KINDS}
    deletions: dict[str, tuple[Any, ...]] = {
        kind: tuple(_text(key, kind) for key in down.get(kind, ()))
        for kind in KINDS
        if kind != "quick_keys"
    }
    deletions["quick_keys"] = tuple(
        (_int(s["page"], "page"), _int(s["position"], "position"))
        for s in down.get("quick_keys", ())
    )
    return MasterDataPage(
        next_cursor=_text(data["next_cursor"], "next_cursor"),
        upserts=Upserts(**upserts),  # type: ignore[arg-type]
        deletions=Deletions(**deletions),
        has_more=data.get("has_more") is True,
    )


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text, not {value!r}")
    return value


def _int(value: Any, what: str) -> int:
    if type(value) is not int:
        raise ValidationError(f"{what} must be a whole number, not {value!r}")
    return value


def _bool(value: Any, what: str) -> bool:
    if type(value) is not bool:
        raise ValidationError(f"{what} must be true or false, not {value!r}")
    return value


def _money(value: Any) -> Money:
    if not isinstance(value, Mapping):
        raise ValidationError(f"unit_price must be {{minor, currency}}, not {value!r}")
    return Money(_int(value["minor"], "unit_price.minor"), _text(value["currency"], "currency"))


def _rate(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise ValidationError(f'rate is decimal text like "20", not {value!r}')
    try:
        rate = Decimal(value)
    except ArithmeticError as bad:
        raise ValidationError(f"rate {value!r} is not a number") from bad
    if not rate.is_finite():
        raise ValidationError(f"rate {value!r} is not a number")
    return rate


def _product(d: Mapping[str, Any]) -> Product:
    barcodes = d.get("barcodes", [])
    if not isinstance(barcodes, list):
        raise ValidationError("barcodes are a list of texts")
    return Product(
        id=_text(d["id"], "id"),
        plu=_text(d["plu"], "plu"),
        name=_text(d["name"], "name"),
        department_code=_text(d["department_code"], "department_code"),
        vat_code=_text(d["vat_code"], "vat_code"),
        unit_price=_money(d["unit_price"]),
        sold_by=SoldBy(d.get("sold_by", "piece")),
        barcodes=tuple(barcodes),
        active=_bool(d.get("active", True), "active"),
    )


def _cashier(d: Mapping[str, Any]) -> Cashier:
    return Cashier(
        id=_text(d["id"], "id"),
        name=_text(d["name"], "name"),
        role=Role(d["role"]),
        pin_hash=_text(d["pin_hash"], "pin_hash"),
        active=_bool(d.get("active", True), "active"),
    )


def _quick_key(d: Mapping[str, Any]) -> QuickKey:
    return QuickKey(
        page=_int(d["page"], "page"),
        position=_int(d["position"], "position"),
        caption=_text(d["caption"], "caption"),
        kind=QuickKeyKind(d["kind"]),
        target=_text(d["target"], "target"),
        colour=_text(d.get("colour", "#4a6fa5"), "colour"),
    )


_READERS: dict[str, Callable[[Mapping[str, Any]], MasterData]] = {
    "vat_rates": lambda d: VatRate(
        _text(d["code"], "code"), _rate(d["rate"]), _text(d.get("name", ""), "name")
    ),
    "departments": lambda d: Department(
        _text(d["code"], "code"), _text(d["name"], "name"), _text(d["vat_code"], "vat_code")
    ),
    "payment_types": lambda d: PaymentType(
        _text(d["code"], "code"),
        _text(d["name"], "name"),
        PaymentKind(d["kind"]),
        _bool(d.get("gives_change", False), "gives_change"),
    ),
    "products": _product,
    "cashiers": _cashier,
    "quick_keys": _quick_key,
}
