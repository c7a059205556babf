"""The customer display is written off the till's thread: a display that hangs never
holds a key press, and once it answers again it shows the newest picture."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.memory import MemoryPrinter, MemoryUnitOfWork, SequentialIds, SteppingClock
from adapters.serial import SerialDisplay
from apps.pos_desktop.bootstrap import RunningTill
from apps.pos_desktop.device_jobs import DeviceJobs
from apps.pos_desktop.settings import PosSettings
from saleflex_core import Devices, Register, demo
from saleflex_core.exceptions import DeviceError
from tests.conftest import BAGUETTE, COLA
from tests.integration.test_serial_devices import TOP, FakeVfd

# Without the worker the first scan would wait out the display's 60 s write timeout.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(20)]

LOOP_BUFFER = 4096  # bytes pyserial's loop:// holds before a write blocks


@pytest.fixture
def jobs() -> Iterator[DeviceJobs]:
    queue = DeviceJobs()
    yield queue
    queue.stop()


@pytest.fixture
def stuck() -> Iterator[SerialDisplay]:
    """A display on loop:// whose buffer is full: every write blocks until it is read."""
    display = SerialDisplay("loop://", baudrate=115200, timeout=60)
    port = display.link.port  # opened and greeted
    display.link.write(b" " * (LOOP_BUFFER - port.in_waiting))
    yield display
    display.close()


def test_a_display_that_hangs_never_holds_the_till(
    uow: MemoryUnitOfWork, jobs: DeviceJobs, stuck: SerialDisplay
) -> None:
    devices = jobs.wrap(Devices(printer=MemoryPrinter(), display=stuck))
    clock, ids = SteppingClock(), SequentialIds("d")
    register = Register(uow, terminal_id=demo.TERMINAL_ID, clock=clock, ids=ids, devices=devices)
    register.sign_in("1", "1234")

    register.scan(BAGUETTE)
    register.scan(COLA)
    register.tender("CASH", "5.00")
    done = register.complete()

    assert done.device_errors == ()  # nothing waited, nothing failed
    port = stuck.link.port
    assert port.in_waiting == LOOP_BUFFER  # not one byte of a picture got through yet
    port.read(LOOP_BUFFER)  # the display takes data again
    assert jobs.wait()
    vfd = FakeVfd()
    vfd.feed(port.read(port.in_waiting))
    assert vfd.screen[0].strip() == "THANK YOU"  # the newest picture


def test_pictures_given_while_the_display_is_busy_replace_one_another(
    jobs: DeviceJobs, stuck: SerialDisplay
) -> None:
    display = jobs.wrap(Devices(display=stuck)).display
    assert display is not None
    for n in range(1, 6):  # the worker takes one of them and blocks on it
        display.show(f"picture {n}", str(n))

    port = stuck.link.port
    port.read(LOOP_BUFFER)
    assert jobs.wait()
    sent = port.read(port.in_waiting)

    pictures = [row for row in sent.split(TOP) if row]
    assert 1 <= len(pictures) <= 2  # the one it was writing, then only the newest
    vfd = FakeVfd()
    vfd.feed(sent)
    assert vfd.screen == ("picture 5".ljust(20), "5".rjust(20))


class FlakyDisplay:
    """A display that fails while ``broken`` is set, as an unplugged one does."""

    def __init__(self) -> None:
        self.broken = True
        self.shown: list[tuple[str, str]] = []

    def show(self, top: str, bottom: str) -> None:
        if self.broken:
            raise DeviceError("Customer display: cannot write to /dev/ttyUSB0")
        self.shown.append((top, bottom))


def test_a_broken_display_is_logged_once_per_outage_and_not_on_the_till(
    jobs: DeviceJobs, caplog: pytest.LogCaptureFixture
) -> None:
    flaky = FlakyDisplay()
    display = jobs.wrap(Devices(display=flaky)).display
    assert display is not None
    with caplog.at_level(logging.INFO, logger="saleflex"):
        for n in range(3):
            display.show("item", str(n))
            assert jobs.wait()
        flaky.broken = False
        display.show("back", "1")
        assert jobs.wait()

    assert list(jobs.failures) == []  # not a receipt problem for the cashier's screen
    messages = [record.getMessage() for record in caplog.records]
    assert [m for m in messages if "failed" in m] == [
        "Customer display failed: Customer display: cannot write to /dev/ttyUSB0"
    ]
    assert "Customer display works again" in messages
    assert flaky.shown == [("back", "1")]


class Engine:
    disposed = False

    def dispose(self) -> None:
        self.disposed = True


def test_closing_the_till_closes_the_display_port_behind_its_thread(
    uow: MemoryUnitOfWork, tmp_path: Path
) -> None:
    display = SerialDisplay("loop://")
    jobs = DeviceJobs()
    devices = jobs.wrap(Devices(display=display))
    clock, ids = SteppingClock(), SequentialIds("c")
    register = Register(uow, terminal_id=demo.TERMINAL_ID, clock=clock, ids=ids, devices=devices)
    register.sign_in("1", "1234")
    register.scan(BAGUETTE)
    assert jobs.wait() and display.link.is_open
    settings = PosSettings(tmp_path, tmp_path / "pos.toml", "sqlite://", tmp_path / "logs")

    RunningTill(register, Engine(), None, devices, settings, jobs=jobs).close()

    assert not display.link.is_open
