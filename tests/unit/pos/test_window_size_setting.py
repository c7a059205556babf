"""The ``[window] size`` setting: fill the screen, full screen, or a size of 800x600 up."""

from __future__ import annotations

from pathlib import Path

import pytest

from apps.pos_desktop.settings import settings_from
from saleflex_core.exceptions import ValidationError


def size_of(document: dict[str, object], environ: dict[str, str] | None = None) -> object:
    settings = settings_from(
        document,
        data_dir=Path("/tmp/x"),
        config_path=Path("/tmp/x/pos.toml"),
        environ=environ or {},
    )
    return settings.window_size


def test_the_window_fills_the_screen_unless_told() -> None:
    assert size_of({}) == "fill"
    assert size_of({"window": {"size": "fullscreen"}}) == "fullscreen"
    assert size_of({"window": {"size": "1280x800"}}) == (1280, 800)
    assert size_of({}, {"SALEFLEX_WINDOW_SIZE": "800x600"}) == (800, 600)


@pytest.mark.parametrize("size", ["640x480", "big", 1024, "1024*768"])
def test_a_size_too_small_or_unreadable_is_refused(size: object) -> None:
    with pytest.raises(ValidationError, match=r"window.size must be"):
        size_of({"window": {"size": size}})
