"""Companies and their people at GATE: the platform creates a company with its first
admin; a company's admins add and change its users. Every change is audited in the
company's own log, in the same transaction."""

from __future__ import annotations

from typing import Any

from attrs import frozen

from saleflex_core.domain.access import Caller, GateRole
from saleflex_core.domain.organisation import Company
from saleflex_core.domain.people import (
    PLATFORM_COMPANY,
    User,
    check_company_id,
    check_password,
    check_roles,
    check_username,
)
from saleflex_core.exceptions import NotFound, StateError, ValidationError
from saleflex_core.ports import Clock, IdGenerator
from saleflex_core.ports.hub import HubUnitOfWork, PasswordHasher
from saleflex_core.use_cases.audit import record_change
from saleflex_core.use_cases.gate_access import UnitOfWorkFor, company_exists

MAX_NAME = 200


@frozen
class NewUser:
    """A user's answers, before checking: ``store_ids`` None reaches every store."""

    username: str
    name: str
    password: str
    roles: frozenset[GateRole]
    store_ids: frozenset[str] | None = None


def set_up_platform(
    unit_of_work: UnitOfWorkFor,
    *,
    ids: IdGenerator,
    passwords: PasswordHasher,
    admin: NewUser,
) -> User:
    """The hub's own company and a platform admin (the operator's command line does
    this; no person is signed in yet, so nothing is audited)."""
    with unit_of_work(PLATFORM_COMPANY) as uow:
        if not company_exists(uow, PLATFORM_COMPANY):
            uow.organisation.save_company(Company(PLATFORM_COMPANY, "SaleFlex platform"))
        user = add_new_user(uow, ids=ids, passwords=passwords, answers=admin)
        uow.commit()
    return user


def create_company(
    unit_of_work: UnitOfWorkFor,
    *,
    clock: Clock,
    ids: IdGenerator,
    passwords: PasswordHasher,
    caller: Caller,
    company: Company,
    admin: NewUser,
) -> User:
    """A new company and its first company admin; StateError if the id is taken."""
    check_company_id(company.id)
    _check_name(company.name, "A company's name")
    if company.id == PLATFORM_COMPANY:
        raise ValidationError(f"{PLATFORM_COMPANY!r} is the platform's own company")
    answers = NewUser(
        admin.username, admin.name, admin.password, frozenset({GateRole.COMPANY_ADMIN})
    )
    with unit_of_work(company.id) as uow:
        if company_exists(uow, company.id):
            raise StateError(f"Company {company.id} exists already")
        uow.organisation.save_company(company)
        user = add_new_user(uow, ids=ids, passwords=passwords, answers=answers)
        after = {"id": company.id, "name": company.name}
        for entity, key, record in (
            ("company", company.id, after),
            ("user", user.id, user.public()),
        ):
            record_change(
                uow,
                clock=clock,
                ids=ids,
                caller=caller,
                action="create",
                entity=entity,
                key=key,
                before=None,
                after=record,
            )
        uow.commit()
    return user


def create_user(
    uow: HubUnitOfWork,
    *,
    clock: Clock,
    ids: IdGenerator,
    passwords: PasswordHasher,
    caller: Caller,
    answers: NewUser,
) -> User:
    """A new user of the caller's company; a username taken there is a ValidationError."""
    with uow:
        user = add_new_user(uow, ids=ids, passwords=passwords, answers=answers)
        record_change(
            uow,
            clock=clock,
            ids=ids,
            caller=caller,
            action="create",
            entity="user",
            key=user.id,
            before=None,
            after=user.public(),
        )
        uow.commit()
    return user


def change_user(
    uow: HubUnitOfWork,
    *,
    clock: Clock,
    ids: IdGenerator,
    passwords: PasswordHasher,
    caller: Caller,
    user_id: str,
    changes: dict[str, Any],
) -> User:
    """Change a user's name, roles, stores, active flag or password (keys of
    ``changes``). Deactivating a user or changing its password or rights ends its
    sessions: its tokens are deleted."""
    with uow:
        before = uow.users.get(user_id)
        values = dict(changes)
        if "password" in values:
            values["password_hash"] = passwords.hash(check_password(values.pop("password")))
        if "name" in values:
            _check_name(values["name"], "A user's name")
        user = before.changed(**values)
        _check_stores(uow, user.store_ids)
        uow.users.save(user)
        if user != before:
            if _ends_sessions(before, user):
                uow.access_tokens.delete_for_user(user.id)
            record_change(
                uow,
                clock=clock,
                ids=ids,
                caller=caller,
                action="update",
                entity="user",
                key=user.id,
                before=before.public(),
                after=user.public(),
            )
        uow.commit()
    return user


def _ends_sessions(before: User, after: User) -> bool:
    return (before.active, before.password_hash, before.roles, before.store_ids) != (
        after.active,
        after.password_hash,
        after.roles,
        after.store_ids,
    )


def add_new_user(
    uow: HubUnitOfWork, *, ids: IdGenerator, passwords: PasswordHasher, answers: NewUser
) -> User:
    username = check_username(answers.username)
    _check_name(answers.name, "A user's name")
    check_roles(uow.company_id, answers.roles, answers.store_ids)
    _check_stores(uow, answers.store_ids)
    if uow.users.by_username(username) is not None:
        raise ValidationError(f"The username {username} is taken in this company")
    password_hash = passwords.hash(check_password(answers.password))
    user = User(
        uow.company_id,
        ids.new_id(),
        username,
        answers.name.strip(),
        answers.roles,
        answers.store_ids,
        password_hash,
    )
    uow.users.add(user)
    return user


def _check_stores(uow: HubUnitOfWork, store_ids: frozenset[str] | None) -> None:
    for store_id in sorted(store_ids or ()):
        try:
            uow.organisation.store(store_id)
        except NotFound as error:
            raise ValidationError(f"There is no store {store_id}") from error


def _check_name(name: str, what: str) -> None:
    if not name.strip() or len(name) > MAX_NAME:
        raise ValidationError(f"{what} is 1 to {MAX_NAME} characters")
