"""A terminal's peripherals, read from the ``[devices]`` tables of its TOML settings.

PyPOS's own reading of its settings file: no adapter is imported here (a contract);
``bootstrap`` translates the ``DeviceConfig`` into each adapter's settings values, which
check themselves again. Every mistake is a ``ValidationError`` naming the key and
what it may be, e.g. ``devices.printer.width must be 32, 42 or 48, not 40``.

    [devices.printer]
    kind = "network"          # network | serial | usb | file | none
    host = "192.168.1.50"
    width = 42
    encoding = "auto"         # or one code page for every receipt: "cp857", "cp858", ...

    [devices.drawer]
    kind = "printer"          # kicked through the printer | none

    [devices.display]
    kind = "serial"
    device = "/dev/ttyUSB0"
    encoding = "cp857"

    [devices.scale]
    kind = "serial"
    protocol = "toledo8217"
    device = "/dev/ttyUSB1"
"""

from __future__ import annotations

import codecs
import enum
import tomllib

from attrs import field, frozen

from apps.pos_desktop.toml_table import TomlTable, shown
from saleflex_core.exceptions import ValidationError


class PrinterKind(enum.Enum):
    NETWORK = "network"
    SERIAL = "serial"
    USB = "usb"
    FILE = "file"
    NONE = "none"


class DrawerKind(enum.Enum):
    PRINTER = "printer"
    NONE = "none"


class DisplayKind(enum.Enum):
    SERIAL = "serial"
    NONE = "none"


class ScaleKind(enum.Enum):
    SERIAL = "serial"
    NONE = "none"


class ScaleProtocol(enum.Enum):
    TOLEDO_8217 = "toledo8217"


BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
PAPER_WIDTHS = (32, 42, 48)
DRAWER_PINS = (2, 5)
DISPLAY_WIDTHS = range(8, 41)
# Code pages a customer display can be switched to (ESC t); column counting needs one byte a letter.
DISPLAY_ENCODINGS = ("cp437", "cp850", "cp852", "cp857", "cp858", "cp866", "cp1252")
FRAMINGS = ("7E1", "7O1", "7N1", "8N1", "8E1", "8O1")
MAX_TIMEOUT = 60.0


AUTO = "auto"


@frozen
class PrinterConfig:
    """The receipt printer; which connection fields apply depends on ``kind``.

    ``encoding`` is ``"auto"`` (the default: python-escpos switches code pages letter by
    letter among those of the printer's ``profile``, so Turkish, German, Greek and
    Cyrillic print on one receipt) or one code page for everything (``"cp857"``
    Turkish, ``"cp858"`` Western European with the euro sign), for a printer whose
    tables do not follow its profile. Letters the printer lacks print as ``?``, and the
    previews show that ``?``. ``profile`` names a python-escpos printer profile
    (``"TM-T88V"``); without one, the generic ESC/POS profile is used.
    """

    kind: PrinterKind = PrinterKind.NONE
    host: str | None = None
    port: int = 9100
    device: str | None = None
    baudrate: int = 9600
    vendor_id: int | None = None
    product_id: int | None = None
    path: str | None = None
    width: int = 42
    encoding: str = AUTO
    profile: str | None = None
    timeout: float = 5.0


@frozen
class DrawerConfig:
    """The cash drawer, opened by a kick pulse on the printer's drawer pin (2 or 5)."""

    kind: DrawerKind = DrawerKind.NONE
    pin: int = 2


@frozen
class DisplayConfig:
    """A serial customer display (2 lines of ``width`` columns)."""

    kind: DisplayKind = DisplayKind.NONE
    device: str | None = None
    baudrate: int = 9600
    width: int = 20
    encoding: str = "cp437"
    timeout: float = 1.0


@frozen
class ScaleConfig:
    """A serial scale; ``framing`` is data bits, parity and stop bits (``7E1``)."""

    kind: ScaleKind = ScaleKind.NONE
    protocol: ScaleProtocol = ScaleProtocol.TOLEDO_8217
    device: str | None = None
    baudrate: int = 9600
    framing: str = "7E1"
    timeout: float = 1.0


@frozen
class DeviceConfig:
    """Every peripheral of one terminal; a missing table means the device is absent."""

    printer: PrinterConfig = field(factory=PrinterConfig)
    drawer: DrawerConfig = field(factory=DrawerConfig)
    display: DisplayConfig = field(factory=DisplayConfig)
    scale: ScaleConfig = field(factory=ScaleConfig)


