"""who finished a sale; the drawer float carried from Z to Z

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 09:00:00

Existing terminals keep every receipt as it was, under the same numbers:
- ``document.ended_by`` (who completed or cancelled the sale) is the cashier who opened
  it for every document kept before this revision: that is who the Z credited then;
- ``closure.opening_float_minor`` is 0 for every existing period (no float was carried);
- ``closure.float_left_minor`` is 0 for every closed period: the next period was told
  the drawer held nothing, so that is what the books carried forward.
Period totals stored as JSON gain counters (surcharge count); JSON written before reads
them as 0, so nothing in the ``totals`` column is rewritten.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Filled before NOT NULL; on SQLite NOT NULL rebuilds the table (env.py keeps the
    # lines and payments that refer to it).
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_by", sa.String(length=64), nullable=True))
    op.execute("UPDATE document SET ended_by = cashier_id")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.alter_column("ended_by", existing_type=sa.String(length=64), nullable=False)

    # Plain ADD COLUMNs: the closure table (and its partial unique index) is not rebuilt.
    with op.batch_alter_table("closure", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "opening_float_minor", sa.BigInteger(), server_default=sa.text("0"), nullable=False
            )
        )
        batch_op.add_column(sa.Column("float_left_minor", sa.BigInteger(), nullable=True))
    op.execute("UPDATE closure SET float_left_minor = 0 WHERE state = 'closed'")


def downgrade() -> None:
    with op.batch_alter_table("closure", schema=None) as batch_op:
        batch_op.drop_column("float_left_minor")
        batch_op.drop_column("opening_float_minor")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("ended_by")
