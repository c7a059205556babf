"""office nodes: which of a company's terminals are a store's OFFICE (issue #11)

Revision ID: h0003
Revises: h0002
Create Date: 2026-11-29 14:00:00

An OFFICE relays its store's tills' events to GATE with a key of its own: it is a
terminal row (code, name, keys, enrolment code as any terminal's) listed in
``office_node``. Additive: every terminal a GATE holds today stays a till.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "h0003"
down_revision = "h0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_node",
        sa.Column("company_id", sa.String(length=64), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "terminal_id"],
            ["terminal.company_id", "terminal.id"],
            name="fk_office_node_terminal_id_terminal",
        ),
        sa.PrimaryKeyConstraint("company_id", "terminal_id", name=op.f("pk_office_node")),
    )


def downgrade() -> None:
    op.drop_table("office_node")
