"""Post-commit side effects (print, drawer, display): run, log and report, never undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from saleflex_core.exceptions import DeviceError
from saleflex_core.logger import get_logger

log = get_logger(__name__)
D = TypeVar("D")


class Effects:
    """Runs device actions after a commit; a DeviceError becomes a reported message."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def run(self, device: D | None, action: Callable[[D], object]) -> None:
        """Do ``action(device)`` unless the device is missing."""
        if device is None:
            return
        try:
            action(device)
        except DeviceError as exc:
            log.warning("Device action failed after commit: %s", exc.message)
            self.errors.append(exc.message)

    @property
    def reported(self) -> tuple[str, ...]:
        return tuple(self.errors)
