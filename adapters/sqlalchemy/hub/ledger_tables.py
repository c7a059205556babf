"""The hub's books of what terminals sent: received events, sales (lines, payments, VAT),
closures with their Z, cash movements, warehouses, stock levels and movements, and the
daily totals per store. Money is BIGINT minor units, quantities BIGINT thousandths."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)

from adapters.sqlalchemy.hub.metadata import CODE, ID, company_key, hub_metadata
from adapters.sqlalchemy.types import UtcDateTime

MONEY = BigInteger
RATE = String(16)

received_event = Table(
    "received_event",
    hub_metadata,
    company_key(),
    Column("event_id", ID, primary_key=True),
    Column("terminal_id", ID, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("store_id", ID, nullable=False),
    Column("type", String(64), nullable=False),
    Column("business_date", Date, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("envelope", Text, nullable=False),  # canonical JSON, as received
    UniqueConstraint("company_id", "terminal_id", "sequence"),
)

LZ4_SUPPORTED = (
    "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
)
ENVELOPES_IN_LZ4 = "ALTER TABLE received_event ALTER COLUMN envelope SET COMPRESSION lz4"


@event.listens_for(received_event, "after_create")
def _envelopes_in_lz4(target: Table, connection: Connection, **kw: Any) -> None:
    """On PostgreSQL a received envelope (some 5 KB of JSON a ten-line sale) is
    compressed with lz4 where the server has it, not the default pglz: the received
    events' COPY took half the time (BENCHMARKS.md, third round). Migration h0002 does
    the same to an older hub database; its envelopes stay as they are."""
    if (
        connection.dialect.name == "postgresql"
        and connection.exec_driver_sql(LZ4_SUPPORTED).scalar()
    ):
        connection.exec_driver_sql(ENVELOPES_IN_LZ4)


hub_sale = Table(
    "hub_sale",
    hub_metadata,
    company_key(),
    Column("id", ID, primary_key=True),  # the event id of its sale.completed / cancelled
    Column("store_id", ID, nullable=False),
    Column("terminal_id", ID, nullable=False),
    Column("business_date", Date, nullable=False),
    Column("status", String(16), nullable=False),  # completed | cancelled
    Column("document_id", ID, nullable=False),
    Column("closure_number", Integer, nullable=False),
    Column("receipt_number", Integer, nullable=False),
    Column("unique_id", String(32), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime, nullable=False),
    Column("opened_by", ID, nullable=False),
    Column("ended_by", ID, nullable=False),
    Column("adjustment", JSON),
    Column("subtotal", MONEY, nullable=False),
    Column("discounts", MONEY, nullable=False),
    Column("surcharges", MONEY, nullable=False),
    Column("total", MONEY, nullable=False),
    Column("tendered", MONEY, nullable=False),
    Column("change", MONEY, nullable=False),
    Column("paid", MONEY, nullable=False),
    Column("overrides", JSON, nullable=False),
    Index("ix_hub_sale_time", "company_id", "ended_at", "id"),
    Index("ix_hub_sale_receipt", "company_id", "terminal_id", "closure_number", "receipt_number"),
)


# A sale's lines, payments and VAT shares carry no foreign key to ``hub_sale``: the only
# writer (``SqlLedger.record``) inserts a sale's head and its children from the same
# envelope in the same transaction, and nothing deletes or re-keys a sale. The key added
# nothing the writer does not already guarantee, and checking it cost more than the
# inserts themselves (one locking lookup in ``hub_sale`` a row: on PostgreSQL the lines'
# COPY took more than twice as long; BENCHMARKS.md, third round). Reads join on
# (company_id, sale_id), which each child's primary key leads with.


hub_sale_line = Table(
    "hub_sale_line",
    hub_metadata,
    company_key(),
    Column("sale_id", ID, primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("product_id", ID, nullable=False),
    Column("plu", ID, nullable=False),
    Column("barcode", ID),
    Column("name", String(500), nullable=False),
    Column("sold_by", String(8), nullable=False),
    Column("quantity", BigInteger, nullable=False),  # thousandths
    Column("unit_price", MONEY, nullable=False),
    Column("price_overridden", Boolean, nullable=False),
    Column("gross", MONEY, nullable=False),
    Column("adjustment", JSON),
    Column("net", MONEY, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("vat_code", CODE, nullable=False),
    Column("vat_rate", RATE, nullable=False),
    Column("department_code", CODE, nullable=False),
    Column("voided", Boolean, nullable=False),
)

hub_sale_payment = Table(
    "hub_sale_payment",
    hub_metadata,
    company_key(),
    Column("sale_id", ID, primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("type_code", CODE, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("tendered", MONEY, nullable=False),
    Column("change", MONEY, nullable=False),
    Column("amount", MONEY, nullable=False),
)

hub_sale_vat = Table(
    "hub_sale_vat",
    hub_metadata,
    company_key(),
    Column("sale_id", ID, primary_key=True),
    Column("code", CODE, primary_key=True),
    Column("rate", RATE, nullable=False),
    Column("gross", MONEY, nullable=False),
    Column("vat", MONEY, nullable=False),
    Column("net", MONEY, nullable=False),
)

hub_closure = Table(
    "hub_closure",
    hub_metadata,
    company_key(),
    Column("id", ID, primary_key=True),  # the event id of its closure.closed
    Column("store_id", ID, nullable=False),
    Column("terminal_id", ID, nullable=False),
    Column("closure_number", Integer, nullable=False),
    Column("business_date", Date, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime, nullable=False),
    Column("closed_by", ID, nullable=False),
    Column("sales_count", Integer, nullable=False),
    Column("sales_total", MONEY, nullable=False),
    Column("cash_expected", MONEY, nullable=False),
    Column("cash_counted", MONEY, nullable=False),
    Column("cash_difference", MONEY, nullable=False),
    Column("z", JSON, nullable=False),  # the whole Z as the terminal sent it (v1)
    # Not unique: a second Z of one number (a terminal's fault) is kept, not a failed batch.
    Index("ix_hub_closure_number", "company_id", "terminal_id", "closure_number"),
    Index("ix_hub_closure_time", "company_id", "closed_at", "id"),
)

hub_cash_movement = Table(
    "hub_cash_movement",
    hub_metadata,
    company_key(),
    Column("id", ID, primary_key=True),  # the event id of its cash.moved
    Column("store_id", ID, nullable=False),
    Column("terminal_id", ID, nullable=False),
    Column("business_date", Date, nullable=False),
    Column("movement_id", ID, nullable=False),
    Column("closure_number", Integer, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("cashier_id", ID, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("approval", JSON),
    Index("ix_hub_cash_movement_time", "company_id", "at", "id"),
)

warehouse = Table(
    "warehouse",
    hub_metadata,
    company_key(),
    Column("id", ID, primary_key=True),
    Column("store_id", ID, nullable=False),
    Column("code", CODE, nullable=False),
    UniqueConstraint("company_id", "store_id", "code"),
)

stock_level = Table(
    "stock_level",
    hub_metadata,
    company_key(),
    Column("warehouse_id", ID, primary_key=True),
    Column("product_id", ID, primary_key=True),
    Column("store_id", ID, nullable=False),
    Column("quantity", BigInteger, nullable=False),  # thousandths; negative: sold unbooked
    Column("updated_at", UtcDateTime, nullable=False),
)

# A movement's key is its place in the order integrators page by (at, event_id, line_no):
# one index, not a key on (event_id, line_no) plus a time index beside it (the key's
# random uuids first made the movements' COPY half as costly again; BENCHMARKS.md, third
# round). (event_id, line_no) stays unique all the same: the ingest is the only writer,
# moves stock once per event it claims (``received_event``'s key) and once per sale line
# (``hub_sale_line``'s key), and ``at`` is its event's own time.
stock_movement = Table(
    "stock_movement",
    hub_metadata,
    Column("company_id", ID, nullable=False),  # first in the key, as company_key()
    Column("event_id", ID, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("warehouse_id", ID, nullable=False),
    Column("store_id", ID, nullable=False),
    Column("product_id", ID, nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("reason", String(16), nullable=False),
    Column("business_date", Date, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("company_id", "at", "event_id", "line_no"),
)

daily_totals = Table(
    "daily_totals",
    hub_metadata,
    company_key(),
    Column("store_id", ID, primary_key=True),
    Column("business_date", Date, primary_key=True),
    Column("currency", String(3), primary_key=True),
    *(
        Column(name, BigInteger, nullable=False)
        for name in (
            "sales_count",
            "sales_total",
            "discounts",
            "surcharges",
            "vat",
            "cancelled_count",
            "cancelled_total",
            "cash_in",
            "cash_out",
            "closures",
        )
    ),
)
