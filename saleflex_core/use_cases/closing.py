"""Period reports: X (running totals, nothing reset) and Z (close the period, open the next)."""

from __future__ import annotations

from saleflex_core.contract import closure_payload
from saleflex_core.domain.events import CLOSURE_CLOSED, EventSource, OutboxItem
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Cashier, Role
from saleflex_core.domain.receipt import closure_layout
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import StateError
from saleflex_core.ports import Clock, ReceiptPrinter, UnitOfWork
from saleflex_core.use_cases.auth import Override, authorize
from saleflex_core.use_cases.completing import open_closure
from saleflex_core.use_cases.effects import Effects
from saleflex_core.use_cases.results import Report


def x_report(
    uow: UnitOfWork, *, ref: ReferenceData, printer: ReceiptPrinter | None = None, width: int = 42
) -> Report:
    """The running totals of the open period; changes nothing (and locks nothing)."""
    with uow:
        closure = open_closure(uow, ref.terminal.id, for_update=False)
    layout = closure_layout(closure, ref.store, z=False, width=width, terminal=ref.terminal.code)
    effects = Effects()
    effects.run(printer, lambda p: p.print_layout(layout))
    return Report(closure, tuple(layout), effects.reported)


def close_period(
    uow: UnitOfWork,
    *,
    ref: ReferenceData,
    clock: Clock,
    cashier: Cashier,
    counted_cash: Money,
    float_left: Money | None = None,
    override: Override | None = None,
    printer: ReceiptPrinter | None = None,
    width: int = 42,
) -> Report:
    """The Z: close the open period with the counted cash and open the next one.

    Needs a supervisor. Refused while a sale is open or parked: every sale belongs to
    exactly one period. Closed totals, the new period and ``closure.closed`` commit together.
    ``float_left`` stays in the drawer and opens the next period (all the counted cash
    when not given, see ``Closure.close``); the rest is taken out.
    """
    with uow:
        approved_by = authorize(
            uow,
            actor=cashier,
            needed=Role.SUPERVISOR,
            override=override,
            action="Closing the day (Z)",
        )
        active = uow.drafts.active_for(ref.terminal.id)
        if active is not None and active.lines:
            raise StateError("Finish or cancel the open sale before closing the day")
        parked = uow.drafts.suspended_for(ref.terminal.id)
        if parked:
            raise StateError(f"{len(parked)} suspended sale(s) must be finished or cancelled first")
        closure = open_closure(uow, ref.terminal.id)
        at = clock.now()
        closure.close(
            counted_cash=counted_cash,
            at=at,
            business_date=ref.store.business_date(at),
            closed_by=approved_by,
            float_left=float_left,
        )
        uow.closures.save(closure)
        uow.closures.save(closure.successor(at))
        subject = f"{closure.terminal_id}/{closure.number}"
        uow.outbox.add(
            OutboxItem.new(
                CLOSURE_CLOSED,
                subject,
                closure_payload(closure),
                source=EventSource.of(ref.store, ref.terminal),
                occurred_at=at,
                business_date=ref.store.business_date(at),
            )
        )
        uow.commit()
    layout = closure_layout(closure, ref.store, z=True, width=width, terminal=ref.terminal.code)
    effects = Effects()
    effects.run(printer, lambda p: p.print_layout(layout))
    return Report(closure, tuple(layout), effects.reported)
