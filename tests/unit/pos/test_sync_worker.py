"""The sync worker beside a till, on the in-memory adapters: its own thread and unit of
work, woken by each booking and by its timer, respecting the queue's back-off, swapping
pulled master data in while a sale keeps its prices, and stopping cleanly.

No sleeps: every wait is on the worker's own condition (``wait_for``), with a timeout
only as a safety net.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta

import attrs
import pytest

from adapters.memory import MemoryUpstream, SteppingClock
from adapters.memory.storage import MemoryUnitOfWork
from apps.pos_desktop.presenters import Till
from apps.pos_desktop.sync_worker import SyncReport, SyncWorker
from saleflex_core.domain.delivery import DeliveryResult
from saleflex_core.domain.events import OutboxItem, OutboxStatus
from saleflex_core.domain.money import Money
from saleflex_core.register import Register
from tests.conftest import BAGUETTE, COLA

from .keys import MakeTill, scan

MakeWorker = Callable[..., SyncWorker]


class Half:
    """The back-off's jitter, fixed: half of the ceiling (1 s after the first failure)."""

    def random(self) -> float:
        return 0.5


class HeldUpstream(MemoryUpstream):
    """A receiver whose answer is held until the test lets it go (a slow network)."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Event()
        self.release = threading.Event()

    def deliver(self, items: Sequence[OutboxItem]) -> list[DeliveryResult]:
        self.arrived.set()
        assert self.release.wait(10), "the test never let the delivery go"
        return super().deliver(items)


@pytest.fixture
def clock() -> SteppingClock:
    """The register's clock and the worker's: still unless a test moves it."""
    return SteppingClock(step=timedelta(0))


@pytest.fixture
def sync_clock(clock: SteppingClock) -> SteppingClock:
    return clock


@pytest.fixture
def make_worker(uow: MemoryUnitOfWork, sync_clock: SteppingClock) -> Iterator[MakeWorker]:
    workers: list[SyncWorker] = []

    def make(
        register: Register, upstream: MemoryUpstream | None, interval: float = 600.0
    ) -> SyncWorker:
        own = MemoryUnitOfWork(uow.database, company_id=uow.company_id)  # never the till's
        worker = SyncWorker(
            register, own, upstream=upstream, clock=sync_clock, jitter=Half(), interval=interval
        )
        workers.append(worker.start())
        return worker

    yield make
    for worker in workers:
        assert worker.stop(), "the worker's thread did not end"


def synced_till(make_till: MakeTill, worker_for: Callable[[Register], SyncWorker]) -> Till:
    """A signed-in till whose status bar reads ``worker_for(register)``'s reports."""
    first = make_till()
    worker = worker_for(first.register)
    till = Till(first.register, sync=worker, clock=worker._clock)
    till.pin_pad.sign_in("1", "1234")
    assert worker.wait_for(lambda r: r.cycles >= 1)  # the first cycle at start
    return till


def feed(till: Till) -> SyncWorker:
    worker = till.status.sync
    assert isinstance(worker, SyncWorker)
    return worker


def after(till: Till, done: Callable[[SyncReport], bool]) -> SyncReport:
    """Wait for a report newer than the current one that satisfies ``done``."""
    worker = feed(till)
    before = worker.report.cycles
    assert worker.wait_for(lambda r: r.cycles > before and done(r)), worker.report
    return worker.report


def depth(report: SyncReport) -> int:
    assert report.status is not None
    return report.status.depth


def sell_baguette(till: Till) -> None:
    scan(till, BAGUETTE)
    till.payment.tender("CASH")
    assert till.register.sale is None


def test_a_completed_sale_wakes_the_worker_and_goes_up(
    make_till: MakeTill, make_worker: MakeWorker
) -> None:
    upstream = MemoryUpstream()
    till = synced_till(make_till, lambda register: make_worker(register, upstream))
    assert till.status_bar().upstream == "online: 0 waiting"  # the first pull answered

    sell_baguette(till)
    report = after(till, lambda r: depth(r) == 0)

    assert len(upstream.applied) == 1
    assert (report.online, report.error) == (True, None)
    assert till.status_bar().upstream == "online: 0 waiting"


