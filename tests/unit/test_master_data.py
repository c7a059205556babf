"""Master data: saving products keeps the terminal's in-memory caches true."""

from __future__ import annotations

import copy

import attrs
import pytest

from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from saleflex_core.domain.barcode import make_gtin
from saleflex_core.domain.catalog import Product, SoldBy
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import (
    InvalidBarcode,
    StateError,
    UnknownProduct,
    ValidationError,
)
from saleflex_core.register import Register
from saleflex_core.use_cases.master_data import save_product
from tests.conftest import BAGUETTE, COLA, CROISSANT_PLU, TERMINAL

NEW_BARCODE = make_gtin("590123499001")
OTHER_BARCODE = make_gtin("590123499002")
MISREAD = NEW_BARCODE[:-1] + str((int(NEW_BARCODE[-1]) + 1) % 10)  # wrong check digit


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def new_product(**changes: object) -> Product:
    product = Product(
        id="P9001",
        plu="9001",
        name="Ginger beer",
        department_code="DRI",
        vat_code="A",
        unit_price=eur(250),
        barcodes=(NEW_BARCODE,),
    )
    return attrs.evolve(product, **changes)


def stored(uow: MemoryUnitOfWork, product_id: str) -> Product | None:
    with uow:
        return next((p for p in uow.catalog.products() if p.id == product_id), None)


def test_a_new_product_is_sold_at_once(register: Register, uow: MemoryUnitOfWork) -> None:
    saved = save_product(uow, ref=register.ref, product=new_product())
    assert saved == new_product()
    sale = register.scan(NEW_BARCODE)
    line = sale.lines[-1]
    assert (line.product_id, line.name, line.unit_price) == ("P9001", "Ginger beer", eur(250))
    assert register.scan("9001").lines[-1].product_id == "P9001"  # by PLU too
    assert register.ref.vat_rate(line.vat_code) == line.vat_rate
    assert stored(uow, "P9001") == new_product()


def test_a_new_product_survives_a_restart(
    register: Register, uow: MemoryUnitOfWork, clock: SteppingClock, ids: SequentialIds
) -> None:
    save_product(uow, ref=register.ref, product=new_product())
    fresh = Register(uow, terminal_id=TERMINAL, clock=clock, ids=ids)
    assert fresh.ref.find(NEW_BARCODE).product == new_product()


