"""Every key of tenant data includes company_id, so the schema distributes by company.

Citus (``create_distributed_table(table, 'company_id')``) needs the distribution column in
every primary key, unique constraint and unique index of a distributed table, and in
every foreign key between two of them. These tests read that off ``tables.metadata``.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Index, Table, UniqueConstraint

from adapters.sqlalchemy import tables

# Tables that are not tenant data, and why. Alembic's own alembic_version is not in the
# metadata at all.
NOT_TENANT_DATA = {
    "company": "the tenants themselves: a Citus reference table, keyed by the company id",
}
TENANT_TABLES = sorted(set(tables.metadata.tables) - set(NOT_TENANT_DATA))


def tenant_table(name: str) -> Table:
    return tables.metadata.tables[name]


def test_the_allow_list_names_real_tables_and_leaves_the_rest_to_the_rule() -> None:
    assert set(NOT_TENANT_DATA) <= set(tables.metadata.tables)
    assert len(TENANT_TABLES) >= 17  # every table of a till's books and master data


@pytest.mark.parametrize("name", TENANT_TABLES)
def test_company_id_comes_first_and_leads_the_primary_key(name: str) -> None:
    table = tenant_table(name)
    assert table.columns.keys()[0] == "company_id"
    assert not table.c.company_id.nullable
    assert table.primary_key.columns.keys()[0] == "company_id"


@pytest.mark.parametrize("name", TENANT_TABLES)
def test_every_unique_key_includes_company_id(name: str) -> None:
    table = tenant_table(name)
    uniques = [c for c in table.constraints if isinstance(c, UniqueConstraint)]
    uniques += [i for i in table.indexes if isinstance(i, Index) and i.unique]
    uniques += [c for c in table.columns if c.unique]  # a column-level unique=True
    for unique in uniques:
        columns = getattr(unique, "columns", None)
        names = [unique.name] if columns is None else list(columns.keys())
        assert "company_id" in names, f"{name}: {unique.name} is unique across companies"


@pytest.mark.parametrize("name", TENANT_TABLES)
def test_foreign_keys_between_tenant_tables_carry_company_id(name: str) -> None:
    for key in tenant_table(name).foreign_key_constraints:
        if key.referred_table.name in NOT_TENANT_DATA:
            continue  # a reference table: Citus allows any key to it
        pairs = {(e.parent.name, e.column.name) for e in key.elements}
        assert ("company_id", "company_id") in pairs, f"{name}: {key.name} crosses companies"
