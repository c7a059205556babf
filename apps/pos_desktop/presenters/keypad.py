"""The keypad's entry buffer: digits, one decimal comma or point, backspace, clear.

A keyboard-wedge scanner types into the same buffer (digits, then Enter), so the buffer
is bounded: a stuck scanner fills it and stops instead of growing without end.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from saleflex_core.exceptions import ValidationError

MAX_ENTRY = 48
SEPARATORS = (".", ",")


class Keypad:
    def __init__(self) -> None:
        self.text = ""

    def digit(self, digit: str) -> None:
        """One key: ``"0"`` to ``"9"``, or ``"00"``."""
        if digit not in {"00", *"0123456789"}:
            raise ValidationError(f"{digit!r} is not a digit")
        self._append(digit)

    def separator(self, char: str = ".") -> None:
        """The decimal comma or point; a second one is ignored."""
        if char not in SEPARATORS:
            raise ValidationError(f"{char!r} is not a decimal separator")
        if not any(s in self.text for s in SEPARATORS):
            self._append(char if self.text else "0" + char)

    def backspace(self) -> None:
        self.text = self.text[:-1]

    def clear(self) -> None:
        self.text = ""

    def take(self) -> str:
        """What was typed; the buffer is empty afterwards."""
        text, self.text = self.text, ""
        return text

    def _append(self, chars: str) -> None:
        if len(self.text) + len(chars) > MAX_ENTRY:
            raise ValidationError("The entry is full: press Clear")
        self.text += chars


def parse_number(text: str, what: str) -> Decimal:
    """Operator text as a positive Decimal (a quantity, a percentage)."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(f"Type the {what} first") from exc
    if not value.is_finite() or value <= 0:
        raise ValidationError(f"The {what} must be more than zero")
    return value
