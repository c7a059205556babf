"""Crash safety, for real: a till is killed with SIGKILL at random moments and loses nothing.

``crash_child`` sells for ever on one SQLite file and journals every operation it starts
and every result it reported. After each kill the database is read with the plain sqlite3
module (independent of the code under test) and must be exactly what the journal says,
give or take the one operation in flight: reported sales kept once with their numbers,
gapless receipts, one outbox event per fact, the open draft still there, nothing else.
Then the till restarts on the same file and must report the draft it recovered.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from random import Random

import pytest

from saleflex_core import demo

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SEED = 20261124
REPO_ROOT = Path(__file__).resolve().parents[2]
TERMINAL = demo.TERMINAL_ID  # the demo till (code "T01") the children sell on
PATIENCE = 30.0  # seconds a child may take to reach a journal line before the test gives up
MASTER = (
    "company",
    "store",
    "terminal",
    "vat_rate",
    "department",
    "payment_type",
    "product",
    "product_barcode",
    "cashier",
)
RESULT_OF = {
    "scanned": "scan",
    "voided": "void",
    "tendered": "tender",
    "completed": "complete",
    "cancelled": "cancel",
    "suspended": "suspend",
    "resumed": "resume",
    "cash_in": "cash_in",
    "closed": "close",
}
RESULT_OF_OP = {op: word for word, op in RESULT_OF.items()}


@dataclass(frozen=True)
class Draft:
    state: str
    lines: int
    voided: int
    payments: int


@dataclass(frozen=True)
class Kept:
    state: str
    closure: int
    receipt: int
    lines: int
    voided: int
    payments: int


@dataclass
class Till:
    """What the database holds for the terminal, in a form the journal can predict."""

    drafts: dict[str, Draft] = field(default_factory=dict)
    kept: dict[str, Kept] = field(default_factory=dict)
    cash: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    open_closure: int = 1

    def copy(self) -> Till:
        return Till(dict(self.drafts), dict(self.kept), dict(self.cash), self.open_closure)

    def active(self) -> str | None:
        found = [i for i, d in self.drafts.items() if d.state == "active"]
        assert len(found) <= 1, f"more than one open sale: {found}"
        return found[0] if found else None

    def keep(self, doc: str, state: str, receipt: int) -> None:
        draft = self.drafts.pop(doc)
        assert draft.state == "active", f"{doc} was {draft.state} when it was finished"
        self.kept[doc] = Kept(
            state, self.open_closure, receipt, draft.lines, draft.voided, draft.payments
        )


@dataclass
class Closure:
    state: str
    next_receipt: int
    totals: dict[str, object]
    row: tuple[object, ...]


@dataclass
class Database:
    till: Till
    closures: dict[int, Closure]
    paid: dict[str, int]
    outbox: dict[str, tuple[object, ...]]
    master: list[list[tuple[object, ...]]]


def read_database(path: Path) -> Database:
    with closing(sqlite3.connect(path)) as con:
        till = Till()
        for doc, state, lines, voided, payments in con.execute(
            "SELECT d.id, d.state,"
            " (SELECT count(*) FROM temp_document_line l WHERE l.document_id = d.id),"
            " (SELECT coalesce(sum(l.voided), 0) FROM temp_document_line l"
            "  WHERE l.document_id = d.id),"
            " (SELECT count(*) FROM temp_payment p WHERE p.document_id = d.id)"
            " FROM temp_document d WHERE d.terminal_id = ?",
            (TERMINAL,),
        ):
            till.drafts[doc] = Draft(state, lines, voided, payments)
        paid = {}
        for doc, state, closure, receipt, lines, voided, payments, applied in con.execute(
            "SELECT d.id, d.state, d.closure_number, d.receipt_number,"
            " (SELECT count(*) FROM document_line l WHERE l.document_id = d.id),"
            " (SELECT coalesce(sum(l.voided), 0) FROM document_line l WHERE l.document_id = d.id),"
            " (SELECT count(*) FROM payment p WHERE p.document_id = d.id),"
            " (SELECT coalesce(sum(p.tendered_minor - p.change_minor), 0) FROM payment p"
            "  WHERE p.document_id = d.id)"
            " FROM document d WHERE d.terminal_id = ?",
            (TERMINAL,),
        ):
            assert doc not in till.kept, f"document {doc} is kept twice"
            till.kept[doc] = Kept(state, closure, receipt, lines, voided, payments)
            paid[doc] = applied
        for movement, closure, amount, kind in con.execute(
            "SELECT id, closure_number, amount_minor, kind FROM cash_movement"
            " WHERE terminal_id = ?",
            (TERMINAL,),
        ):
            till.cash[movement] = (closure, amount, kind)
        closures = {
            row[2]: Closure(row[4], row[7], json.loads(row[8]), row)  # after company_id
            for row in con.execute("SELECT * FROM closure WHERE terminal_id = ?", (TERMINAL,))
        }
        check_movement_numbers(con, closures)
        opened = [n for n, c in closures.items() if c.state == "open"]
        till.open_closure = opened[0] if len(opened) == 1 else -len(opened)
        outbox: dict[str, tuple[object, ...]] = {}
        sequences, event_ids = [], set()
        for event_id, sequence, event_type, subject, *event in con.execute(
            "SELECT event_id, sequence, event_type,"
            " coalesce(json_extract(payload, '$.document_id'),"
            " json_extract(payload, '$.movement_id'), json_extract(payload, '$.closure_number')),"
            " json_extract(payload, '$.receipt.receipt_number'),"
            " status, attempts FROM sync_queue_item WHERE terminal_id = ? ORDER BY sequence",
            (TERMINAL,),
        ):
            key = f"{event_type}:{subject}"
            assert key not in outbox, f"outbox event {key} is queued twice"
            outbox[key] = (event_type, subject, *event)
            sequences.append(sequence)
            assert event_id not in event_ids, f"event id {event_id} is used twice"
            event_ids.add(event_id)
        # Numbered 1, 2, 3 ... per terminal: a crash leaves no gap and no number twice.
        assert sequences == list(range(1, len(sequences) + 1)), f"sequences {sequences}"
        (last,) = con.execute(
            "SELECT coalesce(max(last_sequence), 0) FROM sync_sequence WHERE terminal_id = ?",
            (TERMINAL,),
        ).fetchone()
        assert last == len(sequences), f"the counter says {last}, {len(sequences)} are queued"
        master = [
            con.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in MASTER
        ]
    return Database(till, closures, paid, outbox, master)


def check_movement_numbers(con: sqlite3.Connection, closures: dict[int, Closure]) -> None:
    """Cash movements are numbered 1, 2, 3 ... per period: a crash leaves no gap and no
    number twice, and the period's counter (``next_movement``, its last column) goes on."""
    numbered: dict[int, list[int]] = defaultdict(list)
    for closure, number in con.execute(
        "SELECT closure_number, number FROM cash_movement WHERE terminal_id = ?", (TERMINAL,)
    ):
        numbered[closure].append(number)
    for closure_number, closure in closures.items():
        numbers = sorted(numbered[closure_number])
        assert numbers == list(range(1, len(numbers) + 1)), f"movements {numbers}"
        assert closure.row[-1] == len(numbers) + 1, f"closure {closure_number}: next movement"


