"""Master data coming down from upstream: one page of changes, and the cursor after it.

A page is the net effect of a run of changes: each thing is either upserted (its whole
new state) or deleted (its key), never both. Applying a page is idempotent: applying it
again to the state it produced changes nothing, so a pull that repeats a page after a
crash is harmless.

Extension point: a new kind of master data (per-store price overrides, say) is one more
field with an empty default in ``Upserts`` and ``Deletions``, one more branch in
``reference_page.apply_page`` and one more repository call in ``use_cases.pulling``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from attrs import frozen

from saleflex_core.domain.catalog import Department, PaymentType, Product, QuickKey, VatRate
from saleflex_core.domain.organisation import Cashier
from saleflex_core.exceptions import ValidationError

MASTER_DATA = "master_data"
"""The name of the master-data stream, the key of its stored cursor."""

QuickKeySlot = tuple[int, int]
"""A quick key's key: (page, position)."""


@frozen
class Upserts:
    """Things to create or replace, whole."""

    vat_rates: tuple[VatRate, ...] = ()
    departments: tuple[Department, ...] = ()
    payment_types: tuple[PaymentType, ...] = ()
    products: tuple[Product, ...] = ()
    cashiers: tuple[Cashier, ...] = ()
    quick_keys: tuple[QuickKey, ...] = ()

    def keys(self) -> dict[str, list[Hashable]]:
        """The key of every upserted thing, by kind (codes, ids, quick-key slots)."""
        return {
            "vat_rates": [v.code for v in self.vat_rates],
            "departments": [d.code for d in self.departments],
            "payment_types": [p.code for p in self.payment_types],
            "products": [p.id for p in self.products],
            "cashiers": [c.id for c in self.cashiers],
            "quick_keys": [(k.page, k.position) for k in self.quick_keys],
        }


@frozen
class Deletions:
    """Keys of things to remove: codes (VAT, department, payment type), ids, key slots."""

    vat_rates: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    payment_types: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    cashiers: tuple[str, ...] = ()
    quick_keys: tuple[QuickKeySlot, ...] = ()

    def keys(self) -> dict[str, list[Hashable]]:
        """The deleted keys by kind, named as in ``Upserts.keys``."""
        return {
            "vat_rates": list(self.vat_rates),
            "departments": list(self.departments),
            "payment_types": list(self.payment_types),
            "products": list(self.products),
            "cashiers": list(self.cashiers),
            "quick_keys": list(self.quick_keys),
        }


@frozen
class MasterDataPage:
    """One page of master-data changes, ``next_cursor`` to pull the next page from.

    ``has_more`` says whether more pages follow now; an empty page with the same
    cursor means nothing has changed upstream.
    """

    next_cursor: str
    upserts: Upserts = Upserts()
    deletions: Deletions = Deletions()
    has_more: bool = False

    def __attrs_post_init__(self) -> None:
        up, down = self.upserts.keys(), self.deletions.keys()
        for kind, keys in up.items():
            _check_once(kind, keys + down[kind])

    @property
    def is_empty(self) -> bool:
        return not any(self.upserts.keys().values()) and not any(self.deletions.keys().values())


def _check_once(kind: str, keys: Iterable[Hashable]) -> None:
    """A page names each thing once: upserted or deleted, and only one time."""
    seen: set[Hashable] = set()
    for key in keys:
        if key in seen:
            raise ValidationError(f"A master-data page names {kind} {key!r} twice")
        seen.add(key)
