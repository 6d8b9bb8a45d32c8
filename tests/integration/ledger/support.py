"""Helpers shared by the ledger and sync tests: a real ledger (uvicorn on a
loopback port, in a thread) over a real database, with tokens."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

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


# A database migrated to head once per session, per server: each PostgreSQL
# scratch database of the tests is a copy of it (CREATE DATABASE ... TEMPLATE)
# instead of a new one migrated by Alembic (1-2 s each, a few seconds with the
# create and drop on a loaded box; about a hundred of them in the suite). The
# migrations on an empty PostgreSQL are still run whole by the tests that are
# about them (tests/integration/customers/test_postgres.py,
# tests/integration/checkout/test_postgres.py, the fault run's cluster).
_TEMPLATES: dict[str, str] = {}


def migrated_template(base: str) -> str:
    """The name of this session's migrated database beside ``base``; made on
    first use, dropped at the session's end (tests/conftest.py)."""
    if base not in _TEMPLATES:
        name = f"giftpos_template_{secrets.token_hex(4)}"
        _on_server(base, f'CREATE DATABASE "{name}"')
        _TEMPLATES[base] = name  # dropped at the end even if migrating fails
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
        open_store(url).close()  # closed: a template must have no connection
    return _TEMPLATES[base]


def drop_templates() -> None:
    while _TEMPLATES:
        base, name = _TEMPLATES.popitem()
        _on_server(base, f'DROP DATABASE IF EXISTS "{name}"')


def _on_server(base: str, sql: str) -> None:
    """One statement outside a transaction (CREATE or DROP DATABASE)."""
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(sql))
    finally:
        admin.dispose()


@contextmanager
def migrated_scratch(url: str | None, *, prefix: str = "giftpos_scratch") -> Iterator[str]:
    """A scratch database (app.ledger.scratch) already at head: on PostgreSQL
    a copy of the session's migrated template; on SQLite a new file (which
    open_store fills from the suite's SQLite template, tests/conftest.py)."""
    template = None
    if url is not None and make_url(url).get_backend_name() == "postgresql":
        template = migrated_template(url)
    with scratch_database(url, prefix=prefix, template=template) as db:
        yield db


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
    with migrated_scratch(base) as db_url, running_ledger(db_url, **kw) as env:  # type: ignore[arg-type]
        yield env
