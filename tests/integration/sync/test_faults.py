"""A fault-injecting proxy between terminal and ledger: dropped and reset
connections, answers cut halfway, answers delayed past the timeout. After
recovery every sale is on the ledger exactly once and no customer is charged
twice."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from urllib.parse import urlparse

import pytest
from sqlalchemy import func, select

from app.ops.queries import mismatched_balances
from app.store.schema import Entry, Outbox
from app.sync.client import LedgerUnavailable
from app.sync.schema import InDoubt
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal, issue, ledger_balance
from tests.integration.sync.faultproxy import FaultProxy


@pytest.fixture
def proxy(ledger: LedgerEnv) -> Iterator[FaultProxy]:
    u = urlparse(ledger.url)
    p = FaultProxy((u.hostname or "127.0.0.1", u.port or 80), delay_s=2.0)
    yield p
    p.close()


def _id() -> str:
    return str(uuid.uuid4())


def test_every_sale_lands_exactly_once_through_faults(
        ledger: LedgerEnv, proxy: FaultProxy, make_terminal: Callable[..., Terminal]) -> None:
    t = make_terminal("t1", url=proxy.url, timeout_s=1.0)
    number = issue(ledger, 50_000)
    assert t.gateway.balance(number=number).balance == 50_000
    captured = 0
    for fault in ("cut", "delay", "drop", "hang", "reset", "pass"):
        hold_id = _id()
        proxy.script(fault)
        held = t.gateway.hold(number=number, amount=1000, partial=False, entry_id=hold_id,
                              ctx=t.ctx())
        assert held.offline == (fault != "pass"), fault
        assert t.monitor.online == (fault == "pass")
        # The sale goes on: capture by the id the checkout asked for.
        cap = t.gateway.capture(hold_id=hold_id, amount=800, entry_id=_id(), ctx=t.ctx())
        assert cap.amount == 800
        captured += 800
        assert t.monitor.check_now()
    # A capture whose answer is cut: in doubt, captured offline, reversed later.
    hold = t.gateway.hold(number=number, amount=1000, partial=False, entry_id=_id(),
                          ctx=t.ctx())
    proxy.script("cut")
    cap = t.gateway.capture(hold_id=hold.id, amount=600, entry_id=_id(), ctx=t.ctx())
    assert cap.offline
    captured += 600
    assert t.monitor.check_now()
    with t.cards.store.read() as s:
        # A reset may land during the connect (refused: surely not applied, so
        # not in doubt) or after the request was sent (in doubt).
        in_doubt = s.scalar(select(func.count()).select_from(InDoubt))
        assert in_doubt in (5, 6)
        assert s.scalar(select(func.count()).select_from(Outbox)) == 11
    # The push's answer is cut too (after the reversals went through):
    # what the ledger applied stays applied.
    proxy.script(*["pass"] * in_doubt, "cut")
    with pytest.raises(LedgerUnavailable):
        t.engine.sync_once()
    assert t.engine.pending() == 11
    report = t.engine.sync_once()
    assert report.pending == 0 and report.rejected == 0
    assert report.duplicates == 11  # the cut push had applied them all
    # Exactly once: the ledger took exactly what the customers paid.
    assert ledger_balance(ledger, number) == 50_000 - captured
    assert t.cards.balance(number=number).balance == 50_000 - captured
    with ledger.store.read() as s:
        ids = s.scalars(select(Entry.id)).all()
    assert len(ids) == len(set(ids))
    with t.cards.store.read() as s:
        assert mismatched_balances(s) == []
        assert s.scalar(select(func.count()).select_from(InDoubt)
                        .where(InDoubt.resolved_at.is_(None))) == 0
        outcomes = sorted(s.scalars(select(InDoubt.outcome)))
    # cut and delay had reached the ledger (voided there); the rest never did.
    assert outcomes.count("voided") == 3 and outcomes.count("not_applied") == in_doubt - 3
    assert "cut" in proxy.seen and "delay" in proxy.seen


def test_a_retry_that_gets_its_answer_is_no_longer_in_doubt(
        ledger: LedgerEnv, proxy: FaultProxy, make_terminal: Callable[..., Terminal]) -> None:
    """The answer to a hold is cut; offline the card is unknown, so the sale
    asks again with the same id once the ledger is back: that answer stands
    (replayed by the ledger), and sync must not reverse it."""
    from app.errors import CardNotFound

    t = make_terminal("t1", url=proxy.url, timeout_s=1.0)
    number = issue(ledger, 5000)  # never seen by this till
    hold_id = _id()
    proxy.script("cut")
    with pytest.raises(CardNotFound) as err:
        t.gateway.hold(number=number, amount=1000, partial=False, entry_id=hold_id,
                       ctx=t.ctx())
    assert err.value.key == "card_unknown_offline"
    assert t.monitor.check_now()
    again = t.gateway.hold(number=number, amount=1000, partial=False, entry_id=hold_id,
                           ctx=t.ctx())
    assert (again.id, again.new_balance, again.offline) == (hold_id, 4000, False)
    report = t.engine.sync_once()
    assert report.reversed == 0
    assert ledger_balance(ledger, number) == 4000
    with t.cards.store.read() as s:
        assert s.scalar(select(func.count()).select_from(InDoubt)) == 0
