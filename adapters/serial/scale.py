"""A scale on the Mettler Toledo 8217 protocol, which many retail scales offer as a mode.

The till sends ``W``; the scale answers one of two records, framed ``STX ... CR``:

- weight: ``STX`` the displayed weight in kg with its decimal point (``01.234``), ``CR``;
- status, when there is no weight to give: ``STX ? s CR``, where the status byte ``s``
  has bit 0 motion, 1 overload, 2 under zero, 3 outside the zero range, 4 centre of
  zero (bits 5 and 6 are always set, bit 7 is parity).

Only a steady, positive weight comes back, as a ``Decimal``; everything else is a
``ScaleError`` that says what to do.
"""

from __future__ import annotations

import re
from decimal import Decimal

from adapters.serial.config import ScaleSettings
from adapters.serial.link import SerialLink
from saleflex_core.exceptions import ScaleError

REQUEST = b"W"
STX, CR = b"\x02", b"\r"
LONGEST_ANSWER = 16

MOTION = 0x01
OVERLOAD = 0x02
UNDER_ZERO = 0x04
OUTSIDE_ZERO_RANGE = 0x08
CENTRE_OF_ZERO = 0x10

# Most telling first: an overloaded scale is usually also in motion.
_STATUS_MESSAGES = (
    (OVERLOAD, "The scale is overloaded: the item is too heavy for it"),
    (UNDER_ZERO, "The scale shows less than zero: empty it and zero it"),
    (MOTION, "The scale is not steady: wait until the weight settles and weigh again"),
    (OUTSIDE_ZERO_RANGE, "The scale is not zeroed: empty it and zero it"),
    (CENTRE_OF_ZERO, "There is nothing on the scale"),
)
# Some models add N after a net weight (tare taken off).
_WEIGHT = re.compile(rb"\x02 *(\d{1,3}\.\d{1,3})N?\r")
_STATUS = re.compile(rb"\x02 *\?(.)\r", re.DOTALL)


class ToledoScale:
    """The ``Scale`` port on a serial Toledo 8217 scale (7E1, 9600 baud by default)."""

    def __init__(
        self, device: str, *, baudrate: int = 9600, framing: str = "7E1", timeout: float = 1.0
    ) -> None:
        self.link = SerialLink(
            device,
            role="Scale",
            error=ScaleError,
            baudrate=baudrate,
            framing=framing,
            timeout=timeout,
        )

    @classmethod
    def from_settings(cls, settings: ScaleSettings) -> ToledoScale:
        return cls(
            settings.device,
            baudrate=settings.baudrate,
            framing=settings.framing,
            timeout=settings.timeout,
        )

    def read_weight(self) -> Decimal:
        """A steady weight in kg; ScaleError when unsteady, overloaded, empty or silent."""
        return weight_from(self.link.exchange(REQUEST, terminator=CR, limit=LONGEST_ANSWER))

    def close(self) -> None:
        self.link.close()


def weight_from(answer: bytes) -> Decimal:
    """The weight a Toledo 8217 answer gives, or the ScaleError it amounts to."""
    if not answer:
        raise ScaleError("The scale did not answer: check that it is on and connected")
    if not answer.endswith(CR):
        raise ScaleError("The scale's answer was cut short: weigh again")
    weight = _WEIGHT.fullmatch(answer)
    if weight is not None:
        kilograms = Decimal(weight.group(1).decode("ascii"))
        if kilograms == 0:
            raise ScaleError("There is nothing on the scale")
        return kilograms
    status = _STATUS.fullmatch(answer)
    if status is None:
        raise ScaleError(
            f"The scale's answer cannot be read ({answer!r}): "
            "check that it is set to the Toledo 8217 protocol"
        )
    bits = status.group(1)[0]
    for flag, message in _STATUS_MESSAGES:
        if bits & flag:
            raise ScaleError(message)
    raise ScaleError(f"The scale gave no weight (status {bits:#04x}): weigh again")
