"""Fixtures shared by every part of the suite."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _cap_memory() -> None:
    """A runaway test should fail with MemoryError, not take the machine down
    with the OOM killer (seen once on a machine loaded by other runs; the whole
    suite normally peaks near 0.6 GB). GIFTPOS_TEST_MEMORY_GB overrides."""
    import resource

    gb = float(os.environ.get("GIFTPOS_TEST_MEMORY_GB", "12"))
    limit = int(gb * 1024**3)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


_cap_memory()


@pytest.fixture(scope="session", autouse=True)
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new SQLite store starts as a copy of one migrated by Alembic once per
    session, instead of running every migration again (about half a second a
    store, a quarter of the integration tests' time; a few hundred stores in
    the suite). The copy is the same schema, page for page, and only an
    empty database gets one: a database at an older revision (the tests of a
    migration) is upgraded by Alembic as before, and so is every store
    PostgreSQL, a subprocess (the CLI, `giftpos ledger serve`) or a caller of
    ``migrate`` itself opens."""
    import app.store.database as database

    real = database.migrate
    template = tmp_path_factory.mktemp("migrated") / "store.db"
    engine = database.make_engine(f"sqlite:///{template}")
    real(engine)
    engine.dispose()  # the last connection closed: the WAL is folded into the file

    def migrate(engine: Any) -> None:
        if engine.dialect.name == "sqlite" and _copied(engine, template):
            return
        real(engine)

    database.migrate = migrate
    yield template
    database.migrate = real


def _copied(engine: Any, template: Path) -> bool:
    """Copy the template into the empty database ``engine`` opens; False (and
    nothing done) when it is not empty or cannot be read: Alembic decides."""
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            if raw.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                return False
            source = sqlite3.connect(template)
            try:
                source.backup(raw)
            finally:
                source.close()
            return True
    except (sqlite3.Error, DBAPIError):
        return False


@pytest.fixture(scope="session", autouse=True)
def postgres_templates_dropped() -> Iterator[None]:
    """The migrated PostgreSQL templates the session made (scratch databases
    are copies of them: tests/integration/ledger/support.migrated_scratch)
    are dropped at its end."""
    yield
    support = sys.modules.get("tests.integration.ledger.support")
    if support is not None:
        support.drop_templates()


@pytest.fixture(autouse=True)
def no_window_outlives_its_test() -> Iterator[None]:
    """Every top-level Qt widget a test left is deleted after it (once its
    own fixtures have closed their sessions). A window left alive is restyled
    by every later test's theme (QApplication.setStyleSheet polishes every
    widget there is): 230 more widgets a window, and a theme took 0.6 s after
    the first UI test, 2 to 5 s after ten, growing all through the suite."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return  # no Qt in this process: nothing to do
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    windows = app.topLevelWidgets()
    for widget in windows:
        widget.close()
    # What a window queued for itself (a zero-delay timer with no context
    # object, e.g. MainWindow.fit_screen) runs while the window still exists.
    app.processEvents()
    for widget in windows:
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A real SQLite file, fresh for each test."""
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[object]:
    from app.store.database import open_store

    s = open_store(db_url)
    yield s
    s.close()
