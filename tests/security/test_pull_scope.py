"""Finding 15.3: one till's token does not read the whole chain. A pull
answers the cards this till has seen and what they became (a transfer or a
combine made by a manager elsewhere), never another store's cards: their
numbers are not in the answer at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.ledger.support import LedgerEnv, running_ledger


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[LedgerEnv]:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as env:
        env.manager("mia", "s1")
        yield env


def _pull_all(env: LedgerEnv, who: str) -> tuple[set[str], str]:
    numbers: set[str] = set()
    text = ""
    cursor: Any = 0
    with env.client(who) as c:
        while True:
            r = c.get("/v1/sync/pull", params={"cursor": cursor, "limit": 3})
            assert r.status_code == 200, r.text
            page = r.json()
            text += r.text
            numbers |= {e["number"] for e in page["entries"]}
            assert {c["number"] for c in page["cards"]} <= numbers
            if not page["more"]:
                return numbers, text
            cursor = page["next_cursor"]


def test_a_till_pulls_only_the_cards_it_has_seen_and_what_they_became(
        ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        a, b, c_, t = (x["number"] for x in c.post("/v1/cards", json={
            "amount": 5_000, "count": 4}).json()["cards"])
    with ledger.client("t1") as t1:
        assert t1.post("/v1/cards/redemptions", json={"number": a, "amount": 100,
                                                      "capture": True}).status_code == 200
    with ledger.client("t2") as t2:
        assert t2.post("/v1/cards/redemptions", json={"number": b, "amount": 100,
                                                      "capture": True}).status_code == 200
    seen, text = _pull_all(ledger, "t1")
    assert seen == {a}
    assert b not in text and c_ not in text and t not in text
    # A manager moves part of a's value to a new card, and the rest into t:
    # what a became, t1 follows.
    with ledger.client("mia") as mia:
        new = mia.post("/v1/cards/transfer", json={"number": a, "amount": 1_000}).json()[
            "related"]["new_card"]["number"]
        assert mia.post("/v1/cards/combine", json={"sources": [a],
                                                   "target": t}).status_code == 200
    seen, text = _pull_all(ledger, "t1")
    assert seen == {a, new, t} and b not in text and c_ not in text
    assert _pull_all(ledger, "t2")[0] == {b}
    # The back office and managers read the whole book.
    assert _pull_all(ledger, "mia")[0] == {a, b, c_, t, new}


def test_a_card_looked_up_is_a_card_seen(ledger: LedgerEnv) -> None:
    with ledger.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 5_000}).json()["cards"][0]["number"]
    assert number not in _pull_all(ledger, "t1")[1]
    with ledger.client("t1") as t1:
        assert t1.post("/v1/balance", json={"number": number}).status_code == 200
    assert _pull_all(ledger, "t1")[0] == {number}
    assert _pull_all(ledger, "t2")[0] == set()


def test_a_promotion_look_up_marks_its_cards_once(ledger: LedgerEnv) -> None:
    """A till asks for a card's promotional value before every card tender:
    the first look-up marks the card and its companions seen (its pulls carry
    them from then on), the next ones find them marked and write nothing."""
    from sqlalchemy import func, select

    from app.ledger.schema import SeenCard

    with ledger.client("admin") as c:
        (card,) = (x["number"] for x in c.post("/v1/cards", json={"amount": 5_000}).json()[
            "cards"])
        assert c.post("/v1/cards/promotions", json={"number": card, "amount": 500}
                      ).status_code == 200
    with ledger.client("t1") as t1:
        first = t1.post("/v1/cards/promotions/lookup", json={"number": card}).json()
        companion = first["companions"][0]["number"]
        with ledger.store.read() as s:
            marks = s.scalar(select(func.count()).select_from(SeenCard))
        assert marks == 2
        assert t1.post("/v1/cards/promotions/lookup", json={"number": card}).json() == first
        with ledger.store.read() as s:
            assert s.scalar(select(func.count()).select_from(SeenCard)) == marks
    seen, _text = _pull_all(ledger, "t1")
    assert {card, companion} <= seen
