"""Tenant isolation, generated from the app's URL map: every route and method, called by
company A's people and terminals, must reach nothing of company B.

How a route is classified (a route none of these fits FAILS the test, by name):
- ``PUBLIC`` endpoints (health, the document, the docs page): anyone may call them; they
  must not show B's data either.
- Every other route must be in the OpenAPI document with a security requirement: A calls
  it with its admin's bearer token (``BearerAuth``) or its terminal's key (``ApiKeyAuth``).
- Each path parameter is filled with B's key for it (``keys["store_id"]``: B's store): the
  answer must be 404, never B's thing and never 403 (a write whose body does not validate
  may answer 422 first: it never reached B's thing). A's own key for it must be reachable
  for a GET (200), which proves the call was authorised and the route is live.
  A parameter no seeded key names is unclassifiable: seed B's (and A's) thing in
  ``seed_tenant`` and name its key there.
- Query parameters and JSON body fields the document names are filled with B's keys too
  (a filter ``?store_id=<B's store>`` must not open B's rows).
- After every call: B's rows in every hub table are as they were, and the answer shows no
  B name (``SECRET_B``) and no B key it was not given.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from flask import Flask
from sqlalchemy import Engine, select
from werkzeug.routing import Rule

from adapters.sqlalchemy.hub.schema import hub_metadata
from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork
from adapters.system import SystemClock
from saleflex_core.domain import access
from saleflex_core.domain.audit_log import AuditRecord
from saleflex_core.domain.catalog import (
    Department,
    PaymentType,
    Product,
    QuickKey,
    QuickKeyKind,
    StorePrice,
    VatRate,
)
from saleflex_core.domain.credentials import ApiKey
from saleflex_core.domain.ingest import IncomingEvent
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Cashier, Company, Role, Store, Terminal
from saleflex_core.domain.people import User
from saleflex_core.use_cases.gate_ingest import receive_events
from tests.gate.ingest_support import golden

A, B = "tenant-a", "zq9b-company"
SECRET_B = "Zq9-SECRET-B"  # in every name of B's: none may show in an answer to A
B_KEY_MARK = "zq9b"  # in every key of B's
A_ADMIN_TOKEN, A_TERMINAL_KEY = "a-admin-token", "a-terminal-key"
PUBLIC = frozenset(
    {
        "auth.create_token",  # signing in: the credentials are in the body
        "terminal_enrol.enrol_view",  # enrolling: the one-time code is the credential
        "health.healthz",
        "health.readyz",
        "api-docs.openapi_json",
        "api-docs.openapi_swagger_ui",
        "api_docs_assets.asset",
        "static",
    }
)
IGNORED_METHODS = frozenset({"HEAD", "OPTIONS"})  # Flask answers them from GET / the map
WRITES = frozenset({"POST", "PUT", "PATCH"})


class Unclassifiable(AssertionError):
    """A route the isolation test does not know how to call: say how, don't skip it."""


def authenticator_for_a() -> dict[str, dict[str, access.Caller]]:
    """StaticAuthenticator's arguments: A's company admin and A's terminal."""
    admin = access.person(A, "a-admin", frozenset({access.GateRole.COMPANY_ADMIN}))
    till = access.terminal(A, "tenant-a-store", "tenant-a-terminal")
    return {"tokens": {A_ADMIN_TOKEN: admin}, "api_keys": {A_TERMINAL_KEY: till}}


