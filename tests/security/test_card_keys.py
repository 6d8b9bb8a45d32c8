"""Finding 15.8: a card key is looked up together with its card. A till's
token sending keys alone (the search over every card that answered the full
number) is refused; a key with the wrong card answers as an unknown card;
nothing is learned and the till is not shown the card in its pull."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.ledger.support import LedgerEnv, running_ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as env:
        yield env


def test_a_key_alone_finds_no_card(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        made = c.post("/v1/cards", json={"amount": 5_000, "with_key": True}).json()["cards"]
        other = c.post("/v1/cards", json={"amount": 100}).json()["cards"][0]["number"]
    number, key = made[0]["number"], made[0]["key"]
    assert key
    with ledger.client("t1") as t1:
        r = t1.post("/v1/balance", json={"key": key})
        assert (r.status_code, r.json()["key"]) == (400, "number_required"), r.text
        assert number not in r.text and number[-4:] not in r.text
        wrong = t1.post("/v1/balance", json={"number": other, "key": key})
        assert wrong.status_code == 404 and number not in wrong.text
        bad = t1.post("/v1/balance", json={"number": number, "key": "0" * 16})
        assert bad.status_code == 404 and "balance" not in bad.json()
        # Nothing seen: the till's pull holds none of these cards.
        pulled = t1.get("/v1/sync/pull", params={"after": 0}).json()
        assert number not in str(pulled) and other not in str(pulled)
        ok = t1.post("/v1/balance", json={"number": number, "key": key})
        assert ok.status_code == 200 and ok.json()["balance"] == 5_000
