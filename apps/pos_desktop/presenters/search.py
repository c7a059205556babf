"""Finding products by name or code, for the sale screen's search list."""

from __future__ import annotations

from saleflex_core.domain.catalog import Product
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import ValidationError

SEARCH_LIMIT = 30


def find_products(ref: ReferenceData, text: str, limit: int = SEARCH_LIMIT) -> list[Product]:
    """Active products whose name contains ``text`` or whose PLU starts with it; a barcode
    or PLU that matches exactly comes first."""
    needle = text.strip().casefold()
    if not needle:
        raise ValidationError("Type a name or a code to search")
    hits = [
        p
        for p in ref.products.values()
        if p.active and (needle in p.name.casefold() or p.plu.startswith(needle))
    ]
    hits.sort(key=lambda p: (p.plu != needle, p.name.casefold(), p.plu))
    exact = ref.owner_of_barcode(needle)
    if exact is not None and exact.active and exact not in hits:
        hits.insert(0, exact)
    return hits[:limit]
