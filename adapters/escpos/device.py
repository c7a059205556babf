"""The receipt printer and its cash drawer over python-escpos: network, serial, USB or file.

Each job opens the connection, asks for the printer's status (where it can answer), sends
the whole job in one write and closes. Every library or socket failure leaves here as a
``PrinterError`` with a message for the cashier, chained to its cause.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from escpos.constants import RT_STATUS
from escpos.exceptions import DeviceNotFoundError
from escpos.exceptions import Error as EscposError
from escpos.printer import File, Network, Serial, Usb

from adapters.escpos.config import (
    Connection,
    FileConnection,
    NetworkConnection,
    PrinterSettings,
    SerialConnection,
    UsbConnection,
)
from adapters.escpos.errors import (
    PrinterError,
    PrinterNotReady,
    PrinterTimeout,
    PrinterUnreachable,
)
from adapters.escpos.render import new_printer, printable, render
from saleflex_core.domain.receipt import LayoutLine
from saleflex_core.exceptions import SaleFlexError
from saleflex_core.logger import get_logger
from saleflex_core.ports import PaperLevel, PrinterStatus

log = get_logger(__name__)

# DLE EOT n (real-time status): 1 printer, 2 offline cause, 4 roll paper sensor.
_PRINTER, _OFFLINE_CAUSE, _PAPER = 1, 2, 4
_FIXED_MASK, _FIXED_BITS = 0x93, 0x12  # bits 0, 1, 4 and 7 of every status byte
_OFFLINE = 0x08
_COVER_OPEN, _STOPPED_NO_PAPER, _ERROR = 0x04, 0x20, 0x40
_PAPER_NEAR_END, _PAPER_END = 0x0C, 0x60


class EscposPrinter:
    """A ``ReceiptPrinter``, ``PrinterStatusQuery`` and ``CharacterSet`` on an ESC/POS printer."""

    def __init__(self, settings: PrinterSettings) -> None:
        new_printer(settings.profile, settings.code_page)  # a wrong setting fails at start-up
        self.settings = settings

    def render(self, lines: Sequence[LayoutLine]) -> bytes:
        """The bytes ``print_layout`` would send."""
        s = self.settings
        return render(
            lines,
            width=s.width,
            code_page=s.code_page,
            profile=s.profile,
            partial_cut=s.partial_cut,
        )

    def printable(self, text: str) -> str:
        """``text`` as this printer prints it (the ``CharacterSet`` port, for previews)."""
        return printable(text, code_page=self.settings.code_page, profile=self.settings.profile)

    def print_layout(self, lines: Sequence[LayoutLine]) -> None:
        job = self.render(lines)
        with _connected(self.settings.connection) as printer:
            if self.settings.check_status and _can_read(self.settings.connection):
                _require_ready(printer, self.settings.connection)
            printer._raw(job)  # python-escpos's way to send bytes rendered on a Dummy

    def status(self) -> PrinterStatus | None:
        if not _can_read(self.settings.connection):
            return None
        with _connected(self.settings.connection) as printer:
            return _read_status(printer, self.settings.connection)


class EscposDrawer:
    """A ``CashDrawer`` on the printer's drawer kick-out connector."""

    def __init__(self, settings: PrinterSettings) -> None:
        self.settings = settings

    def open(self) -> None:
        with _connected(self.settings.connection) as printer:
            printer.cashdraw(self.settings.drawer_pin)


def _can_read(connection: Connection) -> bool:
    return not isinstance(connection, FileConnection)


def _device(connection: Connection) -> Any:
    if isinstance(connection, NetworkConnection):
        return Network(connection.host, connection.port, timeout=connection.timeout)
    if isinstance(connection, SerialConnection):
        return Serial(
            connection.device,
            baudrate=connection.baudrate,
            timeout=connection.timeout,
            dsrdtr=connection.dsrdtr,
        )
    if isinstance(connection, UsbConnection):
        if not Usb.is_usable():
            raise PrinterError("Printer: USB printing needs pyusb installed on this till")
        timeout_ms = int(connection.timeout * 1000)
        return Usb(connection.vendor_id, connection.product_id, timeout=timeout_ms)
    return File(connection.path)


