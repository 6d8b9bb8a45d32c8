"""One till of the PostgreSQL fault run, in a child process the test kills.

The till works as a cashier would on a shared set of cards, through its
OnlineGateway (a short timeout, a fault-injecting proxy in front of the
ledger): split-tender sales (two gift cards and cash), sales that reload a
card, sales cancelled after a card paid, online redemptions, refunds of its
own completed sales (to the cards, or to a new card), balance checks, and
syncs. It announces an operation before it starts (``INTENT``) and
acknowledges it only once the service call returned (``ACK``), with the ids
the test needs to find it on the ledger. At start it does what a till does
after a crash: cancels the sales left open and finishes refunds left half
done. It never returns on its own: the parent kills it.
"""

from __future__ import annotations

import contextlib
import random
import traceback
import uuid
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import httpx
from sqlalchemy import select

from app.checkout import CheckoutService, CheckoutSettings, SaleStatus
from app.checkout.schema import SaleLineRow, SaleRefundRow, SaleRow, TenderRow
from app.domain import OpContext
from app.errors import GiftposError
from app.ids import child_id
from app.ops.service import CardService
from app.store.database import open_store
from app.sync.client import LedgerClient, LedgerUnavailable
from app.sync.engine import SyncEngine
from app.sync.gateway import OnlineGateway
from app.sync.monitor import ConnectivityMonitor
from tests.reliability.workload import BIG, WIDE


@dataclass
class FaultSpec:
    db_url: str
    ledger_url: str  # the till's proxy
    token: str
    terminal: str
    numbers: list[str]
    seed: int
    timeout_s: float = 0.5
    new_card_refunds: bool = False


@dataclass
class FaultTill:
    cards: CardService
    gateway: OnlineGateway
    checkout: CheckoutService
    client: LedgerClient
    monitor: ConnectivityMonitor
    engine: SyncEngine

    def close(self) -> None:
        self.engine.stop()
        self.monitor.stop()
        self.client.close()
        self.cards.store.close()


def open_fault_till(spec: FaultSpec, *, timeout_s: float | None = None) -> FaultTill:
    store = open_store(spec.db_url, migrate_schema=False)
    ctx = OpContext(terminal=spec.terminal, store="s1")
    cards = CardService(store, limits=BIG, context=ctx)
    # One connection a request, so that the proxy's faults (chosen per
    # connection) fall on requests, not on a kept-alive connection.
    client = LedgerClient(spec.ledger_url, spec.token, timeout_s=timeout_s or spec.timeout_s,
                          transport=httpx.HTTPTransport(
                              limits=httpx.Limits(max_keepalive_connections=0)))
    monitor = ConnectivityMonitor(lambda: client.health(), online=True)
    gw = OnlineGateway(cards, client, monitor, offline=WIDE)
    engine = SyncEngine(cards, client, monitor=monitor, interval_s=3600, batch_size=50)
    co = CheckoutService(store, gw, settings=CheckoutSettings(terminal=spec.terminal,
                                                              store="s1"), cards=cards)
    return FaultTill(cards, gw, co, client, monitor, engine)


def recover(till: FaultTill) -> list[tuple[Any, ...]]:
    """What a till does after a crash: finish refunds left half done, cancel
    the sales left open. Returns the acknowledgements of what it finished."""
    out: list[tuple[Any, ...]] = []
    with till.cards.store.read() as s:
        half = sorted(set(s.scalars(select(SaleRefundRow.sale_id).where(
            SaleRefundRow.status == "PENDING"))))
    # A recovery step the ledger cannot answer now is declined: it is asked
    # again at the next start (and at healing, with the network good).
    for sale_id in half:
        try:
            out.append(refund_ack(till.checkout.refund(sale_id)))  # finishes the plan
        except GiftposError as exc:
            out.append(("DECLINED", exc.key))
    for sale in till.checkout.open_sales():
        try:
            till.checkout.cancel(sale.id, reason="recovered after a crash")
        except GiftposError as exc:
            out.append(("DECLINED", exc.key))
            continue
        out.append(("ACK", "sale_cancelled", sale.id, sale_facts(till, sale.id)))
    return out


def sale_facts(till: FaultTill, sale_id: str) -> dict[str, Any]:
    """The ids under which a sale's card tenders and reloads reach the ledger."""
    with till.cards.store.read() as s:
        tenders = s.scalars(select(TenderRow).where(TenderRow.sale_id == sale_id)).all()
        lines = s.scalars(select(SaleLineRow).where(SaleLineRow.sale_id == sale_id)).all()
        return {
            "captures": [{"id": child_id(t.id, "capture"), "hold": t.hold_id,
                          "amount": t.amount, "status": t.status, "removed": t.removed}
                         for t in tenders if t.hold_id],
            "loads": [{"id": child_id(ln.id, "load"), "amount": ln.amount,
                       "done": ln.done, "removed": ln.removed}
                      for ln in lines if ln.kind == "CARD_RELOAD"],
        }


def refund_ack(res: Any) -> tuple[Any, ...]:
    return ("ACK", "refund", res.id, {
        "sale": res.sale.id, "credits": [{"id": r.entry_id, "amount": r.amount}
                                         for r in res.refunds],
        "new_card": res.new_card, "total": res.total, "cash_back": res.cash_back})


