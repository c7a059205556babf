"""Master-data changes that keep the in-memory caches true."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import evolve

from saleflex_core.domain.barcode import normalise_code, validate_gtin
from saleflex_core.domain.catalog import Product, QuickKey, QuickKeyKind, StorePrice
from saleflex_core.domain.money import Money
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import NotFound, ValidationError
from saleflex_core.ports import UnitOfWork


def save_product(uow: UnitOfWork, *, ref: ReferenceData, product: Product) -> Product:
    """Create or change a product, then refresh the terminal's cache with it.

    The PLU and barcodes are stored normalised (``normalise_code``: no blanks around,
    ASCII digits), as the till reads a scan; the stored product is returned. The cache
    keeps selling at the terminal's store price where the store has one.
    """
    product = evolve(
        product,
        plu=normalise_code(product.plu),
        barcodes=tuple(dict.fromkeys(validate_gtin(code) for code in product.barcodes)),
    )
    if product.department_code not in ref.departments:
        raise ValidationError(f"Department {product.department_code!r} does not exist")
    if product.vat_code not in ref.vat_rates:
        raise ValidationError(f"VAT rate {product.vat_code!r} does not exist")
    if product.unit_price.currency != ref.currency:
        raise ValidationError(f"Prices are in {ref.currency}")
    for code in product.barcodes:
        owner = ref.owner_of_barcode(code)
        if owner is not None and owner.id != product.id:
            raise ValidationError(f"Barcode {code} already belongs to {owner.name}")
    owner = ref.owner_of_plu(product.plu)
    if owner is not None and owner.id != product.id:
        raise ValidationError(f"PLU {product.plu} already belongs to {owner.name}")
    with uow:
        uow.catalog.save_product(product)
        own = [p for p in uow.catalog.store_prices(ref.store.id) if p.product_id == product.id]
        uow.commit()
    ref.put_product(evolve(product, unit_price=own[0].unit_price) if own else product)
    return product


def set_store_price(
    uow: UnitOfWork, *, ref: ReferenceData, product_id: str, price: Money | None
) -> None:
    """Give the terminal's store its own price for a product (``None``: back to the
    company's price), then refresh the cache; the store's registers sell at it."""
    store_id = ref.store.id
    if price is not None and price.currency != ref.currency:
        raise ValidationError(f"Prices are in {ref.currency}")
    with uow:
        if price is None:
            uow.catalog.delete_store_price(store_id, product_id)
        else:
            uow.catalog.save_store_price(StorePrice(store_id, product_id, price))
        product = next((p for p in uow.catalog.products(store_id) if p.id == product_id), None)
        if product is None:
            raise NotFound(f"Product {product_id} does not exist")
        uow.commit()
    ref.put_product(product)


def save_quick_keys(uow: UnitOfWork, *, ref: ReferenceData, keys: Sequence[QuickKey]) -> None:
    """Replace the register's quick-key layout; every key must point at something real."""
    taken: set[tuple[int, int]] = set()
    for key in keys:
        if (key.page, key.position) in taken:
            raise ValidationError(f"Two quick keys sit on page {key.page}, position {key.position}")
        taken.add((key.page, key.position))
        if key.kind is QuickKeyKind.PLU and ref.owner_of_plu(key.target) is None:
            raise ValidationError(f"Quick key {key.caption!r}: no product has PLU {key.target}")
        if key.kind is QuickKeyKind.DEPARTMENT and key.target not in ref.departments:
            raise ValidationError(f"Quick key {key.caption!r}: no department {key.target}")
    with uow:
        uow.catalog.replace_quick_keys(keys)
        uow.commit()
    ref.quick_keys = tuple(sorted(keys, key=lambda k: (k.page, k.position)))
