"""The register's link upstream: its sync worker, and the upstream it talks to.

A register with no upstream (the Standalone profile) still gets a worker: it reads the
outbox's figures for the status bar, and the outbox accumulates until the register is
enrolled.
"""

from __future__ import annotations

import random

from adapters.sqlalchemy.uow import SqlUnitOfWork
from adapters.system import SystemClock
from apps.pos_desktop.settings import PosSettings
from apps.pos_desktop.sync_worker import SyncWorker
from saleflex_core.register import Register


def sync_worker(settings: PosSettings, register: Register, uow: SqlUnitOfWork) -> SyncWorker:
    """The register's sync worker, not started, on a unit of work of its own (the till's
    belongs to the UI thread)."""
    own = SqlUnitOfWork(uow.engine, company_id=uow.company_id)
    return SyncWorker(
        register,
        own,
        upstream=None,  # Standalone until the register is enrolled
        clock=SystemClock(),
        jitter=random.Random(),
    )
