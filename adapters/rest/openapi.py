"""The OpenAPI document describes errors as they are answered: RFC 9457 problems.

Flask-Smorest documents every error response (the ``default`` one of each operation and
the per-status ones such as the 422 of a request that fails validation) as
``application/json`` in its own error shape. GATE answers ``application/problem+json``
(``problems.py``), so ``ProblemApi`` documents that instead: a client generated from the
document, and schemathesis checking answers against it, see what is really sent.
"""

from __future__ import annotations

import http

import marshmallow as ma
from flask_smorest import Api
from flask_smorest.utils import prepare_response

PROBLEM_JSON = "application/problem+json"


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem document."""

    type = ma.fields.String(required=True, metadata={"description": "URI naming the problem"})
    title = ma.fields.String(required=True, metadata={"description": "The status's phrase"})
    status = ma.fields.Integer(required=True, metadata={"description": "The HTTP status"})
    detail = ma.fields.String(metadata={"description": "What went wrong, for a person"})
    code = ma.fields.String(metadata={"description": "SaleFlex's error code, for machines"})
    errors = ma.fields.Dict(
        metadata={"description": "Field errors: {location: {field: [messages]}}"}
    )


class ProblemApi(Api):  # type: ignore[misc]  # Flask-Smorest ships no types
    """Flask-Smorest's Api with every error response documented as a problem document."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, object] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        default: dict[str, object] = {
            "description": "An error, as a problem document",
            "schema": self.ERROR_SCHEMA,
        }
        prepare_response(default, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, default, lazy=True)
