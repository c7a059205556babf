"""One mapping of core errors to the cashier's message; defects are not hidden."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest

from adapters.memory.devices import MemoryScale
from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from apps.pos_desktop.presenters import Severity, Till
from apps.pos_desktop.presenters.errors import Message, message_for
from saleflex_core import demo
from saleflex_core.domain.receipt import LayoutLine
from saleflex_core.exceptions import (
    ConcurrencyError,
    DeviceError,
    PermissionDenied,
    SaleFlexError,
    ScaleError,
    StorageError,
    SyncError,
    UnknownProduct,
)
from saleflex_core.register import Devices, Register
from tests.conftest import APPLES_PLU, BAGUETTE

from .keys import scan


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            UnknownProduct("Nothing is sold under 42"),
            Message("Nothing is sold under 42", Severity.WARNING),
        ),
        (PermissionDenied("Needs a supervisor"), Message("Needs a supervisor", Severity.WARNING)),
        (
            ScaleError("The scale says: unsteady"),
            Message("The scale says: unsteady", Severity.WARNING),
        ),
        (DeviceError("Printer: cover open"), Message("Printer: cover open", Severity.ERROR)),
        (SyncError("timed out"), Message("Upstream: timed out", Severity.WARNING)),
        (
            ConcurrencyError("version 3 != 4"),
            Message("Another writer changed this sale: try again", Severity.ERROR),
        ),
        (StorageError("the disk is full"), Message("Storage: the disk is full", Severity.ERROR)),
        (SaleFlexError("something else"), Message("something else", Severity.ERROR)),
    ],
)
def test_each_error_gets_its_wording_and_severity(error: SaleFlexError, message: Message) -> None:
    assert message_for(error) == message


def test_a_weighed_item_takes_the_scales_weight(till: Till, devices: Devices) -> None:
    assert isinstance(devices.scale, MemoryScale)
    devices.scale.put(Decimal("0.750"))
    till.sale.pick(APPLES_PLU)

    assert [(r.name, r.qty, r.amount) for r in till.sale_view().lines] == [
        ("Apples", "0.750 kg", "1.87")
    ]


def test_a_silent_scale_is_a_warning_and_no_line(till: Till) -> None:
    till.sale.pick(APPLES_PLU)

    assert till.message == Message("The scale did not answer", Severity.WARNING)
    assert till.register.sale is None


class BrokenPrinter:
    """A printer adapter with a defect: it raises something that is not a SaleFlexError."""

    def print_layout(self, lines: Sequence[LayoutLine]) -> None:
        raise RuntimeError("bug in the printer adapter")


def test_a_defect_is_not_turned_into_a_message(uow: MemoryUnitOfWork) -> None:
    register = Register(
        uow,
        terminal_id=demo.TERMINAL_ID,
        clock=SteppingClock(),
        ids=SequentialIds("d"),
        devices=Devices(printer=BrokenPrinter()),
    )
    till = Till(register)
    till.pin_pad.sign_in("1", "1234")
    scan(till, BAGUETTE)

    with pytest.raises(RuntimeError, match="bug in the printer adapter"):
        till.payment.tender("CASH")
