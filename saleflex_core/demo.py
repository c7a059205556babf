"""A demo store: company, store, terminal, cashiers and a ~200-product catalogue.

Deterministic (same barcodes every time) so demos, tests and screenshots agree.
Demo PINs: cashier ``1``/``1234``, supervisor ``2``/``9999``, manager ``3``/``4321``.
"""

from __future__ import annotations

from decimal import Decimal

from attrs import frozen

from saleflex_core.domain.barcode import make_gtin
from saleflex_core.domain.catalog import (
    Department,
    PaymentType,
    Product,
    QuickKey,
    QuickKeyKind,
    SoldBy,
    VatRate,
)
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import (
    PIN_ITERATIONS,
    Cashier,
    Company,
    Role,
    Store,
    Terminal,
    hash_pin,
)
from saleflex_core.ports import UnitOfWork

CURRENCY = Currency.of("EUR")
# The demo's ids are stable, so tests, screenshots and logs read them; a real shop's
# company, store and terminal get UUIDs at its first start (``store_setup``). The
# terminal's id is a UUID even here: it is the global id every event it sends carries.
TERMINAL_ID = "5a1ef1e0-0000-4000-8000-000000000001"
TERMINAL_CODE = "T01"  # what the register's settings call it ([terminal] id)
COMPANY_ID = "ACME"  # with STORE_ID, what tells the demo store from a real one
STORE_ID = "S001"

# department code, name, VAT code, sold by, items as (name, price in cents)
_ASSORTMENT: tuple[tuple[str, str, str, SoldBy, tuple[tuple[str, int], ...]], ...] = (
    (
        "BAK",
        "Bakery",
        "B",
        SoldBy.PIECE,
        (
            ("Baguette", 129),
            ("Sourdough loaf", 389),
            ("Croissant", 119),
            ("Rye bread", 299),
            ("Pretzel", 99),
            ("Cinnamon roll", 189),
            ("Bagel", 109),
            ("Brioche", 349),
        ),
    ),
    (
        "DAI",
        "Dairy",
        "B",
        SoldBy.PIECE,
        (
            ("Whole milk 1L", 119),
            ("Semi-skimmed milk 1L", 109),
            ("Butter 250g", 279),
            ("Greek yoghurt 500g", 249),
            ("Cheddar 200g", 329),
            ("Mozzarella 125g", 139),
            ("Cream 200ml", 159),
            ("Eggs x10", 329),
        ),
    ),
    (
        "PRO",
        "Produce",
        "C",
        SoldBy.WEIGHT,
        (
            ("Apples", 249),
            ("Bananas", 179),
            ("Tomatoes", 349),
            ("Potatoes", 129),
            ("Carrots", 149),
            ("Onions", 139),
            ("Lemons", 299),
            ("Grapes", 499),
        ),
    ),
    (
        "DRI",
        "Drinks",
        "A",
        SoldBy.PIECE,
        (
            ("Mineral water 1.5L", 69),
            ("Orange juice 1L", 259),
            ("Cola 330ml", 119),
            ("Lemonade 330ml", 109),
            ("Ice tea 500ml", 149),
            ("Red wine 75cl", 899),
            ("Lager 500ml", 169),
            ("Espresso beans 500g", 749),
        ),
    ),
    (
        "SNA",
        "Snacks",
        "B",
        SoldBy.PIECE,
        (
            ("Salted crisps", 199),
            ("Dark chocolate", 229),
            ("Roasted peanuts", 249),
            ("Oat biscuits", 179),
            ("Gummy bears", 139),
            ("Popcorn", 159),
            ("Trail mix", 349),
            ("Rice crackers", 189),
        ),
    ),
    (
        "HOU",
        "Household",
        "A",
        SoldBy.PIECE,
        (
            ("Dish soap", 249),
            ("Paper towels x4", 399),
            ("Laundry liquid", 899),
            ("Sponges x3", 149),
            ("Bin bags x20", 299),
            ("Light bulb LED", 499),
            ("AA batteries x4", 599),
            ("Toilet paper x8", 449),
        ),
    ),
)
_VARIANTS = ("", " Bio", " Family", " Premium")


@frozen
class DemoData:
    company: Company
    store: Store
    terminal: Terminal
    vat_rates: tuple[VatRate, ...]
    departments: tuple[Department, ...]
    payment_types: tuple[PaymentType, ...]
    products: tuple[Product, ...]
    cashiers: tuple[Cashier, ...]
    quick_keys: tuple[QuickKey, ...] = ()


