"""Running the ledger: `giftpos ledger serve` (one or several processes) and a
server in a thread on a given socket (tests, benchmarks)."""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

import uvicorn
from fastapi import FastAPI

from app.ledger.api import DB_ENV
from app.store.database import open_store

log = logging.getLogger(__name__)


# Bounds on what one client can hold (issue 15.2): connections served at once
# per process (past it: 503, which a till takes as "offline" and retries),
# idle keep-alive time, and the size of a request's head (request line and
# headers) that h11 buffers before giving up on it.
SERVER_LIMITS: dict[str, Any] = {"limit_concurrency": 256, "timeout_keep_alive": 5,
                                 "h11_max_incomplete_event_size": 16 * 1024}


def default_workers(url: str) -> int:
    """Service processes when none are asked for: two per core on PostgreSQL
    (a process is one GIL, and a till's keep-alive connection stays with the
    process that accepted it, which is often uneven: with one process per core,
    8 clients split 6/2 one time in three on two cores, and four processes did
    40% more redemptions than two; docs/ledger.md). On SQLite the processes
    share one database lock: one."""
    from sqlalchemy.engine import make_url

    if make_url(url).get_backend_name() == "postgresql":
        return 2 * (os.cpu_count() or 1)
    return 1


def serve(url: str, *, host: str = "127.0.0.1", port: int = 8700, workers: int = 1,
          log_level: str = "warning", ssl_certfile: str | None = None,
          ssl_keyfile: str | None = None) -> None:
    """Migrate once here, then run ``workers`` service processes over the same
    database. No state lives in a process, so any worker may answer any call.
    With a certificate and its key, the service speaks HTTPS only."""
    open_store(url).close()
    os.environ[DB_ENV] = url
    sweeper = start_sweeper(url)
    deliverer = start_deliverer(url)
    # A busy worker (a large push on a loaded box) must not be taken for a hung
    # one: uvicorn's default health-check timeout (5 s) killed workers
    # mid-request under load.
    uvicorn.run("app.ledger.api:app_from_env", factory=True, host=host, port=port,
                workers=workers if workers > 1 else None, log_level=log_level,
                access_log=False, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
                timeout_worker_healthcheck=60, **SERVER_LIMITS)
    deliverer.stop()
    sweeper.stop()


def start_sweeper(url: str) -> Any:
    """The timed rules of the ledger, in the serving process (beside its
    workers): expired holds released, cards past their date expired, every
    GIFTPOS_SWEEP_S seconds. Several `serve` processes on one PostgreSQL take
    turns (an advisory lock); each round is logged."""
    from app.ledger.service import Ledger
    from app.limits import limits_from_env
    from app.ops.sweep import Sweeper, sweep_interval

    interval = sweep_interval()
    ledger = Ledger(open_store(url, migrate_schema=False), limits=limits_from_env())
    return Sweeper(ledger.sweep, interval_s=interval, name="ledger-sweep").start()


def start_deliverer(url: str) -> Any:
    """Scheduled e-gifts of the ledger's outbox go out by themselves: what is
    due is sent every GIFTPOS_EGIFT_S seconds (app/egift/deliverer.py) to
    the server GIFTPOS_SMTP_URL names."""
    from app.domain import OpContext
    from app.egift.deliverer import start_deliverer as start
    from app.limits import limits_from_env
    from app.ops.service import CardService

    # What it writes is the ledger's, posted as written (OpContext.posts).
    cards = CardService(open_store(url, migrate_schema=False), limits=limits_from_env(),
                        context=OpContext(posts=True))
    return start(cards, name="ledger-egifts")


def free_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening-ready socket on ``port`` (0: any free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self.ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.ready.set()

    def install_signal_handlers(self) -> None:  # a thread cannot take signals
        pass


class ServerThread:
    """A real uvicorn server on a loopback port, in a thread of this process.
    ``start()`` returns once it accepts connections; ``port`` (0: any free
    one) lets a stopped ledger come back where its clients look for it."""

    def __init__(self, app: FastAPI, *, host: str = "127.0.0.1", port: int = 0,
                 **config: Any) -> None:
        self.sock = free_socket(host, port)
        self.host, self.port = self.sock.getsockname()[:2]
        self._ready = threading.Event()
        cfg = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                             **{**SERVER_LIMITS, **config})
        self.server = _Server(cfg, self._ready)
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.sock]}, daemon=True,
                                       name="ledger-server")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 20.0) -> ServerThread:
        self.thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("the ledger server did not start")
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
