"""A wrong PIN leaves nobody signed in; the open sale stays saved for the next sign-in."""

from __future__ import annotations

from apps.pos_desktop.presenters import Screen, Severity, Till
from tests.conftest import BAGUETTE

from .keys import scan


def test_a_wrong_pin_signs_the_previous_cashier_out(till: Till) -> None:
    scan(till, BAGUETTE)
    till.sale.press_quantity()  # some state of the sale screen
    till.pin_pad.sign_in("2", "0000")

    assert till.register.cashier is None
    assert till.screen is Screen.SIGN_IN
    assert till.status_bar().cashier == "signed out"
    assert till.message is not None and till.message.severity is Severity.ERROR
    assert till.message.text == "Unknown cashier or wrong PIN: nobody is signed in"
    assert till.register.sale is not None  # the open sale is kept

    till.press_key("F9")  # the sale screen's keys are gone with the cashier
    assert till.screen is Screen.SIGN_IN

    till.pin_pad.sign_in("2", "9999")
    assert [row.name for row in till.sale_view().lines] == ["Baguette"]
    assert till.message is not None and "restored" in till.message.text


def test_a_wrong_pin_typed_on_the_pad_leaves_nobody_signed_in(till: Till) -> None:
    till.sign_out()
    for key in ("2", "Enter", "1", "1", "1", "1", "Enter"):
        till.press_key(key)

    assert till.register.cashier is None
    assert till.entry_view().prompt == "Cashier number"
