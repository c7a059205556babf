"""The serial adapter's own settings values refuse what a display or scale cannot take."""

from __future__ import annotations

import pytest

from adapters.serial import DisplaySettings, ScaleSettings
from apps.pos_desktop import device_settings
from saleflex_core.exceptions import ValidationError


def test_display_and_scale_settings_keep_their_defaults() -> None:
    assert DisplaySettings("/dev/ttyUSB0") == DisplaySettings(
        "/dev/ttyUSB0", 9600, 20, "cp437", 1.0
    )
    assert ScaleSettings("COM3") == ScaleSettings("COM3", 9600, "7E1", 1.0)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: DisplaySettings(" "), "needs a port"),
        (lambda: DisplaySettings("loop://", baudrate=9601), "baudrate must be 1200, 2400"),
        (lambda: DisplaySettings("loop://", width=41), "width must be 8 to 40, not 41"),
        (lambda: DisplaySettings("loop://", encoding="utf-8"), "encoding must be cp437"),
        (lambda: DisplaySettings("loop://", timeout=0), "timeout must be more than zero"),
        (lambda: ScaleSettings("loop://", framing="9N1"), "framing must be 7E1"),
        (lambda: ScaleSettings("loop://", baudrate=True), "baudrate must be"),
    ],
)
def test_a_value_the_device_cannot_take_is_refused(build: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        build()  # type: ignore[operator]


def test_the_app_offers_exactly_what_the_adapter_takes() -> None:
    from adapters.serial import config

    assert device_settings.BAUDRATES == config.BAUDRATES
    assert device_settings.FRAMINGS == config.FRAMINGS
    assert device_settings.DISPLAY_WIDTHS == config.DISPLAY_WIDTHS
    assert set(device_settings.DISPLAY_ENCODINGS) == set(config.CODE_TABLES)