@contextlib.contextmanager
def _connected(connection: Connection) -> Iterator[Any]:
    """An open python-escpos printer; library and OS errors become PrinterErrors."""
    where = connection.describe()
    printer = _device(connection)
    with _translated(where):
        printer.open()
        if isinstance(connection, SerialConnection):
            # pyserial waits forever by default on a write the printer holds back.
            printer.device.write_timeout = connection.timeout
        try:
            yield printer
        finally:
            printer.close()


@contextlib.contextmanager
def _translated(where: str) -> Iterator[None]:
    try:
        yield
    except SaleFlexError:
        raise
    except TimeoutError as exc:
        raise PrinterTimeout(f"Printer {where} did not answer in time") from exc
    except DeviceNotFoundError as exc:
        cause = exc.__context__ or exc
        if isinstance(cause, TimeoutError):
            raise PrinterTimeout(f"Printer {where} did not answer in time") from exc
        raise PrinterUnreachable(f"Printer {where} cannot be reached ({_reason(cause)})") from exc
    except ConnectionError as exc:
        raise PrinterUnreachable(
            f"Printer {where} dropped the connection ({_reason(exc)})"
        ) from exc
    except OSError as exc:  # pyserial's errors are OSErrors too
        raise PrinterError(f"Printer {where} failed ({_reason(exc)})") from exc
    except (EscposError, RuntimeError, ValueError) as exc:
        raise PrinterError(f"Printer {where} failed ({exc})") from exc


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__


def _require_ready(printer: Any, connection: Connection) -> None:
    status = _read_status(printer, connection)
    problem = None if status is None else status.problem
    if problem is not None:
        raise PrinterNotReady(f"Printer {connection.describe()}: {problem}")


def _read_status(printer: Any, connection: Connection) -> PrinterStatus | None:
    """The printer's answer to DLE EOT 1, 2 and 4; None when it is not an ESC/POS status."""
    answers = {n: _ask(printer, n, connection) for n in (_PRINTER, _OFFLINE_CAUSE, _PAPER)}
    if any(byte & _FIXED_MASK != _FIXED_BITS for byte in answers.values()):
        log.warning("Printer %s answered %r: not a status", connection.describe(), answers)
        return None
    cause, paper = answers[_OFFLINE_CAUSE], answers[_PAPER]
    level = PaperLevel.OK
    if paper & _PAPER_END or cause & _STOPPED_NO_PAPER:
        level = PaperLevel.OUT
    elif paper & _PAPER_NEAR_END:
        level = PaperLevel.LOW
    online = not (answers[_PRINTER] & _OFFLINE or cause & _ERROR)
    return PrinterStatus(online, level, cover_open=bool(cause & _COVER_OPEN))


def _ask(printer: Any, n: int, connection: Connection) -> int:
    query = RT_STATUS + bytes([n])
    if isinstance(connection, SerialConnection):
        # python-escpos reads 16 bytes, which on a serial line means waiting out the timeout.
        printer._raw(query)
        answer = printer.device.read(1)
    else:
        answer = printer.query_status(query)
    if len(answer) == 0:
        raise PrinterUnreachable(
            f"Printer {connection.describe()} gave no status: closed the connection or silent"
        )
    return int(answer[0])


if TYPE_CHECKING:  # mypy holds the adapters to the ports
    from saleflex_core.ports import CashDrawer, CharacterSet, PrinterStatusQuery, ReceiptPrinter

    def _ports(
        p: EscposPrinter, d: EscposDrawer
    ) -> tuple[ReceiptPrinter, PrinterStatusQuery, CharacterSet, CashDrawer]:
        return p, p, p, d
