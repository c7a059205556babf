"""One GATE process for the whole session (on PostgreSQL, as in production), shared by
the sync tests: each test makes its own terminals, so none sees another's events. A
module that changes master data names a company of its own (``GATE_COMPANY``), so the
catalogue the other modules see stays the demo's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from attrs import define, field

from tests.gate.live_server import running_gate
from tests.support.postgres import PostgresServer
from tests.sync.gate_process import SyncGate, seeded


@define
class GateServer:
    url: str
    database_url: str
    companies: dict[str, SyncGate] = field(factory=dict)

    def company(self, company_id: str) -> SyncGate:
        if company_id not in self.companies:
            self.companies[company_id] = seeded(self.url, self.database_url, company_id)
        return self.companies[company_id]


@pytest.fixture(scope="session")
def gate_server(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GateServer]:
    log = tmp_path_factory.mktemp("gate") / "gunicorn.log"
    with postgres_server.database() as database_url, running_gate(database_url, log) as gate:
        yield GateServer(gate.url, database_url)


@pytest.fixture(scope="module")
def sync_gate(gate_server: GateServer, request: pytest.FixtureRequest) -> SyncGate:
    return gate_server.company(getattr(request.module, "GATE_COMPANY", "ACME"))
