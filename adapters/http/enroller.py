"""``HttpEnroller``: trades an enrolment code at ``POST /api/v1/terminal/enrol``.

A 401 or 422 answer is the code refused (``EnrolmentRefused``, with upstream's words);
anything that is no answer (unreachable, timeout, 5xx, 429) or an answer that cannot be
read is a ``SyncError``: try again later, the code is still good.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from adapters.http import transport
from adapters.http.transport import detail, exchange, json_body, new_session
from saleflex_core.domain.enrolment import Enrolment
from saleflex_core.domain.ingest import TerminalCounters
from saleflex_core.domain.money import Money, known_currency
from saleflex_core.domain.organisation import Store, Terminal, TerminalKind
from saleflex_core.exceptions import EnrolmentRefused, SyncError, ValidationError

ENROL_PATH = "/api/v1/terminal/enrol"


class HttpEnroller:
    """The enrolment desk of the upstream at ``base_url``."""

    def __init__(
        self,
        base_url: str,
        *,
        connect_timeout: float = 3.05,
        read_timeout: float = 30,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = transport.base_url(base_url)
        self.timeout = (connect_timeout, read_timeout)
        self.session = session or new_session()

    def enrol(self, code: str) -> Enrolment:
        response = exchange(
            self.session,
            "POST",
            self.base_url + ENROL_PATH,
            timeout=self.timeout,
            json={"code": code},
        )
        if response.status_code in (401, 422):
            raise EnrolmentRefused(f"Upstream refused the enrolment code: {detail(response)}")
        if response.status_code != 200:
            raise SyncError(
                f"Upstream refused the enrolment ({response.status_code}): {detail(response)}"
            )
        body = json_body(response, "enrolment")
        try:
            return enrolment_from_wire(body)
        except (ValidationError, KeyError, TypeError, ValueError) as error:
            raise SyncError(f"Upstream's enrolment answer cannot be read: {error}") from error


def enrolment_from_wire(body: Mapping[str, Any]) -> Enrolment:
    """The enrolment answer (``adapters/rest/terminal_enrol.EnrolledSchema``) as values."""
    company_id, shop = _text(body, "company_id"), body["store"]
    currency = known_currency(_text(shop, "currency"))
    store = Store(
        _text(body, "store_id"),
        company_id,
        _text(shop, "name"),
        currency,
        header=tuple(_text_list(shop, "header")),
        footer=tuple(_text_list(shop, "footer")),
        timezone=_text(shop, "timezone"),
    )
    terminal = Terminal(
        _text(body, "terminal_id"),
        company_id,
        store.id,
        _text(body, "terminal_code"),
        _text(body, "name"),
        Money(_whole(body, "cash_out_limit"), currency.code),
    )
    return Enrolment(
        company_id=company_id,
        company_name=_text(body, "company_name"),
        store=store,
        terminal=terminal,
        api_key=_text(body, "api_key"),
        api_key_id=_text(body, "api_key_id"),
        counters=_counters(body["counters"]),
        kind=TerminalKind(body.get("kind", TerminalKind.TILL.value)),
    )


def _counters(wire: Mapping[str, Any]) -> TerminalCounters:
    last = wire["last_receipt"]
    receipt = None if last is None else (_whole(last, "closure"), _whole(last, "receipt"))
    return TerminalCounters(
        _whole(wire, "last_event_sequence"), _whole(wire, "last_closed_closure"), receipt
    )


def _text(wire: Mapping[str, Any], name: str) -> str:
    value = wire[name]
    if not isinstance(value, str) or not value:
        raise ValidationError(f"{name} must be text, not {value!r}")
    return value


def _text_list(wire: Mapping[str, Any], name: str) -> list[str]:
    value = wire[name]
    if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
        raise ValidationError(f"{name} must be a list of lines, not {value!r}")
    return value


def _whole(wire: Mapping[str, Any], name: str) -> int:
    value = wire[name]
    if type(value) is not int or value < 0:
        raise ValidationError(f"{name} must be a whole number, not {value!r}")
    return value
