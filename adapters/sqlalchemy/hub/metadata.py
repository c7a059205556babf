"""The hub's metadata: every table of a terminal's schema, copied, then the hub's own.

The copies keep their names, columns, keys and constraints, so the terminal's
repositories (catalogue, cashiers, organisation, documents, closures) run on the hub's
database unchanged. Each part of the hub declares its tables on ``hub_metadata`` in a
module of its own, imported by ``hub.schema``.
"""

from __future__ import annotations

from sqlalchemy import Column, MetaData

from adapters.sqlalchemy import tables

hub_metadata = MetaData(naming_convention=tables.metadata.naming_convention)

for _table in tables.metadata.sorted_tables:
    _table.to_metadata(hub_metadata)

ID = tables.ID
CODE = tables.CODE


def company_key() -> Column[str]:
    """The tenant column, first in every hub table and in each of its keys (Citus)."""
    return Column("company_id", ID, primary_key=True)
