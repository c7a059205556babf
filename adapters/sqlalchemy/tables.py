"""The database schema, as SQLAlchemy Core tables (the domain stays plain attrs).

Money is BIGINT minor units; quantities are BIGINT thousandths (pieces × 1000, grams);
rates and percentages are exact decimal text. Draft documents live in ``temp_*`` tables,
numbered ones in the permanent tables, which nothing ever updates.

Tenancy: every table but ``company`` holds one company's rows. Its first column is
``company_id`` and its primary key, unique constraints and foreign keys all begin with
it, so each table can be distributed by company (Citus ``create_distributed_table(...,
'company_id')``) unchanged; codes (PLU, barcode, VAT, department, payment type, cashier
number, terminal code within its store) are unique per company, not across the database.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.sql.schema import SchemaItem

from adapters.sqlalchemy.types import UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = String(64)
CODE = String(32)


def _company() -> Column[str]:
    """The tenant column, first in every table of tenant data and in each of its keys."""
    return Column("company_id", ID, primary_key=True)


company = Table(
    "company",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
)

store = Table(
    "store",
    metadata,
    Column("company_id", ID, ForeignKey("company.id"), primary_key=True),
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("currency_exponent", Integer, nullable=False),
    Column("header", JSON, nullable=False),
    Column("footer", JSON, nullable=False),
    Column("qr_template", String(512), nullable=False),
    Column("timezone", String(64), nullable=False),  # IANA name, e.g. Europe/Istanbul
)

terminal = Table(
    "terminal",
    metadata,
    _company(),
    Column("id", ID, primary_key=True),  # global: a UUID (documents and events carry it)
    Column("store_id", ID, nullable=False),
    Column("code", CODE, nullable=False),  # "T01": the register's name within its store
    Column("name", String(200), nullable=False),
    Column("cash_out_limit_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    UniqueConstraint("company_id", "store_id", "code", name="uq_terminal_code"),
    ForeignKeyConstraint(
        ["company_id", "store_id"],
        ["store.company_id", "store.id"],
        name="fk_terminal_store_id_store",
    ),
)

vat_rate = Table(
    "vat_rate",
    metadata,
    _company(),
    Column("code", CODE, primary_key=True),
    Column("rate", String(16), nullable=False),
    Column("name", String(100), nullable=False),
)

department = Table(
    "department",
    metadata,
    _company(),
    Column("code", CODE, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("vat_code", CODE, nullable=False),
)

payment_type = Table(
    "payment_type",
    metadata,
    _company(),
    Column("code", CODE, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("gives_change", Boolean, nullable=False),
)

product = Table(
    "product",
    metadata,
    _company(),
    Column("id", ID, primary_key=True),
    Column("plu", CODE, nullable=False),
    Column("name", String(200), nullable=False),
    Column("department_code", CODE, nullable=False),
    Column("vat_code", CODE, nullable=False),
    Column("unit_price_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("sold_by", String(8), nullable=False),
    Column("active", Boolean, nullable=False),
    UniqueConstraint("company_id", "plu", name="uq_product_plu"),
)

product_barcode = Table(
    "product_barcode",
    metadata,
    _company(),
    Column("code", CODE, primary_key=True),
    Column("product_id", ID, nullable=False),
    ForeignKeyConstraint(
        ["company_id", "product_id"],
        ["product.company_id", "product.id"],
        ondelete="CASCADE",
        name="fk_product_barcode_product_id_product",
    ),
    Index("ix_product_barcode_product_id", "company_id", "product_id"),
)

# A store's own prices: its registers sell at these instead of product.unit_price_minor.
store_price = Table(
    "store_price",
    metadata,
    _company(),
    Column("store_id", ID, primary_key=True),
    Column("product_id", ID, primary_key=True),
    Column("unit_price_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    ForeignKeyConstraint(
        ["company_id", "store_id"],
        ["store.company_id", "store.id"],
        name="fk_store_price_store_id_store",
    ),
    ForeignKeyConstraint(
        ["company_id", "product_id"],
        ["product.company_id", "product.id"],
        ondelete="CASCADE",
        name="fk_store_price_product_id_product",
    ),
)

quick_key = Table(
    "quick_key",
    metadata,
    _company(),
    Column("page", Integer, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("caption", String(24), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("target", CODE, nullable=False),
    Column("colour", String(7), nullable=False),
)

cashier = Table(
    "cashier",
    metadata,
    _company(),
    Column("id", ID, primary_key=True),  # the number the cashier signs in with
    Column("name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("pin_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False),
)


def _document_tables(prefix: str, permanent: bool) -> tuple[Table, Table, Table]:
    head_columns: list[SchemaItem] = [
        _company(),
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
        _company(),
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
        _company(),
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
    _company(),
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
    _company(),
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
    _company(),
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
    _company(),
    Column("terminal_id", ID, primary_key=True),
    Column("last_sequence", BigInteger, nullable=False),
)

# Per terminal, the delivery state of its queue (back-off, last success, last error).
sync_state = Table(
    "sync_state",
    metadata,
    _company(),
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
    _company(),
    Column("stream", String(64), primary_key=True),
    Column("cursor", String(200), nullable=False),
)