def seed_tenant(engine: Engine, company_id: str, prefix: str, name: str) -> dict[str, str]:
    """One company's things through the core's repositories; returns its keys by the
    parameter names routes use. Each part that adds a resource seeds one here."""
    eur = Currency.of("EUR")
    # Routes name some parameters alike (``<id>``: a product or a cashier; ``<code>``: a
    # VAT rate, department or payment type), so those things share their key.
    item, code = f"{prefix}-item", f"{prefix}-C".upper()
    keys = {
        "company_id": company_id,
        "store_id": f"{prefix}-store",
        "terminal_id": f"{prefix}-terminal",
        "product_id": item,
        "cashier_id": item,
        "id": item,
        "code": code,
        "department_code": code,
        "vat_code": code,
        "payment_code": code,
        "user_id": f"{prefix}-user",
        "key_id": f"{prefix}-key",
        # A's quick key is on page 2, B's on page 1: A asking for page 1 finds nothing.
        "page": "1" if company_id == B else "2",
        "position": "1" if company_id == B else "2",
    }
    with SqlHubUnitOfWork(engine, company_id=company_id) as uow:
        org, catalog = uow.organisation, uow.catalog
        org.save_company(Company(company_id, f"{name} Company"))
        org.save_store(Store(keys["store_id"], company_id, f"{name} Store", eur))
        till = Terminal(keys["terminal_id"], company_id, keys["store_id"], "T01", f"{name} Till",
                        Money(20000, "EUR"))  # fmt: skip
        org.save_terminal(till)
        catalog.save_vat_rate(VatRate(keys["vat_code"], Decimal(20), f"{name} VAT"))
        department = Department(keys["department_code"], f"{name} Dep", keys["vat_code"])
        catalog.save_department(department)
        catalog.save_payment_type(PaymentType.cash(keys["payment_code"], f"{name} Cash"))
        plu = "9001" if company_id == B else "1001"
        product = Product(keys["product_id"], plu, f"{name} Product", keys["department_code"],
                          keys["vat_code"], Money(1299, "EUR"))  # fmt: skip
        catalog.save_products([product])
        catalog.save_store_price(StorePrice(keys["store_id"], product.id, Money(999, "EUR")))
        uow.cashiers.save(Cashier(keys["cashier_id"], f"{name} Cashier", Role.CASHIER, "x$1$y"))
        at = datetime(2026, 1, 1, tzinfo=UTC)
        uow.audit_log.add(AuditRecord(company_id, f"{prefix}-audit", at, f"user:{prefix}-admin",
                                      "create", "store", keys["store_id"], None,
                                      {"name": f"{name} Store"}))  # fmt: skip
        catalog.save_quick_key(QuickKey(int(keys["page"]), int(keys["position"]),
                                        f"{name} Key", QuickKeyKind.PLU, plu))  # fmt: skip
        uow.users.add(User(company_id, keys["user_id"], f"{prefix}-user", f"{name} User",
                           frozenset({access.GateRole.INTEGRATOR}), None, "x$1$y"))  # fmt: skip
        uow.terminal_keys.add(ApiKey(company_id, keys["key_id"], keys["terminal_id"],
                                     f"{prefix}-digest", at))  # fmt: skip
        uow.commit()
    keys |= _received(engine, company_id, keys, name)
    return keys


def _received(engine: Engine, company_id: str, keys: dict[str, str], name: str) -> dict[str, str]:
    """What the company's terminal sent: a sale and a Z (through GATE's ingest, which
    also books stock, a warehouse and the day's totals); their ids are their event ids."""
    till = access.terminal(company_id, keys["store_id"], keys["terminal_id"])
    sold, closed = golden("sale.completed"), golden("closure.closed")
    sold["payload"]["cashier"]["opened_by"] = name  # a name of the company's in the answer
    events = [_own(sold, 1, keys), _own(closed, 2, keys)]
    uow = SqlHubUnitOfWork(engine, company_id=company_id)
    answers = receive_events(uow, clock=SystemClock(), caller=till, events=events)
    assert [a.outcome.value for a in answers] == ["accepted", "accepted"], answers
    return {"sale_id": events[0].event_id, "closure_id": events[1].event_id}


def _own(event: dict[str, Any], sequence: int, keys: dict[str, str]) -> IncomingEvent:
    mine = event | {
        "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{keys['terminal_id']}/{sequence}")),
        "company_id": keys["company_id"],
        "store_id": keys["store_id"],
        "terminal_id": keys["terminal_id"],
        "sequence": sequence,
    }
    canonical = json.dumps(mine, sort_keys=True)
    return IncomingEvent(mine, hashlib.sha256(canonical.encode()).hexdigest(), canonical)


def company_rows(engine: Engine, company_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of ``company_id`` in every hub table, in a stable order."""
    found = {}
    with engine.connect() as conn:
        for table in hub_metadata.sorted_tables:
            if "company_id" in table.c:
                query = select(table).where(table.c.company_id == company_id)
                rows = conn.execute(query.order_by(*table.primary_key.columns)).all()
                found[table.name] = [tuple(row) for row in rows]
    return found


def calls(app: Flask) -> Iterator[tuple[Rule, str]]:
    """Every (route, method) of the app: what the test must cover."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            yield rule, method


def openapi_path(rule: Rule) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)


