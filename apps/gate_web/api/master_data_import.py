"""``POST /api/v1/master-data/import?kind=products``: a file of one kind of master data,
upserted all or nothing with a report per row (``use_cases.gate_import`` says the rule).

The body is a JSON array of rows (``application/json``) or a CSV file with a header line
(``text/csv``). Applied: 200 and the report. A failing row: 422, a problem document whose
``rows`` is the report (every failing row with its reasons); nothing was written.
"""

from __future__ import annotations

import json
from typing import Any

import marshmallow as ma
from flask import Response, request
from flask_smorest import Blueprint

from apps.gate_web.api.master_data import editor
from apps.gate_web.auth import BEARER, documented, requires, unit_of_work
from saleflex_core.exceptions import ValidationError
from saleflex_core.use_cases.gate_import import (
    IMPORTABLE,
    ImportReport,
    import_master_data,
    read_csv,
)

blp = Blueprint("master_data_import", __name__, url_prefix="/api/v1/master-data")
PROBLEM_TYPE = "https://saleflex.dev/problems/import_refused"


class ImportQuery(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(IMPORTABLE))


class RowReportSchema(ma.Schema):
    row = ma.fields.Integer(required=True, metadata={"description": "1: the first data row"})
    key = ma.fields.String(allow_none=True, required=True)
    action = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(["create", "update", "unchanged", "valid", "error"]),
    )
    errors = ma.fields.List(ma.fields.String(), required=True)


class ImportReportSchema(ma.Schema):
    applied = ma.fields.Boolean(required=True)
    position = ma.fields.Integer(allow_none=True, required=True)
    rows = ma.fields.List(ma.fields.Nested(RowReportSchema), required=True)


BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
        "text/csv": {"schema": {"type": "string"}},
    },
}


def _rows() -> tuple[list[Any], bool]:
    if request.mimetype == "text/csv":
        return read_csv(request.get_data(as_text=True)), True
    if request.mimetype != "application/json":
        raise ValidationError("Send the rows as application/json (an array) or text/csv")
    rows = request.get_json(silent=True)
    if not isinstance(rows, list):
        raise ValidationError("The JSON body is an array of rows")
    return rows, False


def _form(report: ImportReport) -> dict[str, Any]:
    rows = [
        {"row": r.row, "key": r.key, "action": r.action, "errors": list(r.errors)}
        for r in report.rows
    ]
    return {"applied": report.applied, "position": report.position, "rows": rows}


@blp.route("/import", methods=["POST"])
@requires("master_data:write")
@blp.arguments(ImportQuery, location="query", as_kwargs=True)
@blp.response(200, ImportReportSchema)
@blp.alt_response(422, description="A row failed: nothing written; rows says why")
@blp.doc(**documented(BEARER), requestBody=BODY)
def import_file(kind: str) -> Any:
    """Upsert a file of one kind of master data, all or nothing, with a report per row."""
    rows, from_csv = _rows()
    report = import_master_data(
        unit_of_work(), editor=editor(), kind=kind, rows=rows, from_csv=from_csv
    )
    if report.applied:
        return _form(report)
    failed = sum(1 for r in report.rows if r.errors)
    body = {
        "type": PROBLEM_TYPE,
        "title": "Unprocessable Content",
        "status": 422,
        "detail": f"{failed} of {len(report.rows)} rows failed: nothing was imported",
        "code": "import_refused",
    } | _form(report)
    return Response(json.dumps(body), 422, mimetype="application/problem+json")
