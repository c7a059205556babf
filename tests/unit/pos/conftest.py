"""A Till on the in-memory adapters: the register's screens without a window."""

from __future__ import annotations

import pytest

from adapters.memory.devices import MemoryPrinter
from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from apps.pos_desktop.presenters import Screen, Till
from saleflex_core import demo
from saleflex_core.register import Devices, Register

from .keys import MakeTill


@pytest.fixture
def make_till(
    uow: MemoryUnitOfWork, clock: SteppingClock, ids: SequentialIds, devices: Devices
) -> MakeTill:
    """A new Register and Till on the shared store (a second call is a restart)."""

    def make(*, printer_status: MemoryPrinter | None = None) -> Till:
        register = Register(
            uow, terminal_id=demo.TERMINAL_ID, clock=clock, ids=ids, devices=devices
        )
        return Till(register, printer_status=printer_status)

    return make


@pytest.fixture
def printer(devices: Devices) -> MemoryPrinter:
    assert isinstance(devices.printer, MemoryPrinter)
    return devices.printer


@pytest.fixture
def till(make_till: MakeTill) -> Till:
    """Signed in as cashier 1 (Alice), on the empty sale screen."""
    till = make_till()
    till.pin_pad.sign_in("1", "1234")
    assert till.screen is Screen.SALE
    return till
