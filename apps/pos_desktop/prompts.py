"""The answers of ``saleflex-pos --init``, from its options, the environment or a prompt.

The manager PIN is never a command option: a shell keeps options in its history and
any user of the machine sees them in ``ps``. It comes from ``$SALEFLEX_MANAGER_PIN``
(scripted installs) or, on a terminal, from a prompt that does not echo, asked twice.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Mapping

from apps.pos_desktop.first_start import MANAGER_PIN_VARIABLE
from saleflex_core.domain.money import known_currency
from saleflex_core.domain.store_time import check_timezone
from saleflex_core.exceptions import ValidationError
from saleflex_core.use_cases.store_setup import NewStore, check_name, check_new_pin

EXAMPLE = 'saleflex-pos --init --store-name "Corner Shop" --currency EUR'


def first_start_answers(
    store_name: str | None,
    currency: str | None,
    *,
    timezone: str | None = "UTC",
    environ: Mapping[str, str] | None = None,
    ask: Callable[[str], str] | None = None,
) -> NewStore:
    """Every answer checked, the options before the PIN is asked; ``ask`` reads a secret
    (``getpass`` on a terminal, none otherwise). ``timezone`` is ``--timezone`` or the
    machine's zone; ``None`` (a machine zone without an IANA name) asks for the option."""
    missing = [
        option
        for option, value in (("--store-name NAME", store_name), ("--currency CODE", currency))
        if not value
    ]
    if missing or store_name is None or currency is None:
        raise ValidationError(f"--init needs {' and '.join(missing)}, e.g. {EXAMPLE}")
    check_name(store_name, "The store's name")
    known_currency(currency)
    if timezone is None:
        raise ValidationError(
            "This machine's time zone has no IANA name: give the store's with "
            "--timezone, e.g. --timezone Europe/Berlin"
        )
    check_timezone(timezone)
    pin = manager_pin(os.environ if environ is None else environ, ask or _terminal_prompt())
    return NewStore.from_answers(
        store_name=store_name, currency=currency, manager_pin=pin, timezone=timezone
    )


def manager_pin(environ: Mapping[str, str], ask: Callable[[str], str] | None) -> str:
    """The PIN from the environment, else asked twice; a ``ValidationError`` says how to
    give it when neither is possible."""
    given = environ.get(MANAGER_PIN_VARIABLE, "").strip()
    if given:
        return check_new_pin(given)
    if ask is None:
        raise ValidationError(
            f"--init asks for the manager PIN on a terminal; without one, set "
            f"{MANAGER_PIN_VARIABLE} to a PIN of 4 to 8 digits"
        )
    try:
        pin = check_new_pin(ask("Manager PIN (4 to 8 digits): ").strip())
        again = ask("Manager PIN again: ").strip()
    except (EOFError, KeyboardInterrupt) as stopped:
        raise ValidationError("No manager PIN was given: nothing was set up") from stopped
    if again != pin:
        raise ValidationError("The two manager PINs differ: nothing was set up")
    return pin


def _terminal_prompt() -> Callable[[str], str] | None:
    return getpass.getpass if sys.stdin is not None and sys.stdin.isatty() else None
