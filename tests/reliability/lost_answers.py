"""Shared set-up of the lost-answer reproductions: a ledger-issued card and a
till online to that ledger, and a way to end the till's process at a step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from app.ledger.auth import admin_token
from app.store.database import open_store
from tests.reliability.workload import Spec


class Died(BaseException):
    """The process ends here (as far as the till's code can tell)."""


def die(*_a: object, **_k: object) -> None:
    raise Died


def card_and_till(led: Any, tmp_path: Path) -> tuple[Spec, str]:
    """One card of 100.00 issued on the ledger ``led``, and the spec of a
    till (its own SQLite store, token t1) online to it."""
    admin = admin_token(led.store)
    r = httpx.post(f"{led.url}/v1/cards", json={"count": 1, "amount": 10_000},
                   headers={"Authorization": f"Bearer {admin}"}, timeout=30)
    number = r.json()["cards"][0]["number"]
    url = f"sqlite:///{tmp_path / 'till.db'}"
    open_store(url).close()
    return Spec(db_url=url, numbers=[number], seed=0, ledger_url=led.url,
                token=led.tokens["t1"]), number
