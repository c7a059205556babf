"""Every page of the store's quick keys can be shown and used."""

from __future__ import annotations

from adapters.memory.storage import MemoryUnitOfWork
from apps.pos_desktop.presenters import Till
from saleflex_core.domain.catalog import QuickKey, QuickKeyKind
from tests.conftest import CROISSANT_PLU

from .keys import MakeTill


def with_a_second_page(uow: MemoryUnitOfWork, make_till: MakeTill) -> Till:
    with uow:
        keys = [
            *uow.catalog.quick_keys(),
            QuickKey(2, 1, "Croissant", QuickKeyKind.PLU, CROISSANT_PLU),
        ]
        uow.catalog.replace_quick_keys(keys)
        uow.commit()
    till = make_till()
    till.pin_pad.sign_in("1", "1234")
    return till


def test_the_second_page_is_shown_and_sells(uow: MemoryUnitOfWork, make_till: MakeTill) -> None:
    till = with_a_second_page(uow, make_till)
    assert till.quick_key_pages() == (1, 2)
    assert till.sale.page == 1 and len(till.quick_keys()) == 18

    till.sale.show_page(2)

    assert [(k.key, k.caption) for k in till.quick_keys()] == [("2.1", "Croissant")]
    till.sale.press_quick_key("2.1")
    assert [row.name for row in till.sale_view().lines] == ["Croissant"]


def test_a_page_that_does_not_exist_is_refused(uow: MemoryUnitOfWork, make_till: MakeTill) -> None:
    till = with_a_second_page(uow, make_till)
    till.sale.show_page(3)

    assert till.message is not None and till.message.text == "There is no quick-key page 3"
    assert till.sale.page == 1
