"""Serial devices on pyserial: the customer display and the scale."""

from typing import TYPE_CHECKING

from adapters.serial.config import DisplaySettings, ScaleSettings
from adapters.serial.display import SerialDisplay
from adapters.serial.link import SerialLink
from adapters.serial.scale import ToledoScale

__all__ = ["DisplaySettings", "ScaleSettings", "SerialDisplay", "SerialLink", "ToledoScale"]


if TYPE_CHECKING:  # mypy holds the adapters to the ports
    from saleflex_core.ports import CustomerDisplay, Scale

    def _ports(d: SerialDisplay, s: ToledoScale) -> tuple[CustomerDisplay, Scale]:
        return d, s