def run(conn: Connection, spec: FaultSpec) -> None:
    """The child's loop. An exception that is not an answer (a crash of the
    till's code) is sent to the parent with its traceback before the child
    ends."""
    try:
        _loop(conn, spec)
    except Exception:
        conn.send(("CRASH", traceback.format_exc()))
        raise


def _loop(conn: Connection, spec: FaultSpec) -> None:
    till = open_fault_till(spec)
    for msg in recover(till):
        conn.send(msg)
    rng = random.Random(spec.seed)
    conn.send(("READY",))
    while True:
        if not till.monitor.online and rng.random() < 0.3:
            till.monitor.check_now()
        pick = rng.random()
        try:
            if pick < 0.10:
                conn.send(("SYNC_START",))
                with contextlib.suppress(LedgerUnavailable):
                    till.engine.sync_once()
                conn.send(("SYNC_DONE",))
            elif pick < 0.35:
                _sale(conn, till, rng, spec, reload=False)
            elif pick < 0.45:
                _sale(conn, till, rng, spec, reload=True)
            elif pick < 0.55:
                _cancelled_sale(conn, till, rng, spec)
            elif pick < 0.75:
                _redeem(conn, till, rng, spec)
            elif pick < 0.90:
                _refund(conn, till, rng, spec)
            else:
                n = rng.choice(spec.numbers)
                till.gateway.balance(number=n)
                conn.send(("ACK", "balance", n[-4:], {}))
        except GiftposError as exc:  # a decline is an answer: go on
            conn.send(("DECLINED", exc.key))
            for sale in till.checkout.open_sales():  # the cashier gives up on it
                with contextlib.suppress(GiftposError):
                    till.checkout.cancel(sale.id, reason="declined")
                    conn.send(("ACK", "sale_cancelled", sale.id, sale_facts(till, sale.id)))


def _redeem(conn: Connection, till: FaultTill, rng: random.Random, spec: FaultSpec) -> None:
    eid = str(uuid.uuid4())
    number, amount = rng.choice(spec.numbers), rng.randint(1, 900)
    conn.send(("INTENT", "redeem", eid, {}))
    ctx = OpContext(terminal=spec.terminal, store="s1")
    res = till.gateway.redeem(number=number, amount=amount, partial=True, entry_id=eid,
                              ctx=ctx)
    conn.send(("ACK", "redeem", eid, {"id": res.id, "amount": res.amount}))


def _sale(conn: Connection, till: FaultTill, rng: random.Random, spec: FaultSpec, *,
          reload: bool) -> None:
    co = till.checkout
    sale = co.open_sale(cashier="fault")
    conn.send(("ACK", "sale_open", sale.id, {}))
    if reload:
        co.add_card_reload(sale.id, number=rng.choice(spec.numbers),
                           amount=rng.randint(500, 3_000))
        co.pay_cash(sale.id, amount=co.get(sale.id).remaining_due)
    else:
        co.add_item(sale.id, description="Item", amount=rng.randint(500, 4_000))
        a, b = rng.sample(spec.numbers, 2)
        co.pay_with_card(sale.id, number=a, amount=rng.randint(100, 600))
        conn.send(("ACK", "tender", sale.id, {}))
        co.pay_with_card(sale.id, number=b, amount=rng.randint(100, 600))
        conn.send(("ACK", "tender", sale.id, {}))
        due = co.get(sale.id).remaining_due
        if due > 0:
            co.pay_cash(sale.id, amount=due)
    done = co.complete(sale.id)
    conn.send(("ACK", "sale_done", sale.id, {"status": str(done.status),
                                             **sale_facts(till, sale.id)}))


def _cancelled_sale(conn: Connection, till: FaultTill, rng: random.Random,
                    spec: FaultSpec) -> None:
    co = till.checkout
    sale = co.open_sale(cashier="fault")
    conn.send(("ACK", "sale_open", sale.id, {}))
    co.add_item(sale.id, description="Item", amount=rng.randint(500, 4_000))
    co.pay_with_card(sale.id, number=rng.choice(spec.numbers), amount=rng.randint(100, 600))
    conn.send(("ACK", "tender", sale.id, {}))
    co.cancel(sale.id, reason="customer changed their mind")
    conn.send(("ACK", "sale_cancelled", sale.id, sale_facts(till, sale.id)))


def _refund(conn: Connection, till: FaultTill, rng: random.Random, spec: FaultSpec) -> None:
    with till.cards.store.read() as s:
        done = list(s.scalars(select(SaleRow.id).where(SaleRow.status.in_(
            [str(SaleStatus.COMPLETED), str(SaleStatus.PARTLY_REFUNDED)]))))
    if not done:
        return
    sale_id = rng.choice(done)
    to_new = spec.new_card_refunds and rng.random() < 0.3
    conn.send(("INTENT", "refund", sale_id, {"to_new_card": to_new}))
    res = till.checkout.refund(sale_id, to_new_card=to_new)
    conn.send(refund_ack(res))
