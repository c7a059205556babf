"""Where the printer is and how it prints: small frozen values the app's settings fill in."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from attrs import field, frozen

from saleflex_core.domain.receipt import PAPER_WIDTHS
from saleflex_core.exceptions import ValidationError

DEFAULT_TIMEOUT = 3.0


def _positive(_instance: object, attribute: object, value: float) -> None:
    if value <= 0:
        raise ValidationError(f"A printer timeout must be more than zero, not {value}")


@frozen
class NetworkConnection:
    """A printer on the LAN, raw TCP (port 9100 on almost every model)."""

    host: str
    port: int = 9100
    timeout: float = field(default=DEFAULT_TIMEOUT, validator=_positive)

    def describe(self) -> str:
        return f"{self.host}:{self.port}"


@frozen
class SerialConnection:
    """A printer on an RS-232 port or a USB-serial adapter."""

    device: str
    baudrate: int = 9600
    timeout: float = field(default=DEFAULT_TIMEOUT, validator=_positive)
    # Hardware (DSR/DTR) flow control; False means RTS/CTS, as python-escpos has it.
    dsrdtr: bool = True

    def describe(self) -> str:
        return f"{self.device} at {self.baudrate} baud"


@frozen
class UsbConnection:
    """A printer that speaks USB natively (needs pyusb and access to the device)."""

    vendor_id: int
    product_id: int
    timeout: float = field(default=DEFAULT_TIMEOUT, validator=_positive)

    def describe(self) -> str:
        return f"USB {self.vendor_id:04x}:{self.product_id:04x}"


@frozen
class FileConnection:
    """A device file (``/dev/usb/lp0``) or a plain file that collects the bytes."""

    path: str

    def describe(self) -> str:
        return self.path


Connection = NetworkConnection | SerialConnection | UsbConnection | FileConnection


def _width(_instance: object, _attribute: object, value: int) -> None:
    if value not in PAPER_WIDTHS:
        raise ValidationError(f"Paper width must be one of {PAPER_WIDTHS}, not {value}")


def _pin(_instance: object, _attribute: object, value: int) -> None:
    if value not in (2, 5):
        raise ValidationError(f"The drawer kick pin is 2 or 5, not {value}")


@frozen
class PrinterSettings:
    """How to print: the connection, paper width and character code page.

    ``code_page`` fixes one page for the whole receipt (``"CP857"`` Turkish,
    ``"CP858"`` Western European with the euro sign, ``"CP1254"`` covers both); ``None``
    lets python-escpos switch pages character by character among those the
    ``profile`` (a python-escpos printer profile, e.g. ``"TM-T88V"``) lists.
    ``check_status`` asks the printer before each job, so paper out or an open cover
    is reported instead of the bytes vanishing into a printer that cannot print.
    """

    connection: Connection
    width: int = field(default=42, validator=_width)
    code_page: str | None = None
    profile: str | None = None
    check_status: bool = True
    partial_cut: bool = True
    drawer_pin: int = field(default=2, validator=_pin)


def parse_connection(text: str, *, timeout: float = DEFAULT_TIMEOUT) -> Connection:
    """A connection from a settings string.

    ``tcp://10.0.0.5:9100``, ``serial:///dev/ttyS0?baudrate=19200``,
    ``usb://04b8:0202`` (hex vendor:product) or ``file:///dev/usb/lp0``.
    """
    url = urlsplit(text.strip())
    query = {key: values[-1] for key, values in parse_qs(url.query).items()}
    try:
        if url.scheme == "tcp" and url.hostname:
            return NetworkConnection(url.hostname, url.port or 9100, timeout)
        if url.scheme == "serial" and url.path:
            return SerialConnection(url.path, int(query.get("baudrate", "9600")), timeout)
        if url.scheme == "usb" and url.netloc:
            vendor, product = url.netloc.split(":")
            return UsbConnection(int(vendor, 16), int(product, 16), timeout)
        if url.scheme == "file" and url.path:
            return FileConnection(url.path)
    except ValueError as exc:
        raise ValidationError(f"Cannot read the printer address {text!r}: {exc}") from exc
    raise ValidationError(
        f"Unknown printer address {text!r}: use tcp://host:port, serial:///dev/ttyS0, "
        "usb://vendor:product or file:///path"
    )
