"""Master data at the hub: a company's changes, checked, audited and fed to its terminals.

Rules:

- Company-wide master data (VAT rates, departments, payment types, products and their
  barcodes, cashiers, quick keys) is changed by a company admin (or the platform admin
  acting in the company): a caller with ``master_data:write`` who reaches every store.
  A store manager changes only the price overrides of the stores it manages.
- A change is checked against the company's whole catalogue exactly as a terminal checks
  a page (``reference_page.apply_page``): a PLU or barcode held twice, a product in a
  department or VAT rate that does not exist, a department or VAT rate taken away while
  something uses it, a quick key pointing nowhere: refused (ValidationError), nothing
  written. So no page the hub serves is one a terminal refuses.
- One call is one transaction: the rows, one feed entry per changed thing (a tombstone
  per deletion) and one audit record per changed thing commit together. A thing written
  again unchanged is neither written, fed nor audited.
- A company's master-data writers queue on its feed (``MasterDataFeedRepository.lock``)
  before they check, so two concurrent changes cannot pass each other's checks.
"""

from __future__ import annotations

from typing import Any

from attrs import evolve, frozen

from saleflex_core.domain.access import Caller, GateRole
from saleflex_core.domain.catalog import Product, StorePrice
from saleflex_core.domain.master_data import Deletions, MasterDataPage, Upserts
from saleflex_core.domain.master_data_feed import KIND_OF, Change, MasterData, key_of, slot_key
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Store, Terminal
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.domain.reference_page import apply_page, normalised
from saleflex_core.exceptions import NotFound, PermissionDenied, ValidationError
from saleflex_core.ports import Clock, IdGenerator
from saleflex_core.ports.hub import HubUnitOfWork
from saleflex_core.storage import to_storage
from saleflex_core.use_cases.audit import record_change
from saleflex_core.use_cases.pulling import store_page

EDITORS = frozenset({GateRole.COMPANY_ADMIN, GateRole.PLATFORM_ADMIN})
WRITE = "master_data:write"
NO_UPSERTS, NO_DELETIONS = Upserts(), Deletions()


@frozen
class Changed:
    """What a change did: the feed's position after it and, per ``(kind, key)``, the
    action taken ("create", "update", "delete" or "unchanged")."""

    position: int
    actions: dict[tuple[str, str], str]


@frozen
class Editor:
    """Who changes master data, and the clock and ids their audit records need."""

    caller: Caller
    clock: Clock
    ids: IdGenerator


def check_company_editor(caller: Caller) -> None:
    """Refuse a caller who may not change the company's own master data."""
    caller.require(WRITE)
    if not (caller.roles & EDITORS) or caller.store_ids is not None:
        raise PermissionDenied(
            "Only a company admin changes the company's master data; "
            "a store manager changes the prices of their own stores"
        )


def check_store_editor(caller: Caller, store_id: str) -> None:
    """Refuse a caller who may not change ``store_id``'s prices."""
    caller.require(WRITE)
    if not caller.reaches_store(store_id):
        raise PermissionDenied(f"You do not manage store {store_id}")


def change_master_data(
    uow: HubUnitOfWork,
    *,
    editor: Editor,
    upserts: Upserts = NO_UPSERTS,
    deletions: Deletions = NO_DELETIONS,
) -> Changed:
    """Upsert and delete master data in one checked, fed and audited transaction.

    Deleting something that does not exist is ``NotFound``; see the module for the rules.
    """
    check_company_editor(editor.caller)
    page = _sorted_barcodes(normalised(MasterDataPage("", upserts, deletions)))
    with uow:
        uow.master_data_feed.lock()
        before = company_snapshot(uow, page)
        apply_page(before, page)  # the terminal's checks; raises before any write
        changes, actions = _changes(before, page)
        fed = Upserts(**_upserted(changes))
        store_page(uow.catalog, uow.cashiers, MasterDataPage("", fed, deletions))
        for change in changes:
            _audit(uow, editor, before, change)
        position = uow.master_data_feed.append(changes) if changes else _position(uow)
        uow.commit()
    return Changed(position, actions)


def set_store_price(uow: HubUnitOfWork, *, editor: Editor, price: StorePrice) -> int:
    """Set a store's own price for a product; its terminals get the product again."""
    check_store_editor(editor.caller, price.store_id)
    with uow:
        uow.master_data_feed.lock()
        store = uow.organisation.store(price.store_id)
        if price.unit_price.currency != store.currency.code:
            raise ValidationError(f"Store {store.name} sells in {store.currency.code}")
        product = _product(uow, price.product_id)
        before = uow.master_data_feed.store_prices(price.store_id, [product.id]).get(product.id)
        if before == price.unit_price:
            return _position(uow)
        uow.catalog.save_store_price(price)
        _audit_price(uow, editor, price.store_id, product.id, before, price.unit_price)
        position = uow.master_data_feed.append([Change.upserted(product)])
        uow.commit()
    return position


