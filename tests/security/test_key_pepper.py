"""Finding 15.8 (the pepper): a database made before the pepper came from
configuration holds it in its meta table, so a copy of the database let
anyone test card keys. `giftpos ledger pepper export` writes it to a secret
file, and once the service is configured with that file removes it from the
database; from then on the ledger refuses to start without it, and a copy of
the database holds no pepper. Real SQLite, the real CLI, the real app."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from app.cli.main import main
from app.errors import StoreError
from app.ledger.api import create_app
from app.ops.service import CardService
from app.store.database import open_store


def _ledger(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["ledger", *argv, "--db", db, "--json"])
    return code, json.loads(capsys.readouterr().out)


def _meta(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as con:
        rows = dict(con.execute("SELECT key, value FROM meta").fetchall())
    con.close()
    return rows


def test_the_pepper_moves_out_of_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIFTPOS_KEY_PEPPER", raising=False)
    monkeypatch.delenv("GIFTPOS_KEY_PEPPER_FILE", raising=False)
    path = tmp_path / "ledger.db"
    db = f"sqlite:///{path}"
    store = open_store(db)
    (card, key), = CardService(store).issue(amount=2_500, with_key=True)
    store.close()
    old = _meta(path)["key_pepper"]  # an old database: the pepper beside the keys

    secret = tmp_path / "pepper"
    code, out = _ledger(capsys, db, "pepper", "export", "--out", str(secret))
    assert code == 0 and out["state"] == "written" and out["pepper"] is None
    assert secret.read_text().strip() == old
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert "key_pepper" in _meta(path)  # not removed before the service is configured

    # A different pepper configured by mistake: nothing removed.
    monkeypatch.setenv("GIFTPOS_KEY_PEPPER", "not-the-one")
    code, out = _ledger(capsys, db, "pepper", "export")
    assert code != 0 and out["key"] == "pepper_mismatch" and "key_pepper" in _meta(path)
    monkeypatch.delenv("GIFTPOS_KEY_PEPPER")

    monkeypatch.setenv("GIFTPOS_KEY_PEPPER_FILE", str(secret))
    code, out = _ledger(capsys, db, "pepper", "export")
    assert code == 0 and out["state"] == "removed"
    assert "key_pepper" not in _meta(path) and old not in str(_meta(path))
    store = open_store(db)
    try:  # configured from the file, the old keys are still found
        assert CardService(store).balance(number=card.number, key=key).balance == 2_500
        create_app(store)
        # Without the configuration the ledger refuses to start ...
        monkeypatch.delenv("GIFTPOS_KEY_PEPPER_FILE")
        with pytest.raises(StoreError) as exc:
            create_app(store)
        assert exc.value.key == "pepper_missing"
        # ... and never makes a new pepper that would orphan every key.
        with pytest.raises(StoreError):
            CardService(store).balance(number=card.number, key=key)
    finally:
        store.close()
    assert "key_pepper" not in _meta(path)
