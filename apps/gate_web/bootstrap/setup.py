"""What ``saleflex-gate`` does before it serves: the database made current, the demo."""

from __future__ import annotations

from adapters.passwords import Argon2Passwords
from adapters.sqlalchemy.database import parse_url
from adapters.sqlalchemy.hub.database import open_hub_database
from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork
from adapters.system import SystemClock, SystemSecrets, UuidIds
from apps.gate_web.settings import GateSettings
from saleflex_core import demo
from saleflex_core.use_cases.gate_demo import DemoPorts, DemoSeeded, gate_demo, seed_demo


def prepare_database(settings: GateSettings) -> None:
    """Open the hub's database once: a new one gets the schema, an older one is migrated
    (StorageError when it cannot be used)."""
    open_hub_database(settings.database_url).dispose()


def seed_demo_company(settings: GateSettings) -> DemoSeeded:
    """Seed the demo company unless the hub holds it already."""
    engine = open_hub_database(settings.database_url)
    try:
        uow = SqlHubUnitOfWork(engine, company_id=demo.COMPANY_ID)
        ports = DemoPorts(SystemClock(), UuidIds(), SystemSecrets(), Argon2Passwords())
        return seed_demo(uow, gate_demo(), ports)
    finally:
        engine.dispose()


def shown_url(url: str) -> str:
    """The database URL as it may be printed: without its password."""
    return parse_url(url).render_as_string(hide_password=True)
