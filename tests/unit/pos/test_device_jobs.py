"""Printer and drawer work off the till's thread: a slow or broken device never holds a sale."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import pytest

from adapters.memory import (
    MemoryDrawer,
    MemoryPrinter,
    MemoryUnitOfWork,
    SequentialIds,
    SteppingClock,
)
from apps.pos_desktop.device_jobs import DeviceJobs
from apps.pos_desktop.presenters import Severity, Till
from saleflex_core import Devices, Register
from saleflex_core.domain.receipt import LayoutLine
from tests.conftest import BAGUETTE, TERMINAL


class HeldPrinter(MemoryPrinter):
    """A printer that does not answer until released."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def print_layout(self, lines: Sequence[LayoutLine]) -> None:
        self.release.wait(10)
        super().print_layout(lines)


@pytest.fixture
def jobs() -> Iterator[DeviceJobs]:
    queue = DeviceJobs()
    yield queue
    queue.stop()


def sell(uow: MemoryUnitOfWork, devices: Devices) -> Register:
    register = Register(uow, terminal_id=TERMINAL, clock=SteppingClock(), ids=SequentialIds("j"),
                        devices=devices)  # fmt: skip
    register.sign_in("1", "1234")
    register.scan(BAGUETTE)
    register.tender("CASH", "5.00")
    register.complete()
    return register


def test_a_printer_that_does_not_answer_does_not_hold_the_sale(
    uow: MemoryUnitOfWork, jobs: DeviceJobs
) -> None:
    printer, drawer = HeldPrinter(), MemoryDrawer()
    register = sell(uow, jobs.wrap(Devices(printer=printer, drawer=drawer)))
    assert register.sale is None and printer.jobs == [] and drawer.opened == 0
    with uow:
        assert uow.documents.last_for(TERMINAL) is not None  # stored while the printer hangs
    printer.release.set()
    assert jobs.wait()
    assert len(printer.jobs) == 1 and drawer.opened == 1


def test_a_failed_receipt_is_reported_for_the_screen(
    uow: MemoryUnitOfWork, jobs: DeviceJobs
) -> None:
    printer = MemoryPrinter()
    printer.fault = "paper out"
    register = sell(uow, jobs.wrap(Devices(printer=printer)))
    assert jobs.wait()
    assert list(jobs.failures) == ["Printer: paper out"]
    till = Till(register)
    till.device_failed(jobs.failures.popleft())
    assert till.message is not None and till.message.severity is Severity.WARNING
    assert "The sale is saved" in till.message.text
