"""The sync screen (F11, F5): the events the upstream refused for good, with its reasons,
sent again on a supervisor's approval; and the upstream in words on the status bar."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory import MemoryUpstream, SteppingClock
from adapters.memory.storage import MemoryUnitOfWork
from apps.pos_desktop.presenters import Screen, Till
from apps.pos_desktop.presenters.upstream import age_text, upstream_view
from apps.pos_desktop.sync_worker import SyncReport, SyncWorker
from saleflex_core.domain.delivery import DeliveryResult
from saleflex_core.domain.events import OutboxItem
from saleflex_core.queries.sync import SyncStatus
from saleflex_core.register import Register
from tests.conftest import BAGUETTE

from .keys import MakeTill, scan

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class RefusingUpstream(MemoryUpstream):
    """Refuses every event for ``reason`` while it is set (a product it does not know)."""

    def __init__(self) -> None:
        super().__init__()
        self.reason: str | None = "product 4711 is unknown here"

    def deliver(self, items: Sequence[OutboxItem]) -> list[DeliveryResult]:
        if self.reason is not None:
            self.refuse.update({item.event_id: self.reason for item in items})
        return super().deliver(items)


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(step=timedelta(0))


@pytest.fixture
def upstream() -> RefusingUpstream:
    return RefusingUpstream()


@pytest.fixture
def till(
    make_till: MakeTill, uow: MemoryUnitOfWork, clock: SteppingClock, upstream: MemoryUpstream
) -> Iterator[Till]:
    """Alice (a cashier) signed in, with a sync worker on the refusing upstream."""
    register: Register = make_till().register
    worker = SyncWorker(
        register,
        MemoryUnitOfWork(uow.database, company_id=uow.company_id),
        upstream=upstream,
        clock=clock,
        jitter=_Zero(),
        interval=600.0,
    ).start()
    till = Till(register, sync=worker, clock=clock)
    till.pin_pad.sign_in("1", "1234")
    yield till
    assert worker.stop()


class _Zero:
    def random(self) -> float:
        return 0.0


def _settled(till: Till, refused: int, depth: int) -> None:
    worker = till.status.sync
    assert isinstance(worker, SyncWorker)

    def done(report: SyncReport) -> bool:
        status = report.status
        return status is not None and (status.failed, status.depth) == (refused, depth)

    assert worker.wait_for(done), worker.report


def _sell(till: Till) -> None:
    scan(till, BAGUETTE)
    till.payment.tender("CASH")


def test_a_refused_sale_is_listed_with_its_reason_and_a_supervisor_sends_it_again(
    till: Till, upstream: RefusingUpstream
) -> None:
    _sell(till)
    _settled(till, refused=1, depth=0)
    assert till.status_bar().upstream == "online: 0 waiting; 1 refused (F11, F5)"

    till.press_key("F11")
    till.press_key("F5")
    assert till.screen is Screen.SYNC
    [row] = till.refused
    assert (row.sequence, row.kind, row.reason) == ("1", "sale.completed", upstream.reason)
    assert row.occurred == "2026-01-05 09:00"  # the store's local time (Europe/Berlin)
    assert [k.hotkey for k in till.key_map()] == ["F1", "F2", "Esc"]

    till.press_key("F1")  # Alice is a cashier: a supervisor approves
    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.approval is not None
    assert till.approval.prompt == "Sending a refused event again needs a supervisor's approval"

    upstream.reason = None  # the product is known upstream now
    upstream.refuse.clear()
    till.supervisor.approve("2", "9999", "Master data corrected")

    assert till.screen is Screen.SYNC
    assert till.message is not None
    assert till.message.text == "Event 1 (sale.completed) goes again with the next batch"
    assert till.refused == ()
    _settled(till, refused=0, depth=0)  # the worker was woken: sent, accepted
    assert len(upstream.applied) == 1
    assert till.status_bar().upstream == "online: 0 waiting"


def test_a_wrong_supervisor_pin_sends_nothing_again(till: Till, upstream: RefusingUpstream) -> None:
    _sell(till)
    _settled(till, refused=1, depth=0)
    till.outbox.show()
    till.press_key("Enter")  # Enter sends the picked row again, as F1 does

    till.supervisor.approve("2", "0000", "Master data corrected")

    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.message is not None and till.message.text == "Unknown supervisor or wrong PIN"
    till.press_key("Esc")
    assert till.screen is Screen.SYNC
    assert len(till.refused) == 1
    assert till.register.failed_events()[0].last_error == upstream.reason


def test_the_keyboard_picks_a_refused_event_with_the_arrows(
    till: Till, upstream: RefusingUpstream
) -> None:
    _sell(till)
    _sell(till)
    _settled(till, refused=2, depth=0)
    till.outbox.show()
    assert [r.selected for r in till.refused] == [True, False]

    till.press_key("Down")
    till.press_key("Down")  # stays on the last
    assert [r.selected for r in till.refused] == [False, True]
    till.sign_out()
    till.pin_pad.sign_in("2", "9999")  # a supervisor needs no one's approval
    till.outbox.show()
    till.press_key("Down")
    till.press_key("F1")

    assert till.screen is Screen.SYNC
    assert [r.sequence for r in till.refused] == ["1"]


def test_the_sync_screen_says_what_the_upstream_last_answered(till: Till) -> None:
    _settled(till, refused=0, depth=0)
    till.outbox.show()
    panel = till.sync_panel()

    assert panel.upstream == "online: 0 waiting"
    assert panel.last_success == "-"  # nothing was sent yet
    assert panel.last_error == "-"


def test_the_sync_screen_tells_when_the_last_problem_was(
    till: Till, upstream: RefusingUpstream
) -> None:
    upstream.online = False
    _sell(till)
    _settled(till, refused=0, depth=1)
    till.outbox.show()
    panel = till.sync_panel()

    assert panel.upstream.startswith("offline: 1 waiting, oldest 0 s")
    assert panel.last_error == "2026-01-05 09:00:00: Upstream is offline"  # Berlin time


# --- the phrase ------------------------------------------------------------------------------


def _report(online: bool | None, status: SyncStatus | None, connected: bool = True) -> SyncReport:
    return SyncReport(connected, online, status, NOW if status else None)


def _status(
    depth: int, age: timedelta | None, failed: int = 0, next_try: datetime | None = None
) -> SyncStatus:
    return SyncStatus(depth, failed, age, None, None, None, next_try)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (59, "59 s"),
        (60, "1 min"),
        (3599, "59 min"),
        (3600, "1 h"),
        (3 * 3600 + 20 * 60, "3 h 20 min"),
        (86400, "1 d"),
        (2 * 86400 + 4 * 3600 + 59, "2 d 4 h"),
        (-5, "0 s"),  # a clock set back never shows a negative age
    ],
)
def test_an_age_reads_as_a_cashier_says_it(seconds: int, text: str) -> None:
    assert age_text(timedelta(seconds=seconds)) == text


def test_the_upstream_phrase_in_each_state() -> None:
    later = NOW + timedelta(minutes=2)
    offline = _status(12, timedelta(hours=1, minutes=3), 2, later + timedelta(seconds=40))
    cases = [
        (upstream_view(None, 3), "not connected: the outbox keeps 3 events"),
        (
            upstream_view(_report(None, _status(1, timedelta(hours=5)), False), 0, later),
            "not connected: the outbox keeps 1 event, oldest 5 h 2 min",
        ),
        (upstream_view(_report(None, None), 4), "connecting: 4 waiting"),
        (upstream_view(_report(True, _status(0, None)), 9, later), "online: 0 waiting"),
        (
            upstream_view(_report(False, offline), 0, later),
            "offline: 12 waiting, oldest 1 h 5 min, next try in 40 s; 2 refused (F11, F5)",
        ),
        (
            upstream_view(_report(False, offline), 0, later + timedelta(minutes=1)),
            "offline: 12 waiting, oldest 1 h 6 min, trying again; 2 refused (F11, F5)",
        ),
    ]
    assert [view.text for view, _ in cases] == [text for _, text in cases]
