"""Device settings: a terminal's TOML becomes a DeviceConfig, or a message naming the key."""

from __future__ import annotations

import pytest

from apps.pos_desktop.device_settings import (
    DeviceConfig,
    DisplayConfig,
    DisplayKind,
    DrawerConfig,
    DrawerKind,
    PrinterConfig,
    PrinterKind,
    ScaleConfig,
    ScaleKind,
    ScaleProtocol,
    device_config_from,
    parse_device_config,
)
from saleflex_core.exceptions import ValidationError

FULL = """
[terminal]
id = "T01"            # other tables belong to the app and are left alone

[devices.printer]
kind = "network"
host = "192.168.1.50"
port = 9100
width = 48
encoding = "cp857"
timeout = 3

[devices.drawer]
kind = "printer"
pin = 5

[devices.display]
kind = "serial"
device = "/dev/ttyUSB0"
baudrate = 19200
width = 20
encoding = "CP857"
timeout = 0.5

[devices.scale]
kind = "serial"
protocol = "toledo8217"
device = "COM3"
baudrate = 9600
framing = "8n1"
timeout = 0.2
"""


def refused(toml: str) -> str:
    with pytest.raises(ValidationError) as raised:
        parse_device_config(toml)
    return raised.value.message


def test_a_full_terminal_is_read_into_typed_values() -> None:
    config = parse_device_config(FULL)

    assert config == DeviceConfig(
        printer=PrinterConfig(
            kind=PrinterKind.NETWORK,
            host="192.168.1.50",
            port=9100,
            width=48,
            encoding="cp857",
            timeout=3.0,
        ),
        drawer=DrawerConfig(kind=DrawerKind.PRINTER, pin=5),
        display=DisplayConfig(
            kind=DisplayKind.SERIAL,
            device="/dev/ttyUSB0",
            baudrate=19200,
            width=20,
            encoding="cp857",
            timeout=0.5,
        ),
        scale=ScaleConfig(
            kind=ScaleKind.SERIAL,
            protocol=ScaleProtocol.TOLEDO_8217,
            device="COM3",
            baudrate=9600,
            framing="8N1",
            timeout=0.2,
        ),
    )
    assert isinstance(config.printer.timeout, float)


def test_bytes_are_read_as_utf8() -> None:
    config = parse_device_config(FULL.encode("utf-8"))

    assert config.display.device == "/dev/ttyUSB0"


def test_no_devices_table_means_no_devices() -> None:
    assert parse_device_config('[terminal]\nid = "T01"\n') == DeviceConfig()
    assert parse_device_config("") == DeviceConfig()


def test_defaults_fill_what_is_left_out() -> None:
    config = parse_device_config(
        """
        [devices.printer]
        kind = "serial"
        device = "/dev/ttyS0"
        [devices.display]
        kind = "serial"
        device = "/dev/ttyUSB0"
        [devices.scale]
        kind = "serial"
        device = "/dev/ttyUSB1"
        """
    )

    assert config.printer == PrinterConfig(kind=PrinterKind.SERIAL, device="/dev/ttyS0")
    assert (config.printer.baudrate, config.printer.width) == (9600, 42)
    assert (config.printer.encoding, config.printer.timeout) == ("auto", 5.0)
    assert config.drawer == DrawerConfig(kind=DrawerKind.NONE)
    assert (config.display.width, config.display.encoding) == (20, "cp437")
    assert (config.display.baudrate, config.display.timeout) == (9600, 1.0)
    assert config.scale.protocol is ScaleProtocol.TOLEDO_8217
    assert (config.scale.framing, config.scale.baudrate, config.scale.timeout) == (
        "7E1",
        9600,
        1.0,
    )


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('kind = "usb"\nvendor_id = 0x04b8\nproduct_id = 0x0202', (0x04B8, 0x0202)),
        ('kind = "file"\npath = "/dev/usb/lp0"', "/dev/usb/lp0"),
        ('kind = "serial"\ndevice = "/dev/ttyS0"\nbaudrate = 38400', ("/dev/ttyS0", 38400)),
    ],
    ids=["usb", "file", "serial"],
)
def test_each_printer_kind_keeps_its_connection(table: str, expected: object) -> None:
    printer = parse_device_config(f"[devices.printer]\n{table}").printer

    connection = {
        PrinterKind.USB: (printer.vendor_id, printer.product_id),
        PrinterKind.FILE: printer.path,
        PrinterKind.SERIAL: (printer.device, printer.baudrate),
    }[printer.kind]
    assert connection == expected
    assert printer.host is None


