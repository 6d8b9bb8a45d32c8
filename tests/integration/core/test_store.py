"""The local store: migrations, pragmas, default location, and that what the
models say is what the migrations built."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app.store.database import open_store
from tests.schemas import every_table


def test_empty_database_migrates_to_head_and_matches_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    store = open_store(url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"cards", "entries", "holds", "outbox", "meta", "alembic_version"} <= tables
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), every_table())  # type: ignore[arg-type]
    assert diff == [], f"models and migrations disagree: {diff}"
    store.close()
    # Opening again is a no-op, not an error.
    open_store(url).close()


def test_pragmas_make_commits_durable(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_void_once_is_enforced_by_the_database(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'v.db'}")
    engine = create_engine(store.url)
    with engine.connect() as conn:
        idx = conn.execute(text(
            "SELECT sql FROM sqlite_master WHERE name = 'uq_entries_void_once'")).scalar()
    assert idx is not None and "UNIQUE" in idx.upper() and "void" in idx
    store.close()


def test_default_store_lives_in_user_data_dir(monkeypatch: object, tmp_path: Path) -> None:
    import platformdirs

    from app.store import database

    monkeypatch.setattr(platformdirs, "user_data_dir",  # type: ignore[attr-defined]
                        lambda *a, **k: str(tmp_path / "data"))
    url = database.default_db_url()
    assert url == f"sqlite:///{tmp_path / 'data' / 'terminal.db'}"
