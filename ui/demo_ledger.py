"""The demo's embedded ledger: the real FastAPI ledger on SQLite, served by
uvicorn on a loopback port in a background thread of the demo's process. The
demo terminal is enrolled once per data directory (its token is kept there)
and the demo cards are issued on the ledger, the source of truth."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.domain import OpContext
from app.ops.service import CardService
from app.store.database import Store, open_store

log = logging.getLogger(__name__)


@dataclass
class EmbeddedLedger:
    url: str
    token: str
    store: Store
    server: object  # app.ledger.runner.ServerThread

    @property
    def cards(self) -> CardService:
        return CardService(self.store, context=OpContext(terminal="ledger", store="demo"))

    def close(self) -> None:
        self.server.stop()  # type: ignore[attr-defined]
        self.store.close()


def start_ledger(folder: Path, *, terminal_id: str, store_id: str) -> EmbeddedLedger | None:
    """Start the ledger; None when app/ledger is not installed (offline demo)."""
    try:
        from app.ledger.api import create_app
        from app.ledger.auth import enroll
        from app.ledger.runner import ServerThread
    except ModuleNotFoundError as exc:
        log.info("no embedded ledger: %s", exc)
        return None
    store = open_store(f"sqlite:///{folder / 'ledger.db'}")
    token_file = folder / "ledger_token"
    if token_file.exists():
        token = token_file.read_text(encoding="utf-8").strip()
    else:
        token = enroll(store, store_id=store_id, name=terminal_id)
        token_file.write_text(token, encoding="utf-8")
        token_file.chmod(0o600)
    server = ServerThread(create_app(store)).start()
    log.info("embedded ledger on %s", server.url)
    return EmbeddedLedger(server.url, token, store, server)
