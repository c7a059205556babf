"""A draft changed after it was saved, or read and changed without saving, leaks nothing.

The memory adapter copies a draft shallowly (its lists, not its frozen lines): every way a
``Document`` can change must still stay out of storage until it is saved, on every adapter.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import attrs
import pytest

from adapters.memory.storage import copy_document
from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.catalog import PaymentType, Product
from saleflex_core.domain.document import Document
from saleflex_core.domain.line import AuditEntry
from saleflex_core.domain.money import Money
from saleflex_core.ports import UnitOfWork

T0 = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
EUR = "EUR"
MILK = Product("p1", "100", "Milk", "DAI", "B", Money(119, EUR), barcodes=("5901234100106",))


def draft() -> Document:
    document = Document.start(
        id="d1", terminal_id="T1", store_id="S1", cashier_id="c1", currency=EUR, at=T0
    )
    document.add_line(MILK, Decimal(2), vat_rate=Decimal(10))
    document.add_line(MILK, Decimal(1), vat_rate=Decimal(10))
    document.adjust_line(1, Adjustment.discount(percent=Decimal(10)))
    document.audit.append(AuditEntry(T0, "void_line", "c1", "c2", "why", "line 3"))
    return document


CHANGES: list[Callable[[Document], object]] = [
    lambda d: d.add_line(MILK, Decimal(5), vat_rate=Decimal(10)),
    lambda d: d.change_quantity(2, Decimal(7)),
    lambda d: d.void_line(2),
    lambda d: d.adjust_line(1, None),
    lambda d: d.adjust(Adjustment.surcharge(percent=Decimal(5))),
    lambda d: d.add_payment(PaymentType.cash(), Money(100, EUR)),
    lambda d: d.audit.append(AuditEntry(T0, "override_price", "c1", "c2")),
    lambda d: d.lines.clear(),
    lambda d: d.suspend(),
]
IDS = ["add", "quantity", "void", "unadjust", "adjust", "pay", "audit", "clear", "suspend"]


@pytest.mark.parametrize("change", CHANGES, ids=IDS)
def test_a_change_after_save_is_not_stored(
    make_uow: Callable[[], UnitOfWork], change: Callable[[Document], object]
) -> None:
    document = draft()
    with make_uow() as uow:
        uow.drafts.save(document)
        change(document)
        uow.commit()
    with make_uow() as uow:
        assert uow.drafts.get("d1") == draft()


@pytest.mark.parametrize("change", CHANGES, ids=IDS)
def test_a_change_to_a_read_draft_is_not_stored_unsaved(
    make_uow: Callable[[], UnitOfWork], change: Callable[[Document], object]
) -> None:
    with make_uow() as uow:
        uow.drafts.save(draft())
        uow.commit()
    with make_uow() as uow:
        change(uow.drafts.get("d1"))
        uow.commit()
    with make_uow() as uow:
        assert uow.drafts.get("d1") == draft()


def test_the_memory_copy_shares_only_frozen_values() -> None:
    """What ``copy_document`` relies on: a new mutable field or item type fails here."""
    document = draft()
    document.add_payment(PaymentType.cash(), Money(100, EUR))
    copied = copy_document(document)
    assert copied == document
    for field in attrs.fields(Document):
        value, mine = getattr(document, field.name), getattr(copied, field.name)
        if isinstance(value, list):
            assert mine is not value, field.name
            assert value and all(_immutable(item) for item in value), field.name
        else:
            assert _immutable(value), field.name


_IMMUTABLE = (str, int, Decimal, datetime, enum.Enum, type(None))


def _immutable(value: object) -> bool:
    """Nothing in ``value`` can change in place: plain immutables, or frozen attrs of them."""
    if isinstance(value, _IMMUTABLE):
        return True
    if isinstance(value, tuple):
        return all(_immutable(item) for item in value)
    if not attrs.has(type(value)):
        return False
    fields = attrs.fields(type(value))
    try:
        setattr(value, fields[0].name, getattr(value, fields[0].name))
    except attrs.exceptions.FrozenInstanceError:
        return all(_immutable(getattr(value, f.name)) for f in fields)
    return False
