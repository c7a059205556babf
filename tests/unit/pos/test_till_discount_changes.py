"""A discount is changed by typing a new percentage, and taken back with F5 or F7 and
nothing typed, after a yes; as giving one, it needs nothing more than a signed-in cashier
and a sale still open for items."""

from __future__ import annotations

from decimal import Decimal

from apps.pos_desktop.presenters import Screen, Till
from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.money import Money
from tests.conftest import BAGUETTE, COLA, WINE

from .keys import scan, type_in


def _message(till: Till) -> str:
    assert till.message is not None
    return till.message.text


def _sale_with_a_sale_discount(till: Till) -> None:
    """Wine and a baguette (10.28) with 10 % off the sale: 9.25."""
    scan(till, WINE)
    scan(till, BAGUETTE)
    type_in(till, "10")
    till.press_key("F7")
    assert _message(till) == "Sale discount 10 %"


def test_a_new_percentage_replaces_the_sale_discount(till: Till) -> None:
    _sale_with_a_sale_discount(till)
    type_in(till, "20")
    till.press_key("F7")

    assert _message(till) == "Sale discount changed to 20 %"
    view = till.sale_view()
    assert (view.subtotal, view.discounts, view.total) == ("10.28", "2.06", "8.22")
    assert view.sale_adjustment == "sale 20 %"
    assert till.register.sale is not None
    assert till.register.sale.adjustment == Adjustment.discount(percent=Decimal("20"))


def test_f7_with_nothing_typed_removes_the_sale_discount_after_a_yes(till: Till) -> None:
    _sale_with_a_sale_discount(till)
    till.press_key("F7")

    assert till.screen is Screen.CONFIRM_CANCEL
    assert till.question is not None
    assert till.question.prompt == "Remove the sale discount (10 %, -1.03)?"
    assert [(k.hotkey, k.caption) for k in till.key_map()] == [("F1", "Yes, remove"), ("Esc", "No")]
    assert till.sale_view().total == "9.25"  # nothing changes before the yes
    till.press_key("F1")

    assert till.screen is Screen.SALE
    assert _message(till) == "The sale discount was removed"
    view = till.sale_view()
    assert (view.total, view.discounts, view.sale_adjustment) == ("10.28", "0.00", "")
    assert till.register.sale is not None and till.register.sale.adjustment is None


def test_no_keeps_the_sale_discount(till: Till) -> None:
    _sale_with_a_sale_discount(till)
    till.press_key("F7")
    till.press_key("Esc")

    assert till.screen is Screen.SALE
    assert _message(till) == "Nothing was changed"
    assert till.sale_view().total == "9.25"


def test_f7_with_nothing_typed_on_a_sale_without_one_asks_for_a_percentage(till: Till) -> None:
    scan(till, WINE)
    till.press_key("F7")

    assert till.screen is Screen.SALE
    assert _message(till) == "Type the discount percentage first"


def test_a_line_discount_is_changed_then_removed(till: Till) -> None:
    scan(till, WINE)
    scan(till, COLA)
    till.press_key("Up")  # the wine
    type_in(till, "10")
    till.press_key("F5")
    assert _message(till) == "Line 1 discount 10 %"
    type_in(till, "50")
    till.press_key("F5")
    assert _message(till) == "Line 1 discount changed to 50 %"
    assert till.sale_view().lines[0].discount == "-4.50"

    till.press_key("F5")
    assert till.question is not None
    assert till.question.prompt == "Remove the discount of line 1 (50 %, -4.50)?"
    till.press_key("F1")

    assert _message(till) == "The discount of line 1 was removed"
    assert [row.discount for row in till.sale_view().lines] == ["", ""]
    assert till.sale_view().total == "10.18"


def test_an_amount_discount_is_shown_and_removed_by_its_amount(till: Till) -> None:
    scan(till, WINE)
    scan(till, BAGUETTE)
    till.discounts.discount_sale(amount="0.28")
    assert _message(till) == "Sale discount 0.28"
    assert till.sale_view().sale_adjustment == "sale 0.28"

    till.press_key("F7")
    assert till.question is not None
    assert till.question.prompt == "Remove the sale discount (-0.28)?"


def test_a_surcharge_given_through_the_register_is_named_a_surcharge(till: Till) -> None:
    scan(till, WINE)
    till.register.surcharge_sale(amount=Money(100, "EUR"))
    assert till.sale_view().sale_adjustment == "sale +1.00"

    till.press_key("F7")
    assert till.question is not None
    assert till.question.prompt == "Remove the sale surcharge (1.00)?"
    till.confirm.answer(True)
    assert _message(till) == "The sale surcharge was removed"
    assert till.sale_view().total == "8.99"


def test_a_discount_cannot_be_removed_once_paying_has_begun(till: Till) -> None:
    _sale_with_a_sale_discount(till)
    till.payment.open()
    till.payment.tender("CASH", "5")  # part paid: the items are closed
    till.press_key("Esc")
    till.press_key("F7")
    till.press_key("F1")

    assert till.screen is Screen.SALE
    assert _message(till) == "Payments were taken: the items can no longer change"
    assert till.sale_view().total == "9.25"


def test_the_help_says_how_to_change_and_remove_a_discount(till: Till) -> None:
    till.press_key("F1")

    assert till.preview is not None
    assert "F5, F7  with nothing typed: remove that discount" in till.preview.text
    assert "a new percentage replaces the old one" in till.preview.text
    assert "a sale of 0.00: Enter, a supervisor approves" in till.preview.text
    assert "float left in the drawer" in till.preview.text
