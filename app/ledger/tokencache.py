"""Which tokens are good, known in each service process without a query per
request, and forgotten at once when any token changes.

Every request of a till carries its bearer token; checking it in the
database was a round trip and a thread-pool hop before any work (issue 18).
Each service process keeps the callers of the tokens it has seen
(``TokenCache``). Whatever changes a token (enroll, add, revoke, a new admin
token: app/ledger/auth.py) sends ``NOTIFY giftpos_tokens`` in its own
transaction; PostgreSQL delivers it at commit to a listener thread in every
process, which empties that process's cache. The cache is used only while
its listener is connected: from before the listener's LISTEN to after a lost
connection (a database restart, a failover) it is empty and every request is
checked in the database, so a notification missed meanwhile cannot leave a
revoked token cached. A look-up that raced a notification is not kept (the
cache's generation moved under it).

A mutation is still refused at once, with no window at all: its own
transaction checks the token is not revoked (app/ledger/guards.py), in a
statement it runs anyway. A read (a balance) may pass in the moment between a
revoke's commit and the notification's arrival (well under a millisecond on
one machine).

PostgreSQL only: on SQLite (one shop, one process) the look-up is a local
read, not a round trip, and there is no cache.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from app.ledger.auth import CHANNEL

if TYPE_CHECKING:
    from app.ledger.auth import Caller
    from app.store.database import Store

log = logging.getLogger(__name__)

MAX_TOKENS = 100_000  # a chain's tills and managers, with room; never grows past it
RECONNECT_S = 1.0
# A dead server is noticed within about idle + interval * count seconds.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2,
              "keepalives_count": 2}


class TokenCache:
    """Callers by token digest. ``get`` and ``put`` may be called from any
    thread (the event loop's, the request threads'); ``start`` runs the
    listener in a thread of its own."""

    def __init__(self) -> None:
        self._known: dict[str, Caller] = {}
        self._generation = 0
        self._live = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def live(self) -> bool:
        return self._live

    def get(self, digest: str) -> Caller | None:
        if not self._live:
            return None
        return self._known.get(digest)

    def generation(self) -> int:
        """Read before a look-up in the database, given back to ``put``."""
        return self._generation

    def put(self, digest: str, caller: Caller, generation: int) -> None:
        with self._lock:
            if (self._live and generation == self._generation
                    and len(self._known) < MAX_TOKENS):
                self._known[digest] = caller

    def forget(self) -> None:
        with self._lock:
            self._generation += 1
            self._known.clear()

    # -- the listener ------------------------------------------------------------
    def start(self, store: Store, *, timeout: float = 10.0) -> TokenCache:
        """Listen for token changes (PostgreSQL); returns once listening, or
        after ``timeout`` with the cache still off (it turns on by itself when
        the database is reached)."""
        if store.dialect != "postgresql":
            return self
        engine = store.engine
        cargs, cparams = engine.dialect.create_connect_args(engine.url)
        params = {k: v for k, v in cparams.items() if k != "context"}
        self._stop.clear()
        self._thread = threading.Thread(target=self._listen, args=(cargs, params),
                                        daemon=True, name="ledger-token-listener")
        self._thread.start()
        self._listening.wait(timeout)
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2 * RECONNECT_S + 1)
            self._thread = None

    def _listen(self, cargs: list[Any], params: dict[str, Any]) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(*cargs, **{**KEEPALIVES, **params},
                                     autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    # Anything sent before LISTEN was missed: start empty.
                    with self._lock:
                        self._generation += 1
                        self._known.clear()
                        self._live = True
                    self._listening.set()
                    while not self._stop.is_set():
                        for _note in conn.notifies(timeout=RECONNECT_S):
                            self.forget()
            except psycopg.Error as exc:
                log.warning("token listener lost its connection (%s); checking every "
                            "token in the database until it is back", type(exc).__name__)
            finally:
                with self._lock:
                    self._live = False
                    self._generation += 1
                    self._known.clear()
                self._listening.clear()
            self._stop.wait(RECONNECT_S)