def test_a_device_switched_off_keeps_its_settings_without_checking_them() -> None:
    config = parse_device_config(
        '[devices.printer]\nkind = "none"\nhost = "10.0.0.9"\nwidth = 40\n'
        '[devices.scale]\nkind = "none"\ndevice = ""'
    )

    assert config == DeviceConfig()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[devices.printer]\nkind = "network"\nhost = "h"\nwidth = 40',
            "devices.printer.width must be 32, 42 or 48, not 40",
        ),
        (
            '[devices.printer]\nkind = "lan"',
            'devices.printer.kind must be "network", "serial", "usb", "file" or "none", not "lan"',
        ),
        (
            '[devices.printer]\nkind = "network"',
            "devices.printer.host is required for a network printer",
        ),
        (
            '[devices.printer]\nkind = "network"\nhost = "  "',
            'devices.printer.host must be a non-empty text, not "  "',
        ),
        (
            '[devices.printer]\nkind = "network"\nhost = "h"\nport = 70000',
            "devices.printer.port must be a whole number from 1 to 65535, not 70000",
        ),
        (
            '[devices.printer]\nkind = "network"\nhost = "h"\ndevice = "/dev/ttyS0"',
            "devices.printer.device does not apply to a network printer",
        ),
        (
            '[devices.printer]\nkind = "usb"\nvendor_id = 0x04b8',
            "devices.printer.product_id is required for a usb printer",
        ),
        (
            '[devices.printer]\nkind = "usb"\nvendor_id = -1\nproduct_id = 1',
            "devices.printer.vendor_id must be a whole number from 0 to 65535, not -1",
        ),
        (
            '[devices.printer]\nkind = "file"\npath = "x"\nencoding = "klingon"',
            'devices.printer.encoding must be "auto" or a text encoding such as "cp437", '
            '"cp857" or "cp858", not "klingon"',
        ),
        (
            '[devices.printer]\nkind = "file"\npath = "x"\nencoding = "base64"',
            'devices.printer.encoding must be "auto" or a text encoding such as "cp437", '
            '"cp857" or "cp858", not "base64"',
        ),
        (
            '[devices.printer]\nkind = "serial"\ndevice = "x"\nbaudrate = 9601',
            "devices.printer.baudrate must be 1200, 2400, 4800, 9600, 19200, 38400, 57600 or "
            "115200, not 9601",
        ),
        (
            '[devices.printer]\nkind = "file"\npath = "x"\ntimeout = 0',
            "devices.printer.timeout must be a number of seconds above 0 and at most 60, not 0",
        ),
        (
            '[devices.printer]\nkind = "file"\npath = "x"\ntimeout = "5"',
            'devices.printer.timeout must be a number of seconds above 0 and at most 60, not "5"',
        ),
        (
            '[devices.printer]\nkind = "file"\npath = "x"\nwidth = true',
            "devices.printer.width must be 32, 42 or 48, not true",
        ),
        (
            '[devices.printer]\nkind = "network"\nhost = "h"\nhots = "h"',
            "devices.printer.hots is not a known setting; known: encoding, host, kind, port, "
            "profile, timeout, width",
        ),
        (
            '[devices.drawer]\nkind = "printer"',
            'devices.drawer.kind is "printer", but there is no printer: set '
            'devices.printer.kind or the drawer kind to "none"',
        ),
        (
            '[devices.printer]\nkind = "file"\npath = "x"\n[devices.drawer]\nkind = "printer"\n'
            "pin = 3",
            "devices.drawer.pin must be 2 or 5, not 3",
        ),
        (
            '[devices.display]\nkind = "serial"',
            "devices.display.device is required for a display",
        ),
        (
            '[devices.display]\nkind = "serial"\ndevice = "x"\nencoding = "utf-8"',
            'devices.display.encoding must be "cp437", "cp850", "cp852", "cp857", "cp858", '
            '"cp866" or "cp1252", not "utf-8"',
        ),
        (
            '[devices.display]\nkind = "serial"\ndevice = "x"\nwidth = 41',
            "devices.display.width must be a whole number from 8 to 40, not 41",
        ),
        (
            '[devices.display]\nkind = "vga"',
            'devices.display.kind must be "serial" or "none", not "vga"',
        ),
        (
            '[devices.scale]\nkind = "serial"\ndevice = "x"\nprotocol = "cas"',
            'devices.scale.protocol must be "toledo8217", not "cas"',
        ),
        (
            '[devices.scale]\nkind = "serial"\ndevice = "x"\nframing = "9X1"',
            'devices.scale.framing must be "7E1", "7O1", "7N1", "8N1", "8E1" or "8O1", not "9X1"',
        ),
        (
            '[devices.scale]\nkind = "serial"\ndevice = "x"\ntimeout = 61',
            "devices.scale.timeout must be a number of seconds above 0 and at most 60, not 61",
        ),
        (
            '[devices.scale]\nkind = "serial"\ndevice = 3',
            "devices.scale.device must be a non-empty text, not 3",
        ),
        (
            "[devices.pinter]\nkind = 1",
            "devices.pinter is not a known setting; known: display, drawer, printer, scale",
        ),
        ('devices = "all"', 'devices must be a table, not "all"'),
        ('[devices]\nscale = ["x"]', "devices.scale must be a table, not a list"),
    ],
)
def test_a_wrong_setting_is_refused_with_its_key_and_allowed_values(
    toml: str, message: str
) -> None:
    assert refused(toml) == message


def test_broken_toml_is_a_validation_error() -> None:
    message = refused("[devices.printer\nkind = ")

    assert message.startswith("The device settings are not valid TOML: ")


def test_bytes_that_are_not_utf8_are_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="not UTF-8"):
        parse_device_config(b"[devices]\nx = '\xff'")


def test_an_already_parsed_table_is_validated_the_same_way() -> None:
    config = device_config_from({"scale": {"kind": "serial", "device": "/dev/ttyUSB1"}})

    assert config.scale.device == "/dev/ttyUSB1"
    with pytest.raises(ValidationError, match=r"^devices\.scale\.device is required"):
        device_config_from({"scale": {"kind": "serial"}})
