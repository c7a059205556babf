"""What every screen's controller shares, and nothing more.

``Desk`` is the register, the keypad's entry, the message line and which screen is showing.
Each screen's own state lives in its controller (``sign_in``, ``selling``, ``payment`` ...);
the ``Till`` composes them and routes each key to the current screen's controller.
``action`` wraps each method the view calls: a refused operation (any ``SaleFlexError``)
becomes the message and changes nothing else.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from attrs import frozen

from apps.pos_desktop.presenters.errors import Message, message_for
from apps.pos_desktop.presenters.keypad import Keypad
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import SaleFlexError, StateError, ValidationError
from saleflex_core.register import Register
from saleflex_core.use_cases.auth import Override
from saleflex_core.use_cases.results import SaleState

MAX_AMOUNT_DIGITS = 6  # whole digits of a typed amount: 999 999.99 is more than a till holds
TYPED_KEYS = frozenset({"00", *"0123456789", ".", ",", "Backspace"})


class Screen(enum.Enum):
    SIGN_IN = "sign_in"
    SALE = "sale"
    PAYMENT = "payment"
    SUSPENDED = "suspended"
    CASH = "cash"
    REPORT = "report"
    CLOSE_PERIOD = "close_period"
    CONFIRM_CANCEL = "confirm_cancel"
    SUPERVISOR_PIN = "supervisor_pin"
    PREVIEW = "preview"
    SYNC = "sync"
    ENROL = "enrol"


@frozen
class Pending:
    """An action waiting for approval or a yes: ``run`` gets the override (or None)."""

    prompt: str
    run: Callable[[Override | None], None]
    back_to: Screen


@frozen
class FunctionKey:
    """A function key of a screen: ``hotkey`` ("F9") over ``caption``; ``handler`` runs it."""

    hotkey: str
    caption: str
    colour: str  # "void", "pay" or "plain"; the Till turns it into a colour
    handler: Callable[[], object]


class Desk:
    """The register, the entry, the message line and the current screen."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.currency = register.ref.store.currency
        self.screen = Screen.SALE if register.cashier is not None else Screen.SIGN_IN
        self.keypad = Keypad()
        self.message: Message | None = None

    def signed_in(self) -> None:
        if self.register.cashier is None:
            raise StateError("Sign in first")

    def open_sale(self) -> SaleState:
        self.signed_in()
        if self.register.sale is None:
            raise StateError("There is no open sale: scan an item first")
        return self.register.sale

    def amount(self, text: str) -> Money:
        """Typed money; an amount with more whole digits than a till ever takes is a barcode
        typed into the wrong place (the entry is cleared for the next try)."""
        amount = self.register.money(text)
        if abs(amount.minor) >= 10 ** (MAX_AMOUNT_DIGITS + self.currency.exponent):
            self.keypad.clear()
            raise ValidationError(f"{text} is too large to be an amount: was it a barcode?")
        return amount

    def typed(self, given: str | None, missing: str) -> str:
        """``given``, else what was typed on the keypad; nothing at all is ``missing``."""
        text = given if given is not None else self.keypad.text
        if not text.strip():
            raise ValidationError(missing)
        return text


class HasDesk(Protocol):
    desk: Desk


P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T", bound=HasDesk)


def action(method: Callable[Concatenate[T, P], R]) -> Callable[Concatenate[T, P], R | None]:
    """A method the view calls: a SaleFlexError becomes the message; anything else rises."""

    @functools.wraps(method)
    def run(self: T, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
        self.desk.message = None
        try:
            return method(self, *args, **kwargs)
        except SaleFlexError as exc:
            self.desk.message = message_for(exc)
            return None

    return run


class Controller:
    """One screen's actions and state. The defaults: the keypad types into the entry, Enter
    does nothing, Esc clears the entry and then goes back to the sale."""

    prompt = ""  # what the entry line asks for on this screen

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    @property
    def register(self) -> Register:
        return self.desk.register

    def keys(self) -> tuple[FunctionKey, ...]:
        return ()

    def type_key(self, name: str) -> None:
        """A digit, "00", a decimal separator or Backspace from the keypad or keyboard."""
        keypad = self.desk.keypad
        if name == "Backspace":
            keypad.backspace()
        elif name in {".", ","}:
            keypad.separator(name)
        else:
            keypad.digit(name)

    def clear(self) -> None:
        self.desk.keypad.clear()

    def entry(self) -> tuple[str, str]:
        """The entry line: what is asked, and what was typed."""
        return self.prompt, self.desk.keypad.text

    def enter(self, text: str | None) -> None:
        """Enter with ``text`` (a scanner's whole code) or what was typed."""

    def back(self) -> None:
        if self.desk.keypad.text:
            self.desk.keypad.clear()
        else:
            self.desk.screen = Screen.SALE
