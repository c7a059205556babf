"""The register's sync worker, and the upstream it talks to.

An enrolled register (``upstream.toml`` beside its database) talks to the upstream it
names. A register with no upstream (the Standalone profile, and the demo) still gets a
worker: it reads the outbox's figures for the status bar, and the outbox accumulates
until the register is enrolled.
"""

from __future__ import annotations

import random

from adapters.sqlalchemy.uow import SqlUnitOfWork
from adapters.system import SystemClock
from apps.pos_desktop.bootstrap.upstream import upstream_for
from apps.pos_desktop.settings import PosSettings
from apps.pos_desktop.sync_worker import SyncWorker
from saleflex_core.register import Register


def sync_worker(
    settings: PosSettings, register: Register, uow: SqlUnitOfWork, *, demo: bool
) -> SyncWorker:
    """The register's sync worker, not started, on a unit of work of its own (the till's
    belongs to the UI thread)."""
    own = SqlUnitOfWork(uow.engine, company_id=uow.company_id)
    return SyncWorker(
        register,
        own,
        upstream=None if demo else upstream_for(settings.data_dir),
        clock=SystemClock(),
        jitter=random.Random(),
    )
