"""GATE's audit log and access repositories behave alike in memory, on SQLite and on
PostgreSQL: positions and pages of the audit log, users, tokens, the sign-in throttle,
terminal keys, enrolment codes and the store list; another company's rows are invisible,
and a unit of work left without commit changes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from saleflex_core.domain.access import GateRole
from saleflex_core.domain.audit_log import AuditRecord
from saleflex_core.domain.catalog import Department, Product, StorePrice, VatRate
from saleflex_core.domain.credentials import AccessToken, ApiKey, EnrolmentCode
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Store
from saleflex_core.domain.people import User
from saleflex_core.domain.sign_in import SignInThrottle
from saleflex_core.exceptions import NotFound, StateError, StorageError, ValidationError
from tests.contract.hub_support import (
    ACME,
    GLOBEX,
    OTHER_TERMINAL,
    T0,
    TERMINAL,
    MakeHub,
    at,
    set_up,
)

ADMIN = frozenset({GateRole.COMPANY_ADMIN})


@pytest.fixture
def make(make_hub_uow: MakeHub) -> MakeHub:
    set_up(make_hub_uow, ACME)
    set_up(make_hub_uow, GLOBEX)
    return make_hub_uow


def record(company: str, n: int, after: dict[str, object] | None = None) -> AuditRecord:
    return AuditRecord(company, f"a{n}", at(n), "u1", "update", "product", f"P{n}", None, after)


def user(company: str, user_id: str, username: str, **more: object) -> User:
    return User(company, user_id, username, username.title(), ADMIN, None, "hash", **more)  # type: ignore[arg-type]


def test_the_audit_log_numbers_each_company_from_one_and_reads_in_pages(make: MakeHub) -> None:
    with make(ACME) as uow:
        for n in range(1, 6):
            uow.audit_log.add(record(ACME, n, {"price": {"minor": n, "currency": "EUR"}}))
        uow.commit()
    with make(GLOBEX) as uow:
        uow.audit_log.add(record(GLOBEX, 9))
        uow.commit()
    with make(ACME) as uow:
        first = uow.audit_log.page(0, 2)
        rest = uow.audit_log.page(first[-1][0], 10)
    assert [seq for seq, _ in first + rest] == [1, 2, 3, 4, 5]
    assert [r.key for _, r in first + rest] == ["P1", "P2", "P3", "P4", "P5"]
    assert first[0][1] == record(ACME, 1, {"price": {"minor": 1, "currency": "EUR"}})
    with make(GLOBEX) as uow:
        assert [(seq, r.key) for seq, r in uow.audit_log.page(0, 10)] == [(1, "P9")]
        assert uow.audit_log.page(1, 10) == []


def test_an_audit_record_left_without_commit_takes_its_position_back(make: MakeHub) -> None:
    with make(ACME) as uow:
        uow.audit_log.add(record(ACME, 1))
    with make(ACME) as uow:
        uow.audit_log.add(record(ACME, 2))
        uow.commit()
    with make(ACME) as uow:
        assert [(seq, r.id) for seq, r in uow.audit_log.page(0, 10)] == [(1, "a2")]


def test_an_audit_record_is_stored_as_a_copy(make: MakeHub) -> None:
    after: dict[str, object] = {"name": "Bread"}
    with make(ACME) as uow:
        uow.audit_log.add(record(ACME, 1, after))
        after["name"] = "changed after add"
        uow.commit()
    with make(ACME) as uow:
        assert uow.audit_log.page(0, 1)[0][1].after == {"name": "Bread"}


def test_users_are_found_by_id_and_username_within_their_company(make: MakeHub) -> None:
    with make(ACME) as uow:
        uow.users.add(user(ACME, "u2", "zoe"))
        uow.users.add(user(ACME, "u1", "adam", active=False))
        uow.commit()
    with make(GLOBEX) as uow:
        uow.users.add(user(GLOBEX, "u1", "adam"))  # same id and name: another company's
        uow.commit()
    with make(ACME) as uow:
        assert [u.username for u in uow.users.all()] == ["adam", "zoe"]
        assert uow.users.get("u1") == user(ACME, "u1", "adam", active=False)
        assert uow.users.by_username("zoe") == user(ACME, "u2", "zoe")
        assert uow.users.by_username("nobody") is None
        with pytest.raises(NotFound):
            uow.users.get("u9")
    with make(GLOBEX) as uow:
        assert [u.id for u in uow.users.all()] == ["u1"]
        assert uow.users.by_username("zoe") is None


def test_a_username_names_one_user_of_a_company(make: MakeHub) -> None:
    with make(ACME) as uow:
        uow.users.add(user(ACME, "u1", "adam"))
        uow.commit()
    with make(ACME) as uow, pytest.raises(ValidationError, match="adam"):
        uow.users.add(user(ACME, "u2", "adam"))


def test_saving_a_user_changes_it_and_keeps_its_rights(make: MakeHub) -> None:
    manager = User(
        ACME, "u1", "mia", "Mia", frozenset({GateRole.STORE_MANAGER}), frozenset({"S001"}), "h"
    )
    with make(ACME) as uow:
        uow.users.add(manager)
        uow.commit()
    changed = manager.changed(store_ids=frozenset({"S001", "S002"}), password_hash="h2")
    with make(ACME) as uow:
        uow.users.save(changed)
    with make(ACME) as uow:
        assert uow.users.get("u1") == manager  # left without commit
        uow.users.save(changed)
        uow.commit()
    with make(ACME) as uow:
        assert uow.users.get("u1") == changed


def test_tokens_are_found_by_digest_and_deleted_alone_or_per_user(make: MakeHub) -> None:
    def token(digest: str, user_id: str, scopes: frozenset[str] | None = None) -> AccessToken:
        return AccessToken(ACME, digest, user_id, T0, T0 + timedelta(hours=8), scopes)

    with make(ACME) as uow:
        uow.access_tokens.add(token("d1", "u1", frozenset({"sales:read", "audit:read"})))
        uow.access_tokens.add(token("d2", "u1"))
        uow.access_tokens.add(token("d3", "u2"))
        uow.commit()
    with make(GLOBEX) as uow:
        assert uow.access_tokens.get("d1") is None
        uow.access_tokens.delete_for_user("u1")  # touches nothing of ACME's
        uow.commit()
    with make(ACME) as uow:
        assert uow.access_tokens.get("d1") == token(
            "d1", "u1", frozenset({"sales:read", "audit:read"})
        )
        uow.access_tokens.delete("d3")
        uow.access_tokens.delete_for_user("u1")
        uow.commit()
    with make(ACME) as uow:
        assert [uow.access_tokens.get(d) for d in ("d1", "d2", "d3")] == [None, None, None]


def test_the_sign_in_throttle_is_kept_per_username(make: MakeHub) -> None:
    failed = SignInThrottle(ACME, "adam").failed(T0).failed(at(1))
    with make(ACME) as uow:
        assert uow.sign_in_throttle.get("adam") is None
        uow.sign_in_throttle.save(failed)
        uow.commit()
    with make(ACME) as uow:
        assert uow.sign_in_throttle.get("adam") == failed
        uow.sign_in_throttle.save(failed.succeeded())
        uow.commit()
    with make(ACME) as uow:
        assert uow.sign_in_throttle.get("adam") == SignInThrottle(ACME, "adam")
    with make(GLOBEX) as uow:
        assert uow.sign_in_throttle.get("adam") is None


def test_a_terminals_keys_read_oldest_first_and_change_when_saved(make: MakeHub) -> None:
    old = ApiKey(ACME, "k-b", TERMINAL, "d-old", T0)
    new = ApiKey(ACME, "k-a", TERMINAL, "d-new", at(5))
    with make(ACME) as uow:
        uow.terminal_keys.add(new)
        uow.terminal_keys.add(old)
        uow.terminal_keys.add(ApiKey(ACME, "k-c", OTHER_TERMINAL, "d-other", T0))
        uow.commit()
    with make(ACME) as uow:
        uow.terminal_keys.save(old.expiring(at(60)))
        uow.terminal_keys.save(new.revoked(at(6)))
        uow.commit()
    with make(ACME) as uow:
        assert uow.terminal_keys.for_terminal(TERMINAL) == [
            old.expiring(at(60)),
            new.revoked(at(6)),
        ]
        assert uow.terminal_keys.by_digest("d-other") == ApiKey(
            ACME, "k-c", OTHER_TERMINAL, "d-other", T0
        )
        assert uow.terminal_keys.by_digest("d-none") is None
    with make(GLOBEX) as uow:
        assert uow.terminal_keys.for_terminal(TERMINAL) == []
        assert uow.terminal_keys.by_digest("d-old") is None


def test_an_enrolment_code_is_replaced_and_used_once(make: MakeHub) -> None:
    first = EnrolmentCode(ACME, TERMINAL, "c1", T0, at(60))
    second = EnrolmentCode(ACME, TERMINAL, "c2", at(1), at(61))
    with make(ACME) as uow:
        uow.enrolment_codes.put(first)
        uow.enrolment_codes.put(second)
        uow.commit()
    with make(ACME) as uow:
        assert uow.enrolment_codes.by_digest("c1") is None
        assert uow.enrolment_codes.for_terminal(TERMINAL) == second
        assert uow.enrolment_codes.use("c2", at(2)) is True
        assert uow.enrolment_codes.use("c2", at(3)) is False
        assert uow.enrolment_codes.use("c1", at(3)) is False
    with make(ACME) as uow:  # left without commit: still unused
        assert uow.enrolment_codes.by_digest("c2") == second
        assert uow.enrolment_codes.use("c2", at(4)) is True
        uow.commit()
    with make(ACME) as uow:
        assert uow.enrolment_codes.by_digest("c2") == EnrolmentCode(
            ACME, TERMINAL, "c2", at(1), at(61), at(4)
        )
    with make(GLOBEX) as uow:
        assert uow.enrolment_codes.for_terminal(TERMINAL) is None
        assert uow.enrolment_codes.use("c2", at(5)) is False


def test_the_store_list_is_the_companys_and_keeps_a_store_still_named(make: MakeHub) -> None:
    with make(ACME) as uow:
        uow.organisation.save_store(
            Store("S003", ACME, "Empty", uow.organisation.store("S001").currency)
        )
        uow.catalog.save_vat_rate(VatRate("A", Decimal(20), "Standard"))
        uow.catalog.save_department(Department("BAK", "Bakery", "A"))
        uow.catalog.save_product(Product("p1", "1001", "Bread", "BAK", "A", Money(129, "EUR")))
        uow.catalog.save_store_price(StorePrice("S003", "p1", Money(99, "EUR")))
        uow.commit()
    with make(ACME) as uow:
        assert [s.id for s in uow.stores.all()] == ["S001", "S002", "S003"]
        with pytest.raises(StateError):
            uow.stores.delete("S001")  # its terminal names it
    with make(ACME) as uow, pytest.raises(StateError):
        uow.stores.delete("S003")  # a price names it
    with make(ACME) as uow:
        uow.catalog.delete_store_price("S003", "p1")
        uow.stores.delete("S003")
        uow.commit()
    with make(ACME) as uow:
        assert [s.id for s in uow.stores.all()] == ["S001", "S002"]
    with make(GLOBEX) as uow:
        uow.stores.delete("S003")  # nothing of GLOBEX's: nothing happens
        assert [s.company_id for s in uow.stores.all()] == [GLOBEX, GLOBEX]


def test_a_taken_username_or_an_unknown_terminal_is_refused_by_storage(make: MakeHub) -> None:
    with make(ACME) as uow:
        uow.users.add(user(ACME, "u1", "adam"))
        uow.users.add(user(ACME, "u2", "zoe"))
        uow.commit()
    with pytest.raises(StorageError), make(ACME) as uow:
        uow.users.save(user(ACME, "u2", "adam"))
    with pytest.raises(StorageError), make(ACME) as uow:
        uow.terminal_keys.add(ApiKey(ACME, "k1", "no-such-terminal", "d1", T0))
    with pytest.raises(StorageError), make(ACME) as uow:
        uow.enrolment_codes.put(EnrolmentCode(ACME, "no-such-terminal", "c1", T0, at(60)))
    with make(ACME) as uow:
        uow.terminal_keys.add(ApiKey(ACME, "k1", TERMINAL, "d1", T0))
        uow.commit()
    with pytest.raises(StorageError), make(ACME) as uow:
        uow.terminal_keys.add(ApiKey(ACME, "k2", OTHER_TERMINAL, "d1", T0))  # its digest is k1's
    with make(ACME) as uow:
        assert uow.users.get("u2").username == "zoe"
        assert uow.terminal_keys.for_terminal(OTHER_TERMINAL) == []