class IsolationCheck:
    """Calls every route as A with B's keys and lists what went wrong (empty: isolated)."""

    def __init__(self, app: Flask, engine: Engine, a_keys: dict[str, str], b_keys: dict[str, str]):
        self.app, self.engine = app, engine
        self.a_keys, self.b_keys = a_keys, b_keys
        self.client = app.test_client()

    @functools.cached_property
    def document(self) -> dict[str, Any]:
        """The app's OpenAPI document, read at the first check (routes may be added before)."""
        found: dict[str, Any] = self.client.get("/api/v1/openapi.json").get_json()
        return found

    def run(self) -> list[str]:
        findings: list[str] = []
        for rule, method in calls(self.app):
            findings += self.check(rule, method)
        return findings

    def check(self, rule: Rule, method: str) -> list[str]:
        where = f"{method} {rule.rule}"
        if rule.endpoint in PUBLIC:
            path = rule.rule
            for name in rule.arguments:
                path = path.replace(f"<{_converter(rule, name)}{name}>", f"{B_KEY_MARK}-nothing")
            answer = self.client.open(path, method=method)
            return self._leaks(where, answer, carried=set())
        operation = self._operation(rule, method)
        headers = self._credentials(operation, where)
        unknown = [n for n in rule.arguments if n not in self.b_keys]
        if unknown:
            raise Unclassifiable(f"{where}: no company-B key for {unknown}: seed it in seed_tenant")
        before = company_rows(self.engine, B)
        query = {p["name"]: self.b_keys[p["name"]] for p in operation.get("parameters", [])
                 if p.get("in") == "query" and p["name"] in self.b_keys}  # fmt: skip
        body = self._body(operation) if method in WRITES else None
        answer = self.client.open(
            self._path(rule, self.b_keys), method=method, headers=headers, query_string=query,
            data=None if body is None else json.dumps(body), content_type="application/json",
        )  # fmt: skip
        given = [*(self.b_keys[n] for n in rule.arguments), *query.values(), *(body or {}).values()]
        carried = set(given)
        findings = self._leaks(where, answer, carried)
        if company_rows(self.engine, B) != before:
            findings.append(f"{where}: changed company B's rows")
        findings += self._status(where, rule, method, answer.status_code)
        if rule.arguments and method == "GET":
            own = self.client.get(self._path(rule, self.a_keys), headers=headers)
            if own.status_code != 200:
                findings.append(f"{where}: A's own key answers {own.status_code}, not 200")
        return findings

    def _status(self, where: str, rule: Rule, method: str, status: int) -> list[str]:
        if status >= 500 or status == 401:
            return [f"{where}: answered {status} to A's valid credentials"]
        if rule.arguments:
            allowed = {404, 422} if method in WRITES else {404}
            if status not in allowed:
                return [f"{where} with B's keys: answered {status}, not 404"]
        return []

    def _operation(self, rule: Rule, method: str) -> dict[str, Any]:
        path = self.document["paths"].get(openapi_path(rule), {})
        if method.lower() not in path:
            raise Unclassifiable(
                f"{method} {rule.rule} ({rule.endpoint}) is neither in the OpenAPI document nor "
                "PUBLIC: document it with a security requirement, or name it PUBLIC"
            )
        found: dict[str, Any] = path[method.lower()]
        return found

    def _credentials(self, operation: dict[str, Any], where: str) -> dict[str, str]:
        schemes = {name for requirement in operation.get("security", []) for name in requirement}
        if "BearerAuth" in schemes:
            return {"Authorization": f"Bearer {A_ADMIN_TOKEN}"}
        if "ApiKeyAuth" in schemes:
            return {"X-API-Key": A_TERMINAL_KEY}
        raise Unclassifiable(f"{where}: documented without BearerAuth or ApiKeyAuth, not PUBLIC")

    def _body(self, operation: dict[str, Any]) -> dict[str, str]:
        content = operation.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        while "$ref" in schema:
            schema = self.document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return {k: v for k, v in self.b_keys.items() if k in schema.get("properties", {})}

    def _path(self, rule: Rule, keys: dict[str, str]) -> str:
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{_converter(rule, name)}{name}>", keys[name])
        return path

    def _leaks(self, where: str, answer: Any, carried: set[str]) -> list[str]:
        text = answer.get_data(as_text=True)
        findings = []
        if SECRET_B.lower() in text.lower():
            findings.append(f"{where}: the answer shows company B's data")
        # Short keys (a quick key's page "1") are in any answer; ids and codes are not.
        shown = {key for key in self.b_keys.values() if len(key) >= 6 and key in text} - carried
        if shown:
            findings.append(f"{where}: the answer shows company B's keys {sorted(shown)}")
        if answer.status_code >= 500:
            findings.append(f"{where}: answered {answer.status_code}")
        return findings


def _converter(rule: Rule, name: str) -> str:
    """How ``name`` is written in the rule: ``"int:"`` for ``<int:name>``, ``""`` for ``<name>``."""
    match = re.search(rf"<(?:([^:<>]+):)?{re.escape(name)}>", rule.rule)
    assert match is not None, (rule.rule, name)
    return f"{match.group(1)}:" if match.group(1) else ""
