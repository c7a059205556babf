"""The hub's audit log: every change a person makes, who, what, when, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from attrs import frozen


@frozen
class AuditRecord:
    """One change. ``before``/``after`` are JSON-safe dicts (None: created / deleted).

    ``entity`` names the kind of thing (``"product"``), ``key`` its key within the
    company (``"P1001"``); ``action`` is ``"create"``, ``"update"``, ``"delete"`` or a
    verb of its own (``"rotate_key"``).
    """

    company_id: str
    id: str
    at: datetime
    actor: str
    action: str
    entity: str
    key: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
