"""A terminal's work, run in a child process that the test kills with SIGKILL.

The child forks from a multiprocessing fork server that has already imported
everything (so a kill point costs a fork, not a Python start-up), opens the
terminal's store, and loops over redemptions and split-tender sales. It
announces each operation before the call (``INTENT``) and acknowledges it
only after the service call returned, i.e. after commit (``ACK``); the parent
kills it at a random acknowledged count and checks that everything
acknowledged survived.
"""

from __future__ import annotations

import contextlib
import random
import uuid
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from app.checkout import CheckoutService, CheckoutSettings
from app.config import OfflineLimits
from app.domain import Limits, OpContext
from app.errors import GiftposError
from app.gateway import LocalGateway
from app.ops.service import CardService
from app.store.database import Store, open_store
from app.sync.client import LedgerClient, LedgerUnavailable
from app.sync.engine import SyncEngine
from app.sync.gateway import OnlineGateway
from app.sync.monitor import ConnectivityMonitor

BIG = Limits(max_balance=10**10)
# Offline limits wide enough that the workload is never declined for them:
# the test is about crashes, not limits.
WIDE = OfflineLimits(per_transaction=10**9, per_card=10**10, per_terminal=10**11)


@dataclass
class Spec:
    db_url: str
    numbers: list[str]
    seed: int
    ledger_url: str = ""  # empty: a standalone till (LocalGateway)
    token: str = ""
    terminal: str = "t1"


@dataclass
class Till:
    store: Store
    cards: CardService
    gateway: LocalGateway | OnlineGateway
    checkout: CheckoutService
    client: LedgerClient | None = None
    monitor: ConnectivityMonitor | None = None
    engine: SyncEngine | None = None
    extra: list[Any] = field(default_factory=list)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        self.store.close()


def open_till(spec: Spec) -> Till:
    """The terminal as a till would build it (also used by the parent to recover)."""
    store = open_store(spec.db_url, migrate_schema=False)
    cards = CardService(store, limits=BIG, context=OpContext(terminal=spec.terminal,
                                                             store="s1"))
    settings = CheckoutSettings(terminal=spec.terminal, store="s1")
    if not spec.ledger_url:
        gw = LocalGateway(cards)
        return Till(store, cards, gw, CheckoutService(store, gw, settings=settings, cards=cards))
    client = LedgerClient(spec.ledger_url, spec.token, timeout_s=10)
    monitor = ConnectivityMonitor(lambda: client.health(), online=True)
    online = OnlineGateway(cards, client, monitor, offline=WIDE)
    engine = SyncEngine(cards, client, monitor=monitor, interval_s=3600)
    return Till(store, cards, online,
                CheckoutService(store, online, settings=settings, cards=cards),
                client=client, monitor=monitor, engine=engine)


def run(conn: Connection, spec: Spec) -> None:
    """The child's loop; it never returns on its own (the parent kills it)."""
    till = open_till(spec)
    rng = random.Random(spec.seed)
    ctx = OpContext(terminal=spec.terminal, store="s1")
    conn.send(("READY",))
    while True:
        if till.monitor is not None:
            # About a third of the work is done offline (store-and-forward).
            if rng.random() < 0.35:
                till.monitor.report_failure("test: offline")
            else:
                till.monitor.report_success()
        pick = rng.random()
        try:
            if till.engine is not None and pick < 0.12:
                conn.send(("SYNC_START",))
                with contextlib.suppress(LedgerUnavailable):
                    till.engine.sync_once()
                conn.send(("SYNC_DONE",))
            elif pick < 0.55:
                _redeem(conn, till, rng, spec, ctx)
            else:
                _sale(conn, till, rng, spec)
        except GiftposError as exc:  # a decline is an answer: go on
            conn.send(("DECLINED", exc.key))


def _redeem(conn: Connection, till: Till, rng: random.Random, spec: Spec,
            ctx: OpContext) -> None:
    eid = str(uuid.uuid4())
    number, amount = rng.choice(spec.numbers), rng.randint(1, 900)
    conn.send(("INTENT", "redeem", eid, {"number": number, "amount": amount}))
    if isinstance(till.gateway, OnlineGateway):
        res = till.gateway.redeem(number=number, amount=amount, partial=True, entry_id=eid,
                                  ctx=ctx)
    else:
        res = till.cards.redeem(number=number, amount=amount, partial=True, entry_id=eid,
                                ctx=ctx)
    conn.send(("ACK", "redeem", res.id, {"intent": eid, "amount": res.amount}))


def _sale(conn: Connection, till: Till, rng: random.Random, spec: Spec) -> None:
    co = till.checkout
    sale = co.open_sale(cashier="kill")
    conn.send(("ACK", "sale_open", sale.id, {}))
    co.add_item(sale.id, description="Item", amount=rng.randint(500, 4_000))
    a, b = rng.sample(spec.numbers, 2)
    co.pay_with_card(sale.id, number=a, amount=rng.randint(100, 400))
    conn.send(("ACK", "tender", sale.id, {}))
    co.pay_with_card(sale.id, number=b, amount=rng.randint(100, 400))
    conn.send(("ACK", "tender", sale.id, {}))
    due = co.get(sale.id).remaining_due
    if due > 0:
        co.pay_cash(sale.id, amount=due)
    done = co.complete(sale.id)
    conn.send(("ACK", "sale_done", sale.id, {"status": str(done.status)}))


def warm_up() -> None:
    """Run the workload's code paths once in a scratch store, so that the fork
    server's children start with SQLAlchemy's mappers configured and babel's
    locale data loaded (a cold first operation costs ~150 ms, a warm one ~5)."""
    import shutil
    import tempfile
    from pathlib import Path

    shm = Path("/dev/shm")
    d = Path(tempfile.mkdtemp(prefix="giftpos-warm-", dir=shm if shm.is_dir() else None))
    try:
        url = f"sqlite:///{d / 'warm.db'}"
        open_store(url).close()
        till = open_till(Spec(db_url=url, numbers=[], seed=0))
        numbers = [v.number for v, _ in till.cards.issue(count=2, amount=10_000)]
        rng = random.Random(0)
        sink = _Sink()
        _redeem(sink, till, rng, Spec(db_url=url, numbers=numbers, seed=0),  # type: ignore[arg-type]
                OpContext(terminal="warm", store="s1"))
        _sale(sink, till, rng, Spec(db_url=url, numbers=numbers, seed=0))  # type: ignore[arg-type]
        till.close()
    finally:
        shutil.rmtree(d, ignore_errors=True)


class _Sink:
    def send(self, _msg: object) -> None:
        pass
