"""the ingest's writes made cheaper: no sale-child foreign keys, movements keyed by time

Revision ID: h0002
Revises: h0001
Create Date: 2026-11-30 12:00:00

- ``hub_sale_line``, ``hub_sale_payment`` and ``hub_sale_vat`` lose their foreign key to
  ``hub_sale``: the ingest, their only writer, inserts a sale and its children together
  (``ledger_tables`` says why).
- ``stock_movement``'s primary key becomes (company_id, at, event_id, line_no), the
  order it is read in, and ``ix_stock_movement_time`` (the same columns) goes.
- On PostgreSQL with lz4, ``received_event.envelope`` is compressed with lz4 from now on
  (rows already stored keep pglz; both read the same).

Drafted by ``python -m adapters.sqlalchemy.hub.chain --draft`` (the foreign keys and the
index); Alembic does not compare primary keys or compression, so those are by hand. Runs
in open_hub_database's one transaction under its lock, like every hub revision. On
SQLite each table is rebuilt (batch mode), its rows kept.
"""

from __future__ import annotations

from alembic import op

revision = "h0002"
down_revision = "h0001"
branch_labels = None
depends_on = None

SALE_CHILDREN = ("hub_sale_line", "hub_sale_payment", "hub_sale_vat")
LZ4_SUPPORTED = (
    "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
)


def upgrade() -> None:
    for table in SALE_CHILDREN:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_company_id_hub_sale", type_="foreignkey")
    op.drop_index("ix_stock_movement_time", table_name="stock_movement")
    with op.batch_alter_table("stock_movement") as batch:
        batch.drop_constraint("pk_stock_movement", type_="primary")
        batch.create_primary_key("pk_stock_movement", ["company_id", "at", "event_id", "line_no"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and bind.exec_driver_sql(LZ4_SUPPORTED).scalar():
        op.execute("ALTER TABLE received_event ALTER COLUMN envelope SET COMPRESSION lz4")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE received_event ALTER COLUMN envelope SET COMPRESSION pglz")
    with op.batch_alter_table("stock_movement") as batch:
        batch.drop_constraint("pk_stock_movement", type_="primary")
        batch.create_primary_key("pk_stock_movement", ["company_id", "event_id", "line_no"])
    op.create_index(
        "ix_stock_movement_time", "stock_movement", ["company_id", "at", "event_id", "line_no"]
    )
    for table in reversed(SALE_CHILDREN):
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(
                f"fk_{table}_company_id_hub_sale",
                "hub_sale",
                ["company_id", "sale_id"],
                ["company_id", "id"],
                ondelete="CASCADE",
            )
