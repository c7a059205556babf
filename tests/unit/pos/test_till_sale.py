"""The sale screen: scanning, quantity ×, search, quick keys, voids and discounts."""

from __future__ import annotations

from adapters.memory.storage import MemoryUnitOfWork
from apps.pos_desktop.presenters import Screen, Severity, Till
from apps.pos_desktop.presenters.search import SEARCH_LIMIT
from apps.pos_desktop.presenters.view_models import LineRow
from tests.conftest import APPLES_PLU, BAGUETTE, COLA, CROISSANT_PLU, WINE

from .keys import scan, type_in


def rows(till: Till) -> list[tuple[str, str, str]]:
    return [(row.name, row.qty, row.amount) for row in till.sale_view().lines]


def stored_audit(uow: MemoryUnitOfWork, till: Till) -> list[tuple[str, str, str | None, str]]:
    assert till.register.sale is not None
    with uow:
        draft = uow.drafts.get(till.register.sale.document_id)
    return [(a.action, a.cashier_id, a.approved_by, a.reason) for a in draft.audit]


# --- scanning --------------------------------------------------------------------------------


def test_a_plu_typed_on_the_keypad_and_enter_sells_it(till: Till) -> None:
    for key in CROISSANT_PLU:
        till.press_typed(key)
    assert till.entry_view().text == CROISSANT_PLU

    till.press_enter()

    assert rows(till) == [("Croissant", "1", "1.19")]
    assert till.entry_view().text == ""
    assert till.sale_view().total == "1.19"


def test_a_keyboard_wedge_scan_sells_the_item(till: Till) -> None:
    scan(till, BAGUETTE)
    scan(till, BAGUETTE)

    assert rows(till) == [("Baguette", "1", "1.29"), ("Baguette", "1", "1.29")]
    assert till.sale_view().total == "2.58"
    assert till.message is None


def test_a_whole_code_passed_with_enter_sells_it(till: Till) -> None:
    till.press_enter(WINE)

    assert rows(till) == [("Red wine 75cl", "1", "8.99")]


def test_the_quantity_key_sets_the_next_scans_quantity_only(till: Till) -> None:
    type_in(till, "3")
    till.press_key("F2")
    assert till.entry_view().quantity == "3 ×"

    scan(till, COLA)
    scan(till, COLA)

    assert rows(till) == [("Cola 330ml", "3", "3.57"), ("Cola 330ml", "1", "1.19")]
    assert till.entry_view().quantity == ""


def test_a_typed_weight_with_a_comma_sells_a_weighed_item(till: Till) -> None:
    type_in(till, "1,5")
    till.sale.press_quantity()
    till.press_enter(APPLES_PLU)

    assert rows(till) == [("Apples", "1.5 kg", "3.74")]
    assert till.sale_view().lines[0].price == "2.49/kg"


def test_the_quantity_key_without_a_number_says_what_to_do(till: Till) -> None:
    till.sale.press_quantity()

    assert till.message is not None and till.message.text == "Type the quantity first"
    assert till.sale.quantity is None


def test_an_unknown_barcode_shows_a_message_and_adds_no_line(till: Till) -> None:
    scan(till, BAGUETTE)
    scan(till, "5901234999991")

    assert till.message is not None
    assert till.message.severity is Severity.WARNING
    assert "5901234999991" in till.message.text
    assert rows(till) == [("Baguette", "1", "1.29")]
    assert till.entry_view().text == ""  # the next scan starts from an empty entry


def test_a_misread_barcode_asks_for_a_new_scan(till: Till) -> None:
    scan(till, BAGUETTE[:-1] + "7")

    assert till.message is not None
    assert till.message.text.startswith("Misread: ")
    assert till.register.sale is None


def test_escape_clears_the_entry_then_the_quantity(till: Till) -> None:
    type_in(till, "2")
    till.sale.press_quantity()
    type_in(till, "12")

    till.press_key("Esc")
    assert (till.entry_view().text, till.entry_view().quantity) == ("", "2 ×")
    till.press_key("Escape")
    assert till.entry_view().quantity == ""


