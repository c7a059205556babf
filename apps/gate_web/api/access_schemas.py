"""The wire forms of GATE's access endpoints: sign-in, companies, users, stores,
terminals, API keys and the audit log. Secrets appear only in the answers that make
them (token, enrolment code, API key) and password hashes never."""

from __future__ import annotations

import marshmallow as ma

from saleflex_core.domain.access import GateRole
from saleflex_core.domain.organisation import TerminalKind

ROLES = [r.value for r in GateRole]
KINDS = [k.value for k in TerminalKind]
_id = ma.validate.Length(min=1, max=64)


class SignInSchema(ma.Schema):
    company_id = ma.fields.String(required=True, validate=_id, metadata={"example": "ACME"})
    username = ma.fields.String(required=True, validate=ma.validate.Length(max=64))
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(max=256))
    scopes = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(max=64)),
        metadata={"description": "Narrow the token to these scopes (default: all granted)"},
    )
    expires_in = ma.fields.Integer(
        validate=ma.validate.Range(min=300, max=90 * 86400),
        metadata={"description": "Seconds the token lives (default 8 hours)"},
    )


class TokenSchema(ma.Schema):
    access_token = ma.fields.String(required=True)
    token_type = ma.fields.String(required=True, metadata={"example": "Bearer"})
    expires_at = ma.fields.AwareDateTime(required=True)
    user_id = ma.fields.String(required=True)
    scopes = ma.fields.List(ma.fields.String(), required=True)


class UserSchema(ma.Schema):
    id = ma.fields.String(dump_only=True)
    username = ma.fields.String(required=True, validate=ma.validate.Length(min=3, max=64))
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    roles = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(ROLES)),
        required=True,
        validate=ma.validate.Length(min=1, max=4),
    )
    store_ids = ma.fields.List(ma.fields.String(validate=_id), allow_none=True, load_default=None)
    active = ma.fields.Boolean(dump_only=True)
    password = ma.fields.String(
        required=True, load_only=True, validate=ma.validate.Length(min=12, max=256)
    )


class UserChangeSchema(ma.Schema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    roles = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(ROLES)),
        validate=ma.validate.Length(min=1, max=4),
    )
    store_ids = ma.fields.List(ma.fields.String(validate=_id), allow_none=True)
    active = ma.fields.Boolean()
    password = ma.fields.String(load_only=True, validate=ma.validate.Length(min=12, max=256))


class UserListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(UserSchema), required=True)


class NewAdminSchema(ma.Schema):
    username = ma.fields.String(required=True, validate=ma.validate.Length(min=3, max=64))
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    password = ma.fields.String(
        required=True, load_only=True, validate=ma.validate.Length(min=12, max=256)
    )


class NewCompanySchema(ma.Schema):
    id = ma.fields.String(required=True, validate=_id, metadata={"example": "ACME"})
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    admin = ma.fields.Nested(NewAdminSchema, required=True)


class CompanySchema(ma.Schema):
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    admin = ma.fields.Nested(UserSchema, required=True)


class StoreSchema(ma.Schema):
    id = ma.fields.String(required=True, validate=_id, metadata={"example": "S1"})
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    currency = ma.fields.String(required=True, validate=ma.validate.Length(equal=3))
    timezone = ma.fields.String(
        required=True, validate=ma.validate.Length(max=64), metadata={"example": "Europe/Berlin"}
    )
    header = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(max=200)), load_default=list
    )
    footer = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(max=200)), load_default=list
    )
    qr_template = ma.fields.String(validate=ma.validate.Length(max=512), load_default="")


class StoreChangeSchema(ma.Schema):
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=200))
    timezone = ma.fields.String(validate=ma.validate.Length(max=64))
    header = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=200)))
    footer = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=200)))
    qr_template = ma.fields.String(validate=ma.validate.Length(max=512))


class StoreListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(StoreSchema), required=True)


class NewTerminalSchema(ma.Schema):
    store_id = ma.fields.String(required=True, validate=_id)
    code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=32))
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    cash_out_limit = ma.fields.Integer(
        load_default=0,
        validate=ma.validate.Range(min=0, max=10**15),
        metadata={"description": "Minor units of the store's currency"},
    )
    kind = ma.fields.String(
        load_default="till",
        validate=ma.validate.OneOf(KINDS),
        metadata={"description": "till (a register) or office (the store's OFFICE relay)"},
    )


class TerminalSchema(ma.Schema):
    id = ma.fields.String(required=True)
    store_id = ma.fields.String(required=True)
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    cash_out_limit = ma.fields.Integer(required=True)
    currency = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS))


class TerminalListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(TerminalSchema), required=True)


class EnrolmentCodeSchema(ma.Schema):
    terminal = ma.fields.Nested(TerminalSchema, required=True)
    enrolment_code = ma.fields.String(
        required=True, metadata={"description": "One-time, shown this once"}
    )
    expires_at = ma.fields.AwareDateTime(required=True)


class RotateSchema(ma.Schema):
    grace_seconds = ma.fields.Integer(
        load_default=86400,
        validate=ma.validate.Range(min=0, max=7 * 86400),
        metadata={"description": "How long the previous key keeps working"},
    )


class ApiKeySchema(ma.Schema):
    id = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    expires_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    revoked_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    valid = ma.fields.Boolean(required=True)


class NewApiKeySchema(ma.Schema):
    id = ma.fields.String(required=True)
    api_key = ma.fields.String(required=True, metadata={"description": "Shown this once"})


class ApiKeyListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ApiKeySchema), required=True)


class PageArgsSchema(ma.Schema):
    after = ma.fields.String(
        load_default="0",
        validate=ma.validate.Regexp(r"^[0-9]{1,18}$"),
        metadata={"description": "The cursor of the previous page (next_cursor)"},
    )
    limit = ma.fields.Integer(load_default=100, validate=ma.validate.Range(min=1, max=500))


class AuditRecordSchema(ma.Schema):
    id = ma.fields.String(required=True)
    at = ma.fields.AwareDateTime(required=True)
    actor = ma.fields.String(required=True)
    action = ma.fields.String(required=True)
    entity = ma.fields.String(required=True)
    key = ma.fields.String(required=True)
    before = ma.fields.Dict(required=True, allow_none=True)
    after = ma.fields.Dict(required=True, allow_none=True)


class AuditPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(AuditRecordSchema), required=True)
    next_cursor = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "None: the last page"}
    )
