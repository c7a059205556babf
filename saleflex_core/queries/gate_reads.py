"""Integrators' reads of what GATE received: one company's books, within the caller's
stores. Another company's or an unreachable store's resource is "not found", never
"forbidden" (the unit of work is the company's; ``visible`` checks the stores)."""

from __future__ import annotations

from typing import Any

from saleflex_core.domain.access import Caller
from saleflex_core.domain.hub_reads import MAX_PAGE, Page, ReadFilter, visible
from saleflex_core.domain.ingest import SequenceGap
from saleflex_core.exceptions import NotFound, ValidationError
from saleflex_core.ports.hub import HubReader, HubUnitOfWork

LISTS = frozenset(
    {"sales", "closures", "cash_movements", "stock_levels", "stock_movements", "daily_totals"}
)


def read_page(
    uow: HubUnitOfWork, *, what: str, where: ReadFilter, after: str | None, limit: int
) -> Page:
    """One page of the list ``what`` (``LISTS``) after the cursor ``after``."""
    if what not in LISTS:
        raise ValueError(what)
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError(f"limit is 1 to {MAX_PAGE}")
    with uow:
        reader: HubReader = uow.reader
        page: Page = getattr(reader, what)(where, after, limit)
        return page


def read_sale(uow: HubUnitOfWork, *, caller: Caller, sale_id: str) -> dict[str, Any]:
    """A sale with its lines, payments and VAT; NotFound out of the caller's reach."""
    with uow:
        return visible(caller, uow.reader.sale(sale_id), "sale")


def read_closure(uow: HubUnitOfWork, *, caller: Caller, closure_id: str) -> dict[str, Any]:
    """A closure with its Z; NotFound out of the caller's reach."""
    with uow:
        return visible(caller, uow.reader.closure(closure_id), "closure")


def missing_events(
    uow: HubUnitOfWork, *, caller: Caller, terminal_id: str, limit: int
) -> list[SequenceGap]:
    """The sequence gaps of one of the caller's company's terminals."""
    with uow:
        terminal = uow.organisation.terminal(terminal_id)
        if not caller.reaches_store(terminal.store_id):
            raise NotFound(f"No terminal {terminal_id}")
        return uow.received.missing(terminal_id, limit)


def store_warehouses(uow: HubUnitOfWork, *, caller: Caller, store_id: str) -> list[dict[str, Any]]:
    """A store's warehouses (its default one appears with its first sale)."""
    with uow:
        store = uow.organisation.store(store_id)
        if not caller.reaches_store(store.id):
            raise NotFound(f"No store {store_id}")
        return uow.reader.warehouses(store_id)
