"""The SaleFlex error vocabulary.

Everything the core raises on purpose is a ``SaleFlexError``. Each app maps these
to a cashier message or an HTTP problem in one place. Lower-level errors are
chained with ``raise ... from exc``.
"""

from __future__ import annotations


class SaleFlexError(Exception):
    """Base of every error SaleFlex raises on purpose.

    ``message`` is written for the person at the till; ``code`` is stable for machines.
    """

    code = "saleflex_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(SaleFlexError):
    """Input that cannot be accepted (bad quantity, malformed amount, ...)."""

    code = "validation_error"


class InvalidBarcode(ValidationError):
    """A barcode whose length, digits or check digit is wrong."""

    code = "invalid_barcode"


class NotFound(SaleFlexError):
    """A referenced thing (product, document, cashier, ...) does not exist."""

    code = "not_found"


class UnknownProduct(NotFound):
    """No product answers to the scanned barcode or PLU."""

    code = "unknown_product"


class StateError(SaleFlexError):
    """The operation is not allowed in the current state of the document or period."""

    code = "state_error"


class IllegalTransition(StateError):
    """A document or closure was asked to move to a state it cannot reach."""

    code = "illegal_transition"


class PaymentError(StateError):
    """A tender that cannot be taken (over-tender on card, nothing due, ...)."""

    code = "payment_error"


class PermissionDenied(SaleFlexError):
    """The signed-in cashier may not do this without a supervisor."""

    code = "permission_denied"


class AuthenticationFailed(PermissionDenied):
    """Wrong cashier id or PIN."""

    code = "authentication_failed"


class EnrolmentRefused(AuthenticationFailed):
    """Upstream refused an enrolment code: it is not valid, used or expired."""

    code = "enrolment_refused"


class TooManyAttempts(PermissionDenied):
    """Refused for a while after too many failed attempts; ``retry_after`` in seconds."""

    code = "too_many_attempts"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DeviceError(SaleFlexError):
    """A printer, drawer, display or scale fault."""

    code = "device_error"


class ScaleError(DeviceError):
    """The scale gave no stable, usable weight."""

    code = "scale_error"


class SyncError(SaleFlexError):
    """Upstream delivery failed; the outbox keeps the event for a later attempt."""

    code = "sync_error"


class StorageError(SaleFlexError):
    """The database cannot be opened, read or written."""

    code = "storage_error"


class ConcurrencyError(StorageError):
    """Two writers raced for the same row; the operation changed nothing."""

    code = "concurrency_error"
