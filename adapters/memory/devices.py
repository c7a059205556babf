"""In-memory devices: they record what the core asked of them and fail on request."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from saleflex_core.domain.receipt import LayoutLine, text_of
from saleflex_core.exceptions import DeviceError, ScaleError
from saleflex_core.ports import PrinterStatus

if TYPE_CHECKING:
    from saleflex_core.ports import (
        CashDrawer,
        CustomerDisplay,
        PrinterStatusQuery,
        ReceiptPrinter,
        Scale,
    )


class MemoryPrinter:
    """Keeps every printed layout; ``fault`` makes the next jobs fail like a real printer.

    ``reported`` is what ``status()`` answers; a problem in it (paper out, cover open,
    offline) fails the next jobs too, as on a real printer.
    """

    def __init__(self, width: int = 42) -> None:
        self.width = width
        self.jobs: list[list[LayoutLine]] = []
        self.fault: str | None = None
        self.reported = PrinterStatus()

    def print_layout(self, lines: Sequence[LayoutLine]) -> None:
        problem = self.fault or self.reported.problem
        if problem is not None:
            raise DeviceError(f"Printer: {problem}")
        self.jobs.append(list(lines))

    def status(self) -> PrinterStatus:
        if self.fault is not None:
            raise DeviceError(f"Printer: {self.fault}")
        return self.reported

    @property
    def last_text(self) -> str:
        return text_of(self.jobs[-1], self.width) if self.jobs else ""


class MemoryDrawer:
    def __init__(self) -> None:
        self.opened = 0
        self.fault: str | None = None

    def open(self) -> None:
        if self.fault is not None:
            raise DeviceError(f"Cash drawer: {self.fault}")
        self.opened += 1


class MemoryDisplay:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def show(self, top: str, bottom: str) -> None:
        self.shown.append((top[:20], bottom[:20]))


class MemoryScale:
    """Answers with queued weights (kg) or faults; silent when nothing is queued."""

    def __init__(self, *answers: Decimal | str) -> None:
        self.answers: deque[Decimal | str] = deque(answers)

    def put(self, answer: Decimal | str) -> None:
        self.answers.append(answer)

    def read_weight(self) -> Decimal:
        if not self.answers:
            raise ScaleError("The scale did not answer")
        answer = self.answers.popleft()
        if isinstance(answer, str):
            raise ScaleError(f"The scale says: {answer}")
        return answer


if TYPE_CHECKING:  # mypy holds the adapters to the ports

    def _ports(
        p: MemoryPrinter, d: MemoryDrawer, c: MemoryDisplay, s: MemoryScale
    ) -> tuple[ReceiptPrinter, PrinterStatusQuery, CashDrawer, CustomerDisplay, Scale]:
        return p, p, d, c, s
