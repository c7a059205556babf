"""Who calls GATE: people (by role) and terminals, each inside one company.

A ``Caller`` is what an authenticated request carries. Rules decide with it, never with
an HTTP header: the core knows no transport.

Roles (people):

- ``PLATFORM_ADMIN`` runs the hub: creates companies and their first admins. Its
  company is the one it acts in (``company_id``), set by the route it calls.
- ``COMPANY_ADMIN`` may do everything inside its company.
- ``STORE_MANAGER`` reads and changes what belongs to its stores (``store_ids``).
- ``INTEGRATOR`` reads, never writes (a read-only token for an ERP or BI job).

A terminal calls with its own API key: it is a ``Caller`` of kind ``TERMINAL`` with its
``terminal_id`` and ``store_id``, and only the terminal endpoints accept it.

An OFFICE (a store's server, relaying its tills' events) is a node of one store with a
key of its own: a ``Caller`` of kind ``OFFICE`` whose ``terminal_id`` is the office's id.
It relays the events of its store's tills (``events:relay``, never ``events:write``: it
has no events of its own) and pulls the store's master data like a till.

Scopes name what a token may do (``"master_data:write"``); a role grants a fixed set
(``ROLE_SCOPES``) and a token may be narrowed to fewer.
"""

from __future__ import annotations

import enum

from attrs import field, frozen

from saleflex_core.exceptions import PermissionDenied


class GateRole(enum.Enum):
    PLATFORM_ADMIN = "platform_admin"
    COMPANY_ADMIN = "company_admin"
    STORE_MANAGER = "store_manager"
    INTEGRATOR = "integrator"


class CallerKind(enum.Enum):
    PERSON = "person"
    TERMINAL = "terminal"
    OFFICE = "office"


READ_SCOPES = frozenset(
    {"master_data:read", "sales:read", "stock:read", "terminals:read", "audit:read"}
    | {"stores:read"}
)
WRITE_SCOPES = frozenset(
    {"master_data:write", "terminals:write", "users:write", "stock:write", "companies:write"}
    | {"stores:write"}
)
ROLE_SCOPES: dict[GateRole, frozenset[str]] = {
    GateRole.PLATFORM_ADMIN: READ_SCOPES | WRITE_SCOPES,
    GateRole.COMPANY_ADMIN: READ_SCOPES | (WRITE_SCOPES - {"companies:write"}),
    GateRole.STORE_MANAGER: READ_SCOPES - {"audit:read"} | {"master_data:write", "stock:write"},
    GateRole.INTEGRATOR: READ_SCOPES - {"audit:read"},
}
TERMINAL_SCOPES = frozenset({"events:write", "master_data:pull"})
OFFICE_SCOPES = frozenset({"events:relay", "master_data:pull"})


@frozen
class Caller:
    """An authenticated caller, scoped to one company.

    ``subject_id`` is the user's id or the terminal's id. ``store_ids`` is None when the
    caller may reach every store of its company, else the stores it may reach.
    """

    kind: CallerKind
    company_id: str
    subject_id: str
    roles: frozenset[GateRole] = frozenset()
    scopes: frozenset[str] = frozenset()
    store_ids: frozenset[str] | None = None
    terminal_id: str | None = None
    store_id: str | None = None  # a terminal's store
    name: str = field(default="")

    @property
    def is_terminal(self) -> bool:
        return self.kind is CallerKind.TERMINAL

    @property
    def is_office(self) -> bool:
        return self.kind is CallerKind.OFFICE

    def may(self, scope: str) -> bool:
        return scope in self.scopes

    def require(self, scope: str) -> None:
        """Refuse (``PermissionDenied``) a caller whose token lacks ``scope``."""
        if not self.may(scope):
            raise PermissionDenied(f"This needs the permission {scope!r}")

    def reaches_store(self, store_id: str) -> bool:
        return self.store_ids is None or store_id in self.store_ids

    @property
    def actor(self) -> str:
        """How the audit log names this caller: ``user:<id>`` or ``terminal:<id>``."""
        return f"{self.kind.value}:{self.subject_id}"


def person(
    company_id: str,
    user_id: str,
    roles: frozenset[GateRole],
    *,
    store_ids: frozenset[str] | None = None,
    scopes: frozenset[str] | None = None,
    name: str = "",
) -> Caller:
    """A person's caller: the scopes of its roles, narrowed to ``scopes`` when given."""
    granted = frozenset().union(*(ROLE_SCOPES[r] for r in roles)) if roles else frozenset()
    return Caller(
        CallerKind.PERSON,
        company_id,
        user_id,
        roles,
        granted if scopes is None else granted & scopes,
        store_ids,
        name=name,
    )


def terminal(company_id: str, store_id: str, terminal_id: str) -> Caller:
    """A terminal's caller: it may push its events and pull its master data."""
    return Caller(
        CallerKind.TERMINAL,
        company_id,
        terminal_id,
        scopes=TERMINAL_SCOPES,
        store_ids=frozenset({store_id}),
        terminal_id=terminal_id,
        store_id=store_id,
    )


def office(company_id: str, store_id: str, office_id: str) -> Caller:
    """An OFFICE's caller: it relays its store's tills' events and pulls master data."""
    return Caller(
        CallerKind.OFFICE,
        company_id,
        office_id,
        scopes=OFFICE_SCOPES,
        store_ids=frozenset({store_id}),
        terminal_id=office_id,
        store_id=store_id,
    )
