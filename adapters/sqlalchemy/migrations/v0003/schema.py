"""The schema migration 0003 builds, frozen as it was at revision 0003: organisation and
catalogue here, the books (documents, periods, cash, outbox) in ``schema_books.py``.

A copy, not an import of ``adapters.sqlalchemy.tables``: the program's tables will change
in later revisions, and this migration must build what 0003 meant for ever after. Tests
hold the copy equal to the program's tables while 0003 is the newest revision
(``test_database.py`` builds a database with the migrations and compares it).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, TypeDecorator

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


class UtcDateTime(TypeDecorator[datetime]):
    """An instant as 0003 stores it (``adapters/sqlalchemy/types.py`` at 0003): ``timestamp
    with time zone`` on PostgreSQL, the text of its UTC wall-clock time on SQLite. The
    migration writes only aware values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.utcoffset() is None:
            raise ValueError(f"0003 stores aware instants only, not {value!r}")
        instant = value.astimezone(UTC)
        return instant.replace(tzinfo=None) if dialect.name == "sqlite" else instant


def company_column() -> Column[str]:
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
    company_column(),
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
    company_column(),
    Column("code", CODE, primary_key=True),
    Column("rate", String(16), nullable=False),
    Column("name", String(100), nullable=False),
)

department = Table(
    "department",
    metadata,
    company_column(),
    Column("code", CODE, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("vat_code", CODE, nullable=False),
)

payment_type = Table(
    "payment_type",
    metadata,
    company_column(),
    Column("code", CODE, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("gives_change", Boolean, nullable=False),
)

product = Table(
    "product",
    metadata,
    company_column(),
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
    company_column(),
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
    company_column(),
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
    company_column(),
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
    company_column(),
    Column("id", ID, primary_key=True),  # the number the cashier signs in with
    Column("name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("pin_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False),
)
