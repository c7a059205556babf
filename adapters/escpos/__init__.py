"""ESC/POS receipt printer and cash drawer on python-escpos (the library's only home)."""

from adapters.escpos import capabilities

capabilities.prepare()  # before python-escpos is imported: its printer database, cached

from adapters.escpos.config import (  # noqa: E402
    Connection,
    FileConnection,
    NetworkConnection,
    PrinterSettings,
    SerialConnection,
    UsbConnection,
    parse_connection,
)
from adapters.escpos.device import EscposDrawer, EscposPrinter  # noqa: E402
from adapters.escpos.errors import (  # noqa: E402
    PrinterError,
    PrinterNotReady,
    PrinterTimeout,
    PrinterUnreachable,
)
from adapters.escpos.render import printable, render  # noqa: E402

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