def demo_data(*, pin_iterations: int = PIN_ITERATIONS) -> DemoData:
    """The demo store's master data (about 200 products with valid EAN-13 barcodes)."""
    company = Company(COMPANY_ID, "ACME Retail")
    store = Store(
        STORE_ID,
        company.id,
        "SaleFlex Demo Market",
        CURRENCY,
        header=("1 Market Street", "VAT no. DEMO-123456"),
        footer=("Thank you for shopping with us!",),
        qr_template="https://receipts.saleflex.example/{store_id}/{unique_id}",
        timezone="Europe/Berlin",
    )
    terminal = Terminal(
        TERMINAL_ID, company.id, store.id, TERMINAL_CODE, "Till 1", Money(20000, CURRENCY.code)
    )
    vat_rates = (
        VatRate("A", Decimal(20), "Standard"),
        VatRate("B", Decimal(10), "Reduced"),
        VatRate("C", Decimal(0), "Zero"),
    )
    departments = tuple(Department(code, name, vat) for code, name, vat, _, _ in _ASSORTMENT)
    payments = (PaymentType.cash(), PaymentType.card(), PaymentType.voucher())

    def cashier(id_: str, name: str, role: Role, pin: str) -> Cashier:
        salt = (
            f"saleflex-demo-{id_}".encode()
        )  # fixed only for the demo: real cashiers get random salts
        return Cashier(id_, name, role, hash_pin(pin, salt, pin_iterations))

    cashiers = (
        cashier("1", "Alice", Role.CASHIER, "1234"),
        cashier("2", "Sam", Role.SUPERVISOR, "9999"),
        cashier("3", "Morgan", Role.MANAGER, "4321"),
    )
    products = tuple(_products())
    return DemoData(
        company, store, terminal, vat_rates, departments, payments, products, cashiers,
        _quick_keys(products),
    )  # fmt: skip


_COLOURS = ("#b5651d", "#3a7ca5", "#5b8c2a", "#7b3fa0", "#c0392b", "#2c6e6e")


def _quick_keys(products: tuple[Product, ...]) -> tuple[QuickKey, ...]:
    """Page 1: one key per department, then the first product of each (bakery and produce
    first: the items without a barcode of their own are the ones a cashier keys in)."""
    keys = [
        QuickKey(1, i + 1, name, QuickKeyKind.DEPARTMENT, code, _COLOURS[i])
        for i, (code, name, _, _, _) in enumerate(_ASSORTMENT)
    ]
    firsts = [p for p in products if p.plu.endswith("001") or p.plu.endswith("002")]
    for i, product in enumerate(firsts[:12]):
        colour = _COLOURS[int(product.plu[0]) - 1]
        keys.append(QuickKey(1, len(_ASSORTMENT) + i + 1, product.name[:24], QuickKeyKind.PLU,
                             product.plu, colour))  # fmt: skip
    return tuple(keys)


def _products() -> list[Product]:
    products = []
    for dep_index, (dep, _, vat, sold_by, items) in enumerate(_ASSORTMENT):
        for variant_index, variant in enumerate(_VARIANTS):
            for item_index, (name, price) in enumerate(items):
                plu = f"{dep_index + 1}{variant_index}{item_index + 1:02d}"
                # Weighed produce has no barcode of its own: scale labels carry its PLU.
                barcodes = () if sold_by is SoldBy.WEIGHT else (make_gtin(f"5901234{plu}0"),)
                uplift = 100 + 15 * variant_index
                products.append(
                    Product(
                        id=f"P{plu}",
                        plu=plu,
                        name=f"{name}{variant}",
                        department_code=dep,
                        vat_code=vat,
                        unit_price=Money(price * uplift // 100, CURRENCY.code),
                        sold_by=sold_by,
                        barcodes=barcodes,
                    )
                )
    return products


def is_demo_store(store: Store) -> bool:
    """True for the demo store: a demo runs only on a database that holds it."""
    return (store.company_id, store.id) == (COMPANY_ID, STORE_ID)


def install(uow: UnitOfWork, data: DemoData) -> None:
    """Write the demo master data in one transaction."""
    with uow:
        uow.organisation.save_company(data.company)
        uow.organisation.save_store(data.store)
        uow.organisation.save_terminal(data.terminal)
        for vat in data.vat_rates:
            uow.catalog.save_vat_rate(vat)
        for department in data.departments:
            uow.catalog.save_department(department)
        for payment_type in data.payment_types:
            uow.catalog.save_payment_type(payment_type)
        uow.catalog.save_products(data.products)  # one statement per table, not per product
        for person in data.cashiers:
            uow.cashiers.save(person)
        uow.catalog.replace_quick_keys(data.quick_keys)
        uow.commit()