# --- search and quick keys -------------------------------------------------------------------


def test_search_by_name_lists_matching_products_to_pick(till: Till) -> None:
    found = till.sale.search("croiss")

    assert found is not None
    assert [(r.plu, r.name, r.price) for r in found] == [
        ("1003", "Croissant", "1.19"),
        ("1103", "Croissant Bio", "1.36"),
        ("1203", "Croissant Family", "1.54"),
        ("1303", "Croissant Premium", "1.72"),
    ]
    assert till.products is not None and till.products.title == "Search: croiss"

    till.sale.pick("1103")
    assert rows(till) == [("Croissant Bio", "1", "1.36")]
    assert till.products is None


def test_search_by_code_puts_the_exact_plu_or_barcode_first(till: Till) -> None:
    by_plu = till.sale.search(CROISSANT_PLU)
    by_barcode = till.sale.search(COLA)

    assert by_plu is not None and by_plu[0].name == "Croissant"
    assert by_barcode is not None and [r.name for r in by_barcode] == ["Cola 330ml"]


def test_f3_searches_for_the_typed_code_and_clears_it(till: Till) -> None:
    type_in(till, "110")
    till.press_key("F3")

    assert till.products is not None
    assert sorted(r.plu for r in till.products.rows) == [f"110{i}" for i in range(1, 9)]
    assert till.products.rows[0].name == "Bagel Bio"  # by name
    assert till.entry_view().text == ""


def test_search_shows_at_most_thirty_results(till: Till) -> None:
    found = till.sale.search("1")

    assert found is not None and len(found) == SEARCH_LIMIT


def test_search_without_a_match_or_text_says_so(till: Till) -> None:
    assert till.sale.search("caviar") == ()
    assert till.message is not None and till.message.text == "Nothing matches 'caviar'"
    assert till.sale.search("  ") is None
    assert till.message is not None and till.message.text == "Type a name or a code to search"


def test_the_quick_keys_are_the_stores_in_order_and_colour(till: Till) -> None:
    keys = till.quick_keys()

    assert [(k.caption, k.colour) for k in keys[:2]] == [
        ("Bakery", "#b5651d"),
        ("Dairy", "#3a7ca5"),
    ]
    assert len(keys) == len(till.register.ref.quick_keys)
    assert till.quick_key_pages() == (1,)


def test_a_department_key_opens_its_products(till: Till) -> None:
    bakery = till.quick_keys()[0]
    till.sale.press_quick_key(bakery.key)

    assert till.products is not None
    assert till.products.title == "Bakery"
    assert len(till.products.rows) == 32
    assert till.register.sale is None  # nothing sold yet

    till.sale.pick(till.products.rows[0].plu)
    assert rows(till) == [("Bagel", "1", "1.09")]


def test_a_plu_key_sells_its_product(till: Till) -> None:
    baguette = next(k for k in till.quick_keys() if k.caption == "Baguette")
    till.sale.press_quick_key(baguette.key)

    assert rows(till) == [("Baguette", "1", "1.29")]


# --- lines, voids, discounts -----------------------------------------------------------------


def test_voiding_the_selected_line_takes_it_off_the_total(till: Till) -> None:
    scan(till, BAGUETTE)
    scan(till, COLA)
    till.sale.select_line(1)

    till.press_key("F4")

    view = till.sale_view()
    assert [(row.no, row.voided) for row in view.lines] == [(1, True), (2, False)]
    assert view.total == "1.19"
    assert till.message is not None and till.message.text == "Line 1 voided"


def test_the_arrow_keys_select_the_line_above_or_below(till: Till) -> None:
    scan(till, BAGUETTE)
    scan(till, COLA)
    scan(till, WINE)
    till.press_key("Up")
    till.press_key("Up")
    till.press_key("Up")  # stays on the first line
    assert [row.selected for row in till.sale_view().lines] == [True, False, False]

    till.press_key("Down")
    till.press_key("F4")
    assert [row.voided for row in till.sale_view().lines] == [False, True, False]


