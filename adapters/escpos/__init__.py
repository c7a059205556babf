"""ESC/POS receipt printer and cash drawer on python-escpos (the library's only home)."""

from adapters.escpos.config import (
    Connection,
    FileConnection,
    NetworkConnection,
    PrinterSettings,
    SerialConnection,
    UsbConnection,
    parse_connection,
)
from adapters.escpos.device import EscposDrawer, EscposPrinter
from adapters.escpos.errors import (
    PrinterError,
    PrinterNotReady,
    PrinterTimeout,
    PrinterUnreachable,
)
from adapters.escpos.render import printable, render

__all__ = [
    "Connection",
    "EscposDrawer",
    "EscposPrinter",
    "FileConnection",
    "NetworkConnection",
    "PrinterError",
    "PrinterNotReady",
    "PrinterSettings",
    "PrinterTimeout",
    "PrinterUnreachable",
    "SerialConnection",
    "UsbConnection",
    "parse_connection",
    "printable",
    "render",
]
