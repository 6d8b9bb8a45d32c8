"""Which till the command line speaks for: `giftpos sale open`, `report day`
and `report z` read the till's own sales, so they need its terminal id, store,
currency and locale, from its configuration (the same terminal.toml the
window reads), never from an undocumented variable.

Where the configuration is found, first match wins:

1. ``giftpos --config PATH`` (a till's terminal.toml);
2. the terminal.toml beside the SQLite store given with ``--db`` (a demo's
   data folder keeps one there);
3. the terminal's default configuration file, when it exists and names the
   same store (or no ``--db`` was given).

With none, the command line is its own terminal "cli" in store "local", as
before (documented in docs/checkout.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.config import TerminalConfig, default_config_path, load_config
from app.store.database import default_db_url


@dataclass(frozen=True)
class TillIdentity:
    terminal: str
    store: str
    db_url: str
    currency: str
    locale: str
    config: Path | None  # where it was read; None: the command line's own identity


def _beside(db: str) -> Path | None:
    if db.startswith("sqlite:///"):
        return Path(db.removeprefix("sqlite:///")).with_name("terminal.toml")
    return None


def _same_store(cfg: TerminalConfig, db: str | None) -> bool:
    return db is None or (cfg.db_url or default_db_url()) == db


def till_identity(*, config: Path | None = None, db: str | None = None,
                  default_config: Path | None = None) -> TillIdentity:
    """The till's identity (see the module's docstring for the order).
    ``db`` is the store asked for on the command line (``--db``/$GIFTPOS_DB),
    None when none was; it always wins over the configuration's own."""
    found: tuple[TerminalConfig, Path] | None = None
    if config is not None:
        cfg = load_config(config)
        if cfg is None:
            from app.errors import ValidationError

            raise ValidationError(f"There is no configuration at {config}.",
                                  key="config_not_found", details=str(config))
        found = cfg, config
    else:
        for candidate, check_store in ((_beside(db) if db else None, False),
                                       (default_config or default_config_path(), True)):
            if candidate is None or not candidate.exists():
                continue
            cfg = load_config(candidate)
            if cfg is not None and (not check_store or _same_store(cfg, db)):
                found = cfg, candidate
                break
    if found is None:
        return TillIdentity(terminal="cli", store="local", db_url=db or default_db_url(),
                            currency="USD", locale="en_US", config=None)
    cfg, path = found
    return TillIdentity(terminal=cfg.terminal_id, store=cfg.store_id,
                        db_url=db or cfg.db_url or default_db_url(), currency=cfg.currency,
                        locale=cfg.locale, config=path)
