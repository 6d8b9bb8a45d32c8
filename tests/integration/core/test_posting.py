"""The posting engine (app/ops/posting.py), the one writer of entries and card
state, on both databases: a batch (binary COPY on PostgreSQL, executemany on
SQLite) and single postings write every column of the journal as posted, move
each card once to its last state, queue what the context says, and keep the
card objects a session holds in step."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain import CardStatus, EntryType, OpContext
from app.ops.posting import ENTRY_COLUMNS, Posting, PostingContext, post
from app.ops.queries import mismatched_balances
from app.ops.service import CardService
from app.rules import Decision
from app.store.database import Store, open_store
from app.store.schema import Card, Entry, Outbox


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    from tests.integration.ledger.support import migrated_scratch, postgres_url

    if request.param == "sqlite":
        s = open_store(f"sqlite:///{tmp_path / 'till.db'}")
        yield s
        s.close()
        return
    with migrated_scratch(postgres_url()) as url:
        s = open_store(url)
        yield s
        s.close()


def _spend(balance: int, amount: int, *, flagged: bool = False) -> Decision:
    after = balance - amount
    return Decision(amount=amount, delta=-amount, new_balance=after, requested=amount,
                    new_status=CardStatus.ACTIVE if after > 0 else CardStatus.REDEEMED,
                    flagged=flagged)


@pytest.mark.parametrize("size", [1, 3, 40])  # one INSERT; executemany; COPY on PostgreSQL
def test_a_posting_writes_what_it_says(store: Store, size: int) -> None:
    cards = CardService(store, context=OpContext(terminal="t1", store="s1"))
    a, b = (v.number for v, _ in cards.issue(count=2, amount=100_000))
    posted_at = datetime(2026, 12, 6, 3, 0, 0, 123456, tzinfo=UTC)
    queued = PostingContext(terminal="t1", store="s1", cashier='tab\there "é" \\',
                            sale_id=str(uuid.uuid4()), business_date=date(2026, 12, 5),
                            created_at=datetime(2026, 12, 5, 23, 59, 59, 5, tzinfo=UTC),
                            offline=True, outbox=True)
    ledgers = PostingContext(terminal="t2", store="s2", business_date=date(2026, 12, 6),
                             created_at=posted_at, posted_at=posted_at)
    with store.transaction() as s:
        card_a = s.scalars(select(Card).where(Card.number == a)).one()
        card_b = s.scalars(select(Card).where(Card.number == b)).one()
        balances = {card_a.id: card_a.balance, card_b.id: card_b.balance}
        postings = []
        for i in range(size):
            card = card_a if i % 3 else card_b
            d = _spend(balances[card.id], 10 + i, flagged=(i == size - 1 and card is card_a))
            postings.append(Posting(
                ctx=queued if i % 2 else ledgers, card_id=card.id, balance=balances[card.id],
                decision=d, entry_id=str(uuid.uuid4()), type=EntryType.REDEEM,
                fingerprint=f"fp{i}", ref_id=str(uuid.uuid4()) if i % 4 == 0 else None,
                reason=f"line\n{i}" if i % 5 == 0 else None))
            balances[card.id] = d.new_balance
        written = post(s, postings)
        # The card objects this session holds read what was written.
        assert (card_a.balance, card_b.balance) == (balances[card_a.id], balances[card_b.id])
        assert card_a.flagged is any(p.decision.flagged for p in postings)
    assert [w.seq for w in written] == sorted(w.seq for w in written)
    with store.read() as s:
        assert mismatched_balances(s) == []
        rows = {e.id: e for e in s.scalars(select(Entry).where(
            Entry.id.in_([p.entry_id for p in postings])))}
        for p, w in zip(postings, written, strict=True):
            got, want = rows[p.entry_id], {**p.values(), "seq": w.seq}
            assert set(want) == set(ENTRY_COLUMNS)
            for column in ENTRY_COLUMNS:
                value = getattr(got, column)
                if isinstance(value, datetime):
                    value = value.replace(tzinfo=value.tzinfo or UTC)
                assert value == want[column], column
        assert set(s.scalars(select(Outbox.entry_id))) == {
            p.entry_id for p in postings if p.ctx.outbox}
        balance_of = {i: b for i, b in s.execute(select(Card.id, Card.balance))}
        assert {k: balance_of[k] for k in balances} == balances
