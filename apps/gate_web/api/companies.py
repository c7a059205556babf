"""``/api/v1/companies``: the platform admin creates a company with its first admin."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from apps.gate_web.api.access_schemas import CompanySchema, NewCompanySchema
from apps.gate_web.auth import BEARER, current_caller, documented, requires
from apps.gate_web.deps import deps
from saleflex_core.domain.organisation import Company
from saleflex_core.use_cases.gate_people import NewUser, create_company

blp = Blueprint("companies", __name__, url_prefix="/api/v1/companies", description="Companies")


@blp.route("", methods=["POST"])
@blp.arguments(NewCompanySchema)
@blp.response(201, CompanySchema)
@blp.alt_response(409, description="The company exists already")
@blp.doc(**documented(BEARER))
@requires("companies:write")
def post_company(body: dict[str, Any]) -> dict[str, Any]:
    """Create a company and its first company admin (platform admins only)."""
    gate, admin = deps(), body["admin"]
    user = create_company(
        gate.unit_of_work,
        clock=gate.clock,
        ids=gate.ids,
        passwords=gate.passwords,
        caller=current_caller(),
        company=Company(body["id"], body["name"].strip()),
        admin=NewUser(admin["username"], admin["name"], admin["password"], frozenset()),
    )
    return {"id": body["id"], "name": body["name"].strip(), "admin": user.public()}
