"""A real shop's first start: the store, this terminal and its manager, nothing else.

The demo store (``saleflex_core.demo``) is installed only when asked for; a register that
starts for a real shop gets the answers of ``NewStore`` instead: the store's name,
currency and time zone and the manager's PIN. ``set_up_store`` writes them in one
transaction with an empty catalogue (no VAT rates, departments or products: master data
comes from the manager or from OFFICE/GATE) and the one payment type a till cannot work
without, cash.

The unit of work names the shop's company (a new UUID at a first start: see PyPOS's
bootstrap); the store and the terminal get new global ids from ``ids``, and the terminal
keeps the code its settings name it by ("T01").
"""

from __future__ import annotations

import itertools
import unicodedata

from attrs import field, frozen

from saleflex_core.domain.catalog import PaymentType
from saleflex_core.domain.money import Currency, Money, known_currency
from saleflex_core.domain.organisation import (
    PIN_ITERATIONS,
    Cashier,
    Company,
    Role,
    Store,
    Terminal,
    hash_pin,
)
from saleflex_core.domain.store_time import DEFAULT_TIMEZONE, check_timezone
from saleflex_core.exceptions import StateError, ValidationError
from saleflex_core.ports import IdGenerator, UnitOfWork

MANAGER_ID = "1"  # the manager signs in as cashier 1
MAX_NAME = 200  # the store.name column


@frozen
class NewStore:
    """The answers of a first start, checked: build it with ``NewStore.from_answers``."""

    store_name: str
    currency: Currency
    manager_pin: str = field(repr=False)
    manager_name: str = "Manager"
    timezone: str = field(default=DEFAULT_TIMEZONE, converter=check_timezone)

    @classmethod
    def from_answers(
        cls,
        *,
        store_name: str,
        currency: str,
        manager_pin: str,
        manager_name: str = "Manager",
        timezone: str = DEFAULT_TIMEZONE,
    ) -> NewStore:
        """Check what a person typed (command options or the window's form); a
        ``ValidationError`` names the first answer that cannot be used. ``timezone`` is
        the store's IANA zone (the app offers the machine's own)."""
        return cls(
            store_name=check_name(store_name, "The store's name"),
            currency=known_currency(currency),
            manager_pin=check_new_pin(manager_pin),
            manager_name=check_name(manager_name, "The manager's name"),
            timezone=check_timezone(timezone),
        )


@frozen
class StoreSetUp:
    """What ``set_up_store`` created."""

    store: Store
    terminal: Terminal
    manager: Cashier


def check_new_pin(pin: str) -> str:
    """A PIN a person chooses: 4 to 8 digits, not one digit repeated (``9999``) and not a
    straight run up or down (``1234``, ``4321``): the PINs anyone would try first,
    the demo's among them."""
    if not isinstance(pin, str) or not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValidationError("The manager PIN must be 4 to 8 digits")
    steps = {int(b) - int(a) for a, b in itertools.pairwise(pin)}
    if steps in ({0}, {1}, {-1}):
        raise ValidationError(
            "The manager PIN is too easy to guess (one digit repeated or a run such as 1234): "
            "choose another"
        )
    return pin


def holds_master_data(uow: UnitOfWork) -> bool:
    """True when the unit of work's company already has a shop's master data (inside
    ``with uow``). Other companies are out of its sight: PyPOS's bootstrap looks at the
    whole database first (``first_start.company_for``)."""
    catalog = uow.catalog
    return bool(catalog.payment_types() or catalog.vat_rates() or uow.cashiers.all())


def set_up_store(
    uow: UnitOfWork,
    *,
    terminal_code: str,
    ids: IdGenerator,
    answers: NewStore,
    salt: bytes,
    pin_iterations: int = PIN_ITERATIONS,
) -> StoreSetUp:
    """Create the unit of work's company, a store, terminal ``terminal_code``, the manager
    and the cash payment type in one transaction, where the company holds no master data
    yet. The store and the terminal get their global ids from ``ids``.

    ``salt`` is the manager PIN's random salt (at least 8 bytes). A terminal that exists
    is never set up again, and a company with a shop's data is refused: both are a
    ``StateError`` and change nothing.
    """
    pin_hash = hash_pin(answers.manager_pin, salt, pin_iterations)  # slow: before the transaction
    code = answers.currency.code
    company = Company(uow.company_id, answers.store_name)
    store = Store(
        ids.new_id(), company.id, answers.store_name, answers.currency, timezone=answers.timezone
    )
    # Every cash-out needs a supervisor until the manager sets a limit.
    terminal = Terminal(
        ids.new_id(), company.id, store.id, terminal_code, f"Till {terminal_code}", Money(0, code)
    )
    manager = Cashier(MANAGER_ID, answers.manager_name, Role.MANAGER, pin_hash)
    with uow:
        _refuse_a_used_database(uow, terminal_code)
        uow.organisation.save_company(company)
        uow.organisation.save_store(store)
        uow.organisation.save_terminal(terminal)
        uow.catalog.save_payment_type(PaymentType.cash())
        uow.cashiers.save(manager)
        uow.commit()
    return StoreSetUp(store, terminal, manager)


def _refuse_a_used_database(uow: UnitOfWork, terminal_code: str) -> None:
    existing = [t for t in uow.organisation.terminals() if t.code == terminal_code]
    if existing:
        store = uow.organisation.store(existing[0].store_id)
        raise StateError(
            f"Terminal {terminal_code} is already set up in this database ({store.name}): "
            "a terminal is set up only once"
        )
    if holds_master_data(uow):
        raise StateError(
            "This database already holds a shop's master data: a new store is set up only "
            "on an empty database"
        )


def check_name(text: str, what: str) -> str:
    """A name a person typed, blanks collapsed: not empty, not too long, printable."""
    name = " ".join(text.split()) if isinstance(text, str) else ""
    if not name:
        raise ValidationError(f"{what} is empty")
    if len(name) > MAX_NAME:
        raise ValidationError(f"{what} is longer than {MAX_NAME} characters")
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise ValidationError(f"{what} contains control characters")
    return name
