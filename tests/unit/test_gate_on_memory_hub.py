"""GATE's use cases on the memory hub: a company set up, a person signed in, a terminal
enrolled, master data changed and pulled, a sale received and read back. Nothing here
touches SQL: the core needs no more of its storage than the hub's ports."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from adapters.memory import MemoryDatabase, MemoryHubUnitOfWork, SequentialIds, SteppingClock
from adapters.passwords import Argon2Passwords
from adapters.system import SystemSecrets
from saleflex_core.domain import access
from saleflex_core.domain.access import Caller, GateRole
from saleflex_core.domain.catalog import Department, Product, VatRate
from saleflex_core.domain.hub_reads import ReadFilter
from saleflex_core.domain.ingest import IncomingEvent
from saleflex_core.domain.master_data import Upserts
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Company, Store
from saleflex_core.domain.people import PLATFORM_COMPANY
from saleflex_core.exceptions import AuthenticationFailed, TooManyAttempts
from saleflex_core.ports.hub import HubUnitOfWork
from saleflex_core.queries.gate_reads import read_page
from saleflex_core.use_cases.gate_access import HubAuthenticator, sign_in, sign_out
from saleflex_core.use_cases.gate_feed import Editor, change_master_data
from saleflex_core.use_cases.gate_ingest import receive_events
from saleflex_core.use_cases.gate_people import NewUser, create_company, set_up_platform
from saleflex_core.use_cases.gate_pull import pull_page
from saleflex_core.use_cases.gate_stores import create_store
from saleflex_core.use_cases.gate_terminals import create_terminal, enrol_terminal
from tests.gate import ingest_support

PASSWORDS = Argon2Passwords(time_cost=1, memory_cost=8192, parallelism=1)
PASSWORD = "correct horse battery"
ACME = "ACME"


class Hub:
    """A memory hub with ACME (store S1, admin ``boss``) and its terminal T01 enrolled."""

    def __init__(self) -> None:
        self.database = MemoryDatabase()
        self.clock = SteppingClock()
        self.ids = SequentialIds("gate")
        self.secrets = SystemSecrets()
        self.auth = HubAuthenticator(self.uow, self.clock)
        root = NewUser("root", "Root", PASSWORD, frozenset({GateRole.PLATFORM_ADMIN}))
        set_up_platform(self.uow, ids=self.ids, passwords=PASSWORDS, admin=root)
        platform = access.person(PLATFORM_COMPANY, "root", frozenset({GateRole.PLATFORM_ADMIN}))
        create_company(
            self.uow,
            **self.ports,
            passwords=PASSWORDS,
            caller=platform,
            company=Company(ACME, "Acme Ltd"),
            admin=NewUser("boss", "Boss", PASSWORD, frozenset()),
        )
        self.boss = self.auth.person(self.sign_in("boss"))
        store = Store("S1", ACME, "Main St", Currency.of("EUR"), timezone="Europe/Berlin")
        create_store(self.uow(ACME), **self.ports, caller=self.boss, store=store)
        self.terminal, code = create_terminal(
            self.uow(ACME), **self.ports, secrets=self.secrets, caller=self.boss,
            store_id="S1", code="T01", name="Till 1",
        )  # fmt: skip
        enrolled = enrol_terminal(self.uow, **self.ports, secrets=self.secrets, code=code.secret)
        self.till = self.auth.terminal(enrolled.api_key.secret)

    @property
    def ports(self) -> dict[str, Any]:
        return {"clock": self.clock, "ids": self.ids}

    def uow(self, company_id: str) -> HubUnitOfWork:
        return MemoryHubUnitOfWork(self.database, company_id=company_id)

    def sign_in(self, username: str, password: str = PASSWORD) -> str:
        done = sign_in(
            self.uow, clock=self.clock, secrets=self.secrets, passwords=PASSWORDS,
            company_id=ACME, username=username, password=password,
        )  # fmt: skip
        return done.token

    def sale(self, seq: int, **options: Any) -> IncomingEvent:
        envelope = ingest_support.sale(seq, **options) | {
            "company_id": ACME,
            "store_id": "S1",
            "terminal_id": self.terminal.id,
        }
        canonical = json.dumps(envelope, sort_keys=True)
        return IncomingEvent(envelope, hashlib.sha256(canonical.encode()).hexdigest(), canonical)


@pytest.fixture(scope="module")
def hub() -> Hub:
    return Hub()


def test_a_person_signs_in_and_out_and_a_terminal_is_known_by_its_key(hub: Hub) -> None:
    token = hub.sign_in("boss")
    caller: Caller = hub.auth.person(token)
    assert (caller.company_id, caller.roles) == (ACME, frozenset({GateRole.COMPANY_ADMIN}))
    sign_out(hub.uow, caller=caller, token=token)
    with pytest.raises(AuthenticationFailed):
        hub.auth.person(token)
    assert (hub.till.terminal_id, hub.till.store_id) == (hub.terminal.id, "S1")


def test_failed_sign_ins_lock_the_username_in_the_hubs_storage(hub: Hub) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            hub.sign_in("boss", "wrong password!")
    with pytest.raises(TooManyAttempts):
        hub.sign_in("boss")
    hub.clock.advance(timedelta(minutes=16))
    assert hub.sign_in("boss").startswith("sft.ACME.")


def test_a_master_data_change_is_fed_audited_and_pulled_by_the_terminal(hub: Hub) -> None:
    editor = Editor(hub.boss, hub.clock, hub.ids)
    upserts = Upserts(
        vat_rates=(VatRate("A", Decimal(20), "Standard"),),
        departments=(Department("BAK", "Bakery", "A"),),
        products=(Product("p1", "1001", "Bread", "BAK", "A", Money(129, "EUR")),),
    )
    changed = change_master_data(hub.uow(ACME), editor=editor, upserts=upserts)
    assert changed.position == 3
    page = pull_page(hub.uow(ACME), caller=hub.till, since=None, limit=100)
    assert page["next_cursor"] == "3" and page["has_more"] is False
    assert [p["name"] for p in page["upserts"]["products"]] == ["Bread"]
    again = pull_page(hub.uow(ACME), caller=hub.till, since="3", limit=100)
    assert again["upserts"]["products"] == [] and again["next_cursor"] == "3"
    with hub.uow(ACME) as uow:
        entities = [record.entity for _, record in uow.audit_log.page(0, 100)]
    assert {"vat_rate", "department", "product"} <= set(entities)


def test_a_sale_is_received_once_and_read_back(hub: Hub) -> None:
    sale = hub.sale(1, lines=3)
    answers = receive_events(hub.uow(ACME), clock=hub.clock, caller=hub.till, events=[sale])
    assert [a.outcome.value for a in answers] == ["accepted"]
    again = receive_events(hub.uow(ACME), clock=hub.clock, caller=hub.till, events=[sale])
    assert [a.outcome.value for a in again] == ["duplicate"]
    other = hub.sale(1, lines=2)  # the same id, another payload
    assert receive_events(hub.uow(ACME), clock=hub.clock, caller=hub.till, events=[other])[0].reason
    sales = read_page(hub.uow(ACME), what="sales", where=ReadFilter(), after=None, limit=10)
    assert [s["id"] for s in sales.items] == [sale.event_id]
    levels = read_page(hub.uow(ACME), what="stock_levels", where=ReadFilter(), after=None, limit=10)
    assert [lvl["quantity"] for lvl in levels.items] == ["-1", "-1", "-1"]
    days = read_page(hub.uow(ACME), what="daily_totals", where=ReadFilter(), after=None, limit=10)
    assert days.items[0]["sales_total"] == {"minor": 300, "currency": "EUR"}
    with hub.uow(ACME) as uow:
        assert uow.received.counters(hub.terminal.id).last_receipt == (1, 1)
