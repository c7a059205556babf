"""GATE's demo company: the register's demo catalogue, in a company with two stores.

``saleflex-gate --demo`` seeds it for a quick start. It is written once: a hub that
already holds the demo company keeps it as it is (a demo never reseeds or resets what
is there, whatever was changed since), and real companies beside it are not touched.
"""

from __future__ import annotations

from attrs import evolve, frozen

from saleflex_core import demo
from saleflex_core.domain.organisation import Store
from saleflex_core.exceptions import NotFound
from saleflex_core.ports import HubUnitOfWork

SECOND_STORE_ID = "S002"


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


def seed_demo(uow: HubUnitOfWork, company: GateDemo) -> DemoSeeded:
    """Write the demo company, its stores and catalogue in one transaction, unless the
    hub holds the company already (then nothing is written: ``created`` is False)."""
    data = company.data
    with uow:
        try:
            uow.organisation.company(data.company.id)
        except NotFound:
            _write(uow, company)
            uow.commit()
            return DemoSeeded(True, data.company.id, company.stores, len(data.products))
    return DemoSeeded(False, data.company.id, company.stores, len(data.products))


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
    # access: the demo's three terminals (create_terminal, each with its one-time
    # enrolment code) are created here once terminals can be enrolled; DemoSeeded then
    # carries the codes and `saleflex-gate --demo` prints them.
