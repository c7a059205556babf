"""How the serial devices are connected: small frozen values the app's settings fill in.

Each value checks itself, so a display or scale is never opened with a setting the
device cannot take; the app reads its settings file and builds these.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from attrs import field, frozen

from saleflex_core.exceptions import ValidationError

BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
FRAMINGS = ("7E1", "7O1", "7N1", "8N1", "8E1", "8O1")
DISPLAY_WIDTHS = range(8, 41)
# ESC t n: the display's character tables (Epson DM-D numbering) for the code pages we
# encode in; one byte a letter, so columns can be counted.
CODE_TABLES = {
    "cp437": 0,
    "cp850": 2,
    "cp857": 13,
    "cp1252": 16,
    "cp866": 17,
    "cp852": 18,
    "cp858": 19,
}
_BAUDS = ", ".join(map(str, BAUDRATES))
_PAGES = ", ".join(CODE_TABLES)
_FRAMES = ", ".join(FRAMINGS)


def _one_of(allowed: Collection[object], shown: str) -> Callable[[object, Any, object], None]:
    def check(_instance: object, attribute: Any, value: object) -> None:
        if isinstance(value, bool) or value not in allowed:
            raise ValidationError(f"A serial {attribute.name} must be {shown}, not {value!r}")

    return check


def _device(_instance: object, _attribute: object, value: str) -> None:
    if not value.strip():
        raise ValidationError("A serial device needs a port, such as /dev/ttyUSB0 or COM3")


def _seconds(_instance: object, _attribute: object, value: float) -> None:
    if value <= 0:
        raise ValidationError(f"A serial device's timeout must be more than zero, not {value}")


@frozen
class DisplaySettings:
    """A customer display on a serial port: 2 lines of ``width`` columns."""

    device: str = field(validator=_device)
    baudrate: int = field(default=9600, validator=_one_of(BAUDRATES, _BAUDS))
    width: int = field(default=20, validator=_one_of(DISPLAY_WIDTHS, "8 to 40"))
    encoding: str = field(default="cp437", validator=_one_of(CODE_TABLES, _PAGES))
    timeout: float = field(default=1.0, validator=_seconds)


@frozen
class ScaleSettings:
    """A scale on a serial port; ``framing`` is data bits, parity and stop bits (``7E1``)."""

    device: str = field(validator=_device)
    baudrate: int = field(default=9600, validator=_one_of(BAUDRATES, _BAUDS))
    framing: str = field(default="7E1", validator=_one_of(FRAMINGS, _FRAMES))
    timeout: float = field(default=1.0, validator=_seconds)
