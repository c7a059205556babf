"""The sync worker: the register's outbox goes up and master data comes down, beside the till.

One thread per register, with its OWN unit of work (never the till's: a unit of work is
one connection and one transaction, and the till's belongs to the UI thread). It runs a
cycle when

- the till has booked something (``wake``: a sale, a cancellation, a cash movement, a Z):
  the outbox is pushed;
- its timer comes round (``interval`` seconds) or someone asks (``sync_now``): the outbox
  is pushed and master data pulled, which also tells whether the upstream answers;
- the queue's back-off ends (``SyncStatus.next_attempt_at``): the outbox is pushed.

A wake never shortens the back-off: ``push_outbox`` sends nothing before
``next_attempt_at``, however often it is asked. Nothing on the till's side waits for the
worker: ``wake`` only sets a flag. The network is never inside a transaction (the core's
use cases talk to the upstream between their units of work), so on SQLite a sale waits at
most for the worker's few-millisecond write of what the upstream answered.

The pulled snapshot is swapped into the register's ``ReferenceHolder`` page by page: the
next scan sees the new prices, the sale in progress keeps the prices it was scanned at.

Each push and each page pulled is its own transaction in the core, so ``stop`` (join) at
any moment leaves nothing half written: at worst a batch is sent again, and the upstream
answers it as a duplicate. After each cycle the worker reads the outbox's figures and
publishes them as one frozen ``SyncReport`` for the status bar.

Without an upstream (the Standalone profile) the worker only reads the figures: the
outbox accumulates until the register is enrolled.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from attrs import evolve, frozen

from saleflex_core.exceptions import SaleFlexError
from saleflex_core.logger import get_logger
from saleflex_core.ports import Clock, RandomSource, UnitOfWork, Upstream
from saleflex_core.queries.sync import SyncStatus, sync_status
from saleflex_core.register import Register
from saleflex_core.use_cases import sync

log = get_logger(__name__)
INTERVAL_S = 30.0  # the timer: a push and a pull at least this often
BATCH = 100  # events a request
PAGE = 500  # master-data entries a page


@frozen
class SyncReport:
    """What the worker last saw, for the status bar.

    ``connected``: an upstream is configured (False is the Standalone profile).
    ``online``: the upstream answered the last request (None: not asked yet).
    ``status``: the outbox's figures read at ``read_at`` (None before the first read).
    ``error``: the last problem, until the upstream answers again. ``cycles`` counts the
    cycles done, so a reader can tell a new report from an old one.
    """

    connected: bool
    online: bool | None = None
    status: SyncStatus | None = None
    read_at: datetime | None = None
    error: str | None = None
    cycles: int = 0


class SyncWorker:
    """Pushes the register's outbox and pulls its master data on a thread of its own."""

    def __init__(
        self,
        register: Register,
        uow: UnitOfWork,
        *,
        upstream: Upstream | None,
        clock: Clock,
        jitter: RandomSource,
        interval: float = INTERVAL_S,
    ) -> None:
        self.register = register
        self.upstream = upstream
        self.interval = interval
        self._uow = uow
        self._clock = clock
        self._jitter = jitter
        self._state = threading.Condition()
        self._report = SyncReport(connected=upstream is not None)
        self._push = self._pull = True  # the first cycle does both
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)

    # --- what the till calls ---------------------------------------------------------------
    @property
    def report(self) -> SyncReport:
        return self._report

    def start(self) -> SyncWorker:
        self._thread.start()
        return self

    def wake(self) -> None:
        """Something was booked: push the outbox soon (never sooner than the back-off)."""
        with self._state:
            self._push = True
            self._state.notify_all()

    def sync_now(self) -> None:
        """Push and pull now (a supervisor's "sync now", an enrolment just done)."""
        with self._state:
            self._push = self._pull = True
            self._state.notify_all()

    def wait_for(self, done: Callable[[SyncReport], bool], timeout: float = 10.0) -> bool:
        """Block until ``done(report)`` holds (tests, shutdown); False on timeout."""
        with self._state:
            return self._state.wait_for(lambda: done(self._report), timeout)

    def stop(self, timeout: float = 10.0) -> bool:
        """Let the cycle under way finish its request, then end the thread; False when it
        is still waiting on the upstream after ``timeout`` (a daemon: it dies with the
        process, and what it had not yet written is sent again by the next start)."""
        with self._state:
            self._stopping = True
            self._state.notify_all()
        if not self._thread.is_alive():
            return True
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("Sync worker still waiting on the upstream at shutdown")
            return False
        return True

    # --- the thread ------------------------------------------------------------------------
    def _run(self) -> None:
        log.info("Sync worker started (%s)", "upstream" if self.upstream else "standalone")
        next_tick = time.monotonic()
        while True:
            with self._state:
                self._state.wait_for(
                    lambda: self._push or self._pull or self._stopping,
                    max(0.0, min(next_tick - time.monotonic(), self._until_retry())),
                )
                if self._stopping:
                    break
                if time.monotonic() >= next_tick:  # the timer: push and pull
                    self._push = self._pull = True
                push, pull = True, self._pull  # a back-off ending is a push too
                self._push = self._pull = False
            if pull:
                next_tick = time.monotonic() + self.interval
            self._cycle(push=push, pull=pull)
        log.info("Sync worker stopped")

    def _until_retry(self) -> float:
        """Seconds until the queue's back-off ends (the timer's when it does not wait)."""
        status = self._report.status
        if self.upstream is None or status is None or not status.depth:
            return self.interval
        if status.next_attempt_at is None:
            return self.interval
        return max(0.0, (status.next_attempt_at - self._clock.now()).total_seconds())

    def _cycle(self, *, push: bool, pull: bool) -> None:
        """One round: push, pull, then the figures; a failure is logged and reported,
        never the end of the thread."""
        report = self._report
        try:
            if self.upstream is not None:
                if push:
                    report = self._pushed(self.upstream, report)
                if pull and not self._stopping:
                    report = self._pulled(self.upstream, report)
            report = self._read(report)
        except SaleFlexError as exc:
            log.warning("Sync cycle failed: %s", exc.message)
            report = evolve(report, error=exc.message)
        except Exception:
            log.exception("Sync cycle failed unexpectedly")
            report = evolve(report, error="Sync failed unexpectedly: see the log")
        self._publish(evolve(report, cycles=report.cycles + 1))

    def _pushed(self, upstream: Upstream, report: SyncReport) -> SyncReport:
        """Batches until the queue is empty, backs off or the worker stops."""
        while not self._stopping:
            result = sync.push_outbox(
                self._uow,
                ref=self.register.ref,
                upstream=upstream,
                clock=self._clock,
                jitter=self._jitter,
                limit=BATCH,
            )
            if result.error is not None:
                return evolve(report, online=False, error=result.error)
            if not (result.sent or result.parked):  # nothing to send, or backing off
                return report
            report = evolve(report, online=True, error=None)
            if not result.pending:
                return report
        return report

    def _pulled(self, upstream: Upstream, report: SyncReport) -> SyncReport:
        pulled = self.register.pull_master_data(upstream, uow=self._uow, limit=PAGE)
        if pulled.error is not None:
            return evolve(report, online=False, error=pulled.error)
        if pulled.has_more:  # a long catch-up: the next cycle goes on from the cursor
            with self._state:
                self._pull = True
        if pulled.pages:
            log.info("Master data pulled: %d page(s)", pulled.pages)
        return evolve(report, online=True, error=None)

    def _read(self, report: SyncReport) -> SyncReport:
        now = self._clock.now()
        status = sync_status(self._uow, terminal_id=self.register.ref.terminal.id, now=now)
        return evolve(report, status=status, read_at=now)

    def _publish(self, report: SyncReport) -> None:
        with self._state:
            self._report = report
            self._state.notify_all()
