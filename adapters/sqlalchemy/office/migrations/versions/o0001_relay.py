"""the relay's tables: OFFICE's link to GATE, the queue toward GATE, the feed's page marks

Revision ID: o0001
Revises:
Create Date: 2026-12-06 12:00:00

Frozen from ``office_metadata`` (Alembic's autogenerate on an empty database), so this
revision never imports the program's tables.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "o0001"
down_revision = None
branch_labels = None
depends_on = None


def _company() -> sa.Column[str]:
    return sa.Column("company_id", sa.String(length=64), nullable=False)


def upgrade() -> None:
    op.create_table(
        "feed_mark",
        _company(),
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("company_id", "position", name=op.f("pk_feed_mark")),
    )
    op.create_table(
        "relay_head",
        _company(),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_relay_head")),
    )
    op.create_table(
        "relay_link",
        _company(),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("office_id", sa.String(length=64), nullable=False),
        sa.Column("upstream_url", sa.String(length=500), nullable=False),
        sa.Column("api_key", sa.String(length=200), nullable=False),
        sa.Column("api_key_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_relay_link")),
    )
    op.create_table(
        "relay_queue",
        _company(),
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("parked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("company_id", "position", name=op.f("pk_relay_queue")),
        sa.UniqueConstraint("company_id", "event_id", name="uq_relay_queue_event_id"),
    )
    op.create_table(
        "relay_state",
        _company(),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_relay_state")),
    )


def downgrade() -> None:
    for table in ("relay_state", "relay_queue", "relay_link", "relay_head", "feed_mark"):
        op.drop_table(table)
