"""A 2×20 VFD customer display speaking the ESC/POS customer-display command set.

On (re)opening the port the display is initialised (``ESC @``), switched to the code
page of ``encoding`` (``ESC t n``), to overwrite mode (``US MD1``) and cleared (``CLR``).
Each picture then writes both lines whole, each after a cursor move (``US $ x y``), so
nothing of the previous picture is left and nothing flickers.
"""

from __future__ import annotations

import textwrap
import unicodedata

from adapters.serial.config import CODE_TABLES, DisplaySettings
from adapters.serial.link import SerialLink

ESC, US = b"\x1b", b"\x1f"
INITIALISE = ESC + b"@"
CLEAR = b"\x0c"
OVERWRITE_MODE = US + b"\x01"


def select_code_table(encoding: str) -> bytes:
    return ESC + b"t" + bytes([CODE_TABLES[encoding]])


def move_to(column: int, row: int) -> bytes:
    """``US $ x y``: cursor to ``column`` (from 1) on ``row`` (1 or 2)."""
    return US + b"$" + bytes([column, row])


class SerialDisplay:
    """The customer display port; ``idle`` and ``clear`` are for the app's own screens.

    The top line is left-aligned, the bottom (a price, total or change) right-aligned;
    longer text is cut at ``width``. Letters the code page lacks become ``?``.
    """

    rows = 2

    def __init__(
        self,
        device: str,
        *,
        baudrate: int = 9600,
        width: int = 20,
        encoding: str = "cp437",
        timeout: float = 1.0,
    ) -> None:
        if encoding not in CODE_TABLES:
            known = ", ".join(sorted(CODE_TABLES))
            raise ValueError(f"encoding must be one of {known}, not {encoding!r}")
        self.width = width
        self.encoding = encoding
        greeting = INITIALISE + select_code_table(encoding) + OVERWRITE_MODE + CLEAR
        self.link = SerialLink(
            device, role="Customer display", baudrate=baudrate, timeout=timeout, greeting=greeting
        )

    @classmethod
    def from_settings(cls, settings: DisplaySettings) -> SerialDisplay:
        return cls(
            settings.device,
            baudrate=settings.baudrate,
            width=settings.width,
            encoding=settings.encoding,
            timeout=settings.timeout,
        )

    def show(self, top: str, bottom: str) -> None:
        """An item and its price, the total, the change: top left, bottom right."""
        self._picture(self._fit(top).ljust(self.width), self._fit(bottom).rjust(self.width))

    def idle(self, message: str) -> None:
        """A message between sales ("WELCOME"), centred and wrapped on the two lines."""
        top, bottom, *_ = [*textwrap.wrap(self._clean(message), self.width), "", ""]
        self._picture(top.center(self.width), bottom.center(self.width))

    def clear(self) -> None:
        self.link.write(CLEAR)

    def close(self) -> None:
        self.link.close()

    def encode(self, text: str) -> bytes:
        """Text in the display's code page; what it cannot show becomes ``?``."""
        return text.encode(self.encoding, errors="replace")

    def _picture(self, top: str, bottom: str) -> None:
        self.link.write(move_to(1, 1) + self.encode(top) + move_to(1, 2) + self.encode(bottom))

    def _fit(self, text: str) -> str:
        return self._clean(text).strip()[: self.width]

    @staticmethod
    def _clean(text: str) -> str:
        """One character a column: composed letters, and no control codes the display would
        take for commands."""
        composed = unicodedata.normalize("NFC", text)
        return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in composed)