def test_a_changed_price_applies_to_the_next_scan(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    register.scan(BAGUETTE)
    baguette = register.ref.find(BAGUETTE).product
    save_product(uow, ref=register.ref, product=attrs.evolve(baguette, unit_price=eur(150)))
    sale = register.scan(BAGUETTE)
    assert [line.unit_price for line in sale.lines] == [eur(129), eur(150)]
    assert sale.totals.total == eur(279)
    assert stored(uow, baguette.id) is not None
    assert stored(uow, baguette.id).unit_price == eur(150)  # type: ignore[union-attr]


def test_a_renamed_product_prints_its_new_name(register: Register, uow: MemoryUnitOfWork) -> None:
    cola = register.ref.find(COLA).product
    save_product(uow, ref=register.ref, product=attrs.evolve(cola, name="Cola Zero 330ml"))
    assert register.scan(COLA).lines[-1].name == "Cola Zero 330ml"


def test_moving_a_barcode_between_products(register: Register, uow: MemoryUnitOfWork) -> None:
    first = save_product(uow, ref=register.ref, product=new_product())
    second = new_product(id="P9002", plu="9002", name="Root beer", barcodes=())
    save_product(uow, ref=register.ref, product=second)
    save_product(uow, ref=register.ref, product=attrs.evolve(first, barcodes=(OTHER_BARCODE,)))
    save_product(uow, ref=register.ref, product=attrs.evolve(second, barcodes=(NEW_BARCODE,)))
    assert register.ref.find(NEW_BARCODE).product.id == "P9002"
    assert register.ref.find(OTHER_BARCODE).product.id == "P9001"
    assert register.ref.owner_of_barcode(NEW_BARCODE).id == "P9002"  # type: ignore[union-attr]
    assert register.scan(NEW_BARCODE).lines[-1].name == "Root beer"


def test_a_dropped_barcode_no_longer_scans(register: Register, uow: MemoryUnitOfWork) -> None:
    product = save_product(uow, ref=register.ref, product=new_product())
    save_product(uow, ref=register.ref, product=attrs.evolve(product, barcodes=()))
    with pytest.raises(UnknownProduct):
        register.ref.find(NEW_BARCODE)
    assert register.ref.find("9001").product.id == "P9001"


def test_a_changed_plu_frees_the_old_one(register: Register, uow: MemoryUnitOfWork) -> None:
    product = save_product(uow, ref=register.ref, product=new_product())
    save_product(uow, ref=register.ref, product=attrs.evolve(product, plu="9005"))
    assert register.ref.find("9005").product.id == "P9001"
    with pytest.raises(UnknownProduct):
        register.ref.find("9001")
    # The freed PLU may now go to another product.
    save_product(uow, ref=register.ref, product=new_product(id="P9002", barcodes=()))
    assert register.ref.find("9001").product.id == "P9002"


def test_saving_a_product_unchanged_is_fine(register: Register, uow: MemoryUnitOfWork) -> None:
    baguette = register.ref.find(BAGUETTE).product
    assert save_product(uow, ref=register.ref, product=baguette) == baguette
    assert register.ref.find(BAGUETTE).product == baguette


def test_a_deactivated_product_is_not_sold(register: Register, uow: MemoryUnitOfWork) -> None:
    baguette = register.ref.find(BAGUETTE).product
    save_product(uow, ref=register.ref, product=attrs.evolve(baguette, active=False))
    register.scan(COLA)
    with pytest.raises(StateError):
        register.scan(BAGUETTE)


@pytest.mark.parametrize(
    ("product", "error"),
    [
        (new_product(barcodes=(BAGUETTE,)), ValidationError),  # another product's barcode
        (new_product(plu="1003"), ValidationError),  # the croissant's PLU
        (new_product(department_code="XXX"), ValidationError),
        (new_product(vat_code="Z"), ValidationError),
        (new_product(unit_price=Money(250, "USD")), ValidationError),
        (new_product(barcodes=(MISREAD,)), InvalidBarcode),
        (new_product(barcodes=("12345",)), InvalidBarcode),
        (new_product(barcodes=(NEW_BARCODE, "59012344x0006")), InvalidBarcode),
    ],
)
def test_bad_products_are_refused_and_change_nothing(
    register: Register, uow: MemoryUnitOfWork, product: Product, error: type[Exception]
) -> None:
    tables = copy.deepcopy(uow.database.tables)
    with pytest.raises(error):
        save_product(uow, ref=register.ref, product=product)
    assert uow.database.tables == tables
    assert stored(uow, "P9001") is None
    with pytest.raises(UnknownProduct):
        register.ref.find(NEW_BARCODE)
    assert register.ref.find(BAGUETTE).product.id == "P1001"
    assert register.ref.find(CROISSANT_PLU).product.name == "Croissant"
    assert "P9001" not in register.ref.products


def test_an_existing_product_cannot_take_anothers_barcode(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    cola = register.ref.find(COLA).product
    with pytest.raises(ValidationError, match="Baguette"):
        save_product(
            uow, ref=register.ref, product=attrs.evolve(cola, barcodes=(*cola.barcodes, BAGUETTE))
        )
    assert register.ref.find(BAGUETTE).product.name == "Baguette"
    assert register.ref.find(COLA).product == cola


UPC_A = "036000291452"  # the same GTIN as the EAN-13 "0036000291452"


@pytest.mark.parametrize(("first", "second"), [("0" + UPC_A, UPC_A), (UPC_A, "0" + UPC_A)])
def test_the_same_gtin_in_another_form_is_a_duplicate(
    register: Register, uow: MemoryUnitOfWork, first: str, second: str
) -> None:
    save_product(uow, ref=register.ref, product=new_product(barcodes=(first,)))
    assert register.ref.find(UPC_A).product.id == "P9001"
    other = new_product(id="P9002", plu="9002", name="Oat milk", barcodes=(second,))
    with pytest.raises(ValidationError):
        save_product(uow, ref=register.ref, product=other)
    assert register.ref.find(UPC_A).product.id == "P9001"
    assert register.ref.find("0" + UPC_A).product.id == "P9001"


def test_weighed_product_without_barcode(register: Register, uow: MemoryUnitOfWork) -> None:
    pears = new_product(
        id="P9010",
        plu="3099",
        name="Pears",
        department_code="PRO",
        vat_code="C",
        unit_price=eur(329),
        sold_by=SoldBy.WEIGHT,
        barcodes=(),
    )
    save_product(uow, ref=register.ref, product=pears)
    line = register.scan("3099", "0.5").lines[-1]
    assert line.gross == eur(165)  # 164.5 rounded half-up
