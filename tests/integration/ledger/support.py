"""Helpers shared by the ledger and sync tests: a real ledger (uvicorn on a
loopback port, in a thread) over a real database, with tokens."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
import pytest

from app.clock import Clock, utcnow
from app.domain import Limits
from app.ledger.api import create_app
from app.ledger.auth import add_token, admin_token, enroll
from app.ledger.runner import ServerThread
from app.ledger.scratch import scratch_database
from app.ledger.service import LedgerSettings
from app.store.database import Store, open_store

PG_ENV = "GIFTPOS_TEST_POSTGRES_URL"


def postgres_url() -> str:
    """The PostgreSQL to test against, or skip (fail under GIFTPOS_REQUIRE_POSTGRES=1)."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("GIFTPOS_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{PG_ENV} is not set but GIFTPOS_REQUIRE_POSTGRES=1")
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. "
                    "postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    try:
        import sqlalchemy

        eng = sqlalchemy.create_engine(url)
        with eng.connect():
            pass
        eng.dispose()
    except Exception as exc:
        if os.environ.get("GIFTPOS_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL at {PG_ENV} is not reachable: {exc}")
        pytest.skip(f"PostgreSQL at {PG_ENV} is not reachable: {exc}")
    return url


@dataclass
class LedgerEnv:
    url: str
    db_url: str
    store: Store
    admin: str
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, who: str = "t1", **kw: object) -> httpx.Client:
        token = self.admin if who == "admin" else self.tokens[who]
        return httpx.Client(base_url=self.url, timeout=10,
                            headers={"Authorization": f"Bearer {token}"}, **kw)  # type: ignore[arg-type]

    def enroll(self, name: str, store: str = "s1") -> str:
        self.tokens[name] = enroll(self.store, store_id=store, name=name)
        return self.tokens[name]

    def manager(self, name: str, store: str = "s1") -> str:
        """A manager's own token (`giftpos ledger token add --role manager`)."""
        self.tokens[name] = add_token(self.store, role="manager", name=name, store_id=store)
        return self.tokens[name]


@contextmanager
def running_ledger(db_url: str, *, limits: Limits | None = None,
                   settings: LedgerSettings | None = None,
                   clock: Clock | None = None) -> Iterator[LedgerEnv]:
    store = open_store(db_url)
    app = create_app(store, limits=limits, settings=settings, clock=clock or utcnow)
    env = LedgerEnv(url="", db_url=db_url, store=store, admin=admin_token(store))
    env.enroll("t1", "s1")
    env.enroll("t2", "s2")
    with ServerThread(app) as server:
        env.url = server.url
        yield env
    store.close()


@contextmanager
def ledger_on(backend: str, tmp_path: object, **kw: object) -> Iterator[LedgerEnv]:
    base = postgres_url() if backend == "postgresql" else None
    with scratch_database(base) as db_url, running_ledger(db_url, **kw) as env:  # type: ignore[arg-type]
        yield env
