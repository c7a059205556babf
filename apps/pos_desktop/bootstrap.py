"""Composition root of PyPOS: the one place that picks adapters.

Until the register window and its SQLite storage exist, the register runs on the
in-memory adapters with the demo store.
"""

from __future__ import annotations

import gc

from attrs import frozen

from adapters.escpos import EscposDrawer, EscposPrinter, settings_from
from adapters.memory import MemoryDrawer, MemoryPrinter, MemoryUnitOfWork
from adapters.serial import SerialDisplay, ToledoScale
from adapters.system import SystemClock, UuidIds
from saleflex_core import Devices, Register, demo
from saleflex_core.device_settings import DeviceConfig, DisplayKind, DrawerKind, ScaleKind


@frozen
class DemoTill:
    register: Register
    printer: MemoryPrinter


def build_devices(config: DeviceConfig) -> Devices:
    """The terminal's peripherals from its ``[devices]`` settings (absent ones stay None)."""
    printer_settings = settings_from(config)
    printer = None if printer_settings is None else EscposPrinter(printer_settings)
    drawer = None
    if printer_settings is not None and config.drawer.kind is DrawerKind.PRINTER:
        drawer = EscposDrawer(printer_settings)
    display = None
    if config.display.kind is DisplayKind.SERIAL:
        display = SerialDisplay.from_config(config.display)
    scale = None if config.scale.kind is ScaleKind.NONE else ToledoScale.from_config(config.scale)
    return Devices(printer=printer, drawer=drawer, display=display, scale=scale)


def settle_after_start() -> None:
    """Move the start-up objects (the reference-data caches) out of the garbage collector's
    reach, so its full passes stay short while the cashier scans."""
    gc.collect()
    gc.freeze()


def build_demo_till() -> DemoTill:
    """A register on terminal T01 of the demo store, with a printer that keeps its output."""
    uow = MemoryUnitOfWork()
    demo.install(uow, demo.demo_data())
    printer = MemoryPrinter()
    devices = Devices(printer=printer, drawer=MemoryDrawer())
    register = Register(
        uow, terminal_id=demo.TERMINAL_ID, clock=SystemClock(), ids=UuidIds(), devices=devices
    )
    settle_after_start()
    return DemoTill(register, printer)
