"""connected-store foundations: tenancy, UTC instants, the v1 outbox

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 09:00:00

A terminal in the field keeps its books through this upgrade: no receipt, period, cash
movement, draft, parked sale or event is lost, renumbered or sent again.

How. Every table's primary key gains ``company_id`` in front, which SQLite cannot alter in
place. So every table is rebuilt (``v0003/rebuild.py``): the old one is renamed out of the
way with its index names freed, the new one created from a frozen copy of the 0003 schema
(``v0003/schema.py`` and ``schema_books.py``, never the program's ``tables.py``, which
later issues will change), the rows streamed across in batches through a per-table
rewrite (``v0003/rows.py``; rows that only gain their company by ``INSERT ... SELECT``),
and the old tables dropped. All of it runs in the one transaction env.py opens for every
pending migration (foreign keys off on SQLite and checked before the commit), so an
upgrade that fails anywhere leaves the database exactly as it was, at its old revision.

The rewrite (``v0003/books.py``, ``local_time.py``):
- ``company_id`` on every row: the database's one company (several are refused). The
  company and its store keep their ids ("LOCAL"/"S1", "ACME"/"S001"): a new shop gets
  UUIDs for them at its first start, but nothing needs an upgraded one's changed;
- each terminal gets a new random UUID as its id, and its old id ("T01") becomes its
  ``code``; every column naming it follows;
- the old programs stored the machine's naive local wall-clock time: each instant becomes
  aware UTC in the store's zone, which is the machine's zone unless ``saleflex db upgrade
  --timezone`` names one; the store keeps that zone;
- documents, closed periods and cash movements gain their business date, the local date of
  the completion, the Z and the movement (a receipt's unique id already carries it).
- cash movements gain their number, 1, 2, 3 ... per terminal and period, in the order the
  old program listed them (its local time, then id); each period its next number.

The outbox (``v0003/outbox.py``): each old row becomes a v1 event with the ``event_id``
the program gives the same fact (uuid5 of company, store, the terminal's UUID, type and
subject), a ``sequence`` 1..n per terminal in the order the facts happened, the
``occurred_at`` and ``business_date`` of its fact, and as payload what the v1 builders
make of the old storage dump (``saleflex_core.contract.legacy.translate_stored``: the
contract package is the one producer of the wire form, and its tests hold the translation
equal to what today's register sends for the same day). Sent rows stay sent; waiting ones
wait in sequence order; the terminal's counter goes on from the last sequence.

There is no downgrade: the old schema cannot hold what this one records (UUIDs, instants
with their zone); a copy of the database made before upgrading is the way back.
"""

from __future__ import annotations

from alembic import context, op

from adapters.sqlalchemy.migrations.v0003.upgrade import upgrade as rebuild
from saleflex_core.exceptions import StorageError

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    rebuild(op.get_bind(), timezone=context.config.attributes.get("timezone"))


def downgrade() -> None:
    raise StorageError("Schema 0003 cannot be downgraded: restore the backup made before it")
