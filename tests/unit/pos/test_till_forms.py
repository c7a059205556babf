"""Forms by touch alone and by keyboard alone: the supervisor's approval, the search field."""

from __future__ import annotations

from adapters.memory.storage import MemoryUnitOfWork
from apps.pos_desktop.presenters import Screen, Till
from tests.conftest import BAGUETTE, COLA

from .keys import scan, type_in


def void_after_subtotal(till: Till) -> None:
    """Two lines, subtotal, void the last: the approval form opens."""
    scan(till, BAGUETTE)
    scan(till, COLA)
    till.press_key("F6")
    till.press_key("F4")
    assert till.screen is Screen.SUPERVISOR_PIN


def focused(till: Till) -> str | None:
    form = till.form_view()
    assert form is not None
    field = form.focused
    return None if field is None else field.name


def audit(uow: MemoryUnitOfWork, till: Till) -> list[tuple[str, str | None, str]]:
    assert till.register.sale is not None
    with uow:
        draft = uow.drafts.get(till.register.sale.document_id)
    return [(a.action, a.approved_by, a.reason) for a in draft.audit]


def test_the_approval_form_opens_on_the_supervisor_id(till: Till) -> None:
    void_after_subtotal(till)

    assert focused(till) == "supervisor"
    assert till.entry_view().prompt == "Supervisor id"
    keys = [(k.hotkey, k.caption) for k in till.key_map()]
    assert keys[:2] == [("F1", "Customer changed mind"), ("F2", "Scanned in error")]
    assert keys[-2:] == [("Tab", "Next field"), ("Esc", "Not approved")]


def test_a_supervisor_approves_by_touch_alone(till: Till, uow: MemoryUnitOfWork) -> None:
    void_after_subtotal(till)

    till.press_key("2")  # the on-screen keypad types into the focused field
    till.supervisor.focus("pin")  # a tap on the PIN field
    for digit in "9999":
        till.press_key(digit)
    assert till.entry_view().prompt == "PIN" and till.entry_view().text == "••••"
    till.press_key("F1")  # a tap on a standard reason
    till.supervisor.approve()  # the Approve button

    assert till.screen is Screen.SALE
    assert [row.voided for row in till.sale_view().lines] == [False, True]
    assert audit(uow, till) == [("void_line", "2", "Customer changed mind")]


def test_a_supervisor_approves_by_keyboard_alone(till: Till, uow: MemoryUnitOfWork) -> None:
    void_after_subtotal(till)

    type_in(till, "2")
    till.press_key("Tab")
    type_in(till, "9999")
    till.press_key("Enter")  # on to the reason
    assert focused(till) == "reason"
    till.press_key("F2")
    till.press_key("Enter")  # Enter on the reason approves

    assert till.screen is Screen.SALE
    assert audit(uow, till) == [("void_line", "2", "Scanned in error")]


def test_a_reason_typed_on_a_keyboard_is_taken(till: Till, uow: MemoryUnitOfWork) -> None:
    void_after_subtotal(till)
    type_in(till, "2")
    till.press_key("Enter")
    type_in(till, "9999")
    till.press_key("Enter")
    till.supervisor.typed_in("reason", "bag torn")
    till.press_key("Enter")

    assert audit(uow, till) == [("void_line", "2", "bag torn")]


def test_a_wrong_pin_empties_the_pin_and_keeps_the_id(till: Till) -> None:
    void_after_subtotal(till)
    type_in(till, "2")
    till.press_key("Tab")
    type_in(till, "0000")
    till.press_key("F1")
    till.press_key("Enter")

    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.message is not None and till.message.text == "Unknown supervisor or wrong PIN"
    form = till.form_view()
    assert form is not None
    assert [(f.name, f.text) for f in form.fields] == [
        ("supervisor", "2"),
        ("pin", ""),
        ("reason", "Customer changed mind"),
    ]
    assert focused(till) == "pin"


def test_a_missing_entry_is_told_and_focused(till: Till) -> None:
    void_after_subtotal(till)
    type_in(till, "2")
    till.supervisor.approve()

    assert till.message is not None and till.message.text == "Type the supervisor's PIN"
    assert focused(till) == "pin"
    assert till.screen is Screen.SUPERVISOR_PIN


def test_tab_goes_round_the_fields_and_letters_only_go_into_the_reason(till: Till) -> None:
    void_after_subtotal(till)
    till.press_typed("a")
    assert till.message is not None and till.message.text == "Supervisor id takes digits only"

    for expected in ("pin", "reason", "supervisor"):
        till.press_key("Tab")
        assert focused(till) == expected


def test_the_form_is_empty_again_after_a_decline(till: Till) -> None:
    void_after_subtotal(till)
    type_in(till, "2")
    till.press_key("Esc")
    till.press_key("F4")

    form = till.form_view()
    assert form is not None and [f.text for f in form.fields] == ["", "", ""]
    assert focused(till) == "supervisor"


def test_f3_with_nothing_typed_opens_the_search_field(till: Till) -> None:
    till.press_key("F3")
    assert focused(till) == "search"

    for char in "croiss":  # the on-screen letters
        till.press_typed(char)
    till.press_key("Backspace")
    till.press_typed("s")
    assert till.entry_view().text == "croiss"
    till.press_key("Enter")

    assert till.products is not None and till.products.title == "Search: croiss"
    assert focused(till) is None and till.entry_view().prompt == "Scan or type a PLU"
    till.sale.pick(till.products.rows[0].plu)
    assert [row.name for row in till.sale_view().lines] == ["Croissant"]


def test_a_tapped_search_field_takes_the_keypad_and_esc_leaves_it(till: Till) -> None:
    till.sale.focus_search()
    type_in(till, "100")
    assert till.entry_view().text == "100"
    till.press_key("Esc")

    assert focused(till) is None
    scan(till, BAGUETTE)  # the keypad types into the entry again
    assert [row.name for row in till.sale_view().lines] == ["Baguette"]
