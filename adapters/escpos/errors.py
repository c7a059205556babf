"""Printer faults, each a DeviceError with a message for the cashier and a stable code."""

from __future__ import annotations

from saleflex_core.exceptions import DeviceError


class PrinterError(DeviceError):
    """The receipt printer could not do what was asked."""

    code = "printer_error"


class PrinterUnreachable(PrinterError):
    """No connection: refused, dropped, unplugged, switched off, wrong address."""

    code = "printer_unreachable"


class PrinterTimeout(PrinterError):
    """Connected, but the printer did not answer or take the data in time."""

    code = "printer_timeout"


class PrinterNotReady(PrinterError):
    """The printer answered that it cannot print: paper out, cover open, offline."""

    code = "printer_not_ready"