def test_a_new_event_shows_at_once_and_leaves_the_queue_when_the_worker_sent_it(
    make_till: MakeTill, make_worker: MakeWorker, clock: SteppingClock
) -> None:
    upstream = HeldUpstream()
    till = synced_till(make_till, lambda register: make_worker(register, upstream))
    clock.advance(timedelta(seconds=1))  # the till's read is newer than the worker's

    sell_baguette(till)  # the worker is held on the network meanwhile
    assert upstream.arrived.wait(10)
    assert till.status_bar().upstream == "online: 1 waiting, oldest 0 s"
    upstream.release.set()
    after(till, lambda r: depth(r) == 0)
    assert till.status_bar().upstream == "online: 0 waiting"


def test_offline_the_queue_waits_for_its_back_off_however_often_it_is_woken(
    make_till: MakeTill, make_worker: MakeWorker, sync_clock: SteppingClock
) -> None:
    upstream = MemoryUpstream()
    upstream.online = False
    till = synced_till(make_till, lambda register: make_worker(register, upstream))

    sell_baguette(till)
    after(till, lambda r: depth(r) == 1 and r.status is not None and r.status.next_attempt_at)
    bar = till.status_bar()
    waiting = "waiting, oldest 0 s, next try in 1 s"  # the clock stands still
    assert (bar.upstream, bar.outbox_depth) == (f"offline: 1 {waiting}", "1")

    upstream.online = True  # back, but the queue backs off until its next try
    sell_baguette(till)  # a wake: nothing goes before the back-off ends
    after(till, lambda r: depth(r) == 2)
    assert upstream.deliveries == 0
    assert till.status_bar().upstream == f"offline: 2 {waiting}"

    sync_clock.advance(timedelta(seconds=1))  # the back-off is over
    feed(till).wake()
    report = after(till, lambda r: depth(r) == 0)
    assert upstream.batches == [[1, 2]]  # in sequence order, in one batch
    assert report.online is True


def test_the_timer_pulls_master_data_and_the_sale_in_progress_keeps_its_price(
    make_till: MakeTill, make_worker: MakeWorker
) -> None:
    upstream = MemoryUpstream()
    worker: list[SyncWorker] = []

    def start(register: Register) -> SyncWorker:
        worker.append(make_worker(register, upstream, interval=0.01))
        return worker[0]

    till = synced_till(make_till, start)
    scan(till, BAGUETTE)  # scanned at 1.29
    baguette = till.register.ref.find(BAGUETTE).product
    upstream.master_data.upsert(attrs.evolve(baguette, unit_price=Money(150, "EUR")))

    assert worker[0].wait_for(
        lambda r: till.register.ref.find(BAGUETTE).product.unit_price.minor == 150
    )
    scan(till, BAGUETTE)  # the next scan sells at the new price
    assert [row.price for row in till.sale_view().lines] == ["1.29", "1.50"]


def test_standalone_the_outbox_accumulates_and_the_status_bar_says_so(
    make_till: MakeTill, make_worker: MakeWorker
) -> None:
    till = synced_till(make_till, lambda register: make_worker(register, None))

    sell_baguette(till)
    scan(till, COLA)
    till.payment.tender("CASH")
    report = after(till, lambda r: depth(r) == 2)

    assert (report.connected, report.online) == (False, None)
    bar = till.status_bar()
    assert bar.upstream == "not connected: the outbox keeps 2 events, oldest 0 s"
    assert bar.outbox_depth == "2"
    till.press_key("F11")
    till.press_key("F5")
    till.press_key("F2")  # sync now
    assert till.message is not None
    assert till.message.text == "This register is not connected to OFFICE or GATE"


def test_stop_lets_the_delivery_under_way_finish_and_starts_nothing_after_it(
    make_till: MakeTill, make_worker: MakeWorker, uow: MemoryUnitOfWork
) -> None:
    upstream = HeldUpstream()
    upstream.release.set()  # the first cycle has nothing to send anyway
    till = synced_till(make_till, lambda register: make_worker(register, upstream))
    upstream.release.clear()

    sell_baguette(till)
    assert upstream.arrived.wait(10)  # the worker waits on the network now
    stopping = threading.Thread(target=feed(till).stop)
    stopping.start()
    upstream.release.set()
    stopping.join(10)

    assert not stopping.is_alive()
    assert not feed(till)._thread.is_alive()
    with uow:  # the answer was recorded whole: the event is SENT, nothing waits
        assert uow.outbox.figures(till.register.ref.terminal.id).pending == 0
        assert uow.outbox.get(upstream.applied[0]).status is OutboxStatus.SENT
    sell_baguette(till)
    feed(till).wake()  # a stopped worker is not woken again
    assert upstream.deliveries == 1
