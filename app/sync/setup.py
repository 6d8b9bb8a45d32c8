"""Wiring the terminal's ledger parts from its configuration (for the UI's
composition root and `giftpos sync`)."""

from __future__ import annotations

from dataclasses import dataclass

from app.config import TerminalConfig
from app.ops.service import CardService
from app.sync.client import LedgerClient
from app.sync.engine import SyncEngine
from app.sync.gateway import OnlineGateway
from app.sync.monitor import ConnectivityMonitor


@dataclass
class TerminalSync:
    client: LedgerClient
    monitor: ConnectivityMonitor
    gateway: OnlineGateway
    engine: SyncEngine

    def start(self) -> TerminalSync:
        """Background threads: health checks, and sync when online."""
        self.monitor.start()
        self.engine.start()
        return self

    def stop(self) -> None:
        self.engine.stop()
        self.monitor.stop()
        self.client.close()


def client_from(cfg: TerminalConfig, *, url: str | None = None,
                token: str | None = None) -> LedgerClient:
    """The till's client of its ledger, as its configuration says."""
    led = cfg.ledger
    return LedgerClient(url or led.url, token or led.token, timeout_s=led.timeout_s,
                        verify=led.verify_tls, allow_plain_http=led.allow_plain_http)


def build(cfg: TerminalConfig, cards: CardService, *, url: str | None = None,
          token: str | None = None) -> TerminalSync:
    """The online gateway, monitor and sync engine for this terminal. Raises
    ValidationError (``ledger_not_configured``) when no ledger URL is set."""
    client = client_from(cfg, url=url, token=token)
    led = cfg.ledger
    monitor = ConnectivityMonitor(lambda: client.health(), interval_s=led.sync_interval_s)
    engine = SyncEngine(cards, client, monitor=monitor, interval_s=led.sync_interval_s)
    gateway = OnlineGateway(cards, client, monitor, offline=cfg.offline,
                            on_queued=lambda: engine.request() if monitor.online else None)
    return TerminalSync(client=client, monitor=monitor, gateway=gateway, engine=engine)
