"""Old outbox rows as v1 events: event ids, per-terminal sequences, envelope columns.

Sequences. Every old row of a terminal, sent or waiting, gets a place in 1..n, in the order
the facts happened: period by period (a Z after every fact of its period and before any of
the next); inside a period in the order the old program recorded and delivered them
(``created_at``, then ``key``), except that sales and cancellations keep their receipt
order among the places they hold, so a clock set back during a period cannot put receipt
5 before receipt 4. Sent rows stay sent: the receiver has them and they are never offered
again; the counter goes on from n.

Event ids. The id the program gives the same fact (``events.event_id_for`` at 0003, copied
here): ``uuid5(EVENT_NAMESPACE, "<company>/<store>/<terminal>/<type>/<subject>")`` with the
terminal's new UUID and the fact's subject (the document's or the movement's id; for a Z,
``<terminal uuid>/<period>``). Worked out, never drawn: the same fact can never be queued
under two ids, the terminal's UUID makes it unique across shops (every standalone till is
``LOCAL``/``S1``/``T01``), and support or a test can find an old row's event from its key.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from attrs import frozen
from sqlalchemy import Select, Table, select

from saleflex_core.exceptions import StorageError

EVENT_NAMESPACE = uuid.UUID("5a1ef1e5-0e7e-4c1d-9b7a-000000000001")
SCHEMA_VERSION = 1
STATUS = {"pending": "pending", "sent": "sent"}
OCCURRED = {  # the old payload's field that says when the fact happened
    "sale.completed": "ended_at",
    "sale.cancelled": "ended_at",
    "closure.closed": "closed_at",
    "cash.moved": "at",
}


def event_id(company_id: str, store_id: str, terminal_id: str, old_key: str) -> str:
    """The id of the event an old row (``old_key``) becomes on the terminal ``terminal_id``."""
    event_type, subject = old_key.split(":", 1)
    if event_type == "closure.closed":  # "T01/4": the period, named by the terminal's UUID
        subject = f"{terminal_id}/{subject.rsplit('/', 1)[1]}"
    name = f"{company_id}/{store_id}/{terminal_id}/{event_type}/{subject}"
    return str(uuid.uuid5(EVENT_NAMESPACE, name))


@frozen
class Fact:
    """Where one old outbox row stands among its terminal's facts."""

    key: str
    terminal: str  # the old terminal id ("T01")
    closure: int
    is_z: bool
    receipt: int | None  # sales and cancellations only
    created_at: datetime

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> Fact:
        """From a row of ``facts_query``."""
        key, event_type = row["key"], row["event_type"]
        if event_type not in OCCURRED:
            raise StorageError(f"The outbox holds {key!r} of unknown type {event_type!r}")
        is_z = event_type == "closure.closed"
        closure = row["number"] if is_z else row["closure_number"]
        if row["terminal_id"] is None or closure is None:
            raise StorageError(f"The outbox row {key!r} names no terminal or no period")
        return cls(key, row["terminal_id"], closure, is_z, row["receipt_number"], row["created_at"])


def facts_query(old: Table) -> Select[Any]:
    """What ordering needs of each old row, read inside the JSON by the database (each
    payload is parsed once, when it is translated)."""
    payload = old.c.payload
    return select(
        old.c.key,
        old.c.event_type,
        old.c.created_at,
        payload["terminal_id"].as_string().label("terminal_id"),
        payload["closure_number"].as_integer().label("closure_number"),
        payload["number"].as_integer().label("number"),
        payload["receipt_number"].as_integer().label("receipt_number"),
    )


def sequences(facts: Iterable[Fact]) -> dict[str, int]:
    """Old key -> sequence: 1..n for each terminal, in the order the facts happened."""
    found: dict[str, int] = {}
    by_terminal = sorted(facts, key=lambda f: f.terminal)
    for _, of_terminal in itertools.groupby(by_terminal, key=lambda f: f.terminal):
        ordered = sorted(of_terminal, key=lambda f: (f.closure, f.is_z, f.created_at, f.key))
        number = itertools.count(1)
        for _, period in itertools.groupby(ordered, key=lambda f: f.closure):
            for fact in _receipts_in_order(list(period)):
                found[fact.key] = next(number)
    return found


def _receipts_in_order(period: list[Fact]) -> list[Fact]:
    """The period's facts with its documents re-seated in receipt order."""
    places = [i for i, fact in enumerate(period) if fact.receipt is not None]
    documents = sorted((period[i] for i in places), key=lambda f: f.receipt or 0)
    seated = list(period)
    for place, document in zip(places, documents, strict=True):
        seated[place] = document
    return seated


def local_time(row: Mapping[Any, Any]) -> str:
    """When the fact happened, as the old payload says it (naive local ISO text)."""
    text: str = row["payload"][OCCURRED[row["event_type"]]]
    return text


def status(old: str) -> str:
    try:
        return STATUS[old]
    except KeyError as error:
        raise StorageError(f"The outbox holds a row in the unknown state {old!r}") from error
