"""PyPOS builds its peripherals from the terminal's [devices] settings."""

from __future__ import annotations

from adapters.escpos import EscposDrawer, EscposPrinter, NetworkConnection
from adapters.serial import SerialDisplay, ToledoScale
from apps.pos_desktop.bootstrap.devices import build_devices
from apps.pos_desktop.device_settings import parse_device_config

EVERYTHING = """
[devices.printer]
kind = "network"
host = "127.0.0.1"
port = 9100
width = 42
encoding = "cp857"

[devices.drawer]
kind = "printer"

[devices.display]
kind = "serial"
device = "loop://"

[devices.scale]
kind = "serial"
protocol = "toledo8217"
device = "loop://"
"""


def test_every_configured_device_gets_its_adapter() -> None:
    devices = build_devices(parse_device_config(EVERYTHING))
    assert isinstance(devices.printer, EscposPrinter)
    connection = devices.printer.settings.connection
    assert isinstance(connection, NetworkConnection)
    assert (connection.host, connection.port) == ("127.0.0.1", 9100)
    assert devices.printer.settings.width == 42
    assert isinstance(devices.drawer, EscposDrawer)
    assert isinstance(devices.display, SerialDisplay)
    assert isinstance(devices.scale, ToledoScale)


def test_a_terminal_without_devices_gets_none() -> None:
    devices = build_devices(parse_device_config(""))
    assert (devices.printer, devices.drawer, devices.display, devices.scale) == (None,) * 4