def check_invariants(db: Database) -> None:
    """What must hold after any crash, journal or not."""
    numbers = sorted(db.closures)
    assert numbers == list(range(1, len(numbers) + 1)), f"closure numbers {numbers}"
    states = [db.closures[n].state for n in numbers]
    assert states == ["closed"] * (len(numbers) - 1) + ["open"], f"closure states {states}"
    by_closure: dict[int, list[tuple[str, Kept]]] = defaultdict(list)
    for doc, kept in db.till.kept.items():
        by_closure[kept.closure].append((doc, kept))
    assert set(by_closure) <= set(numbers), f"documents of unknown closures {set(by_closure)}"
    for number in numbers:
        docs, closure = by_closure[number], db.closures[number]
        receipts = sorted(k.receipt for _, k in docs)
        assert receipts == list(range(1, len(docs) + 1)), f"closure {number}: {receipts}"
        next_receipt = closure.next_receipt
        assert next_receipt == len(receipts) + 1, f"closure {number}: next receipt {next_receipt}"
        completed = [doc for doc, k in docs if k.state == "completed"]
        cash_in = [m[1] for m in db.till.cash.values() if m[0] == number and m[2] == "in"]
        totals = closure.totals
        assert (
            totals["sales_count"],
            totals["cancelled_count"],
            totals["sales_total"],
            totals["voided_lines"],
            totals["cash_in"],
        ) == (
            len(completed),
            len(docs) - len(completed),
            {"minor": sum(db.paid[doc] for doc in completed), "currency": "EUR"},
            sum(k.voided for _, k in docs),
            {"minor": sum(cash_in), "currency": "EUR"},
        ), f"closure {number}: totals do not match its documents and cash movements"
    active = [doc for doc, draft in db.till.drafts.items() if draft.state == "active"]
    assert len(active) <= 1, f"more than one open sale on {TERMINAL}: {active}"
    # One event per fact, each still waiting for upstream (nothing here sends).
    expected: dict[str, tuple[object, ...]] = {}
    for doc, kept in db.till.kept.items():
        event = f"sale.{kept.state}"
        expected[f"{event}:{doc}"] = (event, doc, kept.receipt, "pending", 0)
    for number in numbers[:-1]:
        expected[f"closure.closed:{number}"] = ("closure.closed", number, None, "pending", 0)
    for movement in db.till.cash:
        expected[f"cash.moved:{movement}"] = ("cash.moved", movement, None, "pending", 0)
    assert db.outbox == expected, describe(expected, db.outbox, "outbox")


