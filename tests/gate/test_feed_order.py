"""The feed's positions commit in order: a company's master-data writers queue on its
feed head, so a reader never sees position n+1 before n (and checks never race)."""

from __future__ import annotations

import pytest

from saleflex_core.exceptions import StorageError
from tests.gate.feed_support import OTHER, hub


def test_a_second_writer_waits_for_the_first_to_end(postgres_url: str) -> None:
    gate = hub(postgres_url)
    first, second, elsewhere = gate.uow(), gate.uow(), gate.uow(OTHER)
    with first:
        first.master_data_feed.lock()
        with pytest.raises(StorageError, match="lock timeout"), second:
            second.conn.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")  # type: ignore[attr-defined]
            second.master_data_feed.lock()
        with elsewhere:  # another company's writers are not held up
            elsewhere.conn.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")  # type: ignore[attr-defined]
            elsewhere.master_data_feed.lock()
    with second:  # the first has ended: the second goes on
        second.master_data_feed.lock()


def test_positions_follow_each_other_without_gaps(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    uow = gate.uow()
    with uow:
        first = uow.master_data_feed.position()
        entries, more = uow.master_data_feed.entries(0, 100)
    assert [e[0] for e in entries] == list(range(1, first + 1)) and not more
