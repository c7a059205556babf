"""A new shop's first start in the window, before its register exists.

Where ``saleflex-pos`` starts on a new data folder with a display (and only where the
start-up rules allow a first start: see ``bootstrap.new_terminal_here``), the window asks
what ``--init`` takes: the store's name, its currency and the manager PIN, twice and
masked. Every answer is checked before anything is created, the one that cannot be used
is focused and told; then ``start`` sets the terminal up and opens its register, and the
window goes on to the register's sign-in screen (the manager is cashier 1).

By touch alone: tap a field, the on-screen letters (name, currency) or keypad (PINs) type
into it, "Set up" sets up. By keyboard alone: type, Tab or Enter to the next field, Enter
on the last sets up. Esc empties the focused field.
"""

from __future__ import annotations

from collections.abc import Callable

from apps.pos_desktop.presenters.desk import TYPED_KEYS
from apps.pos_desktop.presenters.errors import Message, info, message_for
from apps.pos_desktop.presenters.form import Field, Form
from apps.pos_desktop.presenters.view_models import FormView, KeyView
from saleflex_core.domain.money import known_currency
from saleflex_core.exceptions import SaleFlexError, ValidationError
from saleflex_core.use_cases.store_setup import (
    MANAGER_ID,
    NewStore,
    check_name,
    check_new_pin,
)

WELCOME = "A new register: type the store's name, its currency and the manager's PIN twice"
_PLAIN = "#455a64"
FIELDS = (
    Field("store_name", "Store name", letters=True),
    Field("currency", "Currency", letters=True),
    Field("manager_pin", "Manager PIN", secret=True),
    Field("manager_pin_again", "PIN again", secret=True),
)


class SetUpForm:
    """The first start's form; ``start`` gets the checked answers and opens the register."""

    def __init__(self, start: Callable[[NewStore], None], *, terminal_id: str) -> None:
        self.start = start
        self.terminal_id = terminal_id
        self.form = Form(*FIELDS)
        self.message: Message | None = info(WELCOME)
        self.done = False  # the terminal was set up and its register opened

    # --- what the view calls ------------------------------------------------------------
    def press_key(self, name: str) -> bool:
        """A key from the keyboard, the keypad or a function key; False when it means
        nothing here."""
        actions: dict[str, Callable[[], None]] = {
            "Tab": self.form.tab,
            "Enter": self.enter,
            "Esc": self.press_clear,
        }
        if name in actions:
            self._try(actions[name])
        elif name in TYPED_KEYS:
            self.press_typed(name)
        else:
            return False
        return True

    def press_typed(self, chars: str) -> None:
        """A digit, a letter or Backspace, into the focused field."""
        if chars == "Backspace":
            self._try(self.form.backspace)
        else:
            self._try(lambda: self.form.type(chars))

    def press_clear(self) -> None:
        self._try(self.form.clear)

    def focus_field(self, name: str) -> None:
        """A tap on a field: it takes what is typed next (a field that takes the keyboard
        reports it too: the focused one again changes nothing)."""
        if self.form.focus != name:
            self._try(lambda: self.form.focus_on(name))

    def type_field(self, name: str, text: str) -> None:
        """What a keyboard typed straight into a field's widget (the same text again, as
        the widget reports when it takes the keyboard, changes nothing)."""
        if self.form.values.get(name) != text:
            self._try(lambda: self.form.set(name, text))

    def enter(self) -> None:
        """Enter: the next field; on the last one, set the terminal up."""
        if self.form.next():
            self.set_up()

    def set_up(self) -> None:
        """Check every answer, then set the terminal up and open its register."""
        self._try(self._set_up)

    # --- what the view draws ------------------------------------------------------------
    def form_view(self) -> FormView:
        return self.form.view()

    def key_map(self) -> tuple[KeyView, ...]:
        return (
            KeyView("Tab", "Next field", _PLAIN, "Tab"),
            KeyView("Enter", "Next / Set up", "#2e7d32", "Enter"),
            KeyView("Esc", "Clear field", _PLAIN, "Esc"),
        )

    # --- internals ----------------------------------------------------------------------
    def _set_up(self) -> None:
        answers = self._answers()
        self.start(answers)
        self.done = True
        self.message = info(f"Set up: sign in as cashier {MANAGER_ID} with the manager PIN")

    def _answers(self) -> NewStore:
        """Each answer checked in the form's order; the first that cannot be used is
        focused (two PINs that differ are both typed again)."""
        values = self.form.values
        self._checked("store_name", lambda: check_name(values["store_name"], "The store's name"))
        self._checked("currency", lambda: known_currency(values["currency"]))
        self._checked("manager_pin", lambda: check_new_pin(values["manager_pin"]))
        if values["manager_pin_again"] != values["manager_pin"]:
            values["manager_pin"] = values["manager_pin_again"] = ""
            self.form.focus_on("manager_pin")
            raise ValidationError("The two manager PINs differ: type the PIN again, twice")
        return NewStore.from_answers(
            store_name=values["store_name"],
            currency=values["currency"],
            manager_pin=values["manager_pin"],
        )

    def _checked(self, name: str, check: Callable[[], object]) -> None:
        try:
            check()
        except ValidationError:
            self.form.focus_on(name)
            raise

    def _try(self, work: Callable[[], object]) -> None:
        """Run one action; a refusal becomes the message and changes nothing else."""
        self.message = None
        try:
            work()
        except SaleFlexError as exc:
            self.message = message_for(exc)
