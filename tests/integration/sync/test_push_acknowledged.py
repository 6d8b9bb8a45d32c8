"""What a till keeps of a push's answers: every entry the ledger has (applied
now, or earlier: a duplicate) carries the ledger's post time for that entry
and leaves the outbox; a rejected one leaves the outbox unposted (kept whole on
the ledger, in its exceptions)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.clock import as_aware
from app.ledger.schema import LedgerException
from app.store.schema import Entry, Outbox
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal, issue


def _posted(store: object, ids: list[str]) -> dict[str, datetime | None]:
    with store.read() as s:  # type: ignore[attr-defined]
        return {i: as_aware(p) if p else None for i, p in s.execute(
            select(Entry.id, Entry.posted_at).where(Entry.id.in_(ids)))}


@pytest.mark.parametrize("ledger", ["sqlite", pytest.param("postgresql",
                                                           marks=pytest.mark.postgres)],
                         indirect=True)
def test_each_acknowledged_entry_carries_the_ledgers_post_time(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    t = make_terminal("t1")
    number = issue(ledger, 10_000)
    t.gateway.balance(number=number)
    (local, _), = t.cards.issue(amount=500)  # a card the ledger never heard of
    t.go_offline()
    early, late = (t.gateway.redeem(number=number, amount=a, partial=False,
                                    entry_id=str(uuid.uuid4()), ctx=t.ctx()).id
                   for a in (100, 200))
    lost = t.cards.redeem(number=local.number, amount=10, ctx=t.ctx(offline=True)).id
    # The ledger has the first already (a push whose answer the till lost).
    with ledger.client("t1") as c:
        r = c.post("/v1/sync/push", json={"entries": [{
            "id": early, "type": "redeem", "number": number, "amount": -100,
            "approved_amount": 100, "requested_amount": 100, "balance_after": 9_900,
            "status_after": "ACTIVE", "offline": True,
            "created_at": datetime.now(UTC).isoformat()}]})
        assert r.json()["results"][0]["status"] == "applied"
    t.monitor.check_now()
    report = t.engine.sync_once()
    assert (report.pushed, report.duplicates, report.rejected) == (3, 1, 1)
    ids = [early, late, lost]
    on_ledger, on_till = _posted(ledger.store, ids), _posted(t.cards.store, ids)
    assert set(on_ledger) == {early, late}
    assert on_ledger[early] != on_ledger[late]  # two pushes, two post times
    for i in (early, late):
        got, want = on_till[i], on_ledger[i]
        assert got is not None and want is not None
        assert abs((got - want).total_seconds()) < 1e-3, i
    assert on_till[lost] is None
    with t.cards.store.read() as s:
        assert set(s.scalars(select(Outbox.entry_id))).isdisjoint(ids)
    with ledger.store.read() as s:
        assert s.scalars(select(LedgerException.entry_id)).all() == [lost]
