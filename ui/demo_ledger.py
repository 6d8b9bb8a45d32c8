"""The demo's embedded ledger: the real FastAPI ledger on SQLite, served by
uvicorn on a loopback port in a background thread of the demo's process.

Per data directory, once: the demo terminal is enrolled (its token is kept
there), the demo's manager gets a manager credential of the demo's store (a
person's own token, as the ledger's trust model wants, not a chain-wide admin
token; kept there too, mode 0600), which the terminal's configuration carries
as ``manager_token`` so the ledger itself allows the manager's card repairs,
and the demo cards are issued on the ledger, the source of truth.

:meth:`EmbeddedLedger.take_down` and :meth:`EmbeddedLedger.bring_back` stop
and restart the service on the same port (the demo panel's "Ledger" switch),
so a cashier can watch the till trade offline and sync when it is back."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain import OpContext
from app.ops.service import CardService
from app.store.database import Store, open_store

log = logging.getLogger(__name__)


def _secret(path: Path, make: Any) -> str:
    """The secret kept in ``path``, made by ``make()`` the first time."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = str(make())
    path.touch(mode=0o600)
    path.write_text(value, encoding="utf-8")
    return value


@dataclass
class EmbeddedLedger:
    url: str
    token: str
    store: Store
    server: Any  # app.ledger.runner.ServerThread, None while taken down
    manager_token: str = ""
    port: int = 0
    store_id: str = "demo-shop"  # the demo cards are this store's (its manager repairs them)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def cards(self) -> CardService:
        return CardService(self.store, context=OpContext(terminal="ledger", store=self.store_id))

    @property
    def up(self) -> bool:
        return self.server is not None

    def take_down(self) -> None:
        """Stop answering (connections are refused), as a ledger that went
        away would. Blocks until the server thread has stopped: call it off
        the GUI thread."""
        with self._lock:
            if self.server is not None:
                self.server.stop()
                self.server = None
                log.info("embedded ledger taken down")

    def bring_back(self) -> None:
        """Serve again on the same port (off the GUI thread)."""
        with self._lock:
            if self.server is None:
                self.server = _serve(self.store, self.port)
                log.info("embedded ledger back on %s", self.url)

    def close(self) -> None:
        self.take_down()
        self.store.close()


def _serve(store: Store, port: int = 0) -> Any:
    from app.ledger.api import create_app
    from app.ledger.runner import ServerThread

    return ServerThread(create_app(store), port=port).start()


def start_ledger(folder: Path, *, terminal_id: str, store_id: str) -> EmbeddedLedger | None:
    """Start the ledger; None when app/ledger is not installed (offline demo)."""
    try:
        from app.ledger.auth import MANAGER, add_token, enroll
    except ModuleNotFoundError as exc:
        log.info("no embedded ledger: %s", exc)
        return None
    store = open_store(f"sqlite:///{folder / 'ledger.db'}")
    token = _secret(folder / "ledger_token",
                    lambda: enroll(store, store_id=store_id, name=terminal_id))
    # The demo shop's manager: a person's manager credential for this store
    # (the ledger checks it for repairs), not a chain-wide admin token.
    manager = _secret(folder / "manager_token", lambda: add_token(
        store, role=MANAGER, name="demo-manager", store_id=store_id))
    server = _serve(store)
    log.info("embedded ledger on %s", server.url)
    return EmbeddedLedger(server.url, token, store, server, manager_token=manager,
                          port=server.port, store_id=store_id)
