"""Opening a store: engine, pragmas, migrations, transactions.

SQLite runs in WAL mode with ``synchronous=FULL`` so that a committed
redemption survives a power cut, and every write transaction starts with
``BEGIN IMMEDIATE`` so two writers never deadlock on a lock upgrade.
PostgreSQL gets row locks (``SELECT ... FOR UPDATE``) from the operations.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import ValidationError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def default_db_url() -> str:
    """The terminal's store in the user's data directory."""
    folder = Path(platformdirs.user_data_dir("giftpos", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'terminal.db'}"


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event decide how a transaction starts.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # On the driver's connection: through exec_driver_sql this one
        # statement was a quarter of the CPU SQLAlchemy spends on a write
        # transaction (docs/core.md). A failure (the database busy past
        # busy_timeout) is raised as SQLAlchemy's, as exec_driver_sql did.
        raw = conn.connection.driver_connection
        try:
            raw.execute("BEGIN IMMEDIATE")
        except conn.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance("BEGIN IMMEDIATE", (), exc, conn.dialect.loaded_dbapi.Error,
                                      dialect=conn.dialect) from exc


def make_engine(url: str, **kwargs: Any) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise ValidationError(f"'{url}' is not a database URL (try sqlite:///path/to/file.db).",
                              key="invalid_db_url") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        _sqlite_pragmas(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _migrations_digest() -> str:
    """Names of the migration files: if the store was last migrated with the
    same set, it is at head and Alembic need not even be imported (that keeps
    a quarter of a second off every start of the terminal and the CLI)."""
    names = sorted(p.name for p in (MIGRATIONS / "versions").glob("*.py"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def _at_head(engine: Engine, digest: str) -> bool:
    try:
        with engine.connect() as conn:
            stamp = conn.execute(text("SELECT value FROM meta WHERE key = 'migrations'")).scalar()
    except DBAPIError:
        return False  # a new database: no meta table yet
    return stamp == digest


def migrate(engine: Engine) -> None:
    """Bring the schema to head. Several ledger processes may start at once over
    one PostgreSQL: an advisory lock lets one migrate while the others wait."""
    digest = _migrations_digest()
    if _at_head(engine, digest):
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(741852963)"))
        cfg.attributes["connection"] = conn
        # "heads": parts of the product (checkout, ledger) add their own branches.
        command.upgrade(cfg, "heads")
        conn.execute(text("DELETE FROM meta WHERE key = 'migrations'"))
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('migrations', :d)"),
                     {"d": digest})


@dataclass
class Store:
    """An open database: hand out transactions, nothing else."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One durable transaction: committed (and on SQLite fsynced) before the
        block's result is handed to anyone."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, *, migrate_schema: bool = True,
               **engine_kwargs: Any) -> Store:
    url = url or default_db_url()
    engine = make_engine(url, **engine_kwargs)
    if migrate_schema:
        migrate(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    log.debug("opened store %s", make_url(url).render_as_string(hide_password=True))
    return Store(url=url, engine=engine, sessions=sessions)
