"""The company at GATE behind the relay tests: ``tests.gate.support.seed_company`` (stores
S1 and S2 ...) with the demo's catalogue and cashiers as master data, S1's OFFICE and two
tills of S1 created by the admin (each with its one-time code), and a till of S2."""

from __future__ import annotations

from functools import cache

from attrs import evolve, frozen

from adapters.system import SystemClock, SystemSecrets, UuidIds
from saleflex_core import demo
from saleflex_core.domain import access
from saleflex_core.domain.access import GateRole
from saleflex_core.domain.catalog import Product, SoldBy, StorePrice
from saleflex_core.domain.master_data import Upserts
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import TerminalKind
from saleflex_core.use_cases.gate_feed import Editor, change_master_data, set_store_price
from saleflex_core.use_cases.gate_terminals import create_terminal
from tests.gate.support import hub, seed_company

COMPANY, STORE = "ACME", "S1"


@cache
def catalogue() -> demo.DemoData:
    return demo.demo_data(pin_iterations=1000)


def piece_product(n: int = 0) -> Product:
    """The ``n``-th product sold by the piece, with a barcode (what the tills scan)."""
    found = [p for p in catalogue().products if p.sold_by is SoldBy.PIECE and p.barcodes]
    return found[n]


@frozen
class Shop:
    office_code: str
    till_codes: tuple[str, str]  # two tills of S1
    third_till_code: str  # one more of S1
    other_store_code: str  # a till of S2


def seed_shop(database_url: str) -> Shop:
    seed_company(database_url, COMPANY)
    data = catalogue()
    upserts = Upserts(
        vat_rates=data.vat_rates,
        departments=data.departments,
        payment_types=data.payment_types,
        products=data.products,
        cashiers=data.cashiers,
    )
    with hub(database_url) as unit_of_work:
        change_master_data(unit_of_work(COMPANY), editor=_editor(), upserts=upserts)
    office = _terminal(database_url, STORE, "OFFICE", TerminalKind.OFFICE)
    tills = (_terminal(database_url, STORE, "T11"), _terminal(database_url, STORE, "T12"))
    third = _terminal(database_url, STORE, "T13")
    return Shop(office, tills, third, _terminal(database_url, "S2", "T21"))


def change_price(database_url: str, product: Product, minor: int) -> None:
    """The admin changes the product's price for the whole company."""
    changed = evolve(product, unit_price=Money(minor, product.unit_price.currency))
    with hub(database_url) as unit_of_work:
        upserts = Upserts(products=(changed,))
        change_master_data(unit_of_work(COMPANY), editor=_editor(), upserts=upserts)


def change_store_price(database_url: str, product: Product, minor: int) -> None:
    """Store S1's own price for the product."""
    price = StorePrice(STORE, product.id, Money(minor, product.unit_price.currency))
    with hub(database_url) as unit_of_work:
        set_store_price(unit_of_work(COMPANY), editor=_editor(), price=price)


def _terminal(
    database_url: str, store_id: str, code: str, kind: TerminalKind = TerminalKind.TILL
) -> str:
    with hub(database_url) as unit_of_work:
        _, issued = create_terminal(
            unit_of_work(COMPANY),
            clock=SystemClock(),
            ids=UuidIds(),
            secrets=SystemSecrets(),
            caller=_boss(),
            store_id=store_id,
            code=code,
            name=f"{kind.value} {code}",
            kind=kind,
        )
    return issued.secret


def _boss() -> access.Caller:
    return access.person(COMPANY, "seed", frozenset({GateRole.COMPANY_ADMIN}))


def _editor() -> Editor:
    return Editor(_boss(), SystemClock(), UuidIds())
