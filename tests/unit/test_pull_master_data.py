"""Master data coming down: pages, their cursor, the caches swapped whole (memory adapters)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest

from adapters.memory import MemoryUpstream
from adapters.memory.master_data import MasterDataLog
from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from saleflex_core import demo
from saleflex_core.domain.barcode import make_gtin
from saleflex_core.domain.catalog import (
    Department,
    PaymentType,
    Product,
    QuickKey,
    QuickKeyKind,
    VatRate,
)
from saleflex_core.domain.master_data import MASTER_DATA, Deletions, MasterDataPage, Upserts
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Cashier, Role, hash_pin
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.domain.reference_page import apply_page
from saleflex_core.exceptions import AuthenticationFailed, UnknownProduct, ValidationError
from saleflex_core.register import Register
from saleflex_core.use_cases.pulling import apply_master_data
from tests.conftest import BAGUETTE, COLA, CROISSANT_PLU, demo_data

NEW_CODE = make_gtin("590123499001")


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def ginger_beer(**changes: object) -> Product:
    product = Product("P9001", "9001", "Ginger beer", "DRI", "A", eur(250), barcodes=(NEW_CODE,))
    return attrs.evolve(product, **changes)


def page(cursor: str = "1", **kinds: Any) -> MasterDataPage:
    """A page of upserts (``products=...``) and deletions (``gone_products=...``)."""
    up = {k: tuple(v) for k, v in kinds.items() if not k.startswith("gone_")}
    down = {k[5:]: tuple(v) for k, v in kinds.items() if k.startswith("gone_")}
    return MasterDataPage(cursor, Upserts(**up), Deletions(**down))


def stored_cursor(uow: MemoryUnitOfWork) -> str | None:
    with uow:
        return uow.sync_cursors.get(MASTER_DATA)


def catalogue(uow: MemoryUnitOfWork) -> dict[str, Product]:
    with uow:
        return {p.id: p for p in uow.catalog.products()}


# --- the page and the fake hub ---------------------------------------------------------


def test_a_page_names_each_thing_once() -> None:
    with pytest.raises(ValidationError, match="twice"):
        page(products=[ginger_beer()], gone_products=["P9001"])
    with pytest.raises(ValidationError, match="twice"):
        page(quick_keys=[QuickKey(1, 1, "A", QuickKeyKind.PLU, "1")] * 2)


def test_the_hub_serves_its_log_in_pages_with_the_net_effect_of_each() -> None:
    log = MasterDataLog()
    log.upsert(VatRate("Z", Decimal(5)), ginger_beer())
    log.upsert(ginger_beer(unit_price=eur(260)))
    log.delete("products", "P9001")
    log.upsert(Department("NEW", "New things", "Z"))
    first = log.pull(None, 3)
    assert first.upserts.vat_rates == (VatRate("Z", Decimal(5)),)
    assert first.upserts.products == (ginger_beer(unit_price=eur(260)),)  # the last one wins
    assert (first.next_cursor, first.has_more) == ("3", True)
    second = log.pull(first.next_cursor, 3)
    assert second.deletions.products == ("P9001",)
    assert second.upserts.departments == (Department("NEW", "New things", "Z"),)
    assert (second.next_cursor, second.has_more) == ("5", False)
    assert log.pull("5", 3).is_empty


# --- applying a page to the caches -----------------------------------------------------


def test_a_page_makes_a_new_snapshot_and_leaves_the_old_one_alone(ref: ReferenceData) -> None:
    baguette = ref.find(BAGUETTE).product
    cola = ref.find(COLA).product
    change = page(
        products=[ginger_beer(), attrs.evolve(baguette, unit_price=eur(150))],
        gone_products=[cola.id],
    )
    new = apply_page(ref, change)
    assert new.find(BAGUETTE).product.unit_price == eur(150)
    assert new.find(NEW_CODE).product == ginger_beer()
    with pytest.raises(UnknownProduct):
        new.find(COLA)
    assert ref.find(BAGUETTE).product == baguette  # the published snapshot never changes
    assert ref.find(COLA).product == cola
    with pytest.raises(UnknownProduct):
        ref.find(NEW_CODE)


def test_applying_a_page_twice_changes_nothing(ref: ReferenceData) -> None:
    cola = ref.find(COLA).product
    change = page(
        vat_rates=[VatRate("Z", Decimal(5))],
        products=[ginger_beer(vat_code="Z")],
        gone_products=[cola.id],
        gone_payment_types=["VOUCHER"],
    )
    once = apply_page(ref, change)
    twice = apply_page(once, change)
    assert twice == once


def test_codes_may_move_and_swap_between_products_of_one_page(ref: ReferenceData) -> None:
    baguette = ref.find(BAGUETTE).product
    croissant = ref.find(CROISSANT_PLU).product
    change = page(
        products=[
            attrs.evolve(baguette, plu=croissant.plu, barcodes=()),
            attrs.evolve(croissant, plu=baguette.plu, barcodes=baguette.barcodes),
        ]
    )
    new = apply_page(ref, change)
    assert new.find(BAGUETTE).product.id == croissant.id
    assert new.find(CROISSANT_PLU).product.id == baguette.id


@pytest.mark.parametrize(
    ("why", "kinds"),
    [
        ("Barcode", {"products": [ginger_beer(barcodes=(BAGUETTE,))]}),
        ("PLU", {"products": [ginger_beer(plu=CROISSANT_PLU)]}),
        ("department", {"products": [ginger_beer(department_code="NOPE")]}),
        ("VAT rate", {"products": [ginger_beer(vat_code="NOPE")]}),
        ("prices are in EUR", {"products": [ginger_beer(unit_price=Money(250, "USD"))]}),
        ("department 'BAK'", {"gone_departments": ["BAK"]}),
        ("VAT rate 'B'", {"gone_vat_rates": ["B"]}),
        ("point at nothing", {"quick_keys": [QuickKey(9, 1, "X", QuickKeyKind.PLU, "404")]}),
    ],
)
def test_a_page_the_catalogue_cannot_take_changes_nothing(
    register: Register, uow: MemoryUnitOfWork, why: str, kinds: dict[str, object]
) -> None:
    before, snapshot = catalogue(uow), register.ref
    with pytest.raises(ValidationError, match=why):
        apply_master_data(uow, ref=register.ref, page=page(**kinds))
    assert catalogue(uow) == before
    assert stored_cursor(uow) is None
    assert register.ref is snapshot


def test_removing_a_product_a_quick_key_sells_needs_the_key_gone_too(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    key = next(k for k in register.ref.quick_keys if k.kind is QuickKeyKind.PLU)
    product = register.ref.find(key.target).product
    with pytest.raises(ValidationError, match="point at nothing"):
        apply_master_data(uow, ref=register.ref, page=page(gone_products=[product.id]))
    change = page(gone_products=[product.id], gone_quick_keys=[(key.page, key.position)])
    new = apply_master_data(uow, ref=register.ref, page=change)
    assert key not in new.quick_keys
    with uow:
        assert key not in uow.catalog.quick_keys()


def test_barcodes_and_plus_are_stored_as_the_till_reads_them(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    padded = ginger_beer(plu=" 9001 ", barcodes=(f" {NEW_CODE}",))
    new = apply_master_data(uow, ref=register.ref, page=page(products=[padded]))
    assert new.product("P9001") == ginger_beer()
    assert catalogue(uow)["P9001"] == ginger_beer()


# --- the register pulls, stores and swaps ----------------------------------------------


def publish_a_week_of_changes(hub: MasterDataLog, ref: ReferenceData) -> None:
    baguette = ref.find(BAGUETTE).product
    hub.upsert(VatRate("Z", Decimal(5), "reduced"), Department("SPI", "Spirits", "A"))
    hub.upsert(ginger_beer(vat_code="Z"), attrs.evolve(baguette, unit_price=eur(139)))
    hub.upsert(PaymentType("MEAL", "Meal voucher", PaymentType.voucher().kind, True))
    hub.upsert(Cashier("7", "Grace", Role.CASHIER, hash_pin("7777", b"saltsalt", iterations=1000)))
    hub.upsert(QuickKey(9, 1, "Ginger", QuickKeyKind.PLU, "9001"))
    hub.delete("cashiers", "1")
    hub.delete("payment_types", "VOUCHER")


def test_the_register_pulls_every_page_stores_the_cursor_and_swaps(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    upstream = MemoryUpstream()
    publish_a_week_of_changes(upstream.master_data, register.ref)
    before = register.ref
    pulled = register.pull_master_data(upstream, limit=3)
    assert (pulled.pages, pulled.cursor, pulled.has_more, pulled.error) == (3, "9", False, None)
    assert upstream.master_data.pulls == [None, "3", "6"]
    assert stored_cursor(uow) == "9"
    ref = register.ref
    assert ref is not before
    assert ref.find(NEW_CODE).product.vat_code == "Z"
    assert ref.find(BAGUETTE).product.unit_price == eur(139)
    assert "MEAL" in ref.payment_types and "VOUCHER" not in ref.payment_types
    assert "7" in ref.cashiers and "1" not in ref.cashiers
    assert QuickKey(9, 1, "Ginger", QuickKeyKind.PLU, "9001") in ref.quick_keys
    register.sign_in("7", "7777")
    with pytest.raises(AuthenticationFailed):
        register.sign_in("1", "1234")
    restarted = Register(
        uow, terminal_id=demo.TERMINAL_ID, clock=SteppingClock(), ids=SequentialIds()
    )
    assert restarted.ref == ref  # what was swapped in is what was stored


def test_nothing_new_upstream_writes_nothing(register: Register, uow: MemoryUnitOfWork) -> None:
    upstream = MemoryUpstream()
    upstream.master_data.upsert(ginger_beer())
    register.pull_master_data(upstream)
    snapshot = register.ref
    pulled = register.pull_master_data(upstream)
    assert (pulled.pages, pulled.cursor) == (0, "1")
    assert register.ref is snapshot
    assert upstream.master_data.pulls == [None, "1"]


def test_a_pull_cut_short_goes_on_from_the_stored_cursor_after_a_restart(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    upstream = MemoryUpstream()
    publish_a_week_of_changes(upstream.master_data, register.ref)
    first = upstream.master_data.pull(None, 3)
    apply_master_data(uow, ref=register.ref, page=first)  # the first page is stored, then
    upstream.master_data.online = False  # the line goes down
    cut = register.pull_master_data(upstream, limit=3)
    assert (cut.pages, cut.cursor, cut.has_more, cut.error) == (0, "3", True, "Upstream is offline")
    upstream.master_data.online = True
    restarted = Register(
        uow, terminal_id=demo.TERMINAL_ID, clock=SteppingClock(), ids=SequentialIds()
    )
    restarted.pull_master_data(upstream, limit=3)
    assert upstream.master_data.pulls[-2:] == ["3", "6"]  # from where the stored page ended
    in_one_go = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(in_one_go, demo_data())
    other = Register(
        in_one_go, terminal_id=demo.TERMINAL_ID, clock=SteppingClock(), ids=SequentialIds()
    )
    other.pull_master_data(upstream)
    assert restarted.ref == other.ref
    assert catalogue(uow) == catalogue(in_one_go)


# --- the sale in progress and the receipts kept ----------------------------------------


def test_the_open_sale_keeps_its_lines_and_the_next_scan_sees_the_new_price(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    baguette = register.ref.find(BAGUETTE).product
    register.scan(BAGUETTE)
    upstream = MemoryUpstream()
    upstream.master_data.upsert(attrs.evolve(baguette, unit_price=eur(150), name="Baguette XL"))
    register.pull_master_data(upstream)
    sale = register.scan(BAGUETTE)
    first, second = sale.lines
    assert (first.name, first.unit_price) == ("Baguette", eur(129))
    assert (second.name, second.unit_price) == ("Baguette XL", eur(150))


def test_a_removed_product_leaves_old_receipts_and_the_open_sale_intact(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    cola = register.ref.find(COLA).product
    register.scan(COLA)
    register.tender("CASH", "5")
    done = register.complete()
    register.scan(COLA)
    upstream = MemoryUpstream()
    upstream.master_data.delete("products", cola.id)
    register.pull_master_data(upstream)
    with pytest.raises(UnknownProduct):
        register.scan(COLA)
    register.tender("CASH", "5")
    again = register.complete()  # the cola already on the sale is sold as it was copied
    with uow:
        kept = [uow.documents.get(d.sale.document_id) for d in (done, again)]
    assert [[line.name for line in doc.lines] for doc in kept] == [[cola.name], [cola.name]]
    assert cola.name in "\n".join(line.text for line in register.last_receipt())


def test_a_cashier_removed_upstream_finishes_the_sale_and_cannot_sign_in_again(
    register: Register,
) -> None:
    register.scan(BAGUETTE)
    upstream = MemoryUpstream()
    upstream.master_data.delete("cashiers", "1")
    register.pull_master_data(upstream)
    register.scan(COLA)
    register.tender("CASH", "5")
    assert register.complete().sale.cashier_id == "1"
    register.sign_out()
    with pytest.raises(AuthenticationFailed):
        register.sign_in("1", "1234")
