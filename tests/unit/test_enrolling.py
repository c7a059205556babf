"""Enrolling a register at its upstream (use_cases/enrolling.py) on the memory adapters:
upstream's identity is taken on, numbering continues after upstream's counters, and a
register with books of its own is refused before the code is spent, changing nothing."""

from __future__ import annotations

import attrs
import pytest

from adapters.memory import MemoryEnroller, MemoryUnitOfWork, SequentialIds, SteppingClock
from saleflex_core import Devices, Register, demo
from saleflex_core.domain.enrolment import Enrolment, continuation
from saleflex_core.domain.ingest import TerminalCounters
from saleflex_core.exceptions import EnrolmentRefused, StateError, SyncError, ValidationError
from saleflex_core.use_cases.enrolling import company_of_code, enrol_terminal
from tests.conftest import COLA, demo_data

CODE = f"{demo.COMPANY_ID}.K7QF-M2XD-9HTP-3WRA"
FRESH = TerminalCounters(0, 0, None)


def enrolment(counters: TerminalCounters = FRESH) -> Enrolment:
    data = demo_data()
    return Enrolment(
        company_id=data.company.id,
        company_name=data.company.name,
        store=data.store,
        terminal=data.terminal,
        api_key="sfk.ACME.secret",
        api_key_id="key-1",
        counters=counters,
    )


def enrolled(uow: MemoryUnitOfWork, counters: TerminalCounters = FRESH) -> Enrolment:
    enroller = MemoryEnroller()
    enroller.issue(CODE, enrolment(counters))
    return enrol_terminal(uow, enroller=enroller, code=CODE, clock=SteppingClock())


def with_master_data(uow: MemoryUnitOfWork) -> Register:
    """The catalogue a first pull would bring, then the register on it, a cashier in."""
    demo.install(uow, demo_data())
    register = Register(
        uow,
        terminal_id=demo.TERMINAL_ID,
        clock=SteppingClock(),
        ids=SequentialIds(),
        devices=Devices(),
    )
    register.sign_in("1", "1234")
    return register


def sell_one(register: Register) -> tuple[int, int, int]:
    """(closure, receipt, event sequence) of one sale completed now."""
    register.scan(COLA)
    register.tender("CASH", "5.00")
    sale = register.complete()
    with register.uow as uow:
        event = uow.outbox.pending(demo.TERMINAL_ID, 1000)[-1]
    return sale.closure_number, sale.receipt_number, event.sequence


def test_a_new_register_takes_on_upstreams_identity_and_starts_at_one() -> None:
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    done = enrolled(uow)
    with uow:
        assert uow.organisation.company(demo.COMPANY_ID).name == "ACME Retail"
        assert uow.organisation.store(demo.STORE_ID) == done.store
        assert uow.organisation.terminal(demo.TERMINAL_ID) == done.terminal
    assert sell_one(with_master_data(uow)) == (1, 1, 1)


def test_a_replaced_terminal_continues_the_open_period_after_upstreams_last_receipt() -> None:
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    enrolled(uow, TerminalCounters(1532, 6, (7, 41)))
    assert sell_one(with_master_data(uow)) == (7, 42, 1533)


def test_a_replaced_terminal_whose_last_period_was_closed_opens_the_next() -> None:
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    enrolled(uow, TerminalCounters(90, 6, (6, 10)))
    assert sell_one(with_master_data(uow)) == (7, 1, 91)


@pytest.mark.parametrize(
    ("counters", "expected"),
    [
        (FRESH, (1, 1)),
        (TerminalCounters(5, 0, (1, 4)), (1, 5)),
        (TerminalCounters(5, 2, None), (3, 1)),
        (TerminalCounters(5, 2, (2, 9)), (3, 1)),
        (TerminalCounters(5, 2, (3, 1)), (3, 2)),
    ],
)
def test_the_period_continues_where_upstreams_counters_say(
    counters: TerminalCounters, expected: tuple[int, int]
) -> None:
    goes_on = continuation(counters)
    assert (goes_on.closure_number, goes_on.next_receipt) == expected


def refused(uow: MemoryUnitOfWork, match: str) -> None:
    """Enrolment as another terminal is refused with ``match``, before upstream is asked,
    and the register keeps its identity."""
    enroller = MemoryEnroller()
    other = attrs.evolve(demo_data().terminal, id="T-NEW")
    enroller.issue(CODE, attrs.evolve(enrolment(), terminal=other))
    with pytest.raises(StateError, match=match):
        enrol_terminal(uow, enroller=enroller, code=CODE, clock=SteppingClock())
    assert enroller.asked == 0 and CODE in enroller.codes  # the code is not spent
    with uow:
        assert [t.id for t in uow.organisation.terminals()] == [demo.TERMINAL_ID]


def test_a_register_with_receipts_is_refused_before_the_code_is_spent() -> None:
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    sell_one(with_master_data(uow))
    refused(uow, "holds numbered receipts")
    with uow:
        assert uow.closures.current(demo.TERMINAL_ID).next_receipt == 2


def test_a_register_with_a_sale_in_progress_is_refused() -> None:
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    register = with_master_data(uow)
    register.scan(COLA)
    register.suspend()
    refused(uow, "a sale in progress")


def test_a_register_with_a_cash_movement_is_refused() -> None:
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    with_master_data(uow).cash_in("50.00", "float")
    refused(uow, "cash movements")


def test_a_register_with_a_closed_period_is_refused() -> None:
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    register = with_master_data(uow)
    register.sign_in("2", "9999")
    register.close_period(counted_cash="0.00")
    refused(uow, "closed periods")


def test_a_refused_code_or_an_unreachable_upstream_writes_nothing() -> None:
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    enroller = MemoryEnroller()
    with pytest.raises(EnrolmentRefused, match="not valid, used or expired"):
        enrol_terminal(uow, enroller=enroller, code=CODE, clock=SteppingClock())
    enroller.issue(CODE, enrolment())
    enroller.online = False
    with pytest.raises(SyncError):
        enrol_terminal(uow, enroller=enroller, code=CODE, clock=SteppingClock())
    with uow:
        assert uow.organisation.terminals() == []
        assert uow.closures.current(demo.TERMINAL_ID) is None


def test_a_code_of_another_company_or_no_code_at_all_is_refused_at_once() -> None:
    uow = MemoryUnitOfWork(company_id="OTHER")
    enroller = MemoryEnroller()
    enroller.issue(CODE, enrolment())
    with pytest.raises(ValidationError, match="for company ACME"):
        enrol_terminal(uow, enroller=enroller, code=CODE, clock=SteppingClock())
    with pytest.raises(EnrolmentRefused, match="not an enrolment code"):
        company_of_code("hello")
    assert enroller.asked == 0


def test_a_register_enrolled_and_unused_may_be_enrolled_again() -> None:
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    enrolled(uow, TerminalCounters(10, 2, None))
    enrolled(uow, TerminalCounters(12, 2, (3, 4)))
    assert sell_one(with_master_data(uow)) == (3, 5, 13)
