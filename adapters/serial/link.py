"""One serial port for a device: opened on first use, closed and reopened after a fault.

Every pyserial, OS or termios failure leaves here as the device's ``DeviceError`` (a
``ScaleError`` for the scale), with a message for the till and the original chained.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

import serial

from saleflex_core.exceptions import DeviceError
from saleflex_core.logger import get_logger

log = get_logger(__name__)

if sys.platform != "win32":
    import termios

    # tcflush/tcdrain failures come as termios.error, which is not an OSError.
    _FAULTS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, termios.error)
else:  # pragma: no cover - the tests run on POSIX
    _FAULTS = (serial.SerialException, OSError)

# Opening also refuses a bad URL or port setting with ValueError.
_OPEN_FAULTS: tuple[type[BaseException], ...] = (*_FAULTS, ValueError)
PARITIES = {"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD}


class SerialLink:
    """A lazily opened pyserial port; ``device`` may be a path (``/dev/ttyUSB0``, ``COM3``)
    or a pyserial URL (``loop://``, ``socket://host:port``, ``rfc2217://host:port``)."""

    def __init__(
        self,
        device: str,
        *,
        role: str,
        error: type[DeviceError] = DeviceError,
        baudrate: int = 9600,
        framing: str = "8N1",
        timeout: float = 1.0,
        greeting: bytes = b"",
    ) -> None:
        self.device = device
        self.role = role
        self.error = error
        self.baudrate = baudrate
        self.framing = framing
        self.timeout = timeout
        self.greeting = greeting
        self._port: Any = None

    @property
    def port(self) -> Any:
        """The open pyserial port, opened (and greeted) now if need be."""
        if self._port is None:
            self._port = self._open()
            if self.greeting:
                self.write(self.greeting)
        return self._port

    @property
    def is_open(self) -> bool:
        return self._port is not None

    def write(self, data: bytes) -> None:
        """Send ``data``; a port that stays blocked longer than the timeout is a fault."""
        with self._faults("write to"):
            self.port.write(data)

    def exchange(self, request: bytes, *, terminator: bytes, limit: int) -> bytes:
        """Send ``request`` and read the answer up to ``terminator`` or the timeout.

        Returns what arrived, possibly nothing or a fragment; judging it is the caller's job.
        """
        with self._faults("talk to"):
            port = self.port
            port.reset_input_buffer()  # a late answer to an earlier request is not this one's
            port.write(request)
            answer = bytes(port.read_until(terminator, limit))
        log.debug("%s %s answered %r", self.role, self.device, answer)
        return answer

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except _FAULTS as exc:  # closing a broken port: it is gone either way
                log.warning("%s %s did not close cleanly: %s", self.role, self.device, exc)

    def __enter__(self) -> SerialLink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _open(self) -> Any:
        bits, parity, stops = self.framing[0], self.framing[1], self.framing[2]
        try:
            return serial.serial_for_url(
                self.device,
                baudrate=self.baudrate,
                bytesize=int(bits),
                parity=PARITIES[parity],
                stopbits=int(stops),
                timeout=self.timeout,
                write_timeout=self.timeout,
            )
        except _OPEN_FAULTS as exc:
            raise self.error(f"{self.role}: cannot open {self.device} ({exc})") from exc

    @contextmanager
    def _faults(self, action: str) -> Iterator[None]:
        try:
            yield
        except _FAULTS as exc:
            self.close()  # the next call reopens: the cable may be back by then
            raise self.error(f"{self.role}: cannot {action} {self.device} ({exc})") from exc