def parse_device_config(text: str | bytes) -> DeviceConfig:
    """Read the ``[devices]`` tables of a terminal's settings TOML (other tables are ignored)."""
    try:
        document = tomllib.loads(text.decode("utf-8") if isinstance(text, bytes) else text)
    except UnicodeDecodeError as exc:
        raise ValidationError("The device settings are not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"The device settings are not valid TOML: {exc}") from exc
    return device_config_from(document.get("devices", {}))


def device_config_from(devices: object) -> DeviceConfig:
    """Validate an already parsed ``devices`` table (a mapping of the four device tables)."""
    table = _Table("devices", devices)
    config = DeviceConfig(
        printer=_printer(table.table("printer")),
        drawer=_drawer(table.table("drawer")),
        display=_display(table.table("display")),
        scale=_scale(table.table("scale")),
    )
    table.finish()
    if config.drawer.kind is DrawerKind.PRINTER and config.printer.kind is PrinterKind.NONE:
        raise ValidationError(
            'devices.drawer.kind is "printer", but there is no printer: '
            'set devices.printer.kind or the drawer kind to "none"'
        )
    return config


# --- the four tables ------------------------------------------------------------------------

_PRINTER_FIELDS = {
    PrinterKind.NETWORK: ("host", "port"),
    PrinterKind.SERIAL: ("device", "baudrate"),
    PrinterKind.USB: ("vendor_id", "product_id"),
    PrinterKind.FILE: ("path",),
}


def _printer(table: _Table) -> PrinterConfig:
    kind = table.choice("kind", PrinterKind, PrinterKind.NONE)
    common = ("kind", "width", "encoding", "profile", "timeout")
    connection = {name for names in _PRINTER_FIELDS.values() for name in names}
    if kind is PrinterKind.NONE:
        table.ignore(connection | set(common))
        return PrinterConfig()
    table.only(common + _PRINTER_FIELDS[kind], connection, f"a {kind.value} printer")
    default = PrinterConfig()
    return PrinterConfig(
        kind=kind,
        host=table.text("host") if kind is PrinterKind.NETWORK else None,
        port=table.whole("port", range(1, 65536), default.port),
        device=table.text("device") if kind is PrinterKind.SERIAL else None,
        baudrate=table.one_of("baudrate", BAUDRATES, default.baudrate),
        vendor_id=table.whole("vendor_id", range(0x10000)) if kind is PrinterKind.USB else None,
        product_id=table.whole("product_id", range(0x10000)) if kind is PrinterKind.USB else None,
        path=table.text("path") if kind is PrinterKind.FILE else None,
        width=table.one_of("width", PAPER_WIDTHS, default.width),
        encoding=table.encoding("encoding", default.encoding),
        profile=table.text("profile") if "profile" in table.raw else None,
        timeout=table.seconds("timeout", default.timeout),
    )


def _drawer(table: _Table) -> DrawerConfig:
    kind = table.choice("kind", DrawerKind, DrawerKind.NONE)
    if kind is DrawerKind.NONE:
        table.ignore({"kind", "pin"})
        return DrawerConfig()
    table.only(("kind", "pin"), set(), "a drawer")
    return DrawerConfig(kind=kind, pin=table.one_of("pin", DRAWER_PINS, DrawerConfig().pin))


def _display(table: _Table) -> DisplayConfig:
    keys = ("kind", "device", "baudrate", "width", "encoding", "timeout")
    kind = table.choice("kind", DisplayKind, DisplayKind.NONE)
    if kind is DisplayKind.NONE:
        table.ignore(set(keys))
        return DisplayConfig()
    table.only(keys, set(), "a display")
    default = DisplayConfig()
    return DisplayConfig(
        kind=kind,
        device=table.text("device"),
        baudrate=table.one_of("baudrate", BAUDRATES, default.baudrate),
        width=table.whole("width", DISPLAY_WIDTHS, default.width),
        encoding=table.one_of("encoding", DISPLAY_ENCODINGS, default.encoding, _codec_name),
        timeout=table.seconds("timeout", default.timeout),
    )


def _scale(table: _Table) -> ScaleConfig:
    keys = ("kind", "protocol", "device", "baudrate", "framing", "timeout")
    kind = table.choice("kind", ScaleKind, ScaleKind.NONE)
    if kind is ScaleKind.NONE:
        table.ignore(set(keys))
        return ScaleConfig()
    table.only(keys, set(), "a scale")
    default = ScaleConfig()
    return ScaleConfig(
        kind=kind,
        protocol=table.choice("protocol", ScaleProtocol, default.protocol),
        device=table.text("device"),
        baudrate=table.one_of("baudrate", BAUDRATES, default.baudrate),
        framing=table.one_of("framing", FRAMINGS, default.framing, str.upper),
        timeout=table.seconds("timeout", default.timeout),
    )


# --- reading one table ----------------------------------------------------------------------


class _Table(TomlTable):
    """A device table: the common reads, plus encodings and timeouts."""

    def encoding(self, name: str, default: str) -> str:
        """``"auto"`` or a text encoding, by its canonical name."""
        value = self.get(name, default)
        if isinstance(value, str) and value.strip().lower() == AUTO:
            return AUTO
        name_of = _codec_name(value) if isinstance(value, str) else None
        if name_of is None:
            raise ValidationError(
                f'{self.key(name)} must be "auto" or a text encoding such as '
                f'"cp437", "cp857" or "cp858", not {shown(value)}'
            )
        return name_of

    def seconds(self, name: str, default: float) -> float:
        value = self.get(name, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 < value <= MAX_TIMEOUT
        ):
            raise ValidationError(
                f"{self.key(name)} must be a number of seconds above 0 and at most "
                f"{MAX_TIMEOUT:g}, not {shown(value)}"
            )
        return float(value)


def _codec_name(name: str) -> str | None:
    """The canonical name of a text encoding (``"CP-857"`` -> ``"cp857"``), or None."""
    try:
        "A".encode(name)  # also refuses bytes-to-bytes codecs such as base64
        return codecs.lookup(name).name
    except LookupError:
        return None
