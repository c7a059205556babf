"""Cash in (float) and cash out (pickups, paid-outs), counted into the open period."""

from __future__ import annotations

from attrs import frozen

from saleflex_core.contract import cash_payload
from saleflex_core.domain.cash import CashMovement, MovementKind
from saleflex_core.domain.events import CASH_MOVED, EventSource, OutboxItem
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Cashier, Role
from saleflex_core.domain.receipt import movement_layout
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import StateError
from saleflex_core.ports import CashDrawer, Clock, IdGenerator, ReceiptPrinter, UnitOfWork
from saleflex_core.use_cases.auth import Override, authorize
from saleflex_core.use_cases.completing import open_closure
from saleflex_core.use_cases.effects import Effects


@frozen
class CashMoved:
    movement: CashMovement
    expected_cash: Money
    device_errors: tuple[str, ...] = ()


def move_cash(
    uow: UnitOfWork,
    *,
    ref: ReferenceData,
    clock: Clock,
    ids: IdGenerator,
    cashier: Cashier,
    kind: MovementKind,
    amount: Money,
    reason: str,
    override: Override | None = None,
    printer: ReceiptPrinter | None = None,
    drawer: CashDrawer | None = None,
    width: int = 42,
) -> CashMoved:
    """Record cash put in or taken out of the drawer.

    Out above the terminal's limit needs a supervisor (recorded on the movement); out of
    more than the drawer should hold (the float the last Z left included) is refused.
    """
    with uow:
        closure = open_closure(uow, ref.terminal.id)
        approved_by = None
        if kind is MovementKind.OUT:
            if amount > closure.expected_cash:
                raise StateError("The drawer does not hold that much cash")
            if amount > ref.terminal.cash_out_limit:
                approved_by = authorize(
                    uow,
                    actor=cashier,
                    needed=Role.SUPERVISOR,
                    override=override,
                    action="Taking out this much cash",
                )
        at = clock.now()
        movement = CashMovement(
            ids.new_id(),
            ref.terminal.id,
            closure.number,
            kind,
            amount,
            reason,
            cashier.id,
            at,
            approved_by,
            override.reason if override and approved_by not in (None, cashier.id) else "",
            business_date=ref.store.business_date(at),
        )
        movement = closure.record_movement(movement)  # numbered under the closure's lock
        uow.cash.add(movement)
        uow.closures.save(closure)
        uow.outbox.add(
            OutboxItem.new(
                CASH_MOVED,
                movement.id,
                cash_payload(movement),
                source=EventSource.of(ref.store, ref.terminal),
                occurred_at=movement.at,
                business_date=movement.business_date,
            )
        )
        uow.commit()
    effects = Effects()
    effects.run(drawer, lambda d: d.open())
    effects.run(
        printer,
        lambda p: p.print_layout(
            movement_layout(movement, ref.store, width=width, terminal=ref.terminal.code)
        ),
    )
    return CashMoved(movement, closure.expected_cash, effects.reported)
