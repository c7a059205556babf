"""Bulk upsert of one kind of master data from a file (CSV or JSON), with a report per row.

The rule: **all or nothing**. Every row is checked first (its fields, its key and codes
not repeated in the file, its department / VAT rate existing in the company or the file,
its PLU and barcodes not held by another product, its currency the company's); if any row
fails, nothing is written and the report gives every failing row its reasons. Otherwise
all rows are written in ONE transaction (``gate_feed.change_master_data``: checked as a
terminal checks, fed and audited) and each row's report says what it did: ``create``,
``update`` or ``unchanged``. A half-applied price list would sell some products at the
new prices and some at the old, which is worse than a refused file.

Rows are the wire forms of ``contract.master_data`` (JSON), or CSV with those field names
as its header; in CSV a product's price is ``price`` in major units (``"12.99"``) with a
``currency`` column, ``barcodes`` are separated by blanks, booleans are ``true``/``false``.
Cashiers are not imported: each PIN is set through the API, never travels in a file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

from saleflex_core.contract.master_data import from_wire
from saleflex_core.domain.barcode import normalise_code, validate_gtin
from saleflex_core.domain.catalog import Product
from saleflex_core.domain.master_data import Upserts
from saleflex_core.domain.master_data_feed import MasterData, key_of
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import SaleFlexError, ValidationError
from saleflex_core.ports.hub import HubUnitOfWork
from saleflex_core.use_cases.gate_feed import (
    Editor,
    change_master_data,
    check_company_editor,
    company_snapshot,
)

IMPORTABLE = ("vat_rates", "departments", "payment_types", "products", "quick_keys")
MAX_ROWS = 100_000
# What the hub's columns hold: longer text is a row's error, never a database failure.
LIMITS = {"id": 64, "code": 32, "plu": 32, "department_code": 32, "vat_code": 32, "target": 32}
LIMITS |= {"rate": 16, "caption": 24, "colour": 7}
NAME_LIMIT = {"vat_rates": 100, "payment_types": 100}
_BOOLS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


@frozen
class RowReport:
    """One row (1: the first data row): its key, what was done or ``error``, and why."""

    row: int
    key: str | None
    action: str
    errors: tuple[str, ...] = ()


@frozen
class ImportReport:
    applied: bool
    position: int | None
    rows: tuple[RowReport, ...]


def read_csv(text: str) -> list[dict[str, str]]:
    """The data rows of a CSV file with a header line."""
    return list(csv.DictReader(io.StringIO(text)))


def import_master_data(
    uow: HubUnitOfWork,
    *,
    editor: Editor,
    kind: str,
    rows: Sequence[Mapping[str, Any]],
    from_csv: bool = False,
) -> ImportReport:
    """Upsert ``rows`` of ``kind`` all or nothing (see the module); the report per row."""
    check_company_editor(editor.caller)
    if kind not in IMPORTABLE:
        raise ValidationError(f"{kind!r} cannot be imported: use one of {', '.join(IMPORTABLE)}")
    if not 1 <= len(rows) <= MAX_ROWS:
        raise ValidationError(f"An import holds 1 to {MAX_ROWS} rows, not {len(rows)}")
    things: list[MasterData | None] = []
    problems: list[list[str]] = []
    for row in rows:
        thing, why = _parse(kind, row, from_csv)
        things.append(thing)
        problems.append(why)
    with uow:
        snapshot = company_snapshot(uow)
    _check_rows(kind, things, problems, snapshot)
    if any(problems):
        reports = [_failed(n, t, p) for n, (t, p) in enumerate(zip(things, problems, strict=True))]
        return ImportReport(False, None, tuple(reports))
    parsed = tuple(t for t in things if t is not None)
    changed = change_master_data(uow, editor=editor, upserts=Upserts(**{kind: parsed}))  # type: ignore[arg-type]
    reports = [
        RowReport(n + 1, key_of(t), changed.actions[(kind, key_of(t))])
        for n, t in enumerate(parsed)
    ]
    return ImportReport(True, changed.position, tuple(reports))


def check_lengths(kind: str, data: Mapping[str, Any]) -> None:
    """Refuse text longer than the hub stores (ValidationError)."""
    limits = LIMITS | {"name": NAME_LIMIT.get(kind, 200)}
    for name, limit in limits.items():
        value = data.get(name)
        if isinstance(value, str) and len(value) > limit:
            raise ValidationError(f"{name} is at most {limit} characters")
    for code in data.get("barcodes") or ():
        if isinstance(code, str) and len(code) > LIMITS["code"]:
            raise ValidationError(f"a barcode is at most {LIMITS['code']} characters")


def _failed(n: int, thing: MasterData | None, problems: list[str]) -> RowReport:
    key = None if thing is None else key_of(thing)
    return RowReport(n + 1, key, "error" if problems else "valid", tuple(problems))


def _parse(
    kind: str, row: Mapping[str, Any], from_csv: bool
) -> tuple[MasterData | None, list[str]]:
    try:
        data = _from_csv(kind, row) if from_csv else row
        check_lengths(kind, data)
        thing = from_wire(kind, data)
        for code in thing.barcodes if isinstance(thing, Product) else ():
            validate_gtin(code)
        return thing, []
    except SaleFlexError as error:
        return None, [error.message]


def _from_csv(kind: str, row: Mapping[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {k: v.strip() for k, v in row.items() if k and v and v.strip()}
    for name in ("active", "gives_change"):
        if name in data:
            if data[name].lower() not in _BOOLS:
                raise ValidationError(f"{name} is true or false, not {data[name]!r}")
            data[name] = _BOOLS[data[name].lower()]
    for name in ("page", "position"):
        if name in data:
            if not data[name].isdigit():
                raise ValidationError(f"{name} is a whole number, not {data[name]!r}")
            data[name] = int(data[name])
    if kind == "products":
        if "price" not in data or "currency" not in data:
            raise ValidationError("price and currency are missing")
        price = Money.parse(data.pop("price"), Currency.of(data.pop("currency")))
        data["unit_price"] = {"minor": price.minor, "currency": price.currency}
        data["barcodes"] = data.get("barcodes", "").split()
    return data


def _check_rows(
    kind: str, things: list[MasterData | None], problems: list[list[str]], ref: ReferenceData
) -> None:
    """Per row: a key or code the file repeats, and what a product points at or clashes with."""
    seen: dict[str, int] = {}
    for n, thing in enumerate(things):
        if thing is None:
            continue
        codes = [f"key {key_of(thing)}"]
        if isinstance(thing, Product):
            codes += [f"PLU {normalise_code(thing.plu)}"]
            codes += [f"barcode {c}" for c in thing.barcodes]
        for code in codes:
            if code in seen:
                problems[n].append(f"{code} is on row {seen[code] + 1} too")
            seen.setdefault(code, n)
    if kind == "products":
        mine = {key_of(t) for t in things if t is not None}
        departments = set(ref.departments)
        vat_rates = set(ref.vat_rates)
        for n, thing in enumerate(things):
            if isinstance(thing, Product):
                problems[n] += _product_problems(thing, ref, mine, departments, vat_rates)


def _product_problems(
    product: Product,
    ref: ReferenceData,
    mine: set[str],
    departments: set[str],
    vat_rates: set[str],
) -> list[str]:
    found = []
    if product.department_code not in departments:
        found.append(f"department {product.department_code!r} is not set up")
    if product.vat_code not in vat_rates:
        found.append(f"VAT rate {product.vat_code!r} is not set up")
    if product.unit_price.currency != ref.currency:
        found.append(f"prices are in {ref.currency}")
    owners = [ref.owner_of_plu(product.plu)] + [ref.owner_of_barcode(c) for c in product.barcodes]
    for owner in owners:
        if owner is not None and owner.id != product.id and owner.id not in mine:
            found.append(f"a code of it belongs to {owner.name} ({owner.id})")
    return found
