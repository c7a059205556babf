"""GATE's demo company: the register's demo catalogue, in a company with two stores.

``saleflex-gate --demo`` seeds it for a quick start. It is written once: a hub that
already holds the demo company keeps it as it is (a demo never reseeds or resets what
is there, whatever was changed since), and real companies beside it are not touched.
"""

from __future__ import annotations

from attrs import evolve, frozen

from saleflex_core import demo
from saleflex_core.domain.access import GateRole
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Store, Terminal
from saleflex_core.exceptions import NotFound
from saleflex_core.ports import Clock, IdGenerator
from saleflex_core.ports.hub import HubUnitOfWork, PasswordHasher, SecretSource
from saleflex_core.use_cases.gate_people import NewUser, add_new_user
from saleflex_core.use_cases.gate_terminals import issue_enrolment_code

SECOND_STORE_ID = "S002"
ADMIN_USERNAME = "admin@acme"
DEMO_TERMINALS = (  # store, code, name; the first is the register demo's own till
    (demo.STORE_ID, demo.TERMINAL_CODE, "Till 1"),
    (demo.STORE_ID, "T02", "Till 2"),
    (SECOND_STORE_ID, "T01", "Station till"),
)


@frozen
class DemoPorts:
    """What seeding needs beyond the unit of work: the admin's password is hashed and
    the enrolment codes drawn as for any company."""

    clock: Clock
    ids: IdGenerator
    secrets: SecretSource
    passwords: PasswordHasher


@frozen
class DemoTerminal:
    store_id: str
    code: str
    terminal_id: str
    enrolment_code: str


@frozen
class GateDemo:
    """The master data of the demo company; ``stores`` are its two shops."""

    data: demo.DemoData
    stores: tuple[Store, ...]


@frozen
class DemoSeeded:
    """What ``seed_demo`` found or wrote: ``created`` is False when it was already there."""

    created: bool
    company_id: str
    stores: tuple[Store, ...]
    products: int
    terminals: tuple[DemoTerminal, ...] = ()  # with their one-time codes, when created
    admin: tuple[str, str] | None = None  # (username, password), shown this once


def gate_demo(data: demo.DemoData | None = None) -> GateDemo:
    """The demo company: the register's demo data plus a second store in another city."""
    data = data or demo.demo_data()
    second = evolve(
        data.store,
        id=SECOND_STORE_ID,
        name="SaleFlex Demo Station Shop",
        header=("Platform 1, Central Station", "VAT no. DEMO-123456"),
    )
    return GateDemo(data, (data.store, second))


def seed_demo(uow: HubUnitOfWork, company: GateDemo, ports: DemoPorts) -> DemoSeeded:
    """Write the demo company, its stores, catalogue, three terminals (each with a
    one-time enrolment code) and a company admin with a new password, in one
    transaction, unless the hub holds the company already (then nothing is written:
    ``created`` is False, and no code or password is shown again)."""
    data = company.data
    with uow:
        try:
            uow.organisation.company(data.company.id)
        except NotFound:
            _write(uow, company)
            terminals = _terminals(uow, ports)
            password = ports.secrets.token(12)
            answers = NewUser(ADMIN_USERNAME, "Demo admin", password,
                              frozenset({GateRole.COMPANY_ADMIN}))  # fmt: skip
            add_new_user(uow, ids=ports.ids, passwords=ports.passwords, answers=answers)
            uow.commit()
            return DemoSeeded(True, data.company.id, company.stores, len(data.products),
                              terminals, (ADMIN_USERNAME, password))  # fmt: skip
    return DemoSeeded(False, data.company.id, company.stores, len(data.products))


def _terminals(uow: HubUnitOfWork, ports: DemoPorts) -> tuple[DemoTerminal, ...]:
    made = []
    for store_id, code, name in DEMO_TERMINALS:
        own = demo.TERMINAL_ID if (store_id, code) == DEMO_TERMINALS[0][:2] else None
        terminal = Terminal(own or ports.ids.new_id(), uow.company_id, store_id, code, name,
                            Money(20000, "EUR"))  # fmt: skip
        uow.organisation.save_terminal(terminal)
        issued = issue_enrolment_code(uow, ports.clock, ports.secrets, terminal.id)
        made.append(DemoTerminal(store_id, code, terminal.id, issued.secret))
    return tuple(made)


def _write(uow: HubUnitOfWork, company: GateDemo) -> None:
    data = company.data
    uow.organisation.save_company(data.company)
    for store in company.stores:
        uow.organisation.save_store(store)
    for vat in data.vat_rates:
        uow.catalog.save_vat_rate(vat)
    for department in data.departments:
        uow.catalog.save_department(department)
    for payment_type in data.payment_types:
        uow.catalog.save_payment_type(payment_type)
    uow.catalog.save_products(data.products)
    for person in data.cashiers:
        uow.cashiers.save(person)
    uow.catalog.replace_quick_keys(data.quick_keys)
