"""A hold whose answer was cut goes on offline under a stand-in id; the next
sync reverses the original on the ledger and pulls it back, released. The
sale must still be able to capture its hold (the stand-in), not be told the
hold was released. Found by test_network_faults."""

from __future__ import annotations

import uuid
from pathlib import Path
from urllib.parse import urlparse

import httpx
from sqlalchemy import select

from app.config import OfflineLimits
from app.domain import OpContext
from app.ops.service import CardService
from app.store.database import open_store
from app.store.schema import Card
from app.sync.client import LedgerClient
from app.sync.engine import SyncEngine
from app.sync.gateway import OnlineGateway
from app.sync.monitor import ConnectivityMonitor
from tests.integration.ledger.support import running_ledger
from tests.integration.sync.faultproxy import FaultProxy


def test_a_hold_in_doubt_is_still_capturable_after_the_sync(tmp_path: Path) -> None:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as led:
        with led.client("admin") as c:
            number = c.post("/v1/cards", json={"amount": 10_000}).json()["cards"][0]["number"]
        u = urlparse(led.url)
        proxy = FaultProxy((u.hostname or "127.0.0.1", u.port or 80), delay_s=1.0)
        store = open_store(f"sqlite:///{tmp_path / 'till.db'}")
        cards = CardService(store, context=OpContext(terminal="t1", store="s1"))
        client = LedgerClient(proxy.url, led.tokens["t1"], timeout_s=5, transport=httpx.
                              HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0)))
        monitor = ConnectivityMonitor(lambda: client.health(), online=True)
        gw = OnlineGateway(cards, client, monitor, offline=OfflineLimits())
        engine = SyncEngine(cards, client, monitor=monitor, interval_s=3600)
        ctx = OpContext(terminal="t1", store="s1")
        try:
            gw.balance(number=number)
            hold_id = str(uuid.uuid4())
            proxy.script("cut")  # the ledger holds; its answer is cut: in doubt
            held = gw.hold(number=number, amount=3_000, partial=False, entry_id=hold_id,
                           ctx=ctx)
            assert held.offline
            assert monitor.check_now()
            engine.sync_once()  # reverses the original on the ledger, pulls it back
            cap = gw.capture(hold_id=hold_id, amount=2_000, entry_id=str(uuid.uuid4()),
                             ctx=ctx)
            assert cap.amount == 2_000
            engine.sync_once()
            with store.read() as s:
                local = s.scalars(select(Card.balance)).one()
            with led.store.read() as s:
                remote = s.scalars(select(Card.balance)).one()
            assert local == remote == 8_000
        finally:
            client.close()
            monitor.stop()
            store.close()
            proxy.close()
