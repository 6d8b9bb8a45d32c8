"""The fault run: three tills and a ledger on a PostgreSQL cluster of the
test's own, under crashes and a bad network, then healed.

- PostgreSQL: initdb in a temporary folder (as the ``postgres`` OS user when
  the test runs as root), its own port, removed at the end
  (tests/reliability/pgcluster.py). Stopped with ``pg_ctl stop -m
  immediate`` and started again during the run.
- The ledger: two ``giftpos ledger serve`` processes on it, each killed with
  SIGKILL (its process group) and restarted during the run.
- Three tills, each its own process with its own SQLite store, working on a
  shared set of cards (tests/reliability/fault_till.py): split-tender sales,
  sales that reload a card, sales cancelled after a card paid, redemptions,
  refunds of their own sales, balance checks and syncs. Each is behind its
  own fault-injecting proxy (connections dropped, reset, cut halfway,
  half-closed after the ledger answered, delayed past the till's 0.5 s
  timeout; and blackholes of a few seconds, long enough to trade offline).
  Tills are killed with SIGKILL mid-sale (after a card paid) and mid-sync,
  and restarted on their store (they cancel what was left open).

Healing: the network is made good, every till is killed a last time and
recovered, and ``giftpos sync`` runs on each. Then:

- every operation a till acknowledged is on the ledger exactly once (its id
  or its offline stand-in, not both; not voided), with the amount the till
  was told: redemptions, sales' card captures, reloads, refunds;
- a sale acknowledged as cancelled left nothing live on the ledger;
- no hold is open on a till that the ledger resolved;
- every till's replica equals the ledger, card by card (balance, status);
- the journals add up (cached balances = journal sums) on the ledger and on
  every till, issued + loaded - spent + refunded = the sum of balances, and
  ``PRAGMA integrity_check`` is ok on every till's store.

Bounded in `make test` (about 35 s of faults, a minute or so in all);
GIFTPOS_SOAK=1 (`make soak`) runs 10 minutes. GIFTPOS_FAULT_SEED replays a
seed (printed at the start and in the failure); GIFTPOS_FAULT_SECONDS sets
the length.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.checkout.refund_plan import PartKind
from app.checkout.schema import SaleRefundRow, SaleRow, TenderRow
from app.cli.main import main as cli_main
from app.ids import child_id
from app.ledger.auth import admin_token, enroll
from app.ops.queries import mismatched_balances
from app.store.database import Store, open_store
from app.store.schema import Card, Entry, Hold
from app.sync.gateway import OFFLINE
from app.sync.schema import InDoubt
from tests.reliability import fault_till
from tests.reliability.conftest import LONG, SOAK, record
from tests.reliability.fault_till import FaultSpec, open_fault_till, recover
from tests.reliability.ledger_proc import LedgerProcess
from tests.reliability.pgcluster import PrivateCluster, quiet_port
from tests.reliability.test_network_faults import ChaosProxy
from tests.reliability.workload import BIG

SECONDS = float(os.environ.get("GIFTPOS_FAULT_SECONDS") or (600 if SOAK else 25))
CARDS, OPENING = 12, 500_000
TILLS = 3
# Short-lived holds on the ledger (seconds), swept by the services every
# second: sales whose holds run out mid-sale. Off unless set.
HOLD_TTL_S = os.environ.get("GIFTPOS_FAULT_HOLD_TTL_S", "")
# Refunds to a new card (on since e37d14f put the new card on the ledger;
# GIFTPOS_FAULT_NEW_CARD=0 leaves them out).
NEW_CARD_REFUNDS = os.environ.get("GIFTPOS_FAULT_NEW_CARD", "1") == "1"
# Known bug classes counted apart (``known_bugs`` in the figures) while they
# are open. Both found by this run, both fixed and checked again: a cancelled
# sale's hold left OPEN on the ledger (test_stranded_hold.py, 0d00b2a), and a
# cancelled sale's capture left standing (test_capture_after_cancel.py,
# 0d00b2a; its variant with the tender RELEASED, where the void of the capture
# never reached the ledger after a restart: test_one_fate.py's
# test_a_capture_before_a_kill_does_not_stand_when_its_void_never_reaches_the_ledger).
KNOWN_STRANDED_HOLD = False
KNOWN_CAPTURE_AFTER_CANCEL = False
# Seen once in CI (seed 621575413, docs/reliability.md finding 5), fixed: a
# till killed inside complete() after capturing OFFLINE, restarted online, the
# sale cancelled: the release reached the ledger (whose hold was still OPEN:
# the capture in the outbox), then the pushed capture was forced through. A
# follow-up on an id with unpushed changes now queues behind them
# (test_one_fate.py's
# test_a_capture_made_offline_before_a_kill_does_not_stand_when_cancelled_online).
KNOWN_OFFLINE_CAPTURE_AFTER_RELEASE = False
# What happens to a connection while the network is bad (besides blackholes).
WEIGHTS = {"pass": 82, "drop": 3, "reset": 3, "half": 4, "cut": 4, "delay": 4}


class TillProxy(ChaosProxy):
    """One till's proxy: spreads connections over both service processes,
    injects a fault now and then, and can blackhole everything for a while
    (requests swallowed: the till times out and trades offline)."""

    def __init__(self, targets: list[tuple[str, int]], *, seed: int) -> None:
        self.targets = targets
        self.turn = 0
        self.blackhole_until = 0.0
        super().__init__(targets[0], seed=seed, delay_s=1.0)

    @property  # type: ignore[override]
    def target(self) -> tuple[str, int]:
        self.turn += 1
        return self.targets[self.turn % len(self.targets)]

    @target.setter
    def target(self, _value: tuple[str, int]) -> None:
        pass

    def _next(self) -> str:
        with self._lock:
            if time.monotonic() < self.blackhole_until:
                mode = "hang"
            elif self.chaos:
                mode = self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
            else:
                mode = "pass"
            self.seen.append(mode)
            return mode


@dataclass
class Child:
    spec: FaultSpec
    proc: Any = None
    reader: Connection | None = None
    messages: list[tuple[Any, ...]] = field(default_factory=list)
    starts: int = 0


@dataclass
class Tally:
    kills: Counter[str] = field(default_factory=Counter)  # where the till kills landed
    service_kills: int = 0
    pg_restarts: int = 0
    blackholes: int = 0
    acks: Counter[str] = field(default_factory=Counter)
    declines: Counter[str] = field(default_factory=Counter)


def _start(ctx: ForkServerContext, child: Child, rng: random.Random) -> None:
    reader, writer = ctx.Pipe(duplex=False)
    spec = replace(child.spec, seed=rng.randrange(2**32))
    child.proc = ctx.Process(target=fault_till.run, args=(writer, spec), daemon=True)
    child.proc.start()
    writer.close()
    child.reader = reader
    child.starts += 1


def _drain(child: Child) -> bool:
    """Read what the child sent; False once it is gone."""
    assert child.reader is not None
    try:
        while child.reader.poll():
            child.messages.append(child.reader.recv())
    except (EOFError, OSError):
        return False
    return True


def _kill(child: Child) -> None:
    if child.proc is not None and child.proc.is_alive():
        os.kill(child.proc.pid, signal.SIGKILL)
    if child.proc is not None:
        child.proc.join(30)
    if child.reader is not None:
        _drain(child)
        child.reader.close()
        child.reader = None


def seed_of(rng: random.Random) -> str:
    return getattr(rng, "seed_used", "?")


def _restart(sv: LedgerProcess) -> None:
    """Start a killed service again (PostgreSQL may be restarting too)."""
    for _ in range(10):
        try:
            sv.start()
            return
        except RuntimeError:
            sv.kill9()


def _chaos(ctx: ForkServerContext, children: list[Child], proxies: list[TillProxy],
           services: list[LedgerProcess], cluster: PrivateCluster, rng: random.Random,
           tally: Tally) -> None:
    for p in proxies:
        p.chaos = True
    for c in children:
        _start(ctx, c, rng)
    restarting: dict[LedgerProcess, threading.Thread] = {}
    schedule: list[str] = []
    end = time.monotonic() + SECONDS
    next_event = time.monotonic() + rng.uniform(1, 3)
    while time.monotonic() < end:
        readers = [c.reader for c in children if c.reader is not None]
        wait(readers, timeout=0.2)  # type: ignore[arg-type]
        for c in children:
            if not _drain(c):
                _kill(c)
                crash = [m[1] for m in c.messages if m[0] == "CRASH"]
                pytest.fail(f"seed {seed_of(rng)}: till {c.spec.terminal} died on its own (exit "
                            f"{c.proc.exitcode}) after {c.messages[-5:]}\n{''.join(crash)}")
            last = c.messages[-1] if c.messages else ("",)
            where = " ".join(str(x) for x in last[:2])
            # Kill mid-sale (a card paid, the sale not done) and mid-sync.
            if (last[0] == "SYNC_START" and rng.random() < 0.25) or \
                    (last[:2] == ("ACK", "tender") and rng.random() < 0.1) or \
                    rng.random() < 0.003:
                if rng.random() < 0.5:  # sometimes a moment later, inside the next call
                    assert c.reader is not None
                    c.reader.poll(rng.uniform(0, 0.05))
                _kill(c)
                tally.kills[where] += 1
                _start(ctx, c, rng)
        for sv, t in list(restarting.items()):
            if not t.is_alive():
                del restarting[sv]
        if time.monotonic() >= next_event:
            next_event = time.monotonic() + rng.uniform(2, 5)
            if not schedule:  # every kind of event comes round, in a random order
                schedule = ["service", "postgres", "blackhole", "blackhole"]
                rng.shuffle(schedule)
            event = schedule.pop()
            idle = [sv for sv in services if sv not in restarting]
            if event == "service" and idle:
                sv = rng.choice(idle)
                sv.kill9()
                tally.service_kills += 1
                # Restarted in the background: the service is down until it
                # answers again, and the tills carry on meanwhile.
                restarting[sv] = threading.Thread(target=_restart, args=(sv,), daemon=True)
                restarting[sv].start()
            elif event == "postgres":
                cluster.stop("immediate")
                cluster.start()
                tally.pg_restarts += 1
            else:
                rng.choice(proxies).blackhole_until = time.monotonic() + rng.uniform(1.5, 4)
                tally.blackholes += 1
    for t in restarting.values():
        t.join(120)
    for p in proxies:
        p.chaos = False
        p.blackhole_until = 0.0
    for c in children:  # a last kill, wherever each till is
        last = c.messages[-1] if c.messages else ("",)
        tally.kills[" ".join(str(x) for x in last[:2])] += 1
        _kill(c)


def _sync(spec: FaultSpec, url: str) -> dict[str, Any]:
    """`giftpos sync` on the till, as an operator would run it (its entry
    point, in this process: a Python start per call would cost seconds).
    Run again when it fails: after a database restart each service process
    answers one request with a 500 (its pool's dead connections are found
    then: the services do not ping a connection before each request)."""
    outputs = []
    for _ in range(5):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = cli_main(["--db", spec.db_url, "sync", "--ledger-url", url, "--token",
                             spec.token, "--timeout", "30", "--json"])
        outputs.append(out.getvalue())
        if code == 0:
            return dict(json.loads(out.getvalue()))
    raise AssertionError(f"giftpos sync failed 5 times: {outputs}")


def _heal(children: list[Child], url: str) -> dict[str, int]:
    """Recover every till, sync each until its outbox is empty, then one
    quiet round on each (it pulls what the others pushed after its sync)."""
    synced: dict[str, int] = {}
    for c in children:
        # Asked again while the ledger declines (one 500 from a service whose
        # pooled connections died with PostgreSQL sends a till offline, and
        # every refund to a new card left PENDING then waits): as a cashier
        # would, until it goes through.
        for _ in range(10):
            till = open_fault_till(replace(c.spec, ledger_url=url), timeout_s=30)
            try:
                done = recover(till)
            finally:
                till.close()
            c.messages.extend(done)
            declined = [m for m in done if m[0] == "DECLINED"]
            if not declined:
                break
        assert not declined, f"recovery after healing: {declined}"
    for c in children:
        pushed = 0
        for _ in range(5):
            report = _sync(c.spec, url)
            pushed += int(report.get("pushed", 0))
            if not report.get("pending") and not report.get("rejected"):
                break
        synced[c.spec.terminal] = pushed
    for c in children:
        report = _sync(c.spec, url)
        assert not report.get("pending") and not report.get("rejected"), report
    return synced


@dataclass
class Ledger:
    entries: dict[str, Entry]
    voided: set[str]
    holds: dict[str, str]
    cards: dict[str, tuple[int, str]]
    by_type: Counter[str]

    def live(self, eid: str) -> bool:
        return eid in self.entries and eid not in self.voided

    def forms(self, base: str) -> list[str]:
        """The live forms of one operation on the ledger: its id, its stand-in."""
        return [i for i in (base, child_id(base, OFFLINE)) if self.live(i)]


def _read_ledger(store: Store) -> tuple[Ledger, list[Any]]:
    with store.read() as s:
        entries = {e.id: e for e in s.scalars(select(Entry))}
        for e in entries.values():
            s.expunge(e)
        voided = {e.ref_id for e in entries.values() if e.type == "void" and e.ref_id}
        holds = {h.entry_id: str(h.state) for h in s.scalars(select(Hold))}
        cards = {c.number: (c.balance, str(c.status)) for c in s.scalars(select(Card))}
        by_type: Counter[str] = Counter()
        for e in entries.values():
            by_type[str(e.type)] += e.amount
        return Ledger(entries, voided, holds, cards, by_type), mismatched_balances(s)


def _check(children: list[Child], ledger: Ledger,
           known: Counter[str]) -> tuple[list[str], Counter[str]]:
    """Every violation, as one line each; and what was checked. Violations
    of a known, open bug class are counted in ``known`` instead."""
    bad: list[str] = []
    seen: Counter[str] = Counter()
    diagnose: list[tuple[str, str, str, str]] = []  # till, sale, hold, capture: to explain

    def once(base: str, amount: int, what: str) -> None:
        forms = ledger.forms(base)
        seen[what] += 1
        if len(forms) != 1:
            bad.append(f"{what} {base}: {len(forms)} live forms on the ledger "
                       f"(id present {base in ledger.entries}, voided {base in ledger.voided})")
        elif ledger.entries[forms[0]].approved_amount != amount:
            bad.append(f"{what} {base}: the till was told {amount}, the ledger has "
                       f"{ledger.entries[forms[0]].approved_amount}")

    for c in children:
        store = open_store(c.spec.db_url, migrate_schema=False)
        try:
            with store.read() as s:
                plans = {r.id: r.plan for r in s.scalars(select(SaleRefundRow))}
                sales = {r.id: str(r.status) for r in s.scalars(select(SaleRow))}
                local_holds = {h.entry_id: str(h.state) for h in s.scalars(select(Hold))}
                tenders = {t.hold_id: (t.status, t.removed, t.offline)
                           for t in s.scalars(select(TenderRow)) if t.hold_id}
                doubts = {d.entry_id: (d.op, d.resolved_at is not None)
                          for d in s.scalars(select(InDoubt))}
                replica = {x.number: (x.balance, str(x.status)) for x in s.scalars(select(Card))}
                if mismatched_balances(s):
                    bad.append(f"{c.spec.terminal}: cached balances differ from its journal")
        finally:
            store.close()
        for m in c.messages:
            if m[0] != "ACK":
                continue
            _, kind, oid, extra = m
            if kind == "redeem" and extra["amount"] > 0:
                once(oid, extra["amount"], "redemption")
            elif kind == "sale_done":
                if sales.get(oid) not in ("COMPLETED", "REFUNDED", "PARTLY_REFUNDED"):
                    bad.append(f"sale {oid} acknowledged done is {sales.get(oid)}")
                for t in extra["captures"]:
                    if t["status"] != "RELEASED" and not t["removed"]:
                        once(t["id"], t["amount"], "capture")
                for ln in extra["loads"]:
                    once(ln["id"], ln["amount"], "reload")
            elif kind == "sale_cancelled":
                seen["cancelled sale"] += 1
                for t in extra["captures"]:
                    if ledger.forms(t["id"]):
                        tender = tenders.get(t["hold"], ("",))
                        if KNOWN_CAPTURE_AFTER_CANCEL and tender[0] == "RELEASED" and \
                                ledger.holds.get(t["hold"]) == "CAPTURED":
                            known["captures_after_cancel"] += 1  # test_capture_after_cancel.py
                            diagnose.append((c.spec.terminal, oid, t["hold"], t["id"]))
                            continue
                        if KNOWN_OFFLINE_CAPTURE_AFTER_RELEASE and tender[0] == "RELEASED" and \
                                local_holds.get(t["hold"]) == "CAPTURED" and \
                                ledger.holds.get(t["hold"]) == "RELEASED":
                            known["offline_capture_after_release"] += 1
                            diagnose.append((c.spec.terminal, oid, t["hold"], t["id"]))
                            continue
                        diagnose.append((c.spec.terminal, oid, t["hold"], t["id"]))
                        bad.append(f"cancelled sale {oid}: capture {t['id']} live on the ledger "
                                   f"(tender {tender}, hold on the till "
                                   f"{local_holds.get(t['hold'])}, on the ledger "
                                   f"{ledger.holds.get(t['hold'])})")
                    for h in (t["hold"], child_id(t["hold"], OFFLINE)):
                        if ledger.holds.get(h) != "OPEN":
                            continue
                        if KNOWN_STRANDED_HOLD and tenders.get(t["hold"], ("",))[0] == \
                                "RELEASED" and h not in doubts:
                            known["stranded_holds"] += 1  # test_stranded_hold.py
                            continue
                        bad.append(f"cancelled sale {oid}: hold {h} OPEN on the ledger "
                                       f"(tender {tenders.get(t['hold'])}, on the till "
                                       f"{local_holds.get(h)}, its stand-in "
                                       f"{local_holds.get(child_id(h, OFFLINE))}, in doubt "
                                       f"{doubts.get(h)})")
                for ln in extra["loads"]:
                    if ledger.forms(ln["id"]):
                        bad.append(f"cancelled sale {oid}: reload {ln['id']} live on the "
                                   "ledger")
            elif kind == "refund":
                plan = plans.get(oid)
                for p in plan.parts if plan is not None else ():
                    if p.kind == PartKind.GIFT_CARD and p.tender:
                        once(child_id(oid, p.tender), p.amount, "refund")
                if extra["new_card"]:
                    once(child_id(oid, "store_credit"), extra["total"] - extra["cash_back"],
                         "refund to a new card")
                    if extra["new_card"] not in ledger.cards:
                        bad.append(f"refund {oid}: its new card is not on the ledger")
        for h, state in local_holds.items():
            if state == "OPEN" and ledger.holds.get(h, "OPEN") != "OPEN":
                bad.append(f"{c.spec.terminal}: hold {h} OPEN on the till, "
                           f"{ledger.holds[h]} on the ledger")
        for number, mine in replica.items():
            if ledger.cards.get(number) != mine:
                bad.append(f"{c.spec.terminal}: card ••••{number[-4:]} is {mine} on the till, "
                           f"{ledger.cards.get(number)} on the ledger")
        path = c.spec.db_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as db:
            ok = db.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            bad.append(f"{c.spec.terminal}: integrity_check says {ok}")
    for till, sale, hold, capture in diagnose:
        bad_or_known = f"  {till} sale {sale} hold {hold}: " + _story(children, ledger, till, hold,
                                                                       capture)
        known_lines.append(bad_or_known)
    return bad, seen


def _story(children: list[Child], ledger: Ledger, till: str, hold: str, capture: str) -> str:
    """What each side holds about one hold and its capture: for a finding."""
    ids = {hold, capture, child_id(hold, OFFLINE), child_id(capture, OFFLINE)}
    names = {hold: "hold", capture: "capture", child_id(hold, OFFLINE): "hold*",
             child_id(capture, OFFLINE): "capture*"}

    def side(entries: list[Any]) -> list[str]:
        return [f"{e.type} {names.get(e.id, e.id[:8])}->{names.get(e.ref_id or '', '')} "
                f"{e.amount} off={e.offline}" for e in entries
                if e.id in ids or (e.ref_id in ids)]

    remote = side(sorted(ledger.entries.values(), key=lambda e: e.seq))
    c = next(x for x in children if x.spec.terminal == till)
    store = open_store(c.spec.db_url, migrate_schema=False)
    try:
        with store.read() as s:
            local = side(list(s.scalars(select(Entry).order_by(Entry.seq))))
            doubts = [(names.get(d.entry_id, d.entry_id[:8]), d.op, d.resolved_at is not None)
                      for d in s.scalars(select(InDoubt)) if d.entry_id in ids]
    finally:
        store.close()
    return f"ledger {remote}; till {local}; in doubt {doubts}"


known_lines: list[str] = []


def _books(ledger: Ledger) -> tuple[int, int, int, int, int]:
    t = ledger.by_type
    issued = t["issue"] + t["activate"]
    loaded = t["load"] + t["adjust"]
    refunded = t["refund"]
    spent = -sum(t[k] for k in ("redeem", "hold", "capture", "release", "void", "expire"))
    moved = t["transfer_out"] + t["transfer_in"] + t["combine_out"] + t["combine_in"]
    return issued, loaded, spent, refunded, sum(b for b, _ in ledger.cards.values()) - moved


@pytest.mark.timeout(LONG)
def test_three_tills_survive_crashes_network_faults_and_a_postgres_restart(
        forkserver: ForkServerContext, fast_dir: Path) -> None:
    seed = int(os.environ.get("GIFTPOS_FAULT_SEED") or random.randrange(2**32))
    print(f"fault run: seed {seed} (GIFTPOS_FAULT_SEED={seed} to replay)")
    rng = random.Random(seed)
    rng.seed_used = seed  # type: ignore[attr-defined]
    known_lines.clear()
    started = time.monotonic()
    with PrivateCluster() as cluster:
        db = cluster.create_database("giftpos")
        store = open_store(db)
        try:
            admin = admin_token(store)
            tokens = [enroll(store, store_id="s1", name=f"till-{i}") for i in range(TILLS)]
            env = {"GIFTPOS_MAX_BALANCE": str(BIG.max_balance)}
            if HOLD_TTL_S:  # holds that run out mid-sale, released by the services' sweeps
                env |= {"GIFTPOS_HOLD_TTL_S": HOLD_TTL_S, "GIFTPOS_SWEEP_S": "1"}
            # Ports below the ephemeral range: a killed service gets its own back.
            services = [LedgerProcess(db, workers=1, env=env, port=quiet_port())
                        for _ in range(2)]
            proxies: list[TillProxy] = []
            try:
                starting = [threading.Thread(target=sv.start) for sv in services]
                for t in starting:
                    t.start()
                for t in starting:
                    t.join()
                with httpx.Client(base_url=services[0].url, timeout=60,
                                  headers={"Authorization": f"Bearer {admin}"}) as h:
                    r = h.post("/v1/cards", json={"count": CARDS, "amount": OPENING})
                    assert r.status_code == 200, r.text
                    numbers = [card["number"] for card in r.json()["cards"]]
                children: list[Child] = []
                for i, token in enumerate(tokens):
                    proxy = TillProxy([("127.0.0.1", sv.port) for sv in services],
                                      seed=rng.randrange(2**32))
                    proxies.append(proxy)
                    url = f"sqlite:///{fast_dir / f'till-{i}.db'}"
                    open_store(url).close()
                    spec = FaultSpec(db_url=url, ledger_url=proxy.url, token=token,
                                     terminal=f"till-{i}", numbers=numbers, seed=0,
                                     new_card_refunds=NEW_CARD_REFUNDS)
                    till = open_fault_till(spec, timeout_s=30)
                    try:  # the till meets every card while the network is good
                        for n in numbers:
                            till.gateway.balance(number=n)
                    finally:
                        till.close()
                    children.append(Child(spec))
                tally = Tally()
                phases = {"setup_s": round(time.monotonic() - started, 1)}
                try:
                    _chaos(forkserver, children, proxies, services, cluster, rng, tally)
                finally:
                    for c in children:
                        _kill(c)
                for sv in services:  # healed: both answer
                    if sv.proc is None or sv.proc.poll() is not None:
                        _restart(sv)
                phases["chaos_s"] = round(time.monotonic() - started - phases["setup_s"], 1)
                synced = _heal(children, services[0].url)
                phases["heal_s"] = round(time.monotonic() - started - phases["setup_s"]
                                         - phases["chaos_s"], 1)
            finally:
                for sv in services:
                    sv.stop()
                for p in proxies:
                    p.close()
            ledger, mismatched = _read_ledger(store)
        finally:
            store.close()
    known: Counter[str] = Counter()
    bad, seen = _check(children, ledger, known)
    for c in children:
        for m in c.messages:
            if m[0] == "ACK":
                tally.acks[m[1]] += 1
            elif m[0] == "DECLINED":
                tally.declines[m[1]] += 1
    issued, loaded, spent, refunded, total = _books(ledger)
    faults = Counter(mode for p in proxies for mode in p.seen)
    record("postgres_fault_run", seed=seed, seconds=SECONDS, hold_ttl_s=HOLD_TTL_S,
           new_card_refunds=NEW_CARD_REFUNDS,
           wall_s=round(time.monotonic() - started, 1), **phases, till_kills=dict(tally.kills),
           till_starts=sum(c.starts for c in children), service_kills=tally.service_kills,
           postgres_restarts=tally.pg_restarts, blackholes=tally.blackholes,
           connections=dict(faults), acknowledged=dict(tally.acks),
           declines=dict(tally.declines), checked=dict(seen), pushed_at_heal=synced,
           ledger_entries=len(ledger.entries), violations=len(bad), known_bugs=dict(known),
           violation_lines=bad[:20], known_lines=known_lines[:10],
           books=[issued, loaded, spent, refunded, total])
    assert mismatched == [], f"seed {seed}: the ledger's cached balances differ from its journal"
    assert bad == [], f"seed {seed}: {len(bad)} violations:\n" + "\n".join(bad[:40] + known_lines)
    assert issued + loaded - spent + refunded == total, f"seed {seed}"
    assert sum(tally.kills.values()) >= TILLS and tally.acks["sale_done"] > 0


