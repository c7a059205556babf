"""After a sale: its change on show, whole and consistent, then a clean idle screen."""

from __future__ import annotations

from apps.pos_desktop.presenters import Screen, Till
from tests.conftest import BAGUETTE, WINE

from .keys import scan


def pay_wine_and_baguette_with_twenty(till: Till) -> None:
    scan(till, WINE)
    scan(till, BAGUETTE)
    till.press_key("F9")
    till.payment.tender("CASH", "20")
    assert till.screen is Screen.SALE and till.register.sale is None


def test_the_finished_sale_shows_its_change_as_the_big_number(till: Till) -> None:
    pay_wine_and_baguette_with_twenty(till)

    view = till.sale_view()
    assert (view.big_caption, view.big) == ("CHANGE", "9.72")
    # the small totals are the finished sale's, not zeros beside its total
    assert (view.subtotal, view.discounts, view.total) == ("10.28", "0.00", "10.28")
    assert [(p.name, p.amount, p.change) for p in view.payments] == [("Cash", "20.00", "9.72")]


def test_esc_after_the_sale_gives_a_clean_idle_screen(till: Till) -> None:
    pay_wine_and_baguette_with_twenty(till)
    till.press_key("Esc")

    view = till.sale_view()
    assert (view.state_caption, view.big_caption, view.big) == ("Ready", "TOTAL", "0.00")
    assert (view.subtotal, view.total, view.change, view.payments) == ("0.00", "0.00", "0.00", ())


def test_the_next_item_starts_a_clean_sale(till: Till) -> None:
    pay_wine_and_baguette_with_twenty(till)
    scan(till, BAGUETTE)

    view = till.sale_view()
    assert (view.big_caption, view.big, view.subtotal) == ("TOTAL", "1.29", "1.29")


def test_a_cancelled_sale_says_so_in_big(till: Till) -> None:
    scan(till, WINE)
    till.press_key("Del")
    till.press_key("F1")

    view = till.sale_view()
    assert (view.big_caption, view.big) == ("CANCELLED", "8.99")


def test_the_next_cashier_does_not_see_the_last_change(till: Till) -> None:
    pay_wine_and_baguette_with_twenty(till)
    till.press_key("F12")
    till.pin_pad.sign_in("2", "9999")

    assert till.sale_view().state_caption == "Ready"