class Model:
    """The till as the journal tells it, replayed line by line."""

    def __init__(self) -> None:
        self.till = Till()
        self.pending: list[str] | None = None
        self.started = self.ready = False

    def feed(self, line: str) -> None:
        word, *args = line.split()
        if word == "start":
            assert self.pending is None, "a new run began over an unchecked operation"
            self.started, self.ready = True, False
        elif word == "recovered":
            active = self.till.active()
            seen = None if args == ["none"] else (args[0], int(args[1]))
            known = None if active is None else (active, self.till.drafts[active].lines)
            assert seen == known, f"the register recovered {seen}, the database held {known}"
        elif word == "parked":
            parked = sum(d.state == "suspended" for d in self.till.drafts.values())
            assert int(args[0]) == parked, f"{args[0]} parked sales listed, {parked} stored"
        elif word == "ready":
            self.ready = True
        elif word == "begin":
            assert self.pending is None, f"{line!r} while {self.pending} is unfinished"
            self.pending = args
        else:
            assert self.pending is not None and self.pending[0] == RESULT_OF[word], line
            self.till = self.reported(word, args)
            self.pending = None

    def reported(self, word: str, args: list[str]) -> Till:
        till, doc = self.till.copy(), args[0]
        numbers = [int(a) for a in args[1:] if a.lstrip("-").isdigit()]
        if word == "scanned":
            old = till.drafts.get(doc)
            if self.pending and self.pending[1] == "new":
                assert old is None and till.active() is None, f"{doc} started over a sale"
                old = Draft("active", 0, 0, 0)
            assert old is not None and old.state == "active" and numbers[0] == old.lines + 1
            till.drafts[doc] = replace(old, lines=numbers[0])
        elif word == "voided":
            till.drafts[doc] = replace(till.drafts[doc], voided=till.drafts[doc].voided + 1)
        elif word == "tendered":
            assert numbers[0] == till.drafts[doc].payments + 1, f"payments of {doc}"
            till.drafts[doc] = replace(till.drafts[doc], payments=numbers[0])
        elif word in ("completed", "cancelled"):
            assert numbers[0] == till.open_closure, f"{doc} numbered in closure {numbers[0]}"
            till.keep(doc, word, numbers[1])
        elif word in ("suspended", "resumed"):
            draft = till.drafts[doc]
            if numbers:
                assert numbers == [draft.lines, draft.payments], f"{doc} resumed as {numbers}"
            state = "suspended" if word == "suspended" else "active"
            till.drafts[doc] = replace(draft, state=state)
        elif word == "cash_in":
            assert numbers[0] == till.open_closure, f"cash moved into closure {numbers[0]}"
            till.cash[doc] = (numbers[0], numbers[1], "in")
        elif word == "closed":
            assert int(doc) == till.open_closure, f"closed {doc}, open was {till.open_closure}"
            till.open_closure += 1
        return till

    def outcomes(self, db: Database) -> list[Till]:
        """What the database may hold: the operation in flight did not commit, or did."""
        if self.pending is None:
            return [self.till]
        op, target, *rest = self.pending
        done = RESULT_OF_OP[op]
        after: list[tuple[str, list[str]]] = []
        new_drafts = [d for d in db.till.drafts if d not in self.till.drafts]
        if op == "scan" and target == "new":
            # Register.scan starts the sale (one commit) before it scans (another).
            if len(new_drafts) == 1 and db.till.drafts[new_drafts[0]].lines == 0:
                fresh = self.till.copy()
                fresh.drafts[new_drafts[0]] = Draft("active", 0, 0, 0)
                return [self.till, fresh]
            after = [(done, [new_drafts[0], "1"])] if len(new_drafts) == 1 else []
        elif op == "scan":
            after = [(done, [target, str(self.till.drafts[target].lines + 1)])]
        elif op == "tender":
            after = [(done, [target, str(int(rest[0]) + 1)])]
        elif op in ("complete", "cancel"):
            kept = db.till.kept.get(target)
            receipt = str(kept.receipt) if kept else "0"
            after = [(done, [target, str(self.till.open_closure), receipt])]
        elif op == "cash_in":
            moved = [m for m in db.till.cash if m not in self.till.cash]
            after = [(done, [m, target, rest[0]]) for m in moved[:1]]
        else:  # void, suspend, resume, close: the arguments say it all
            after = [(done, [target, *rest])]
        return [self.till] + [self.reported(word, args) for word, args in after]