def remove_store_price(
    uow: HubUnitOfWork, *, editor: Editor, store_id: str, product_id: str
) -> int:
    """Take a store's own price away: its terminals sell at the company's price again."""
    check_store_editor(editor.caller, store_id)
    with uow:
        uow.master_data_feed.lock()
        uow.organisation.store(store_id)  # another company's store: NotFound
        product = _product(uow, product_id)
        before = uow.master_data_feed.store_prices(store_id, [product_id]).get(product_id)
        if before is None:
            raise NotFound(f"Store {store_id} has no own price for {product_id}")
        uow.catalog.delete_store_price(store_id, product_id)
        _audit_price(uow, editor, store_id, product_id, before, None)
        position = uow.master_data_feed.append([Change.upserted(product)])
        uow.commit()
    return position


def company_snapshot(uow: HubUnitOfWork, page: MasterDataPage | None = None) -> ReferenceData:
    """The company's whole master data as a terminal's snapshot, to check changes with.

    Its currency is the company's stores' (the first, sorted), else the products'.
    """
    catalog = uow.catalog
    products = catalog.products()
    currencies = uow.master_data_feed.currencies()
    prices = [p.unit_price.currency for p in products[:1]]
    if page is not None:
        prices += [p.unit_price.currency for p in page.upserts.products[:1]]
    currency = Currency.of((currencies or prices or ["EUR"])[0])
    company = uow.company_id
    store = Store("hub", company, "hub", currency)
    terminal = Terminal("hub", company, "hub", "HUB", "hub", Money(0, currency.code))
    return ReferenceData.build(
        store=store,
        terminal=terminal,
        vat_rates=catalog.vat_rates(),
        departments=catalog.departments(),
        payment_types=catalog.payment_types(),
        products=products,
        quick_keys=catalog.quick_keys(),
        cashiers=uow.cashiers.all(),
    )


def audit_form(thing: MasterData | None) -> dict[str, Any] | None:
    """A thing as the audit log keeps it: its stored form, a cashier's PIN hash left out."""
    if thing is None:
        return None
    form: dict[str, Any] = to_storage(thing)
    form.pop("pin_hash", None)
    return form


def _sorted_barcodes(page: MasterDataPage) -> MasterDataPage:
    """Barcodes in the order the catalogue reads them, so an unchanged product compares equal."""
    products = tuple(evolve(p, barcodes=tuple(sorted(p.barcodes))) for p in page.upserts.products)
    return evolve(page, upserts=evolve(page.upserts, products=products))


def _current(before: ReferenceData, kind: str) -> dict[str, MasterData]:
    if kind == "quick_keys":
        return {slot_key(k.page, k.position): k for k in before.quick_keys}
    found: dict[str, MasterData] = getattr(before, kind)
    return found


def _changes(
    before: ReferenceData, page: MasterDataPage
) -> tuple[list[Change], dict[tuple[str, str], str]]:
    """The feed entries of a page (deletions first, as ``store_page`` writes), the actions."""
    changes: list[Change] = []
    actions: dict[tuple[str, str], str] = {}
    for kind, keys in page.deletions.keys().items():
        for raw in keys:
            key = slot_key(*raw) if isinstance(raw, tuple) else str(raw)
            if key not in _current(before, kind):
                raise NotFound(f"{kind.replace('_', ' ').capitalize()[:-1]} {key} does not exist")
            changes.append(Change.deleted(kind, key))
            actions[(kind, key)] = "delete"
    for kind in KIND_OF.values():
        for thing in getattr(page.upserts, kind):
            key, old = key_of(thing), _current(before, kind).get(key_of(thing))
            action = "create" if old is None else "unchanged" if old == thing else "update"
            actions[(kind, key)] = action
            if action != "unchanged":
                changes.append(Change.upserted(thing))
    return changes, actions


def _upserted(changes: list[Change]) -> dict[str, tuple[Any, ...]]:
    found: dict[str, list[Any]] = {kind: [] for kind in KIND_OF.values()}
    for change in changes:
        if change.thing is not None:
            found[change.kind].append(change.thing)
    return {kind: tuple(things) for kind, things in found.items()}


def _audit(uow: HubUnitOfWork, editor: Editor, before: ReferenceData, change: Change) -> None:
    old = _current(before, change.kind).get(change.key)
    action = "delete" if change.thing is None else "create" if old is None else "update"
    record_change(
        uow,
        clock=editor.clock,
        ids=editor.ids,
        caller=editor.caller,
        action=action,
        entity=change.kind[:-1],
        key=change.key,
        before=audit_form(old),
        after=audit_form(change.thing),
    )


def _audit_price(
    uow: HubUnitOfWork,
    editor: Editor,
    store_id: str,
    product_id: str,
    before: Money | None,
    after: Money | None,
) -> None:
    def form(price: Money | None) -> dict[str, Any] | None:
        return None if price is None else {"unit_price": to_storage(price)}

    action = "delete" if after is None else "create" if before is None else "update"
    record_change(
        uow,
        clock=editor.clock,
        ids=editor.ids,
        caller=editor.caller,
        action=action,
        entity="store_price",
        key=f"{store_id}/{product_id}",
        before=form(before),
        after=form(after),
    )


def _product(uow: HubUnitOfWork, product_id: str) -> Product:
    product = uow.master_data_feed.product(product_id)
    if product is None:
        raise NotFound(f"Product {product_id} does not exist")
    return product


def _position(uow: HubUnitOfWork) -> int:
    return uow.master_data_feed.position()
