"""What GATE's views are given: the ports, built once by ``bootstrap`` per app."""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen
from flask import current_app

from saleflex_core.exceptions import StorageError
from saleflex_core.ports import Clock, IdGenerator
from saleflex_core.ports.hub import Authenticator, HubUnitOfWork, PasswordHasher, SecretSource

EXTENSION = "saleflex_gate"


@frozen
class GateDeps:
    """``unit_of_work(company_id)`` opens one company's transaction; ``ready()`` lists
    what keeps GATE from serving (empty when ready)."""

    unit_of_work: Callable[[str], HubUnitOfWork]
    clock: Clock
    ids: IdGenerator
    authenticator: Authenticator
    ready: Callable[[], list[str]]
    # access: people's passwords and the randomness of tokens, keys and codes
    password_hasher: PasswordHasher | None = None
    secret_source: SecretSource | None = None

    @property
    def passwords(self) -> PasswordHasher:
        if self.password_hasher is None:
            raise StorageError("This GATE was built without a password hasher")
        return self.password_hasher

    @property
    def secrets(self) -> SecretSource:
        if self.secret_source is None:
            raise StorageError("This GATE was built without a source of secrets")
        return self.secret_source


def deps() -> GateDeps:
    """The running app's ports."""
    found: GateDeps = current_app.extensions[EXTENSION]
    return found
