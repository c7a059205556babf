"""Applying a master-data page to the in-memory caches: a new snapshot, checked whole.

``apply_page`` never changes the snapshot it is given: it builds the next one, removals
included, and checks it. The caller publishes it by swapping one reference
(``ReferenceHolder``), so a reader on another thread sees the old snapshot or the new
one, never half a page. A page that would leave the catalogue inconsistent (a barcode
or PLU sold under two products, a product in a department that is gone, a quick key
that points nowhere) is refused with ``ValidationError`` and nothing changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from attrs import evolve

from saleflex_core.domain.barcode import normalise_code, validate_gtin
from saleflex_core.domain.catalog import Product, QuickKey, QuickKeyKind
from saleflex_core.domain.master_data import MasterDataPage
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import ValidationError


def normalised(page: MasterDataPage) -> MasterDataPage:
    """The page with PLUs and barcodes as the till reads them (as ``save_product`` stores).

    Raises ``InvalidBarcode`` for a barcode that is not a valid EAN/UPC.
    """
    products = tuple(_normalised(p) for p in page.upserts.products)
    return evolve(page, upserts=evolve(page.upserts, products=products))


def apply_page(ref: ReferenceData, page: MasterDataPage) -> ReferenceData:
    """The snapshot ``ref`` becomes with ``page`` applied; ``ref`` itself is not changed.

    Deletions of things that are not there are no-ops and upserts replace whole, so
    applying a page twice gives the same snapshot as applying it once.
    """
    up, down = page.upserts, page.deletions
    new = ref.copy()
    for table, codes in (
        (new.vat_rates, down.vat_rates),
        (new.departments, down.departments),
        (new.payment_types, down.payment_types),
        (new.cashiers, down.cashiers),
    ):
        for code in codes:
            table.pop(code, None)
    new.vat_rates.update((v.code, v) for v in up.vat_rates)
    new.departments.update((d.code, d) for d in up.departments)
    new.payment_types.update((p.code, p) for p in up.payment_types)
    new.cashiers.update((c.id, c) for c in up.cashiers)
    keys = {(k.page, k.position): k for k in ref.quick_keys}
    for slot in down.quick_keys:
        keys.pop(slot, None)
    keys.update(((k.page, k.position), k) for k in up.quick_keys)
    new.quick_keys = tuple(keys[slot] for slot in sorted(keys))
    for product_id in down.products:
        new.remove_product(product_id)
    for product in up.products:
        new.unindex_product(product.id)  # all first: codes may move between products
    for product in up.products:
        _put_unique(new, product)
    _check_references(ref, new, page)
    return new


class ReferenceHolder:
    """The one reference to a terminal's current snapshot.

    Readers take ``current`` (no lock: one attribute read) and use that snapshot for a
    whole operation. Writers replace it through ``replace``, which builds the next
    snapshot from the current one and swaps it in; writers queue on a lock of their own,
    readers never wait.
    """

    def __init__(self, snapshot: ReferenceData) -> None:
        self._current = snapshot
        self._writer = threading.Lock()

    @property
    def current(self) -> ReferenceData:
        return self._current

    def replace(self, build: Callable[[ReferenceData], ReferenceData]) -> ReferenceData:
        """Publish ``build(current)``; whatever ``build`` raises leaves ``current`` as it was."""
        with self._writer:
            snapshot = build(self._current)
            self._current = snapshot
            return snapshot


def _normalised(product: Product) -> Product:
    codes = tuple(dict.fromkeys(validate_gtin(code) for code in product.barcodes))
    return evolve(product, plu=normalise_code(product.plu), barcodes=codes)


def _put_unique(new: ReferenceData, product: Product) -> None:
    owner = new.owner_of_plu(product.plu)
    if owner is not None:
        raise ValidationError(f"PLU {product.plu} would belong to {owner.name} and {product.name}")
    for code in product.barcodes:
        owner = new.owner_of_barcode(code)
        if owner is not None:
            raise ValidationError(f"Barcode {code} would belong to {owner.name} and {product.name}")
    new.put_product(product)


def _check_references(old: ReferenceData, new: ReferenceData, page: MasterDataPage) -> None:
    """What the page touched still points at something real in the new snapshot."""
    gone_vat, gone_departments = set(page.deletions.vat_rates), set(page.deletions.departments)
    products = list(page.upserts.products)
    if gone_vat or gone_departments:  # a full scan only when something was taken away
        products = list(new.products.values())
    for product in products:
        _check_product(new, product)
    for department in new.departments.values():
        if department.vat_code not in new.vat_rates:
            raise ValidationError(
                f"Department {department.name}: VAT rate {department.vat_code!r} is gone"
            )
    upserted = set(page.upserts.quick_keys)
    for key in new.quick_keys:
        # a key that was already broken stays the store's business; a page breaks none
        if not _points_somewhere(new, key) and (key in upserted or _points_somewhere(old, key)):
            raise ValidationError(
                f"Quick key {key.caption!r} would point at nothing ({key.target})"
            )


def _check_product(new: ReferenceData, product: Product) -> None:
    if product.department_code not in new.departments:
        raise ValidationError(
            f"{product.name}: department {product.department_code!r} is not set up"
        )
    if product.vat_code not in new.vat_rates:
        raise ValidationError(f"{product.name}: VAT rate {product.vat_code!r} is not set up")
    if product.unit_price.currency != new.currency:
        raise ValidationError(f"{product.name}: prices are in {new.currency}")


def _points_somewhere(ref: ReferenceData, key: QuickKey) -> bool:
    if key.kind is QuickKeyKind.PLU:
        return ref.owner_of_plu(key.target) is not None
    return key.target in ref.departments
