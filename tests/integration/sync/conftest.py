from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.config import OfflineLimits
from app.domain import OpContext
from app.ops.service import CardService
from app.store.database import open_store
from app.sync.client import LedgerClient
from app.sync.engine import SyncEngine
from app.sync.gateway import OnlineGateway
from app.sync.monitor import ConnectivityMonitor
from tests.integration.ledger.support import LedgerEnv, ledger_on


@dataclass
class Terminal:
    name: str
    cards: CardService
    client: LedgerClient
    monitor: ConnectivityMonitor
    gateway: OnlineGateway
    engine: SyncEngine

    def ctx(self, **kw: object) -> OpContext:
        return OpContext(terminal=self.name, store="s1", **kw)  # type: ignore[arg-type]

    def go_offline(self) -> None:
        self.monitor.report_failure("test: cable pulled")


@pytest.fixture
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LedgerEnv]:
    """A real ledger over SQLite, or PostgreSQL where a test asks for it with
    ``@pytest.mark.parametrize("ledger", ["postgresql"], indirect=True)``."""
    with ledger_on(getattr(request, "param", "sqlite"), tmp_path) as env:
        yield env


@pytest.fixture
def make_terminal(tmp_path: Path, ledger: LedgerEnv) -> Iterator[Callable[..., Terminal]]:
    made: list[Terminal] = []

    def make(name: str = "t1", *, url: str | None = None, timeout_s: float = 2.0,
             offline: OfflineLimits | None = None, batch_size: int = 500) -> Terminal:
        store = open_store(f"sqlite:///{tmp_path / f'{name}.db'}")
        cards = CardService(store, context=OpContext(terminal=name, store="s1"))
        # One connection per request, so the fault proxy can script each one.
        transport = httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))
        client = LedgerClient(url or ledger.url, ledger.tokens[name], timeout_s=timeout_s,
                              transport=transport)
        # Health checks get a generous timeout: a loaded CI box must not flap.
        monitor = ConnectivityMonitor(lambda: client.health(timeout=5.0), online=True,
                                      first_backoff_s=0.05, max_backoff_s=0.2)
        engine = SyncEngine(cards, client, monitor=monitor, batch_size=batch_size,
                            interval_s=3600)
        gateway = OnlineGateway(cards, client, monitor, offline=offline or OfflineLimits())
        t = Terminal(name=name, cards=cards, client=client, monitor=monitor, gateway=gateway,
                     engine=engine)
        made.append(t)
        return t

    yield make
    for t in made:
        t.engine.stop()
        t.monitor.stop()
        t.client.close()
        t.cards.store.close()


def issue(env: LedgerEnv, amount: int) -> str:
    with env.client("admin") as c:
        r = c.post("/v1/cards", json={"amount": amount})
        assert r.status_code == 200, r.text
        return str(r.json()["cards"][0]["number"])


def ledger_balance(env: LedgerEnv, number: str) -> int:
    with env.client("admin") as c:
        return int(c.post("/v1/balance", json={"number": number}).json()["balance"])