def describe(expected: dict, actual: dict, what: str) -> str:
    missing = sorted(set(expected) - set(actual))[:5]
    extra = sorted(set(actual) - set(expected))[:5]
    wrong = [
        (k, expected[k], actual[k]) for k in expected if actual.get(k, expected[k]) != expected[k]
    ][:5]
    return f"{what}: missing {missing}, unexpected {extra}, different (expected, found) {wrong}"


def explain(model: Model, db: Database) -> str:
    parts = [f"the database does not match the journal; operation in flight: {model.pending}"]
    for name in ("drafts", "kept", "cash"):
        parts.append(describe(getattr(model.till, name), getattr(db.till, name), name))
    parts.append(f"open closure: journal {model.till.open_closure}, db {db.till.open_closure}")
    return "\n".join(parts)


class Journal:
    """Reads the child's journal as it grows, one whole line at a time."""

    def __init__(self, path: Path) -> None:
        self.path, self.offset, self.rest = path, 0, b""
        self.unread: deque[str] = deque()

    def next_line(self) -> str | None:
        if not self.unread:
            try:
                with self.path.open("rb") as handle:
                    handle.seek(self.offset)
                    data = handle.read()
            except FileNotFoundError:
                return None
            self.offset += len(data)
            *whole, self.rest = (self.rest + data).split(b"\n")
            self.unread.extend(line.decode() for line in whole)
        return self.unread.popleft() if self.unread else None


