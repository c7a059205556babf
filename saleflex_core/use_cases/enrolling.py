"""Enrolling a terminal at its upstream (GATE or OFFICE) with a one-time code.

The rules:

- Only a register with empty books is enrolled: none of the unit of work's company's
  terminals holds a numbered document, a cash movement, a closed period or a sale in
  progress. A register that has sold keeps its identity (its receipts and events carry
  it): enrolment refuses it with a ``StateError`` before the code is spent, and nothing
  changes.
- The code names its company (``<company>.XXXX-...``): the unit of work must be that
  company's, so everything enrolment writes lands in the company upstream knows.
- Upstream is asked outside any transaction. Then ONE unit of work writes the company,
  the store and the terminal under upstream's ids and opens the terminal's period where
  upstream's counters say (``domain.enrolment.continuation``): after the last closed
  period, or in the period of the last receipt upstream holds, after that receipt; its
  next event is numbered after the last sequence upstream holds. A terminal replaced
  after a disk failure so never reuses a receipt number or an event sequence.
- Cash movement numbers restart at 1 in a continued period: upstream keeps movements by
  their global id and keeps no counter of them.
- The API key is the caller's to keep (beside the database, never in it).
"""

from __future__ import annotations

from attrs import evolve

from saleflex_core.domain.closure import Closure
from saleflex_core.domain.credentials import read_enrolment_code
from saleflex_core.domain.enrolment import Continuation, Enrolment, continuation
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Company, Terminal
from saleflex_core.exceptions import (
    AuthenticationFailed,
    EnrolmentRefused,
    NotFound,
    StateError,
    SyncError,
    ValidationError,
)
from saleflex_core.logger import get_logger
from saleflex_core.ports import Clock, Enroller, UnitOfWork

log = get_logger(__name__)


def company_of_code(code: str) -> str:
    """The company an enrolment code names; EnrolmentRefused when it is no code at all."""
    try:
        return read_enrolment_code(code)[0]
    except AuthenticationFailed as error:
        raise EnrolmentRefused(
            "This is not an enrolment code: it looks like COMPANY.XXXX-XXXX-XXXX-XXXX"
        ) from error


def enrol_terminal(uow: UnitOfWork, *, enroller: Enroller, code: str, clock: Clock) -> Enrolment:
    """Enrol this register with ``code`` and take on the identity upstream answers.

    ``uow`` is the unit of work of the company the code names (``company_of_code``).
    Raises StateError (books not empty; nothing changed, the code not spent),
    EnrolmentRefused (upstream refused the code) or SyncError (upstream unreachable).
    """
    if company_of_code(code) != uow.company_id:
        raise ValidationError(
            f"This enrolment code is for company {company_of_code(code)}, "
            f"not for this database's {uow.company_id}"
        )
    with uow:
        refuse_used_books(uow)
    enrolment = enroller.enrol(code)
    if enrolment.company_id != uow.company_id:
        raise SyncError(f"Upstream answered for company {enrolment.company_id}, not for the code's")
    _take_on(uow, enrolment, clock)
    log.info(
        "Enrolled as terminal %s (%s) of store %s",
        enrolment.terminal.code,
        enrolment.terminal.id,
        enrolment.store.name,
    )
    return enrolment


def _take_on(uow: UnitOfWork, enrolment: Enrolment, clock: Clock) -> None:
    """Write upstream's identity and open the period it continues, in one unit of work."""
    terminal, store = enrolment.terminal, enrolment.store
    goes_on = continuation(enrolment.counters)
    with uow:
        refuse_used_books(uow)  # again, inside the transaction that writes
        uow.organisation.save_company(Company(enrolment.company_id, enrolment.company_name))
        uow.organisation.save_store(store)
        uow.organisation.save_terminal(terminal)
        _open_period(uow, terminal, store.currency.code, goes_on, clock)
        uow.outbox.continue_after(terminal.id, goes_on.last_sequence)
        uow.commit()


def _open_period(
    uow: UnitOfWork, terminal: Terminal, currency: str, goes_on: Continuation, clock: Clock
) -> None:
    current = uow.closures.current(terminal.id)
    if current is not None and current.number != goes_on.closure_number:
        raise StateError(
            f"This register's open period is {current.number}, upstream's is "
            f"{goes_on.closure_number}: enrol it on a new data folder"
        )
    if current is None:
        current = Closure(
            terminal.id, goes_on.closure_number, currency, clock.now(), Money.zero(currency)
        )
    uow.closures.save(evolve(current, next_receipt=goes_on.next_receipt))


def refuse_used_books(uow: UnitOfWork) -> None:
    """StateError when a terminal of the unit of work's company has books of its own
    (inside ``with uow``): a numbered document, a cash movement, a closed period, or a
    sale open or parked."""
    for terminal in uow.organisation.terminals():
        reason = _used(uow, terminal.id)
        if reason is not None:
            raise StateError(
                f"Terminal {terminal.code} holds {reason}: a register that has its own "
                "books is not enrolled again (its receipts and events carry its identity)"
            )


def _used(uow: UnitOfWork, terminal_id: str) -> str | None:
    if uow.documents.last_for(terminal_id) is not None:
        return "numbered receipts"
    if uow.drafts.active_for(terminal_id) is not None or uow.drafts.suspended_for(terminal_id):
        return "a sale in progress"
    current = uow.closures.current(terminal_id)
    if current is None:
        return None
    if current.next_movement > 1:
        return "cash movements"
    if current.number > 1:
        try:
            uow.closures.get(terminal_id, current.number - 1)
        except NotFound:
            return None  # a period continued from upstream's counters: none closed here
        return "closed periods"
    return None
