"""Stateful property test: random sequences of card operations against a real
SQLite store. After every step each card's balance equals the sum of its
journal, no balance is negative, and replaying any earlier operation with its
id changes nothing and answers the same."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import func, select

from app.domain import Limits, OpResult
from app.errors import GiftposError
from app.ops import queries
from app.ops.service import CardService
from app.store.database import open_store
from app.store.schema import Card, Entry

amounts = st.integers(min_value=1, max_value=6000)


class CardMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.store = open_store(f"sqlite:///{Path(self.tmp.name) / 's.db'}")
        self.svc = CardService(self.store, limits=Limits(max_balance=20_000))
        self.numbers: list[str] = []
        self.spends: list[str] = []
        self.holds: list[str] = []
        self.done: list[tuple[Callable[[], OpResult], OpResult]] = []

    def teardown(self) -> None:
        self.store.close()
        self.tmp.cleanup()

    def _do(self, op: Callable[[str], OpResult]) -> OpResult | None:
        eid = str(uuid.uuid4())
        try:
            result = op(eid)
        except GiftposError:
            return None  # a decline is an answer; the invariants still hold
        self.done.append((lambda: op(eid), result))
        return result

    @initialize()
    def issue_cards(self) -> None:
        for view, _ in self.svc.issue(count=3, amount=5000):
            self.numbers.append(view.number)

    @rule(i=st.integers(0, 2), amount=amounts, partial=st.booleans())
    def redeem(self, i: int, amount: int, partial: bool) -> None:
        r = self._do(lambda eid: self.svc.redeem(number=self.numbers[i], amount=amount,
                                                 partial=partial, entry_id=eid))
        if r is not None:
            self.spends.append(r.id)
            assert r.amount + r.remaining_due == amount
            assert r.partial == (r.amount < amount)

    @rule(i=st.integers(0, 2), amount=amounts)
    def load(self, i: int, amount: int) -> None:
        self._do(lambda eid: self.svc.load(number=self.numbers[i], amount=amount, entry_id=eid))

    @rule(i=st.integers(0, 2), amount=amounts, partial=st.booleans())
    def hold(self, i: int, amount: int, partial: bool) -> None:
        r = self._do(lambda eid: self.svc.hold(number=self.numbers[i], amount=amount,
                                               partial=partial, entry_id=eid))
        if r is not None:
            self.holds.append(r.id)

    @precondition(lambda self: self.holds)
    @rule(data=st.data(), part=st.booleans())
    def capture(self, data: st.DataObject, part: bool) -> None:
        hid = data.draw(st.sampled_from(self.holds))
        r = self._do(lambda eid: self.svc.capture(hold_id=hid, amount=1 if part else None,
                                                  entry_id=eid))
        if r is not None:
            self.spends.append(r.id)

    @precondition(lambda self: self.holds)
    @rule(data=st.data())
    def release(self, data: st.DataObject) -> None:
        hid = data.draw(st.sampled_from(self.holds))
        self._do(lambda eid: self.svc.release(hold_id=hid, entry_id=eid))

    @precondition(lambda self: self.spends)
    @rule(data=st.data(), amount=st.one_of(st.none(), amounts))
    def refund(self, data: st.DataObject, amount: int | None) -> None:
        sid = data.draw(st.sampled_from(self.spends))
        self._do(lambda eid: self.svc.refund(original_id=sid, amount=amount, entry_id=eid))

    @precondition(lambda self: self.done)
    @rule(data=st.data())
    def void(self, data: st.DataObject) -> None:
        _, target = data.draw(st.sampled_from(self.done))
        self._do(lambda eid: self.svc.void(original_id=target.id, entry_id=eid))

    @rule(i=st.integers(0, 2), j=st.integers(0, 2), amount=st.one_of(st.none(), amounts))
    def transfer_or_freeze(self, i: int, j: int, amount: int | None) -> None:
        if i == j:
            self._do(lambda eid: self.svc.change_status(number=self.numbers[i], action="freeze",
                                                        entry_id=eid))
            self._do(lambda eid: self.svc.change_status(number=self.numbers[i],
                                                        action="unfreeze", entry_id=eid))
        else:
            self._do(lambda eid: self.svc.adjust(number=self.numbers[i], amount=-(amount or 1),
                                                 reason="count", entry_id=eid))

    @precondition(lambda self: self.done)
    @rule(data=st.data())
    def replay_changes_nothing(self, data: st.DataObject) -> None:
        again, first = data.draw(st.sampled_from(self.done))
        before = self._balances()
        assert again() == first
        assert self._balances() == before

    def _balances(self) -> dict[str, int]:
        with self.store.read() as s:
            return {c.number: c.balance for c in s.scalars(select(Card))}

    @invariant()
    def books_balance(self) -> None:
        with self.store.read() as s:
            assert queries.mismatched_balances(s) == []
            assert s.scalar(select(func.min(Card.balance))) >= 0
            # Every entry's balance_after is consistent with the running sum.
            for card in s.scalars(select(Card)):
                running = 0
                for e in s.scalars(select(Entry).where(Entry.card_id == card.id)
                                   .order_by(Entry.seq)):
                    running += e.amount
                    assert e.balance_after == running


CardMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
TestCardMachine = CardMachine.TestCase