@dataclass
class Campaign:
    """One SQLite file, one journal, many lives of the till."""

    tmp: Path
    mode: str
    rng: Random
    model: Model = field(default_factory=Model)
    kills: int = 0
    in_flight: Counter[str] = field(default_factory=Counter)
    committed_unreported: Counter[str] = field(default_factory=Counter)
    during_startup: int = 0
    plans: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.db, self.journal = self.tmp / "till.db", Journal(self.tmp / "journal.log")
        self.errors = self.tmp / "child.err"
        self.master: list[list[tuple[object, ...]]] = []
        self.closed: dict[int, Closure] = {}

    def life(self, how: str, delay: float, target: str | None = None) -> None:
        """Start the till, wait for the moment ``how`` names, sleep ``delay``, SIGKILL it."""
        command = [sys.executable, "-m", "tests.integration.crash_child"]
        command += ["--db", str(self.db), "--journal", str(self.journal.path)]
        command += ["--seed", str(self.rng.randrange(2**31)), "--mode", self.mode]
        self.model.started = self.model.ready = False
        self.plans[how if target is None else f"{how} {target}"] += 1
        with self.errors.open("ab") as errors:
            child = subprocess.Popen(command, cwd=REPO_ROOT, stderr=errors)
        try:
            if how == "boot":
                assert self.wait(child, lambda line: line.startswith("start ")), "no start"
            elif how in ("selling", "op"):
                assert self.wait(child, lambda line: line == "ready"), "the till never got ready"
            if how == "op":
                # A rare operation may not come up in time: then this is an ordinary kill.
                self.wait(child, lambda line: line.startswith(f"begin {target} "), limit=3.0)
            time.sleep(delay)
            assert child.poll() is None, f"the till stopped by itself:\n{self.stderr()}"
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        assert child.returncode == -signal.SIGKILL, self.stderr()
        self.kills += 1
        self.check()

    def wait(
        self, child: subprocess.Popen[bytes], seen: Callable[[str], bool], limit: float = PATIENCE
    ) -> bool:
        """Feed the journal to the model until a line is ``seen``; False after ``limit`` s."""
        give_up = time.monotonic() + limit
        while time.monotonic() < give_up:
            while (line := self.journal.next_line()) is not None:
                self.model.feed(line)
                if seen(line):
                    return True
            assert child.poll() is None, f"the till stopped by itself:\n{self.stderr()}"
            time.sleep(0.0005)
        return False

    def check(self) -> None:
        while (line := self.journal.next_line()) is not None:
            self.model.feed(line)
        assert not self.journal.rest, f"torn journal line {self.journal.rest!r}"
        self.during_startup += not self.model.ready
        db = read_database(self.db)
        check_invariants(db)
        # Master data and closed periods never change again.
        self.master = self.master or db.master
        assert db.master == self.master, "the master data changed"
        for number, closure in self.closed.items():
            assert db.closures[number].row == closure.row, f"closed closure {number} changed"
        self.closed = {n: c for n, c in db.closures.items() if c.state == "closed"}
        options = self.model.outcomes(db)
        matching = [till for till in options if till == db.till]
        assert matching, explain(self.model, db)
        if self.model.pending:
            op = self.model.pending[0]
            self.in_flight[op] += 1
            if matching[0] != options[0]:
                self.committed_unreported[op] += 1
        self.model.till, self.model.pending = matching[0], None

    def stderr(self) -> str:
        return self.errors.read_text(errors="replace")[-3000:]

    def run(self, lives: int, targets: tuple[str, ...]) -> None:
        self.life("selling", 0.3)  # the first life creates the database: let it
        for _ in range(lives - 2):
            roll = self.rng.random()
            if roll < 0.1:
                self.life("spawn", self.rng.uniform(0.02, 0.3))  # importing or opening
            elif roll < 0.2:
                self.life("boot", self.rng.uniform(0.0, 0.04))  # opening, recovering
            elif roll < 0.6:
                # Just after ``begin <op>``: before its commit, or after it but unreported.
                self.life("op", self.rng.uniform(0.0, 0.004), self.rng.choice(targets))
            else:
                self.life("selling", self.rng.uniform(0.02, 0.3))
        self.life("selling", 0.0)  # the last kill's recovery is checked too
        print(
            f"{self.mode}: {self.kills} kills, {self.during_startup} during start-up, "
            f"in flight {dict(self.in_flight)}, committed unreported "
            f"{dict(self.committed_unreported)}, kept {len(self.model.till.kept)}, "
            f"closures {self.model.till.open_closure}, plans {dict(self.plans)}"
        )


def test_sales_survive_sigkill(tmp_path: Path) -> None:
    campaign = Campaign(tmp_path, "sales", Random(SEED))
    campaign.run(46, ("complete", "complete", "cancel", "scan", "tender", "suspend", "cash_in"))
    assert campaign.kills >= 40
    assert campaign.during_startup > 0, "no kill landed during start-up"
    assert campaign.in_flight["complete"] > 0, "no kill landed during a completion"


def test_z_closure_survives_sigkill(tmp_path: Path) -> None:
    campaign = Campaign(tmp_path, "closure", Random(SEED + 1))
    campaign.run(18, ("close", "close", "close", "complete", "cash_in"))
    assert campaign.kills >= 12
    assert campaign.in_flight["close"] > 0, "no kill landed during a Z"
