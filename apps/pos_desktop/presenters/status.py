"""The status bar: terminal, cashier, closure, printer and upstream, kept up to date.

The upstream part comes from the sync worker's last report (``presenters.upstream``);
each booking wakes the worker, so the outbox goes up without the cashier waiting for it.
The till reads the outbox's figures itself after each booking (and a supervisor's retry),
and shows whichever read is newer: the new event shows at once, then leaves the queue
when the worker reports it sent.
"""

from __future__ import annotations

from datetime import datetime

from attrs import evolve

from apps.pos_desktop.presenters.desk import Desk
from apps.pos_desktop.presenters.errors import warning
from apps.pos_desktop.presenters.upstream import SyncFeed, UpstreamView, upstream_view
from apps.pos_desktop.presenters.view_models import StatusBar
from saleflex_core.exceptions import DeviceError, SaleFlexError
from saleflex_core.logger import get_logger
from saleflex_core.ports import Clock, PrinterStatusQuery
from saleflex_core.queries.sync import SyncStatus, sync_status

log = get_logger(__name__)


class StatusController:
    """What the status bar shows; the counters are re-read after each booking."""

    def __init__(
        self,
        desk: Desk,
        printer_status: PrinterStatusQuery | None,
        *,
        sync: SyncFeed | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.desk = desk
        self.sync = sync  # None: nothing reports on the upstream (no worker runs)
        self._clock = clock or desk.register.clock  # the age of the oldest waiting event
        self._printer_status = printer_status
        self._printer = "no status" if printer_status is None else "not checked"
        if desk.register.devices.printer is None:
            self._printer = "no printer"
        self._own: tuple[SyncStatus, datetime] | None = None  # the till's read, and when
        self.closure_no, self.outbox_depth = self._read_counters()

    def status_bar(self) -> StatusBar:
        register = self.desk.register
        terminal = register.ref.terminal
        cashier = register.cashier
        upstream = self.upstream()
        return StatusBar(
            terminal=f"{terminal.code} {terminal.name}",
            cashier="signed out" if cashier is None else f"{cashier.name} ({cashier.id})",
            closure_no="-" if self.closure_no is None else f"{self.closure_no:04d}",
            printer=self._printer,
            upstream=upstream.text,
            outbox_depth=str(upstream.depth),
            oldest=upstream.oldest,
            refused=str(upstream.refused),
        )

    def upstream(self) -> UpstreamView:
        """The upstream and the outbox in words, from the worker's last report."""
        report = None if self.sync is None else self.sync.report
        if report is not None and self._own is not None:
            own, read_at = self._own
            if report.read_at is None or report.read_at < read_at:  # the till's is newer
                report = evolve(report, status=own, read_at=read_at)
        if report is None or report.status is None:  # nothing to age: no clock reading
            return upstream_view(report, self.outbox_depth)
        return upstream_view(report, self.outbox_depth, self._clock.now())

    def refresh(self) -> None:
        """Ask the printer how it is and re-read the counters (on a timer, not per key)."""
        self.refresh_counters()
        self.show_printer(self.read_printer())

    def refresh_counters(self) -> None:
        """Re-read the closure number and the outbox depth. They are only shown, so a failed
        read is logged and the old values stay, after an operation that already succeeded."""
        try:
            self.closure_no, self.outbox_depth = self._read_counters()
            if self.sync is not None:
                now = self._clock.now()
                terminal_id = self.desk.register.ref.terminal.id
                self._own = (
                    sync_status(self.desk.register.uow, terminal_id=terminal_id, now=now),
                    now,
                )
        except SaleFlexError as exc:
            log.warning("Status bar counters not refreshed: %s", exc.message)

    def read_printer(self) -> str | None:
        """The printer's state in words, None without a status query. It may wait on the
        device: a window calls it off its UI thread and hands the answer to show_printer."""
        if self._printer_status is None:
            return None
        try:
            status = self._printer_status.status()
        except DeviceError as exc:
            return exc.message
        return "no status" if status is None else status.problem or "ready"

    def show_printer(self, state: str | None) -> None:
        if state is not None:
            self._printer = state

    def after_devices(self, errors: tuple[str, ...]) -> None:
        """Printer faults reported after a commit show until it prints again."""
        if self.desk.register.devices.printer is None:
            return
        faults = [e for e in errors if e.startswith("Printer")]
        self._printer = "; ".join(faults) if faults else "ready"

    def after_booking(self, errors: tuple[str, ...]) -> None:
        """After a sale, a cash movement or a Z: devices, the counters, and the sync worker
        is woken to send the new event (the cashier does not wait for it)."""
        self.after_devices(errors)
        self.refresh_counters()
        if self.sync is not None:
            self.sync.wake()

    def device_failed(self, problem: str) -> None:
        """A receipt or drawer job failed after the sale was stored: say so, keep the sale."""
        self.desk.message = warning(f"{problem}. The sale is saved: reprint it from Reports (F11).")

    def _read_outbox(self) -> tuple[SyncStatus, datetime]:
        """The outbox's figures as the till reads them now (the worker reads its own)."""
        now = self._clock.now()
        register = self.desk.register
        return sync_status(register.uow, terminal_id=register.ref.terminal.id, now=now), now

    def _read_counters(self) -> tuple[int | None, int]:
        status = self.desk.register.status()
        return status.closure_number, status.outbox_depth
