"""Integrators' reads of what terminals sent: sales, closures, cash movements, stock and
daily totals (filters, keyset pages, ETags on single resources); a terminal's missing
events; a store's warehouses. The terminals' push is ``adapters.rest.terminal_events``."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_smorest import Blueprint

from apps.gate_web.api import ingest_schemas as s
from apps.gate_web.auth import BEARER, current_caller, documented, requires, unit_of_work
from saleflex_core.domain.hub_reads import reach
from saleflex_core.queries import gate_reads

blp = Blueprint("ingest_reads", __name__, url_prefix="/api/v1", description="What stores sold")

LISTS: tuple[tuple[str, str, str, type[ma.Schema], type[ma.Schema], str], ...] = (
    ("/sales", "sales", "sales:read", s.SaleSchema, s.ListArgs, "Sales (type: status)"),
    ("/closures", "closures", "sales:read", s.ClosureSchema, s.ListArgs, "Closures with Z"),
    ("/cash-movements", "cash_movements", "sales:read", s.CashMovementSchema, s.ListArgs,
     "Cash movements (type: in | out)"),
    ("/stock/levels", "stock_levels", "stock:read", s.StockLevelSchema, s.LevelArgs,
     "Stock levels per warehouse and product"),
    ("/stock/movements", "stock_movements", "stock:read", s.StockMovementSchema, s.StockArgs,
     "Stock movements (type: reason)"),
    ("/daily-totals", "daily_totals", "sales:read", s.DailyTotalsSchema, s.DayArgs,
     "Daily totals per store, business date and currency"),
)  # fmt: skip


def _list_view(what: str, scope: str, item: type[ma.Schema], args: type[ma.Schema], doc: str):  # type: ignore[no-untyped-def]
    def view(query: dict[str, Any]) -> dict[str, Any]:
        day = query.get("business_date")
        where = reach(
            current_caller(),
            store_id=query.get("store_id"),
            terminal_id=query.get("terminal_id"),
            business_date=day.isoformat() if day else None,
            type=query.get("type"),
            product_id=query.get("product_id"),
            warehouse_id=query.get("warehouse_id"),
        )
        page = gate_reads.read_page(
            unit_of_work(), what=what, where=where, after=query.get("after"), limit=query["limit"]
        )
        return {"items": page.items, "next_cursor": page.next_cursor}

    view.__name__ = f"list_{what}"
    view.__doc__ = f"{doc}: filters, pages walked with next_cursor (no offsets)."
    page_schema = s.page_of(item, f"{item.__name__.removesuffix('Schema')}Page")
    view = blp.response(200, page_schema)(view)
    # unknown=RAISE: a filter the list does not have is a 422, not silently dropped
    view = blp.arguments(args, location="query", as_kwargs=False, unknown=ma.RAISE)(view)
    view = blp.doc(**documented(BEARER))(view)
    return requires(scope)(view)


for _path, _what, _scope, _item, _args, _doc in LISTS:
    blp.route(_path, methods=["GET"], endpoint=f"list_{_what}")(
        _list_view(_what, _scope, _item, _args, _doc)
    )


@blp.route("/sales/<sale_id>", methods=["GET"])
@blp.doc(**documented(BEARER))
@requires("sales:read")
@blp.etag
@blp.response(200, s.SaleSchema)
def get_sale(sale_id: str) -> dict[str, Any]:
    """A sale with its lines, payments and VAT (ETag; If-None-Match answers 304)."""
    return gate_reads.read_sale(unit_of_work(), caller=current_caller(), sale_id=sale_id)


@blp.route("/closures/<closure_id>", methods=["GET"])
@blp.doc(**documented(BEARER))
@requires("sales:read")
@blp.etag
@blp.response(200, s.ClosureSchema)
def get_closure(closure_id: str) -> dict[str, Any]:
    """A closure with its Z figures (ETag; If-None-Match answers 304)."""
    return gate_reads.read_closure(unit_of_work(), caller=current_caller(), closure_id=closure_id)


@blp.route("/terminals/<terminal_id>/missing-events", methods=["GET"])
@blp.doc(**documented(BEARER))
@requires("terminals:read")
@blp.arguments(s.GapArgs, location="query", as_kwargs=False)
@blp.response(200, s.GapsSchema)
def missing_events(query: dict[str, Any], terminal_id: str) -> dict[str, Any]:
    """The terminal's event sequences that have not arrived, as ranges [first, last]."""
    gaps = gate_reads.missing_events(
        unit_of_work(), caller=current_caller(), terminal_id=terminal_id, limit=query["limit"]
    )
    return {"terminal_id": terminal_id, "missing": gaps}


@blp.route("/stores/<store_id>/warehouses", methods=["GET"])
@blp.doc(**documented(BEARER))
@requires("stock:read")
@blp.response(200, s.WarehouseSchema(many=True))
def store_warehouses(store_id: str) -> list[dict[str, Any]]:
    """The store's warehouses (its default one, MAIN, comes with its first sale)."""
    return gate_reads.store_warehouses(unit_of_work(), caller=current_caller(), store_id=store_id)
