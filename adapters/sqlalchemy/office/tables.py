"""The relay's own tables, on ``office_metadata`` (apart from the hub's: a GATE database
never holds them). Each leads with ``company_id`` as every tenant table does; none has a
foreign key into the hub's tables (two metadata, two chains), the use cases keep them
consistent instead: a queued event is always a received one (same transaction).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, UniqueConstraint

from adapters.sqlalchemy import tables
from adapters.sqlalchemy.types import UtcDateTime

office_metadata = MetaData(naming_convention=tables.metadata.naming_convention)
ID = tables.ID


def _company() -> Column[str]:
    return Column("company_id", ID, primary_key=True)


# This OFFICE's identity at GATE (one row: the database serves one store).
relay_link = Table(
    "relay_link",
    office_metadata,
    _company(),
    Column("store_id", ID, nullable=False),
    Column("office_id", ID, nullable=False),
    Column("upstream_url", String(500), nullable=False),
    Column("api_key", String(200), nullable=False),  # in clear: OFFICE presents it
    Column("api_key_id", ID, nullable=False),
)

# The events on their way to GATE, at their arrival positions; a parked one has
# ``parked_at`` and GATE's reason. Forwarded events leave the table.
relay_queue = Table(
    "relay_queue",
    office_metadata,
    _company(),
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("event_id", ID, nullable=False),
    Column("terminal_id", ID, nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("parked_at", UtcDateTime),
    Column("reason", String(500)),
    UniqueConstraint("company_id", "event_id", name="uq_relay_queue_event_id"),
)

# The last arrival position given; enqueuers move it with an upsert that locks the row
# until their commit, so positions commit in order.
relay_head = Table(
    "relay_head",
    office_metadata,
    _company(),
    Column("position", BigInteger, nullable=False),
)

# The queue's delivery state (as a terminal's ``sync_state``; ``terminal_id`` the office).
relay_state = Table(
    "relay_state",
    office_metadata,
    _company(),
    Column("terminal_id", ID, nullable=False),
    Column("failures", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime),
    Column("last_success_at", UtcDateTime),
    Column("last_error", String(500)),
    Column("last_error_at", UtcDateTime),
)

# The feed positions at which one of GATE's master-data pages ends.
feed_mark = Table(
    "feed_mark",
    office_metadata,
    _company(),
    Column("position", BigInteger, primary_key=True, autoincrement=False),
)
