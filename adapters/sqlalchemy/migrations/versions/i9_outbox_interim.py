"""INTERIM (branch i9-outbox only): the v1 outbox. The lead folds these steps into 0003
and deletes this file; it exists so this branch's tests run on the schema they need.

Revision ID: i9_outbox
Revises: 0002

- ``sync_queue_item`` becomes the v1 envelope plus delivery state, keyed by
  (company_id, event_id), unique on (company_id, terminal_id, sequence).
- Old rows keep their payload, status, attempts and last error. ``event_id`` is the
  uuid5 the program gives the same fact (``saleflex_core.domain.events.event_id_for``,
  from company, store, terminal, type and the subject in the old ``key``); ``sequence``
  numbers each terminal's rows 1, 2, 3 ... in their old delivery order (``created_at``,
  then ``key``); ``occurred_at`` is ``created_at`` and ``business_date`` its date; the
  per-item ``next_attempt_at`` is dropped (the queue backs off as a whole now).
- ``sync_sequence`` holds each terminal's last number; ``sync_state`` starts empty.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "i9_outbox"
down_revision = "0002"
branch_labels = None
depends_on = None

EVENT_NAMESPACE = uuid.UUID("5a1ef1e5-0e7e-4c1d-9b7a-000000000001")  # as in the core


def _queue_columns() -> list[Any]:
    return [
        sa.Column("company_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("failed_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    conn = op.get_bind()
    old = sa.table(
        "sync_queue_item",
        *(sa.column(n) for n in ("key", "event_type", "attempts", "status")),
        sa.column("created_at", sa.DateTime()),
        sa.column("last_error"),
        sa.column("payload", sa.JSON()),
    )
    rows = conn.execute(sa.select(old).order_by(old.c.created_at, old.c.key)).mappings().all()
    where = _terminals(conn)
    with op.batch_alter_table("sync_queue_item", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_queue_item_due")
    op.drop_table("sync_queue_item")
    queue = op.create_table(
        "sync_queue_item",
        *_queue_columns(),
        sa.PrimaryKeyConstraint("company_id", "event_id", name=op.f("pk_sync_queue_item")),
        sa.UniqueConstraint(
            "company_id", "terminal_id", "sequence", name="uq_sync_queue_item_sequence"
        ),
    )
    op.create_index(
        "ix_sync_queue_item_status",
        "sync_queue_item",
        ["company_id", "terminal_id", "status", "sequence"],
    )
    counters = op.create_table(
        "sync_sequence",
        sa.Column("company_id", sa.String(length=64), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("last_sequence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("company_id", "terminal_id", name=op.f("pk_sync_sequence")),
    )
    op.create_table(
        "sync_state",
        sa.Column("company_id", sa.String(length=64), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("last_error_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("company_id", "terminal_id", name=op.f("pk_sync_state")),
    )
    items, last = _rewritten(rows, where)
    if items:
        op.bulk_insert(queue, items)
    if last:
        op.bulk_insert(
            counters,
            [{"company_id": c, "terminal_id": t, "last_sequence": n} for (c, t), n in last.items()],
        )


def _terminals(conn: Any) -> dict[str, tuple[str, str]]:
    """terminal id -> (company id, store id), from the organisation tables."""
    found = conn.execute(
        sa.text("SELECT t.id, s.company_id, s.id FROM terminal t JOIN store s ON s.id = t.store_id")
    ).all()
    return {terminal: (company, store) for terminal, company, store in found}


def _rewritten(
    rows: Any, where: dict[str, tuple[str, str]]
) -> tuple[list[dict[str, Any]], dict[tuple[str, str], int]]:
    items: list[dict[str, Any]] = []
    last: dict[tuple[str, str], int] = {}
    for row in rows:
        terminal = row["payload"]["terminal_id"]
        company, store = where[terminal]
        subject = row["key"].split(":", 1)[1]
        name = f"{company}/{store}/{terminal}/{row['event_type']}/{subject}"
        sequence = last[(company, terminal)] = last.get((company, terminal), 0) + 1
        items.append(
            {
                "company_id": company,
                "event_id": str(uuid.uuid5(EVENT_NAMESPACE, name)),
                "event_type": row["event_type"],
                "schema_version": 1,
                "store_id": store,
                "terminal_id": terminal,
                "sequence": sequence,
                "occurred_at": row["created_at"],
                "business_date": row["created_at"].date(),
                "payload": row["payload"],
                "attempts": row["attempts"],
                "status": row["status"],
                "last_error": row["last_error"],
                "failed_at": None,
                "sent_at": None,
            }
        )
    return items, last


def downgrade() -> None:
    raise NotImplementedError("the interim outbox revision is not downgraded")
