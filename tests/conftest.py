"""Shared fixtures: a demo store on the in-memory adapters, and a signed-in register."""

from __future__ import annotations

from functools import cache

import pytest

from adapters.memory.devices import MemoryDisplay, MemoryDrawer, MemoryPrinter, MemoryScale
from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from saleflex_core import demo
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases import selling
from saleflex_core.use_cases.auth import Override

pytest_plugins = ["tests.support.pg_fixtures", "tests.support.field_fixtures"]

# Demo barcodes and PLUs (see saleflex_core/demo.py); prices in EUR cents.
BAGUETTE = "5901234100106"  # 1.29, VAT B 10 %, BAK
CROISSANT_PLU = "1003"  # 1.19, VAT B
COLA = "5901234400305"  # 1.19, VAT A 20 %, DRI
WINE = "5901234400602"  # 8.99, VAT A
APPLES_PLU = "3001"  # 2.49 per kg, VAT C 0 %, sold by weight
SUPERVISOR = Override("2", "9999", "customer changed mind")
TERMINAL = demo.TERMINAL_ID  # the demo till's global id (its code is "T01")


def open_empty_sale(register: Register) -> None:
    """Open a sale with no lines (the register itself opens one with its first scan)."""
    assert register.cashier is not None
    register.sale = selling.start_sale(
        register.uow,
        ref=register.ref,
        clock=register.clock,
        ids=register.ids,
        cashier=register.cashier,
    )


@cache
def demo_data() -> demo.DemoData:
    return demo.demo_data(pin_iterations=1000)


@pytest.fixture
def uow() -> MemoryUnitOfWork:
    unit = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(unit, demo_data())
    return unit


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


@pytest.fixture
def ids() -> SequentialIds:
    return SequentialIds("doc")


@pytest.fixture
def devices() -> Devices:
    return Devices(MemoryPrinter(), MemoryDrawer(), MemoryDisplay(), MemoryScale())


@pytest.fixture
def register(
    uow: MemoryUnitOfWork, clock: SteppingClock, ids: SequentialIds, devices: Devices
) -> Register:
    """Terminal T01 open, cashier 1 (Alice, role cashier) signed in."""
    reg = Register(uow, terminal_id=demo.TERMINAL_ID, clock=clock, ids=ids, devices=devices)
    reg.sign_in("1", "1234")
    return reg


@pytest.fixture
def ref(register: Register) -> ReferenceData:
    return register.ref