def test_selecting_a_line_that_does_not_exist_is_refused(till: Till) -> None:
    scan(till, BAGUETTE)
    till.sale.select_line(7)

    assert till.message is not None and till.message.text == "There is no line 7 on this sale"
    assert [row.selected for row in till.sale_view().lines] == [True]


def test_a_void_after_subtotal_waits_for_a_supervisor(till: Till, uow: MemoryUnitOfWork) -> None:
    scan(till, BAGUETTE)
    scan(till, COLA)
    till.press_key("F6")
    till.sale.void_selected()

    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.approval is not None
    assert till.approval.prompt == "Voiding a line after subtotal needs a supervisor's approval"

    till.supervisor.approve("2", "0000", "customer changed mind")  # wrong PIN: try again
    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.message is not None and till.message.text == "Unknown supervisor or wrong PIN"
    assert not any(row.voided for row in till.sale_view().lines)

    till.supervisor.approve("2", "9999", "customer changed mind")
    assert till.screen is Screen.SALE
    assert [row.voided for row in till.sale_view().lines] == [False, True]
    assert stored_audit(uow, till) == [("void_line", "1", "2", "customer changed mind")]


def test_declining_the_supervisor_leaves_the_line(till: Till) -> None:
    scan(till, BAGUETTE)
    till.sale.subtotal()
    till.sale.void_selected()
    till.press_key("Esc")

    assert till.screen is Screen.SALE
    assert till.approval is None
    assert not till.sale_view().lines[0].voided


def test_a_supervisor_must_give_a_reason(till: Till) -> None:
    scan(till, BAGUETTE)
    till.sale.subtotal()
    till.sale.void_selected()
    till.supervisor.approve("2", "9999", " ")

    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.message is not None and till.message.text == "Give a reason"


def test_a_typed_percentage_discounts_the_selected_line(till: Till) -> None:
    scan(till, WINE)
    type_in(till, "10")
    till.press_key("F5")

    assert till.sale_view().lines[0] == LineRow(
        1, "Red wine 75cl", "1", "8.99", "-0.90", "8.09", False, True
    )
    assert till.sale_view().discounts == "0.90"
    assert till.entry_view().text == ""


def test_an_amount_discount_on_the_whole_sale(till: Till) -> None:
    scan(till, WINE)
    scan(till, BAGUETTE)
    till.discounts.discount_sale(amount="0.28")

    view = till.sale_view()
    assert (view.subtotal, view.discounts, view.total) == ("10.28", "0.28", "10.00")


def test_a_discount_larger_than_the_line_is_refused(till: Till) -> None:
    scan(till, BAGUETTE)
    till.discounts.discount_selected(amount="5.00")

    assert till.message is not None and till.message.text == "The discount is more than line 1"
    assert till.sale_view().total == "1.29"


def test_a_discount_without_a_sale_or_a_number_says_what_is_missing(till: Till) -> None:
    till.press_key("F7")
    assert till.message is not None and till.message.text.startswith("There is no open sale")

    scan(till, BAGUETTE)
    till.press_key("F7")
    assert till.message is not None
    assert till.message.text == "Type the discount percentage first"


def test_the_sale_keys_show_their_function_keys(till: Till) -> None:
    keys = {k.hotkey: k.caption for k in till.key_map()}

    assert keys["F2"] == "Qty ×"
    assert keys["F9"] == "Payment"
    assert keys["Del"] == "Cancel sale"
    assert all(k.key == k.hotkey for k in till.key_map())
    assert not till.press_key("F13")

    till.press_key("F1")
    assert till.screen is Screen.PREVIEW
    assert till.preview is not None and till.preview.title == "Keys"
    assert "F4   Void line" in till.preview.text.splitlines()
    till.press_key("Esc")
    assert till.screen is Screen.SALE
