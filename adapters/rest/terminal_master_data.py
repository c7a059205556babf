"""The terminal's master-data pull: ``GET /api/v1/terminal/master-data?since=&limit=``.

Answers one ``MasterDataPage`` in the wire form of
``contracts/v1/master_data_page.schema.json`` (``saleflex_core.contract.master_data``),
priced for the calling terminal's store. The terminal stores ``next_cursor`` with the
page it applied and pulls again while ``has_more`` is true. A hub (GATE) and later a
store server (OFFICE) serve the same contract: each builds this blueprint with its own
way to authenticate a terminal and to open its company's unit of work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma
import orjson
from flask import Response
from flask_smorest import Blueprint

from saleflex_core.domain.access import Caller
from saleflex_core.ports.hub import HubUnitOfWork
from saleflex_core.use_cases.gate_pull import MAX_PAGE, pull_page

PULL = "master_data:pull"


class PullQuery(ma.Schema):
    since = ma.fields.String(
        load_default=None,
        metadata={"description": "The next_cursor of the last page applied; none: from the start"},
    )
    limit = ma.fields.Integer(
        load_default=500, validate=ma.validate.Range(1, MAX_PAGE), metadata={"example": 500}
    )


class PageMoney(ma.Schema):
    minor = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)


class PageVatRate(ma.Schema):
    code = ma.fields.String(required=True)
    rate = ma.fields.String(required=True, metadata={"example": "20"})
    name = ma.fields.String(required=True)


class PageDepartment(ma.Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    vat_code = ma.fields.String(required=True)


class PagePaymentType(ma.Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(
        required=True, validate=ma.validate.OneOf(["cash", "card", "voucher", "other"])
    )
    gives_change = ma.fields.Boolean(required=True)


class PageProduct(ma.Schema):
    id = ma.fields.String(required=True)
    plu = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    department_code = ma.fields.String(required=True)
    vat_code = ma.fields.String(required=True)
    unit_price = ma.fields.Nested(PageMoney, required=True)
    sold_by = ma.fields.String(required=True, validate=ma.validate.OneOf(["piece", "weight"]))
    barcodes = ma.fields.List(ma.fields.String(), required=True)
    active = ma.fields.Boolean(required=True)


class PageCashier(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    role = ma.fields.String(required=True)
    pin_hash = ma.fields.String(required=True, metadata={"description": "PBKDF2 hash of the PIN"})
    active = ma.fields.Boolean(required=True)


class PageSlot(ma.Schema):
    page = ma.fields.Integer(required=True)
    position = ma.fields.Integer(required=True)


class PageQuickKey(PageSlot):
    caption = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(["plu", "department"]))
    target = ma.fields.String(required=True)
    colour = ma.fields.String(required=True)


def _many(schema: type[ma.Schema]) -> ma.fields.List[Any]:
    return ma.fields.List(ma.fields.Nested(schema), required=True)


def _keys() -> ma.fields.List[Any]:
    return ma.fields.List(ma.fields.String(), required=True)


class PageUpserts(ma.Schema):
    vat_rates = _many(PageVatRate)
    departments = _many(PageDepartment)
    payment_types = _many(PagePaymentType)
    products = _many(PageProduct)
    cashiers = _many(PageCashier)
    quick_keys = _many(PageQuickKey)


class PageDeletions(ma.Schema):
    vat_rates = _keys()
    departments = _keys()
    payment_types = _keys()
    products = _keys()
    cashiers = _keys()
    quick_keys = _many(PageSlot)


class MasterDataPageSchema(ma.Schema):
    """contracts/v1/master_data_page.schema.json, for the OpenAPI document."""

    next_cursor = ma.fields.String(required=True)
    has_more = ma.fields.Boolean(required=True)
    upserts = ma.fields.Nested(PageUpserts, required=True)
    deletions = ma.fields.Nested(PageDeletions, required=True)


def blueprint(
    authorise: Callable[[str], Caller],
    unit_of_work: Callable[[Caller], HubUnitOfWork],
    security: dict[str, list[Any]],
    *,
    page: Callable[..., dict[str, Any]] = pull_page,
) -> Blueprint:
    """The terminal's pull. ``authorise(scope)`` returns the calling terminal (or raises
    AuthenticationFailed / PermissionDenied); ``unit_of_work(caller)`` opens its company's;
    ``page(uow, caller=, since=, limit=)`` is the use case that answers (GATE's
    ``pull_page`` unless another is given: OFFICE's ``serve_page``)."""
    blp = Blueprint(
        "terminal_master_data",
        __name__,
        url_prefix="/api/v1/terminal",
        description="Terminals pull their master data",
    )

    @blp.route("/master-data")
    @blp.arguments(PullQuery, location="query", as_kwargs=True)
    @blp.response(200, MasterDataPageSchema)
    @blp.doc(security=[security])
    def pull(since: str | None, limit: int) -> Response:
        """One page of the company's master-data changes after ``since``, priced for the
        terminal's store."""
        caller = authorise(PULL)
        found = page(unit_of_work(caller), caller=caller, since=since, limit=limit)
        # The page is already the contract's form: no second pass through marshmallow.
        return Response(orjson.dumps(found), 200, mimetype="application/json")

    return blp
