"""A till as the terminal builds it (store, OnlineGateway, SyncEngine,
CheckoutService) talking to a real ledger through a fault-injecting proxy, so
a test can lose an answer (the ledger commits, the till never sees it), kill
the till at a chosen line, restart it online or offline, and compare both
sides' books."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
from sqlalchemy import select

from app.checkout import CheckoutService, CheckoutSettings
from app.domain import OpContext
from app.ops.queries import mismatched_balances
from app.ops.service import CardService
from app.store.database import Store, open_store
from app.store.schema import Card, Hold
from app.sync.client import LedgerClient
from app.sync.engine import SyncEngine
from app.sync.gateway import OnlineGateway
from app.sync.monitor import ConnectivityMonitor
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.faultproxy import FaultProxy
from tests.reliability.workload import BIG, WIDE


class Died(BaseException):
    """The till's process ends here (as far as its code can tell)."""


def die(*_a: object, **_k: object) -> None:
    raise Died


@dataclass
class Till:
    store: Store
    cards: CardService
    client: LedgerClient
    monitor: ConnectivityMonitor
    gateway: OnlineGateway
    engine: SyncEngine
    checkout: CheckoutService

    def close(self) -> None:
        self.client.close()
        self.monitor.stop()
        self.store.close()

    def balance(self, number: str) -> int:
        with self.store.read() as s:
            return int(s.scalars(select(Card.balance).where(Card.number == number)).one())

    def open_holds(self) -> int:
        with self.store.read() as s:
            return len(s.scalars(select(Hold).where(Hold.state == "OPEN")).all())

    def consistent(self) -> bool:
        with self.store.read() as s:
            return mismatched_balances(s) == []


class Rig:
    """One ledger, one proxy in front of it, and the till's store in tmp_path."""

    def __init__(self, led: LedgerEnv, tmp_path: Path) -> None:
        self.led = led
        u = urlparse(led.url)
        self.proxy = FaultProxy((u.hostname or "127.0.0.1", u.port or 80), delay_s=1.0)
        self.db_url = f"sqlite:///{tmp_path / 'till.db'}"
        open_store(self.db_url).close()

    def till(self, *, online: bool = True) -> Till:
        """The till (again, after a restart); ``online=False``: it starts
        without the ledger (the proxy drops every connection)."""
        self.proxy.default = "pass" if online else "drop"
        store = open_store(self.db_url, migrate_schema=False)
        cards = CardService(store, limits=BIG, context=OpContext(terminal="t1", store="s1"))
        client = LedgerClient(self.proxy.url, self.led.tokens["t1"], timeout_s=5,
                              transport=httpx.HTTPTransport(
                                  limits=httpx.Limits(max_keepalive_connections=0)))
        monitor = ConnectivityMonitor(lambda: client.health(), online=online)
        gw = OnlineGateway(cards, client, monitor, offline=WIDE)
        engine = SyncEngine(cards, client, monitor=monitor, interval_s=3600)
        checkout = CheckoutService(store, gw, settings=CheckoutSettings(terminal="t1",
                                                                        store="s1"),
                                   cards=cards)
        return Till(store, cards, client, monitor, gw, engine, checkout)

    def reconnect(self, till: Till) -> None:
        self.proxy.default = "pass"
        assert till.monitor.check_now()

    def close(self) -> None:
        self.proxy.close()

    # -- the ledger's side ---------------------------------------------------------
    def issue(self, amount: int) -> str:
        with self.led.client("admin") as c:
            r = c.post("/v1/cards", json={"amount": amount})
            assert r.status_code == 200, r.text
            return str(r.json()["cards"][0]["number"])

    def card(self, number: str) -> dict[str, Any]:
        with self.led.client("t2") as c:
            r = c.post("/v1/balance", json={"number": number})
            assert r.status_code == 200, r.text
            return dict(r.json())

    def ledger_holds(self) -> list[str]:
        with self.led.store.read() as s:
            return [str(h) for h in s.scalars(select(Hold.state))]
