"""The hub's own Alembic chain: it builds exactly ``hub_metadata``; an older hub database is
migrated when GATE opens it (once, under a lock, all or nothing); a database GATE does not
know is refused untouched."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from adapters.sqlalchemy.database import make_engine, open_database
from adapters.sqlalchemy.hub import chain
from adapters.sqlalchemy.hub.database import open_hub_database, readiness_problems, upgrade_hub
from adapters.sqlalchemy.hub.schema import HUB_SCHEMA_REVISION
from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork
from saleflex_core.domain.organisation import Company
from saleflex_core.exceptions import StorageError

pytestmark = pytest.mark.integration

# A later revision as a GATE upgrade would bring it: a new table and a new column.
H0002 = """
import sqlalchemy as sa
from alembic import op

revision = "h9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("hub_probe", sa.Column("company_id", sa.String(64), primary_key=True))
    with op.batch_alter_table("company") as batch:
        batch.add_column(sa.Column("probe", sa.String(20), nullable=False, server_default="x"))
    {fail}


def downgrade() -> None:
    pass
"""


def _later_chain(tmp_path: Path, *, fail: bool = False) -> Path:
    """A copy of the hub's chain with a probe revision h9999 on top (raising when ``fail``)."""
    location = tmp_path / "chain"
    shutil.copytree(chain.MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    raising = 'raise RuntimeError("h9999 broke half-way")' if fail else ""
    source = H0002.format(head=HUB_SCHEMA_REVISION, fail=raising)
    (location / "versions" / "h9999_probe.py").write_text(source)
    return location


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        found: str | None = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return found


def _save_company(engine: Engine, company_id: str) -> None:
    with SqlHubUnitOfWork(engine, company_id=company_id) as uow:
        uow.organisation.save_company(Company(company_id, f"{company_id} Ltd"))
        uow.commit()


def test_the_chain_head_is_the_revision_gate_needs() -> None:
    assert chain.chain_head() == HUB_SCHEMA_REVISION
    assert chain.chain_revisions()[-1] == HUB_SCHEMA_REVISION


def test_the_chain_builds_exactly_the_hub_metadata(gate_database_url: str) -> None:
    engine = make_engine(gate_database_url)
    try:
        upgrade_hub(engine)
        assert chain.differences(engine) == []
        assert _revision(engine) == HUB_SCHEMA_REVISION
    finally:
        engine.dispose()


def test_a_new_database_gets_the_hub_metadata_stamped(gate_database_url: str) -> None:
    engine = open_hub_database(gate_database_url)
    try:
        assert chain.differences(engine) == []
        assert readiness_problems(engine) == []
    finally:
        engine.dispose()


def test_the_chain_script_reports_no_difference(capsys: pytest.CaptureFixture[str]) -> None:
    assert chain.main([]) == 0
    assert capsys.readouterr().out.strip() == "no difference"


def test_the_chain_script_shows_a_table_the_chain_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'behind.db'}"
    engine = make_engine(url)
    upgrade_hub(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE audit_log"))
    engine.dispose()
    assert chain.main(["--url", url, "--draft"]) == 0
    assert "op.create_table('audit_log'" in capsys.readouterr().out


def test_an_older_hub_database_is_migrated_and_keeps_its_rows(
    gate_database_url: str, tmp_path: Path
) -> None:
    open_hub_database(gate_database_url).dispose()
    engine = make_engine(gate_database_url)
    _save_company(engine, "ACME")
    engine.dispose()

    engine = open_hub_database(gate_database_url, migrations=_later_chain(tmp_path))
    try:
        assert _revision(engine) == "h9999"
        assert "hub_probe" in inspect(engine).get_table_names()
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, name, probe FROM company")).all()
        assert [tuple(r) for r in rows] == [("ACME", "ACME Ltd", "x")]
    finally:
        engine.dispose()


def test_a_migration_that_fails_leaves_the_database_as_it_was(
    gate_database_url: str, tmp_path: Path
) -> None:
    open_hub_database(gate_database_url).dispose()
    with pytest.raises(RuntimeError, match="broke half-way"):
        open_hub_database(gate_database_url, migrations=_later_chain(tmp_path, fail=True))
    engine = make_engine(gate_database_url)
    try:
        assert _revision(engine) == HUB_SCHEMA_REVISION
        assert "hub_probe" not in inspect(engine).get_table_names()
        assert chain.differences(engine) == []
    finally:
        engine.dispose()


def test_workers_opening_a_fresh_database_at_once_create_it_once(gate_database_url: str) -> None:
    errors: list[BaseException] = []

    def start_a_worker() -> None:
        try:
            open_hub_database(gate_database_url).dispose()
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)

    workers = [threading.Thread(target=start_a_worker) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    engine = make_engine(gate_database_url)
    try:
        with engine.connect() as conn:
            stamps = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        assert [s[0] for s in stamps] == [HUB_SCHEMA_REVISION]
    finally:
        engine.dispose()


def test_a_database_at_a_revision_gate_does_not_know_is_refused_untouched(
    gate_database_url: str,
) -> None:
    open_hub_database(gate_database_url).dispose()
    engine = make_engine(gate_database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'h9999'"))
    with pytest.raises(StorageError, match="schema h9999, which this GATE does not know"):
        open_hub_database(gate_database_url)
    assert _revision(engine) == "h9999"
    engine.dispose()


def test_a_terminal_database_is_not_taken_for_a_hub(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'terminal.db'}"
    open_database(url).dispose()
    with pytest.raises(StorageError, match="which this GATE does not know"):
        open_hub_database(url)


def test_tables_without_a_revision_are_refused_untouched(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE something_else (x INTEGER)"))
    with pytest.raises(StorageError, match="not a GATE database"):
        open_hub_database(url)
    assert inspect(engine).get_table_names() == ["something_else"]
    engine.dispose()
