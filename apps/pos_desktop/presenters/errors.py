"""PyPOS's one mapping of core errors to what the cashier reads.

Only ``SaleFlexError`` is mapped: it is what SaleFlex raises on purpose. Anything else is a
defect; the view layer logs it and keeps the window alive, so nothing here catches it.
"""

from __future__ import annotations

import enum

from attrs import frozen

from saleflex_core.exceptions import (
    AuthenticationFailed,
    ConcurrencyError,
    DeviceError,
    InvalidBarcode,
    NotFound,
    PermissionDenied,
    SaleFlexError,
    ScaleError,
    StateError,
    StorageError,
    SyncError,
    ValidationError,
)


class Severity(enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@frozen
class Message:
    """One line for the message bar: plain text and how loudly to show it."""

    text: str
    severity: Severity = Severity.INFO


# Most specific first: the first class that matches decides severity and wording.
_RULES: tuple[tuple[type[SaleFlexError], Severity, str], ...] = (
    (AuthenticationFailed, Severity.ERROR, "{message}"),
    (PermissionDenied, Severity.WARNING, "{message}"),
    (InvalidBarcode, Severity.WARNING, "Misread: {message}. Scan again"),
    (NotFound, Severity.WARNING, "{message}"),
    (ValidationError, Severity.WARNING, "{message}"),
    (StateError, Severity.WARNING, "{message}"),
    (ScaleError, Severity.WARNING, "{message}"),
    (DeviceError, Severity.ERROR, "{message}"),
    (SyncError, Severity.WARNING, "Upstream: {message}"),
    (ConcurrencyError, Severity.ERROR, "Another writer changed this sale: try again"),
    (StorageError, Severity.ERROR, "Storage: {message}"),
)


def message_for(exc: SaleFlexError) -> Message:
    """The cashier's message for a refused operation."""
    for kind, severity, template in _RULES:
        if isinstance(exc, kind):
            return Message(template.format(message=exc.message), severity)
    return Message(exc.message, Severity.ERROR)


def info(text: str) -> Message:
    return Message(text, Severity.INFO)


def warning(text: str) -> Message:
    return Message(text, Severity.WARNING)


def device_warning(done: str, errors: tuple[str, ...]) -> Message:
    """``done`` as info, or as a warning naming the devices that failed after it."""
    if not errors:
        return info(done)
    return warning(f"{done} — {'; '.join(errors)}")
