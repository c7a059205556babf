"""Master-data changes that keep the in-memory caches true."""

from __future__ import annotations

from saleflex_core.domain.barcode import validate_gtin
from saleflex_core.domain.catalog import Product
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import ValidationError
from saleflex_core.ports import UnitOfWork


def save_product(uow: UnitOfWork, *, ref: ReferenceData, product: Product) -> Product:
    """Create or change a product, then refresh the terminal's cache with it."""
    if product.department_code not in ref.departments:
        raise ValidationError(f"Department {product.department_code!r} does not exist")
    if product.vat_code not in ref.vat_rates:
        raise ValidationError(f"VAT rate {product.vat_code!r} does not exist")
    if product.unit_price.currency != ref.currency:
        raise ValidationError(f"Prices are in {ref.currency}")
    for code in product.barcodes:
        validate_gtin(code)
        owner = ref.owner_of_barcode(code)
        if owner is not None and owner.id != product.id:
            raise ValidationError(f"Barcode {code} already belongs to {owner.name}")
    owner = ref.owner_of_plu(product.plu)
    if owner is not None and owner.id != product.id:
        raise ValidationError(f"PLU {product.plu} already belongs to {owner.name}")
    with uow:
        uow.catalog.save_product(product)
        uow.commit()
    ref.put_product(product)
    return product
