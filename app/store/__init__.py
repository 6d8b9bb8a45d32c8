"""The durable store: SQLAlchemy 2.0 over SQLite (terminal) or PostgreSQL (ledger)."""

from app.store.database import Store, default_db_url, open_store

__all__ = ["Store", "default_db_url", "open_store"]
