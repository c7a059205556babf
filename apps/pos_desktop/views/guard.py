"""The one way a window callback meets an unexpected exception: logged, told, never fatal."""

from __future__ import annotations

from collections.abc import Callable

from apps.pos_desktop.presenters import Message, Severity
from saleflex_core.logger import get_logger

log = get_logger(__name__)


def guarded(work: Callable[[], object], where: str) -> Message | None:
    """Run ``work``; a defect is logged with its traceback and comes back as the message
    the cashier sees (the screen stays up, the next key press works)."""
    try:
        work()
    except Exception as exc:
        log.exception("Unexpected error in %s", where)
        return Message(
            f"Unexpected error ({type(exc).__name__}): it was logged. Try again.",
            Severity.ERROR,
        )
    return None


def redraw_guarded(refresh: Callable[[], object], where: str) -> None:
    """Redraw; a failed redraw is logged and the old picture stays."""
    try:
        refresh()
    except Exception:
        log.exception("%s could not redraw", where)
