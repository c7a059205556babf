"""Enrolment at OFFICE on the memory adapters: OFFICE takes on its store at GATE with an
office's code; a till enrols through OFFICE with its GATE code and gets GATE's answer,
its counters raised to what OFFICE holds unforwarded; anything else is refused."""

from __future__ import annotations

import pytest

from adapters.memory import MemoryEnroller
from saleflex_core.domain.credentials import digest
from saleflex_core.domain.ingest import TerminalCounters
from saleflex_core.domain.money import known_currency
from saleflex_core.domain.organisation import Store, TerminalKind
from saleflex_core.exceptions import PermissionDenied, StateError, SyncError
from saleflex_core.use_cases.office_enrolment import enrol_office, enrol_till
from saleflex_core.use_cases.office_relay import receive
from tests.unit.office_support import OFFICE_ID, STORE, TILL, Office, enrolment, till_sale

CODE = "ACME.TILL-0000-0000-0001"
S2 = Store("S2", "ACME", "Store S2", known_currency("EUR"), timezone="Europe/Vienna")


def _enrol(office: Office, code: str = CODE) -> object:
    return enrol_till(office.uow, enroller=office.enroller, clock=office.clock, code=code)


def test_a_till_enrols_through_office_with_counters_of_both() -> None:
    office = Office()
    office.enroller.issue(CODE, enrolment(TILL, counters=TerminalCounters(2, 0, (1, 2))))
    first = enrol_till(office.uow, enroller=office.enroller, clock=office.clock, code=CODE)
    assert first.terminal.id == TILL and first.store.id == STORE
    assert first.counters == TerminalCounters(2, 0, (1, 2))
    # OFFICE holds three more sales GATE has not had yet; the till loses its disk.
    receive(office.uow, clock=office.clock, caller=office.till, events=[
        till_sale(3), till_sale(4), till_sale(5)])  # fmt: skip
    office.enroller.issue(
        CODE, enrolment(TILL, counters=TerminalCounters(2, 0, (1, 2)), key="sfk.ACME.new-key")
    )
    again = enrol_till(office.uow, enroller=office.enroller, clock=office.clock, code=CODE)
    assert again.counters == TerminalCounters(5, 0, (1, 5))  # never a number used twice
    assert again.api_key.secret == "sfk.ACME.new-key"
    with office.uow as uow:
        keys = uow.terminal_keys.for_terminal(TILL)
    assert [(k.digest, k.revoked_at is None) for k in keys] == [  # the old key revoked
        (digest("sfk.ACME.till-key"), False),
        (digest("sfk.ACME.new-key"), True),
    ]


def test_gate_unreachable_is_a_sync_error_and_changes_nothing() -> None:
    office = Office()
    office.enroller.issue(CODE, enrolment(TILL))
    office.enroller.online = False
    with pytest.raises(SyncError, match="OFFICE cannot reach GATE"):
        _enrol(office)
    with office.uow as uow:
        assert uow.terminal_keys.for_terminal(TILL) == []


@pytest.mark.parametrize(
    ("wrong", "said"),
    [
        (enrolment(TILL, store=S2), "belongs to store S2; this OFFICE serves store S1"),
        (enrolment("office-2", kind=TerminalKind.OFFICE), "an OFFICE's code, not a till's"),
    ],
)
def test_a_code_of_another_store_or_an_office_is_refused(wrong: object, said: str) -> None:
    office = Office()
    office.enroller.issue(CODE, wrong)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied, match=said):
        _enrol(office)
    with office.uow as uow:
        assert [t.id for t in uow.organisation.terminals()] == []


def test_office_enrols_once_for_one_store() -> None:
    office = Office()
    assert (office.link.store_id, office.link.office_id) == (STORE, OFFICE_ID)
    enroller = MemoryEnroller()
    enroller.issue("a", enrolment("office-2", kind=TerminalKind.OFFICE, store=S2))
    with pytest.raises(StateError, match="serves store S1 of ACME, not S2"):
        enrol_office(
            office.unit_of_work, enroller=enroller, code="a", upstream_url="http://g",
            current=office.link,
        )  # fmt: skip
    enroller.issue("b", enrolment(TILL))
    with pytest.raises(PermissionDenied, match="not an OFFICE"):
        enrol_office(
            office.unit_of_work, enroller=enroller, code="b", upstream_url="http://g",
            current=None,
        )  # fmt: skip
