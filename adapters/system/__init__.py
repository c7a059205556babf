"""Production clock and ids from the standard library."""

from __future__ import annotations

import uuid
from datetime import datetime


class SystemClock:
    def now(self) -> datetime:
        """Local wall-clock time of the store."""
        return datetime.now()


class UuidIds:
    def new_id(self) -> str:
        return str(uuid.uuid4())
