"""The terminal's peripherals, built from the ``[devices]`` settings of ``pos.toml``.

Part of the composition root: the app's own settings values are translated into each
adapter's settings here, so neither side knows the other.
"""

from __future__ import annotations

from adapters.escpos import (
    Connection,
    EscposDrawer,
    EscposPrinter,
    FileConnection,
    NetworkConnection,
    PrinterSettings,
    SerialConnection,
    UsbConnection,
)
from adapters.serial import DisplaySettings, ScaleSettings, SerialDisplay, ToledoScale
from apps.pos_desktop.device_settings import (
    AUTO,
    DeviceConfig,
    DisplayKind,
    DrawerKind,
    PrinterConfig,
    PrinterKind,
    ScaleKind,
)
from saleflex_core import Devices
from saleflex_core.exceptions import ValidationError


def build_devices(config: DeviceConfig) -> Devices:
    """The terminal's peripherals from its ``[devices]`` settings (absent ones stay None)."""
    settings = printer_settings(config)
    printer = None if settings is None else EscposPrinter(settings)
    drawer = None
    if settings is not None and config.drawer.kind is DrawerKind.PRINTER:
        drawer = EscposDrawer(settings)
    display = None
    d = config.display
    if d.kind is DisplayKind.SERIAL and d.device is not None:
        display = SerialDisplay.from_settings(
            DisplaySettings(d.device, d.baudrate, d.width, d.encoding, d.timeout)
        )
    scale = None
    w = config.scale  # toledo8217 is the one protocol the settings accept
    if w.kind is ScaleKind.SERIAL and w.device is not None:
        scale = ToledoScale.from_settings(ScaleSettings(w.device, w.baudrate, w.framing, w.timeout))
    return Devices(printer=printer, drawer=drawer, display=display, scale=scale, charset=printer)


def printer_settings(config: DeviceConfig) -> PrinterSettings | None:
    """The printer adapter's settings from the ``[devices]`` tables; None without a printer."""
    printer = config.printer
    if printer.kind is PrinterKind.NONE:
        return None
    return PrinterSettings(
        _connection(printer),
        width=printer.width,
        code_page=None if printer.encoding == AUTO else printer.encoding,  # None: switch
        profile=printer.profile,
        drawer_pin=config.drawer.pin,
    )


def _connection(config: PrinterConfig) -> Connection:
    def given(value: str | int | None, key: str) -> str | int:
        if value is None:
            raise ValidationError(f"devices.printer.{key} is required for this printer")
        return value

    if config.kind is PrinterKind.NETWORK:
        return NetworkConnection(str(given(config.host, "host")), config.port, config.timeout)
    if config.kind is PrinterKind.SERIAL:
        device = str(given(config.device, "device"))
        return SerialConnection(device, config.baudrate, config.timeout)
    if config.kind is PrinterKind.USB:
        vendor, product = (
            given(config.vendor_id, "vendor_id"),
            given(config.product_id, "product_id"),
        )
        return UsbConnection(int(vendor), int(product), config.timeout)
    return FileConnection(str(given(config.path, "path")))
