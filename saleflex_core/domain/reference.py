"""Reference data held in memory: loaded once at start-up, refreshed on master-data change.

Scanning never touches the database for a lookup: barcode, PLU and embedded-barcode
resolution are dictionary reads here.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from attrs import define, evolve, field, frozen

from saleflex_core.domain.barcode import (
    DEFAULT_EMBEDDED_RULES,
    EmbeddedKind,
    EmbeddedRule,
    decode_embedded,
    normalise_code,
    validate_gtin,
)
from saleflex_core.domain.catalog import (
    Department,
    PaymentKind,
    PaymentType,
    Product,
    QuickKey,
    SoldBy,
    VatRate,
)
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Cashier, Store, Terminal
from saleflex_core.exceptions import NotFound, UnknownProduct, ValidationError


@frozen
class Lookup:
    """What a scanned code means: a product, and a weight or price from its label if any."""

    product: Product
    code: str
    weight: Decimal | None = None
    label_price: Money | None = None


@define
class ReferenceData:
    """The in-memory caches of one terminal: its store, catalogue, payment types, cashiers.

    A snapshot is built whole and then published: master data from upstream is applied by
    ``apply_page`` (``domain/reference_page.py``) into a NEW snapshot, which the holder
    (``ReferenceHolder``) swaps in with one assignment, so a reader never sees half a page.
    """

    store: Store
    terminal: Terminal
    vat_rates: dict[str, VatRate] = field(factory=dict)
    departments: dict[str, Department] = field(factory=dict)
    payment_types: dict[str, PaymentType] = field(factory=dict)
    embedded_rules: tuple[EmbeddedRule, ...] = DEFAULT_EMBEDDED_RULES
    quick_keys: tuple[QuickKey, ...] = ()
    products: dict[str, Product] = field(factory=dict)
    _by_barcode: dict[str, Product] = field(factory=dict)
    _by_plu: dict[str, Product] = field(factory=dict)
    cashiers: dict[str, Cashier] = field(factory=dict)

    @classmethod
    def build(
        cls,
        *,
        store: Store,
        terminal: Terminal,
        vat_rates: Iterable[VatRate],
        departments: Iterable[Department],
        payment_types: Iterable[PaymentType],
        products: Iterable[Product],
        embedded_rules: tuple[EmbeddedRule, ...] = DEFAULT_EMBEDDED_RULES,
        quick_keys: Iterable[QuickKey] = (),
        cashiers: Iterable[Cashier] = (),
    ) -> ReferenceData:
        data = cls(
            store,
            terminal,
            {v.code: v for v in vat_rates},
            {d.code: d for d in departments},
            {p.code: p for p in sorted(payment_types, key=till_order)},
            embedded_rules,
        )
        data.quick_keys = tuple(sorted(quick_keys, key=lambda k: (k.page, k.position)))
        data.cashiers = {c.id: c for c in cashiers}
        for product in products:
            data.put_product(product)
        return data

    @property
    def currency(self) -> str:
        return self.store.currency.code

    def copy(self) -> ReferenceData:
        """A copy with containers of its own, to change BEFORE it is published."""
        return evolve(
            self,
            vat_rates=dict(self.vat_rates),
            departments=dict(self.departments),
            payment_types=dict(self.payment_types),
            products=dict(self.products),
            by_barcode=dict(self._by_barcode),
            by_plu=dict(self._by_plu),
            cashiers=dict(self.cashiers),
        )

    def put_product(self, product: Product) -> None:
        """Add or replace one product in every index (master-data refresh)."""
        self.unindex_product(product.id)
        self.products[product.id] = product
        self._by_plu[normalise_code(product.plu)] = product
        for code in product.barcodes:
            self._by_barcode[_gtin_key(code)] = product

    def remove_product(self, product_id: str) -> None:
        """Take a product out of every index; nothing happens when it is not there."""
        self.unindex_product(product_id)
        self.products.pop(product_id, None)

    def unindex_product(self, product_id: str) -> None:
        """Free the product's PLU and barcodes, still holding it: for building a snapshot.

        ``apply_page`` frees every code of a page first, so codes may move between its
        products, then puts each product back with its new codes.
        """
        old = self.products.get(product_id)
        if old is None:
            return
        keys = [(self._by_barcode, _gtin_key(code)) for code in old.barcodes]
        for index, key in [*keys, (self._by_plu, normalise_code(old.plu))]:
            if index.get(key) is old:  # an entry another product took is left alone
                del index[key]

    def barcode_owners(self) -> dict[str, Product]:
        """The barcode index (a copy): each barcode key and the product it sells."""
        return dict(self._by_barcode)

    def owner_of_barcode(self, code: str) -> Product | None:
        return self._by_barcode.get(_gtin_key(code))

    def owner_of_plu(self, plu: str) -> Product | None:
        return self._by_plu.get(normalise_code(plu))

    def vat_rate(self, code: str) -> Decimal:
        try:
            return self.vat_rates[code].rate
        except KeyError as exc:
            raise NotFound(f"VAT rate {code!r} is not set up") from exc

    def payment_type(self, code: str) -> PaymentType:
        try:
            return self.payment_types[code]
        except KeyError as exc:
            raise NotFound(f"Payment type {code!r} is not set up") from exc

    def products_of(self, department_code: str) -> list[Product]:
        """The active products of a department, by name (a department key's list)."""
        found = [p for p in self.products.values() if p.department_code == department_code]
        return sorted((p for p in found if p.active), key=lambda p: p.name)

    def product(self, product_id: str) -> Product:
        try:
            return self.products[product_id]
        except KeyError as exc:
            raise UnknownProduct(f"Product {product_id!r} does not exist") from exc

    def find(self, code: str) -> Lookup:
        """Resolve a scanned barcode or typed PLU; UnknownProduct when nothing answers.

        The code is normalised first (``normalise_code``: full-width digits, blanks around).
        """
        code = normalise_code(code)
        if not code:
            raise ValidationError("Scan a barcode or type a PLU")
        product = self._by_barcode.get(_gtin_key(code)) or self._by_plu.get(code)
        if product is not None:
            return Lookup(product, code)
        embedded = decode_embedded(code, self.embedded_rules)
        if embedded is not None:
            return self._embedded(
                embedded.item_code, embedded.kind, embedded.weight, embedded.price_minor, code
            )
        if code.isdigit() and len(code) in (8, 12, 13):
            validate_gtin(code)  # a misread gets "wrong check digit", not "unknown"
        raise UnknownProduct(f"Nothing is sold under {code}")

    def _embedded(
        self,
        item_code: str,
        kind: EmbeddedKind,
        weight: Decimal | None,
        price_minor: int | None,
        code: str,
    ) -> Lookup:
        product = self._by_plu.get(item_code) or self._by_plu.get(item_code.lstrip("0"))
        if product is None:
            raise UnknownProduct(f"No product has PLU {item_code} (label {code})")
        if kind is EmbeddedKind.WEIGHT:
            if product.sold_by is not SoldBy.WEIGHT:
                raise ValidationError(f"{product.name} is sold by the piece, not by weight")
            return Lookup(product, code, weight=weight)
        assert price_minor is not None
        return Lookup(product, code, label_price=Money(price_minor, self.currency))


_KIND_ORDER = {kind: rank for rank, kind in enumerate(PaymentKind)}


def till_order(payment_type: PaymentType) -> tuple[int, str]:
    """The order of the till's payment keys: cash, card, voucher, other, then by code;
    fixed here, not by the order a database happens to return its rows in."""
    return _KIND_ORDER[payment_type.kind], payment_type.code


def _gtin_key(code: str) -> str:
    """A UPC-A (12 digits) is the EAN-13 with a leading zero: one key for both forms."""
    code = normalise_code(code)
    return "0" + code if len(code) == 12 and code.isdigit() else code
