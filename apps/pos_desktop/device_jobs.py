"""Printer and drawer jobs on a worker thread: the till never waits on a device.

A receipt is printed (and the drawer kicked) after the sale is already stored; a printer
that is off, out of paper or unreachable costs the cashier nothing but a message, and the
receipt can be reprinted. Jobs run one at a time, in the order they were given.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Sequence

import attrs

from saleflex_core.domain.receipt import LayoutLine
from saleflex_core.exceptions import DeviceError
from saleflex_core.logger import get_logger
from saleflex_core.ports import CashDrawer, ReceiptPrinter
from saleflex_core.register import Devices

log = get_logger(__name__)
Job = Callable[[], None]


class DeviceJobs:
    """One worker thread for the printer and the drawer; failures wait for the screen."""

    def __init__(self) -> None:
        self.failures: deque[str] = deque(maxlen=20)
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="device-jobs", daemon=True)
        self._thread.start()

    def wrap(self, devices: Devices) -> Devices:
        """The same devices, with the printer and the drawer working through this queue."""
        printer = None if devices.printer is None else QueuedPrinter(devices.printer, self)
        drawer = None if devices.drawer is None else QueuedDrawer(devices.drawer, self)
        return attrs.evolve(devices, printer=printer, drawer=drawer)

    def submit(self, job: Job) -> None:
        self._jobs.put(job)

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until every job given so far is done (tests, shutdown); False on timeout."""
        done = threading.Event()
        self._jobs.put(done.set)
        return done.wait(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        self.wait(timeout)
        self._jobs.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job()
            except DeviceError as exc:
                log.warning("Device job failed: %s", exc.message)
                self.failures.append(exc.message)
            except Exception:
                log.exception("Device job failed unexpectedly")
                self.failures.append("A device failed unexpectedly: see the log")


@attrs.frozen
class QueuedPrinter:
    printer: ReceiptPrinter
    jobs: DeviceJobs

    def print_layout(self, lines: Sequence[LayoutLine]) -> None:
        job = list(lines)
        self.jobs.submit(lambda: self.printer.print_layout(job))


@attrs.frozen
class QueuedDrawer:
    drawer: CashDrawer
    jobs: DeviceJobs

    def open(self) -> None:
        self.jobs.submit(self.drawer.open)
