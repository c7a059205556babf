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

A register of a connected store is not set up by hand: F2 ("Connect to OFFICE / GATE")
turns the form into upstream's address and the register's one-time enrolment code, and
``connect`` enrols it (the store, the terminal and the cashiers come from upstream). F2
again goes back to a new store.
"""

from __future__ import annotations

from collections.abc import Callable

from apps.pos_desktop.presenters import enrolment
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
CONNECT = "A register of a connected store: type the address of OFFICE or GATE and its code"
_PLAIN = "#455a64"
FIELDS = (
    Field("store_name", "Store name", letters=True),
    Field("currency", "Currency", letters=True),
    Field("manager_pin", "Manager PIN", secret=True),
    Field("manager_pin_again", "PIN again", secret=True),
)


class SetUpForm:
    """The first start's form; ``start`` gets the checked answers and opens the register."""

    def __init__(
        self,
        start: Callable[[NewStore], None],
        *,
        terminal_id: str,
        connect: enrolment.Connect | None = None,
    ) -> None:
        self.start = start
        self.terminal_id = terminal_id
        self.connect = connect  # None: enrolment is not offered here
        self.connecting = False  # the form asks for upstream's address and a code
        self.form = Form(*FIELDS)
        self.message: Message | None = info(WELCOME)
        self.done = False  # the terminal was set up and its register opened

    def switch(self) -> None:
        """F2: connect to OFFICE or GATE instead of setting a store up, or back."""
        if self.connect is None:
            return
        self.connecting = not self.connecting
        self.form = Form(*(enrolment.FIELDS if self.connecting else FIELDS))
        self.message = info(CONNECT if self.connecting else WELCOME)

    # --- what the view calls ------------------------------------------------------------
    def press_key(self, name: str) -> bool:
        """A key from the keyboard, the keypad or a function key; False when it means
        nothing here."""
        actions: dict[str, Callable[[], None]] = {
            "Tab": self.form.tab,
            "Enter": self.enter,
            "Esc": self.press_clear,
        }
        if self.connect is not None:
            actions["F2"] = self.switch
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
        """Check every answer, then set the terminal up (or enrol it) and open its
        register."""
        self._try(self._connect if self.connecting else self._set_up)

    # --- what the view draws ------------------------------------------------------------
    def form_view(self) -> FormView:
        return self.form.view()

    def key_map(self) -> tuple[KeyView, ...]:
        done = "Connect" if self.connecting else "Set up"
        keys = [
            KeyView("Tab", "Next field", _PLAIN, "Tab"),
            KeyView("Enter", f"Next / {done}", "#2e7d32", "Enter"),
        ]
        if self.connect is not None:
            other = "New store" if self.connecting else "Connect to OFFICE / GATE"
            keys.append(KeyView("F2", other, _PLAIN, "F2"))
        return (*keys, KeyView("Esc", "Clear field", _PLAIN, "Esc"))

    # --- internals ----------------------------------------------------------------------
    def _set_up(self) -> None:
        answers = self._answers()
        self.start(answers)
        self.done = True
        self.message = info(f"Set up: sign in as cashier {MANAGER_ID} with the manager PIN")

    def _connect(self) -> None:
        assert self.connect is not None  # the form connects only where it may
        url, code = enrolment.form_answers(self.form)
        self.connect(url, code)
        self.done = True
        self.message = info("Connected: sign in with your cashier number and PIN from upstream")

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
