"""PyPOS shows the store's local time: the receipt and X report previews of an Istanbul
store on a machine whose clock answers UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from attrs import evolve

from adapters.memory.devices import MemoryPrinter
from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from apps.pos_desktop.presenters import Screen, Till
from saleflex_core import demo
from saleflex_core.register import Devices, Register
from tests.conftest import WINE, demo_data

from .keys import scan

LATE = datetime(2026, 1, 5, 22, 30, tzinfo=UTC)  # 01:30 on the 6th in Istanbul


def istanbul_till() -> Till:
    data = demo_data()
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(uow, evolve(data, store=evolve(data.store, timezone="Europe/Istanbul")))
    clock = SteppingClock(LATE - timedelta(hours=2), step=timedelta(0))
    register = Register(
        uow,
        terminal_id=demo.TERMINAL_ID,
        clock=clock,
        ids=SequentialIds("doc"),
        devices=Devices(printer=MemoryPrinter()),
    )
    clock.current = LATE
    till = Till(register)
    till.pin_pad.sign_in("1", "1234")
    return till


def test_the_receipt_and_x_previews_show_istanbul_time() -> None:
    till = istanbul_till()
    scan(till, WINE)
    till.payment.tender("CASH", "10")
    till.reports.show()
    till.press_key("F4")
    assert till.preview is not None and till.preview.title == "Last receipt"
    assert "2026-01-06 01:30" in till.preview.text
    assert "20260106-0001-000001" in till.preview.text

    till.press_key("Esc")
    till.press_key("F1")
    assert till.screen is Screen.PREVIEW and till.preview is not None
    assert "opened 2026-01-05 23:30" in till.preview.text
