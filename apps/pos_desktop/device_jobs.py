"""Device work on worker threads: the till never waits on a device.

A receipt is printed (and the drawer kicked) after the sale is already stored; a printer
that is off, out of paper or unreachable costs the cashier nothing but a message, and the
receipt can be reprinted. Those jobs run one at a time, in the order they were given.

The customer display has a thread of its own, so a display that hangs holds neither a key
press nor a receipt. Only its newest picture matters: pictures given while it is busy
replace one another, and the newest is shown once it answers again. A display fault is
logged once per outage and not put on the cashier's screen, as the display was before.
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
from saleflex_core.ports import CashDrawer, CustomerDisplay, ReceiptPrinter
from saleflex_core.register import Devices

log = get_logger(__name__)
Job = Callable[[], None]


class DeviceJobs:
    """One worker thread for the printer and the drawer; failures wait for the screen."""

    def __init__(self) -> None:
        self.failures: deque[str] = deque(maxlen=20)
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._displays: list[QueuedDisplay] = []
        self._thread = threading.Thread(target=self._run, name="device-jobs", daemon=True)
        self._thread.start()

    def wrap(self, devices: Devices) -> Devices:
        """The same devices, with the printer and the drawer working through this queue
        and the customer display through its own thread."""
        printer = None if devices.printer is None else QueuedPrinter(devices.printer, self)
        drawer = None if devices.drawer is None else QueuedDrawer(devices.drawer, self)
        display = None
        if devices.display is not None:
            display = QueuedDisplay(devices.display)
            self._displays.append(display)
        return attrs.evolve(devices, printer=printer, drawer=drawer, display=display)

    def submit(self, job: Job) -> None:
        self._jobs.put(job)

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until every job and picture given so far is done (tests, shutdown); False
        on timeout."""
        return self._jobs_done(timeout) and all(d.wait(timeout) for d in self._displays)

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the receipts given so far; a display still busy is left behind (its
        thread is a daemon, and closing its port ends a hung write)."""
        self._jobs_done(timeout)
        self._jobs.put(None)
        self._thread.join(timeout)
        for display in self._displays:
            display.stop()

    def _jobs_done(self, timeout: float) -> bool:
        """Block until the printer and drawer jobs given so far are done."""
        done = threading.Event()
        self._jobs.put(done.set)
        return done.wait(timeout)

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


class QueuedDisplay:
    """A ``CustomerDisplay`` on a thread of its own that keeps only the newest picture."""

    def __init__(self, display: CustomerDisplay) -> None:
        self.display = display
        self._state = threading.Condition()
        self._next: tuple[str, str] | None = None
        self._busy = self._stopping = self._failing = False
        self._thread = threading.Thread(target=self._run, name="customer-display", daemon=True)
        self._thread.start()

    def show(self, top: str, bottom: str) -> None:
        with self._state:
            self._next = (top, bottom)  # a picture not yet shown is stale now
            self._state.notify_all()

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until the newest picture is on the display; False on timeout."""
        with self._state:
            return self._state.wait_for(lambda: self._next is None and not self._busy, timeout)

    def stop(self, timeout: float = 1.0) -> None:
        with self._state:
            self._stopping = True
            self._state.notify_all()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._state:
                self._state.wait_for(lambda: self._next is not None or self._stopping)
                if self._stopping:
                    return
                assert self._next is not None
                picture, self._next, self._busy = self._next, None, True
            self._show(*picture)
            with self._state:
                self._busy = False
                self._state.notify_all()

    def _show(self, top: str, bottom: str) -> None:
        try:
            self.display.show(top, bottom)
        except DeviceError as exc:
            if not self._failing:  # once per outage: a broken display would flood the log
                log.warning("Customer display failed: %s", exc.message)
            self._failing = True
            return
        except Exception:
            log.exception("Customer display failed unexpectedly")
            return
        if self._failing:
            log.info("Customer display works again")
            self._failing = False
