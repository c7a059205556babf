"""Bringing a terminal up: its first period, and its reference data in memory."""

from __future__ import annotations

from saleflex_core.domain.barcode import DEFAULT_EMBEDDED_RULES, EmbeddedRule
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.ports import Clock, UnitOfWork


def open_terminal(uow: UnitOfWork, *, clock: Clock, terminal_id: str) -> Closure:
    """Make sure the terminal has an open period (closure 1 the first time) and return it."""
    with uow:
        closure = uow.closures.current(terminal_id)  # a read: nothing waits on start-up
        if closure is None:
            terminal = uow.organisation.terminal(terminal_id)
            store = uow.organisation.store(terminal.store_id)
            closure = Closure.first(
                terminal_id=terminal_id, currency=store.currency.code, at=clock.now()
            )
            uow.closures.save(closure)
            uow.commit()
    return closure


def load_reference_data(
    uow: UnitOfWork,
    *,
    terminal_id: str,
    embedded_rules: tuple[EmbeddedRule, ...] = DEFAULT_EMBEDDED_RULES,
) -> ReferenceData:
    """Read the terminal's store, catalogue, payment types and cashiers once, into memory;
    the products are priced as the terminal's store sells them (its own prices first)."""
    with uow:
        terminal = uow.organisation.terminal(terminal_id)
        return ReferenceData.build(
            store=uow.organisation.store(terminal.store_id),
            terminal=terminal,
            vat_rates=uow.catalog.vat_rates(),
            departments=uow.catalog.departments(),
            payment_types=uow.catalog.payment_types(),
            products=uow.catalog.products(terminal.store_id),
            embedded_rules=embedded_rules,
            quick_keys=uow.catalog.quick_keys(),
            cashiers=uow.cashiers.all(),
        )
