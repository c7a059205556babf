"""The register's reads for its status bar and receipt preview."""

from __future__ import annotations

import pytest

from saleflex_core.domain.receipt import text_of
from saleflex_core.exceptions import NotFound
from saleflex_core.register import Register
from tests.conftest import BAGUETTE, SUPERVISOR


def test_the_status_follows_sales_and_closures(register: Register) -> None:
    assert (register.status().closure_number, register.status().outbox_depth) == (1, 0)
    register.scan(BAGUETTE)
    register.tender("CASH")
    register.complete()
    assert register.status().outbox_depth == 1
    register.close_period("1.29", override=SUPERVISOR)
    assert (register.status().closure_number, register.status().outbox_depth) == (2, 2)


def test_the_last_receipt_is_previewed_as_printed(register: Register) -> None:
    with pytest.raises(NotFound):
        register.last_receipt()
    register.scan(BAGUETTE)
    register.tender("CASH")
    done = register.complete()
    preview = text_of(register.last_receipt(), 42)
    assert done.unique_id in preview and "1.29" in preview and "COPY" not in preview
