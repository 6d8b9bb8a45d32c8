"""Scratch databases for tests and benchmarks: a fresh PostgreSQL database
(created, then dropped) or a SQLite file in a temporary directory, so the
server they run against is left as it was found."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def scratch_database(url: str | None, *, prefix: str = "giftpos_scratch",
                     template: str | None = None) -> Iterator[str]:
    """Yield the URL of a new, empty database beside ``url`` (PostgreSQL), or
    of a temporary SQLite file when ``url`` is None or SQLite. ``template``
    (PostgreSQL): the new database is a copy of that one, which nobody may be
    connected to (``CREATE DATABASE ... TEMPLATE``)."""
    if url is None or make_url(url).get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="giftpos-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'ledger.db'}"
        return
    base = make_url(url)
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            copy = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        admin.dispose()
