"""The hub's master-data change feed: every change to a company's master data, in order.

Each change is one entry at the next position of the company's feed (1, 2, 3 ...): the
thing's whole new state, or a tombstone (``thing`` None) when it was deleted. Entries are
appended in the same transaction as the change itself, and a company's writers queue on
its feed, so positions commit in order: a reader that has seen position n will never see
a lower one appear later. The position is the terminals' cursor (``since=<n>``).

The feed keeps the state AT each change, not a pointer to the current row: every prefix
of the feed is then a catalogue that was consistent when it was written (the hub checked
it as a terminal would), so a terminal that stops at any page boundary holds a catalogue
it accepts. A page is the net effect of its run of entries (the last one per key wins).
Entries keep each thing in its v1 wire form (``contract.master_data``): what terminals are
sent, so a page is served without rebuilding a single object.

Store price overrides are not entries of their own: a changed override appends its
product again, and a page shows each product at the pulling terminal's store's price.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from saleflex_core.domain.catalog import Department, PaymentType, Product, QuickKey, VatRate
from saleflex_core.domain.master_data import QuickKeySlot
from saleflex_core.domain.organisation import Cashier
from saleflex_core.exceptions import ValidationError

MasterData = VatRate | Department | PaymentType | Product | Cashier | QuickKey

KIND_OF: dict[type[Any], str] = {
    VatRate: "vat_rates",
    Department: "departments",
    PaymentType: "payment_types",
    Product: "products",
    Cashier: "cashiers",
    QuickKey: "quick_keys",
}
CLASS_OF: dict[str, type[Any]] = {kind: cls for cls, kind in KIND_OF.items()}
KINDS = tuple(CLASS_OF)

FeedEntry = tuple[int, str, str, dict[str, Any] | None]
"""A feed entry as read back: position, kind, key, the thing's wire form (None: deleted)."""


def slot_key(page: int, position: int) -> str:
    """A quick key's key as text: ``"1/5"``."""
    return f"{page}/{position}"


def parse_slot(key: str) -> QuickKeySlot:
    """``"1/5"`` -> ``(1, 5)``; anything else is a ValidationError."""
    page, _, position = key.partition("/")
    if not (page.isdigit() and position.isdigit()):
        raise ValidationError(f"A quick key is named page/position, like 1/5, not {key!r}")
    return int(page), int(position)


def key_of(thing: MasterData) -> str:
    """The key of a thing within its kind: an id, a code or a quick key's slot."""
    if isinstance(thing, QuickKey):
        return slot_key(thing.page, thing.position)
    if isinstance(thing, Product | Cashier):
        return thing.id
    return thing.code


@frozen
class Change:
    """One feed entry: ``kind`` (as ``Upserts`` names it), ``key``, the new state or None."""

    kind: str
    key: str
    thing: MasterData | None

    @classmethod
    def upserted(cls, thing: MasterData) -> Change:
        return cls(KIND_OF[type(thing)], key_of(thing), thing)

    @classmethod
    def deleted(cls, kind: str, key: str) -> Change:
        if kind not in CLASS_OF:
            raise ValidationError(f"No master data is called {kind!r}")
        return cls(kind, key, None)


def parse_cursor(cursor: str | None) -> int:
    """A feed cursor: absent or empty is the start (0), else the position as text."""
    if cursor is None or cursor == "":
        return 0
    if not cursor.isdigit() or len(cursor) > 18:
        raise ValidationError(f"{cursor!r} is not a master-data cursor")
    return int(cursor)
