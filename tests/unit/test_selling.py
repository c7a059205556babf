"""Building a sale through the register: scans, quantities, voids, prices, adjustments."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from adapters.memory.devices import MemoryDisplay, MemoryScale
from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.barcode import DEFAULT_EMBEDDED_RULES, make_embedded, make_gtin
from saleflex_core.domain.catalog import Product
from saleflex_core.domain.document import Document
from saleflex_core.domain.money import Money
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import (
    AuthenticationFailed,
    InvalidBarcode,
    PermissionDenied,
    ScaleError,
    StateError,
    UnknownProduct,
    ValidationError,
)
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases import selling
from saleflex_core.use_cases.auth import Override
from tests.conftest import (
    APPLES_PLU,
    BAGUETTE,
    COLA,
    CROISSANT_PLU,
    SUPERVISOR,
    TERMINAL,
    WINE,
    open_empty_sale,
)

RULES = {rule.prefix: rule for rule in DEFAULT_EMBEDDED_RULES}
BAGUETTE_PLU = "1001"


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def stored(uow: MemoryUnitOfWork, document_id: str) -> Document:
    """The draft as committed, read through a fresh unit of work."""
    with uow:
        return uow.drafts.get(document_id)


def weight_label(plu: str, grams: int) -> str:
    return make_embedded(RULES["21"], plu.zfill(5), grams)


def price_label(plu: str, cents: int) -> str:
    return make_embedded(RULES["23"], plu.zfill(5), cents)


def misread(code: str) -> str:
    """``code`` with its check digit off by one."""
    return code[:-1] + str((int(code[-1]) + 1) % 10)


def add_product(ref: ReferenceData, plu: str, price: int, barcodes: tuple[str, ...] = ()) -> None:
    ref.put_product(
        Product(
            id=f"X{plu}",
            plu=plu,
            name=f"Test item {plu}",
            department_code="BAK",
            vat_code="B",
            unit_price=eur(price),
            barcodes=barcodes,
        )
    )


@pytest.fixture
def sale(register: Register) -> Register:
    """A sale with line 1 Baguette 1.29 and line 2 Croissant 1.19 (subtotal 2.48)."""
    register.scan(BAGUETTE)
    register.scan(CROISSANT_PLU)
    return register


def assert_refused(
    register: Register, action: Callable[[Register], object], error: type[Exception]
) -> None:
    """``action`` raises exactly ``error``; the stored draft and the session stay as they were."""
    assert register.sale is not None
    before, shown = stored(register.uow, register.sale.document_id), register.sale
    with pytest.raises(error) as raised:
        action(register)
    assert raised.type is error
    assert stored(register.uow, shown.document_id) == before
    assert register.sale == shown


# --- scanning -------------------------------------------------------------------------------


def test_first_scan_opens_a_sale_for_the_signed_in_cashier(register: Register) -> None:
    state = register.scan(BAGUETTE)

    assert state.cashier_id == "1"
    assert [(line.name, line.quantity, line.unit_price) for line in state.lines] == [
        ("Baguette", Decimal(1), eur(129))
    ]
    assert state.lines[0].barcode == BAGUETTE
    assert state.totals.total == eur(129)
    assert stored(register.uow, state.document_id).lines == list(state.lines)


def test_scan_by_plu_sells_the_product_of_that_plu(register: Register) -> None:
    state = register.scan(CROISSANT_PLU)

    assert state.lines[0].name == "Croissant"
    assert state.lines[0].plu == CROISSANT_PLU
    assert state.totals.total == eur(119)


def test_each_scan_adds_a_numbered_line_to_the_same_sale(register: Register) -> None:
    first = register.scan(BAGUETTE)
    state = register.scan(COLA, quantity="3")

    assert state.document_id == first.document_id
    assert [(line.line_no, line.quantity) for line in state.lines] == [(1, 1), (2, 3)]
    assert state.totals.total == eur(129 + 3 * 119)


def test_scan_shows_the_line_on_the_customer_display(register: Register) -> None:
    register.scan(WINE, quantity="2")

    display = register.devices.display
    assert isinstance(display, MemoryDisplay)
    assert display.shown[-1] == ("Red wine 75cl", "17.98")


def test_a_upc_a_code_finds_the_product_stored_under_its_ean_13(
    register: Register, ref: ReferenceData
) -> None:
    upc = make_gtin("03600029145")
    add_product(ref, "9001", 250, barcodes=("0" + upc,))

    state = register.scan(upc)

    assert state.lines[0].plu == "9001"
    assert state.lines[0].barcode == upc


def test_an_ean_8_code_finds_its_product(register: Register, ref: ReferenceData) -> None:
    ean8 = make_gtin("9638507")
    add_product(ref, "9002", 75, barcodes=(ean8,))

    assert register.scan(ean8).lines[0].plu == "9002"


def test_a_weight_label_sells_the_weight_it_carries(register: Register) -> None:
    # 2.49/kg x 0.500 kg = 124.5 cents, rounded half-up.
    state = register.scan(weight_label(APPLES_PLU, 500))

    line = state.lines[0]
    assert (line.name, line.quantity) == ("Apples", Decimal("0.500"))
    assert line.net == eur(125)


def test_a_price_label_sells_the_item_at_the_printed_price(register: Register) -> None:
    label = price_label(BAGUETTE_PLU, 150)

    line = register.scan(label).lines[0]

    assert (line.name, line.quantity, line.unit_price) == ("Baguette", 1, eur(150))
    assert line.barcode == label
    assert not line.price_overridden


def test_a_price_label_on_a_weighed_item_charges_the_printed_price(register: Register) -> None:
    # The scale is silent: a price label needs no weighing.
    line = register.scan(price_label(APPLES_PLU, 350)).lines[0]

    assert line.net == eur(350)


def test_a_weighed_item_takes_its_weight_from_the_scale(register: Register) -> None:
    scale = register.devices.scale
    assert isinstance(scale, MemoryScale)
    scale.put(Decimal("0.750"))

    line = register.scan(APPLES_PLU).lines[0]

    assert line.quantity == Decimal("0.750")
    assert line.net == eur(187)  # 186.75 rounded half-up


def test_a_weighed_item_with_a_typed_weight_does_not_need_the_scale(register: Register) -> None:
    line = register.scan(APPLES_PLU, quantity="1.2").lines[0]

    assert line.quantity == Decimal("1.2")
    assert line.net == eur(299)  # 298.8


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        (("unstable",), ScaleError),
        ((), ScaleError),
        ((Decimal("0.1234"),), ValidationError),
        ((Decimal(0),), ValidationError),
    ],
    ids=["unstable", "silent", "four-decimals", "zero"],
)
def test_a_bad_scale_answer_adds_no_line(
    sale: Register, answers: tuple[Decimal | str, ...], error: type[Exception]
) -> None:
    scale = sale.devices.scale
    assert isinstance(scale, MemoryScale)
    scale.answers.extend(answers)

    assert_refused(sale, lambda r: r.scan(APPLES_PLU), error)


def test_a_weighed_item_without_a_scale_is_refused(
    uow: MemoryUnitOfWork, clock: SteppingClock, ids: SequentialIds
) -> None:
    register = Register(uow, terminal_id=TERMINAL, clock=clock, ids=ids, devices=Devices())
    register.sign_in("1", "1234")
    register.scan(BAGUETTE)

    assert_refused(register, lambda r: r.scan(APPLES_PLU), StateError)


def test_an_open_price_item_takes_the_price_typed_in(
    register: Register, ref: ReferenceData
) -> None:
    add_product(ref, "9003", 0)

    line = register.scan("9003", price="2.50").lines[0]

    assert line.unit_price == eur(250)
    assert register.sale is not None
    assert register.sale.totals.total == eur(250)


def test_an_open_price_item_without_a_price_is_refused(sale: Register, ref: ReferenceData) -> None:
    add_product(ref, "9003", 0)

    assert_refused(sale, lambda r: r.scan("9003"), ValidationError)


# --- bad input ------------------------------------------------------------------------------

BAD_INPUT = [
    pytest.param(lambda r: r.scan("99999"), UnknownProduct, id="unknown-plu"),
    pytest.param(lambda r: r.scan(make_gtin("590123499999")), UnknownProduct, id="unknown-ean"),
    pytest.param(lambda r: r.scan(misread(BAGUETTE)), InvalidBarcode, id="wrong-check-digit"),
    pytest.param(lambda r: r.scan(misread(make_gtin("03600029145"))), InvalidBarcode, id="bad-upc"),
    pytest.param(lambda r: r.scan(""), ValidationError, id="empty-code"),
    pytest.param(lambda r: r.scan("   "), ValidationError, id="blank-code"),
    pytest.param(lambda r: r.scan(BAGUETTE, "0"), ValidationError, id="zero-quantity"),
    pytest.param(lambda r: r.scan(BAGUETTE, "-1"), ValidationError, id="negative-quantity"),
    pytest.param(lambda r: r.scan(BAGUETTE, "1.5"), ValidationError, id="fractional-pieces"),
    pytest.param(lambda r: r.scan(BAGUETTE, "10000"), ValidationError, id="too-many-pieces"),
    pytest.param(lambda r: r.scan(BAGUETTE, "two"), ValidationError, id="quantity-not-a-number"),
    pytest.param(lambda r: r.scan(BAGUETTE, "NaN"), ValidationError, id="quantity-nan"),
    pytest.param(lambda r: r.scan(APPLES_PLU, "0.1234"), ValidationError, id="weight-4-decimals"),
    pytest.param(lambda r: r.scan(APPLES_PLU, "1000"), ValidationError, id="weight-too-heavy"),
    pytest.param(lambda r: r.scan(WINE, price="5.00"), ValidationError, id="price-on-set-price"),
    pytest.param(
        lambda r: r.scan(weight_label(BAGUETTE_PLU, 500)), ValidationError, id="weight-label-piece"
    ),
    pytest.param(lambda r: r.scan(price_label("99999", 100)), UnknownProduct, id="label-no-plu"),
    pytest.param(
        lambda r: r.scan(misread(price_label(BAGUETTE_PLU, 150))),
        InvalidBarcode,
        id="label-check-digit",
    ),
    pytest.param(lambda r: r.change_quantity(1, "0"), ValidationError, id="change-to-zero"),
    pytest.param(lambda r: r.change_quantity(1, "2.5"), ValidationError, id="change-fractional"),
    pytest.param(lambda r: r.change_quantity(9, "2"), ValidationError, id="change-missing-line"),
    pytest.param(lambda r: r.void_line(9), ValidationError, id="void-missing-line"),
    pytest.param(lambda r: r.discount_line(1, amount="1.30"), ValidationError, id="above-line"),
    pytest.param(lambda r: r.discount_line(1, amount="0"), ValidationError, id="zero-amount"),
    pytest.param(lambda r: r.discount_line(1, amount="-0.10"), ValidationError, id="neg-amount"),
    pytest.param(lambda r: r.discount_line(1, amount="0.001"), ValidationError, id="sub-cent"),
    pytest.param(lambda r: r.discount_line(1, percent="0"), ValidationError, id="zero-percent"),
    pytest.param(lambda r: r.discount_line(1, percent="100.01"), ValidationError, id="percent>100"),
    pytest.param(lambda r: r.surcharge_line(1, percent="101"), ValidationError, id="surcharge>100"),
    pytest.param(
        lambda r: r.discount_line(1, amount="0.10", percent="10"), ValidationError, id="both"
    ),
    pytest.param(lambda r: r.discount_line(1), ValidationError, id="neither"),
    pytest.param(lambda r: r.discount_line(9, percent="10"), ValidationError, id="adjust-no-line"),
    pytest.param(
        lambda r: r.discount_line(1, amount=Money(10, "USD")), ValidationError, id="currency"
    ),
    pytest.param(lambda r: r.discount_sale(amount="2.49"), ValidationError, id="above-subtotal"),
    pytest.param(lambda r: r.discount_sale(percent="0"), ValidationError, id="sale-zero-percent"),
    pytest.param(lambda r: r.override_price(1, "0.99"), PermissionDenied, id="price-no-approval"),
    pytest.param(
        lambda r: r.override_price(1, "0", SUPERVISOR), ValidationError, id="price-to-zero"
    ),
]


@pytest.mark.parametrize(("action", "error"), BAD_INPUT)
def test_bad_input_is_refused_and_changes_nothing(
    sale: Register, action: Callable[[Register], object], error: type[Exception]
) -> None:
    assert_refused(sale, action, error)


def test_voiding_a_voided_line_is_refused(sale: Register) -> None:
    sale.void_line(1)

    assert_refused(sale, lambda r: r.void_line(1), StateError)


def test_a_voided_line_cannot_be_changed(sale: Register) -> None:
    sale.void_line(1)

    assert_refused(sale, lambda r: r.change_quantity(1, "2"), StateError)


CHANGES = [
    pytest.param(lambda r: r.scan(BAGUETTE), id="scan"),
    pytest.param(lambda r: r.change_quantity(1, "2"), id="quantity"),
    pytest.param(lambda r: r.void_line(1), id="void"),
    pytest.param(lambda r: r.discount_line(1, percent="10"), id="line-discount"),
    pytest.param(lambda r: r.surcharge_line(1, amount="0.10"), id="line-surcharge"),
    pytest.param(lambda r: r.discount_sale(percent="10"), id="sale-discount"),
    pytest.param(lambda r: r.override_price(1, "0.99", SUPERVISOR), id="price"),
]


@pytest.mark.parametrize("action", CHANGES)
def test_items_cannot_change_once_a_payment_was_taken(
    sale: Register, action: Callable[[Register], object]
) -> None:
    sale.tender("CARD", "1.00")

    assert_refused(sale, action, StateError)


SIGNED_IN_ONLY = [
    *CHANGES,
    pytest.param(lambda r: r.surcharge_sale(amount="0.50"), id="sale-surcharge"),
    pytest.param(lambda r: r.subtotal(), id="subtotal"),
    pytest.param(lambda r: r.tender("CASH"), id="tender"),
    pytest.param(lambda r: r.complete(), id="complete"),
    pytest.param(lambda r: r.cancel(), id="cancel"),
    pytest.param(lambda r: r.suspend(), id="suspend"),
]


@pytest.mark.parametrize("action", SIGNED_IN_ONLY)
def test_nothing_is_done_without_a_signed_in_cashier(
    sale: Register, action: Callable[[Register], object]
) -> None:
    sale.sign_out()

    assert_refused(sale, action, PermissionDenied)


def test_a_scan_without_a_signed_in_cashier_opens_no_sale(register: Register) -> None:
    register.sign_out()

    with pytest.raises(PermissionDenied):
        register.scan(BAGUETTE)

    assert register.sale is None
    with register.uow:
        assert register.uow.drafts.active_for(TERMINAL) is None


# --- quantities and voids -------------------------------------------------------------------


def test_change_quantity_reprices_the_line(sale: Register) -> None:
    state = sale.change_quantity(1, "3")

    assert state.lines[0].quantity == 3
    assert state.lines[0].net == eur(387)
    assert state.totals.total == eur(387 + 119)
    assert stored(sale.uow, state.document_id).lines == list(state.lines)


def test_a_voided_line_stays_on_the_sale_but_counts_for_nothing(sale: Register) -> None:
    state = sale.void_line(1)

    assert [line.voided for line in state.lines] == [True, False]
    assert state.totals.total == eur(119)
    assert stored(sale.uow, state.document_id).audit == []


@pytest.mark.parametrize(
    ("override", "error"),
    [
        (None, PermissionDenied),
        (Override("2", "0000", "customer changed mind"), AuthenticationFailed),
        (Override("9", "9999", "customer changed mind"), AuthenticationFailed),
        (Override("1", "1234", "customer changed mind"), PermissionDenied),
        (Override("2", "9999", "  "), ValidationError),
    ],
    ids=["no-override", "wrong-pin", "unknown-approver", "cashier-approver", "no-reason"],
)
def test_a_void_after_subtotal_without_valid_approval_is_refused(
    sale: Register, override: Override | None, error: type[Exception]
) -> None:
    sale.subtotal()

    assert_refused(sale, lambda r: r.void_line(1, override), error)


def test_a_void_after_subtotal_with_a_supervisor_is_done_and_audited(sale: Register) -> None:
    sale.subtotal()

    state = sale.void_line(1, SUPERVISOR)

    assert state.lines[0].voided
    assert state.totals.total == eur(119)
    [entry] = stored(sale.uow, state.document_id).audit
    assert (entry.action, entry.cashier_id, entry.approved_by, entry.reason) == (
        "void_line",
        "1",
        "2",
        "customer changed mind",
    )
    assert "Baguette" in entry.detail


def test_a_supervisors_own_void_after_subtotal_is_audited(register: Register) -> None:
    register.sign_in("2", "9999")
    register.scan(BAGUETTE)
    register.scan(COLA)
    register.subtotal()

    state = register.void_line(1)

    [entry] = stored(register.uow, state.document_id).audit
    assert (entry.action, entry.cashier_id) == ("void_line", "2")


# --- price override -------------------------------------------------------------------------


def test_a_cashier_overrides_a_price_with_a_supervisor_and_it_is_audited(sale: Register) -> None:
    state = sale.override_price(1, "0.99", SUPERVISOR)

    line = state.lines[0]
    assert (line.unit_price, line.price_overridden) == (eur(99), True)
    assert state.totals.total == eur(99 + 119)
    [entry] = stored(sale.uow, state.document_id).audit
    assert (entry.action, entry.cashier_id, entry.approved_by, entry.reason) == (
        "override_price",
        "1",
        "2",
        "customer changed mind",
    )
    assert entry.detail == "line 1: 129 -> 99"


@pytest.mark.parametrize(
    ("override", "error"),
    [
        (Override("2", "1111", "damaged box"), AuthenticationFailed),
        (Override("1", "1234", "damaged box"), PermissionDenied),
    ],
    ids=["wrong-pin", "cashier-approver"],
)
def test_a_price_override_without_valid_approval_is_refused(
    sale: Register, override: Override, error: type[Exception]
) -> None:
    assert_refused(sale, lambda r: r.override_price(1, "0.99", override), error)


def test_a_supervisor_overrides_a_price_alone_and_it_is_still_audited(register: Register) -> None:
    register.sign_in("2", "9999")
    register.scan(BAGUETTE)

    state = register.override_price(1, "1.00")

    assert state.lines[0].unit_price == eur(100)
    [entry] = stored(register.uow, state.document_id).audit
    assert (entry.action, entry.cashier_id, entry.approved_by) == ("override_price", "2", "2")


# --- discounts and surcharges ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "net"),
    [
        ({"amount": "0.29"}, 100),
        ({"percent": "10"}, 116),  # 12.9 cents off, rounded half-up to 13
        ({"percent": "50"}, 64),  # 64.5 cents off, rounded half-up to 65
        ({"amount": "1.29"}, 0),  # the whole line, but no more
        ({"percent": "100"}, 0),
    ],
)
def test_a_line_discount_lowers_the_line(sale: Register, kwargs: dict[str, str], net: int) -> None:
    state = sale.discount_line(1, **kwargs)

    assert state.lines[0].net == eur(net)
    assert state.totals.discounts == eur(129 - net)
    assert state.totals.total == eur(net + 119)
    assert stored(sale.uow, state.document_id).lines == list(state.lines)


@pytest.mark.parametrize(("kwargs", "net"), [({"amount": "0.21"}, 150), ({"percent": "10"}, 142)])
def test_a_line_surcharge_raises_the_line(sale: Register, kwargs: dict[str, str], net: int) -> None:
    state = sale.surcharge_line(1, **kwargs)

    assert state.lines[0].net == eur(net)
    assert state.totals.surcharges == eur(net - 129)
    assert state.totals.total == eur(net + 119)


def test_a_line_discount_can_be_taken_back(sale: Register) -> None:
    assert sale.sale is not None
    sale.discount_line(1, percent="10")

    state = selling.adjust_line(
        sale.uow, document_id=sale.sale.document_id, line_no=1, adjustment=None
    )

    assert state.lines[0].adjustment is None
    assert state.totals.total == eur(129 + 119)


def test_a_quantity_that_would_leave_the_discount_above_the_line_is_refused(
    sale: Register,
) -> None:
    sale.change_quantity(1, "2")
    sale.discount_line(1, amount="2.00")

    assert_refused(sale, lambda r: r.change_quantity(1, "1"), ValidationError)


@pytest.mark.parametrize(
    ("adjust", "total"),
    [
        (lambda r: r.discount_sale(percent="10"), 223),  # 24.8 off -> 25
        (lambda r: r.discount_sale(amount="0.48"), 200),
        (lambda r: r.discount_sale(amount="2.48"), 0),
        (lambda r: r.surcharge_sale(percent="5"), 260),  # 12.4 on -> 12
        (lambda r: r.surcharge_sale(amount="1.00"), 348),
    ],
    ids=["discount-10%", "discount-amount", "discount-all", "surcharge-5%", "surcharge-amount"],
)
def test_a_sale_adjustment_changes_the_total_and_is_spread_over_the_lines(
    sale: Register, adjust: Callable[[Register], object], total: int
) -> None:
    adjust(sale)

    assert sale.sale is not None
    totals = sale.sale.totals
    assert totals.subtotal == eur(248)
    assert totals.total == eur(total)
    assert totals.document_adjustment == eur(total - 248)
    assert sum(share.amount.minor for share in totals.shares) == total
    assert stored(sale.uow, sale.sale.document_id).adjustment == sale.sale.adjustment


def test_a_sale_discount_on_an_empty_sale_is_refused(register: Register) -> None:
    open_empty_sale(register)

    assert_refused(register, lambda r: r.discount_sale(percent="10"), StateError)


def test_a_void_that_would_leave_the_sale_discount_above_the_rest_is_refused(
    sale: Register,
) -> None:
    sale.discount_sale(amount="2.00")

    assert_refused(sale, lambda r: r.void_line(1), ValidationError)


def test_adjustment_values_refuse_a_float_percentage() -> None:
    with pytest.raises(ValidationError):
        Adjustment.discount(percent=10.0)


# --- subtotal -------------------------------------------------------------------------------


def test_subtotal_is_recorded_and_changes_no_amount(sale: Register) -> None:
    assert sale.sale is not None
    before = sale.sale.totals

    state = sale.subtotal()

    assert state.subtotal_pressed
    assert state.totals == before
    assert stored(sale.uow, state.document_id).subtotal_at is not None


def test_subtotal_of_an_empty_sale_is_refused(register: Register) -> None:
    open_empty_sale(register)

    assert_refused(register, lambda r: r.subtotal(), StateError)


def test_an_item_scanned_after_subtotal_also_needs_approval_to_void(sale: Register) -> None:
    sale.subtotal()
    sale.scan(COLA)

    assert_refused(sale, lambda r: r.void_line(3), PermissionDenied)


def test_a_refused_first_scan_leaves_no_empty_sale_behind(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    with pytest.raises(UnknownProduct):
        register.scan("0000")
    assert register.sale is None
    with uow:
        assert uow.drafts.active_for(register.ref.terminal.id) is None


def test_an_open_price_entry_is_not_a_price_override(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    free = Product("open", "9999", "Flowers", "HOU", "A", Money(0, "EUR"))
    with uow:
        uow.catalog.save_product(free)
        uow.commit()
    register.ref.put_product(free)
    line = register.scan("9999", price="4.50").lines[-1]
    assert (line.unit_price.minor, line.price_overridden) == (450, False)
