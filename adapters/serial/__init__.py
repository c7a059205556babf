"""Serial devices on pyserial: the customer display and the scale."""

from adapters.serial.display import SerialDisplay
from adapters.serial.link import SerialLink
from adapters.serial.scale import ToledoScale

__all__ = ["SerialDisplay", "SerialLink", "ToledoScale"]
