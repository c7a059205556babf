"""The books of schema 0003, frozen (see ``schema.py``): drafts and numbered documents,
periods, cash movements, the outbox and the sync state."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.sql.schema import SchemaItem

from adapters.sqlalchemy.migrations.v0003.schema import (
    CODE,
    ID,
    UtcDateTime,
    company_column,
    metadata,
)


def _document_tables(prefix: str, permanent: bool) -> tuple[Table, Table, Table]:
    head_columns: list[SchemaItem] = [
        company_column(),
        Column("id", ID, primary_key=True),
        Column("terminal_id", ID, nullable=False, index=True),
        Column("store_id", ID, nullable=False),
        Column("cashier_id", ID, nullable=False),
        Column("currency", String(3), nullable=False),
        Column("state", String(16), nullable=False),
        Column("started_at", UtcDateTime, nullable=False),
        Column("subtotal_at", UtcDateTime),
        Column("adjustment", JSON),
        Column("audit", JSON, nullable=False),
    ]
    if not permanent:  # bumped on every save: caches and concurrent writers check it
        head_columns.append(Column("version", Integer, nullable=False))
    extra: list[SchemaItem] = []
    if permanent:
        extra = [
            Column("closure_number", Integer, nullable=False),
            Column("receipt_number", Integer, nullable=False),
            Column("unique_id", String(32), nullable=False),
            Column("ended_at", UtcDateTime, nullable=False),
            Column("ended_by", ID, nullable=False),  # who completed or cancelled it
            UniqueConstraint(
                "company_id",
                "terminal_id",
                "closure_number",
                "receipt_number",
                name=f"uq_{prefix}document_number",
            ),
        ]
    # The store's local date of ended_at (store_time): NULL on a draft, set when numbered.
    business_date = Column("business_date", Date, nullable=not permanent)
    head = Table(f"{prefix}document", metadata, *head_columns, *extra, business_date)
    lines = Table(
        f"{prefix}document_line",
        metadata,
        company_column(),
        Column("document_id", ID, primary_key=True),
        Column("line_no", Integer, primary_key=True),
        Column("product_id", ID, nullable=False),
        Column("plu", CODE, nullable=False),
        Column("name", String(200), nullable=False),
        Column("department_code", CODE, nullable=False),
        Column("vat_code", CODE, nullable=False),
        Column("vat_rate", String(16), nullable=False),
        Column("sold_by", String(8), nullable=False),
        Column("quantity_milli", BigInteger, nullable=False),
        Column("unit_price_minor", BigInteger, nullable=False),
        Column("barcode", CODE, nullable=False),
        Column("adjustment", JSON),
        Column("voided", Boolean, nullable=False),
        Column("price_overridden", Boolean, nullable=False),
        _document_key(prefix, "document_line"),
    )
    payments = Table(
        f"{prefix}payment",
        metadata,
        company_column(),
        Column("document_id", ID, primary_key=True),
        Column("seq", Integer, primary_key=True),
        Column("type_code", CODE, nullable=False),
        Column("kind", String(16), nullable=False),
        Column("tendered_minor", BigInteger, nullable=False),
        Column("change_minor", BigInteger, nullable=False),
        _document_key(prefix, "payment"),
    )
    return head, lines, payments


def _document_key(prefix: str, table: str) -> ForeignKeyConstraint:
    """A line or payment belongs to its document, and goes with it."""
    return ForeignKeyConstraint(
        ["company_id", "document_id"],
        [f"{prefix}document.company_id", f"{prefix}document.id"],
        ondelete="CASCADE",
        name=f"fk_{prefix}{table}_document_id_{prefix}document",
    )


temp_document, temp_document_line, temp_payment = _document_tables("temp_", permanent=False)
document, document_line, document_payment = _document_tables("", permanent=True)

closure = Table(
    "closure",
    metadata,
    company_column(),
    Column("terminal_id", ID, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("currency", String(3), nullable=False),
    Column("state", String(8), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("grand_total_at_open_minor", BigInteger, nullable=False),
    Column("next_receipt", Integer, nullable=False),
    Column("totals", JSON, nullable=False),
    Column("closed_at", UtcDateTime),
    Column("closed_by", ID),
    Column("counted_cash_minor", BigInteger),
    # The float the period opened with (the last Z's float left) and the one its Z left.
    Column("opening_float_minor", BigInteger, nullable=False, server_default=text("0")),
    Column("float_left_minor", BigInteger),
    Column("version", Integer, nullable=False),
    Column("business_date", Date),  # the store's local date of the Z; NULL while open
    Column("next_movement", Integer, nullable=False),  # the next cash movement's number
    # The terminal's counters live on its open closure row: one per terminal, row-locked.
    Index(
        "uq_closure_open_per_terminal",
        "company_id",
        "terminal_id",
        unique=True,
        sqlite_where=text("state = 'open'"),
        postgresql_where=text("state = 'open'"),
    ),
)

cash_movement = Table(
    "cash_movement",
    metadata,
    company_column(),
    Column("id", ID, primary_key=True),
    Column("terminal_id", ID, nullable=False),
    Column("closure_number", Integer, nullable=False),
    # 1, 2, 3 ... per terminal and closure: the order a period's movements are listed in.
    Column("number", Integer, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("reason", String(200), nullable=False),
    Column("cashier_id", ID, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("approved_by", ID),
    Column("approval_reason", String(200), nullable=False),
    Column("business_date", Date, nullable=False),  # the store's local date of "at"
    Index("ix_cash_movement_closure", "terminal_id", "closure_number"),
    UniqueConstraint(
        "company_id", "terminal_id", "closure_number", "number", name="uq_cash_movement_number"
    ),
)

# The outbox: one row per event, its v1 envelope then its delivery state. Events of a
# terminal are numbered 1, 2, 3 ... (``sequence``) without gaps, from ``sync_sequence``.
sync_queue_item = Table(
    "sync_queue_item",
    metadata,
    company_column(),
    Column("event_id", String(36), primary_key=True),
    Column("event_type", String(64), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("store_id", ID, nullable=False),
    Column("terminal_id", ID, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("business_date", Date, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("last_error", String(500)),
    Column("failed_at", UtcDateTime),
    Column("sent_at", UtcDateTime),
    UniqueConstraint("company_id", "terminal_id", "sequence", name="uq_sync_queue_item_sequence"),
    Index("ix_sync_queue_item_status", "company_id", "terminal_id", "status", "sequence"),
)

# Per terminal, the last sequence number given; moved in the event's own transaction.
sync_sequence = Table(
    "sync_sequence",
    metadata,
    company_column(),
    Column("terminal_id", ID, primary_key=True),
    Column("last_sequence", BigInteger, nullable=False),
)

# Per terminal, the delivery state of its queue (back-off, last success, last error).
sync_state = Table(
    "sync_state",
    metadata,
    company_column(),
    Column("terminal_id", ID, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime),
    Column("last_success_at", UtcDateTime),
    Column("last_error", String(500)),
    Column("last_error_at", UtcDateTime),
)

# Where each stream pulled from upstream has got to (master data: "master_data"). The
# cursor is written in the same transaction as the data its page produced.
sync_cursor = Table(
    "sync_cursor",
    metadata,
    company_column(),
    Column("stream", String(64), primary_key=True),
    Column("cursor", String(200), nullable=False),
)
