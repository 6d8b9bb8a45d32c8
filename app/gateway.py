"""The one door through which a sale touches card value.

Checkout talks to a :class:`CardGateway`; which one it gets decides where the
truth is asked: :class:`LocalGateway` decides against this terminal's own store
(standalone shop, tests, offline), and the sync layer's online gateway asks the
central ledger first and falls back to the local replica within offline limits.
Every method is idempotent by ``entry_id``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.designs.programs import Program, list_programs
from app.domain import CardView, OpContext, OpResult
from app.ids import check_id
from app.ops import lifecycle
from app.ops.payments import is_voided
from app.ops.service import CardService
from app.shop import law
from app.store.schema import Entry


class CardGateway(Protocol):
    def balance(self, *, number: str | None = None, key: str | None = None) -> CardView: ...

    def hold(self, *, number: str, amount: int, partial: bool, entry_id: str,
             ctx: OpContext) -> OpResult: ...

    def redeem(self, *, number: str, amount: int, partial: bool, entry_id: str,
               ctx: OpContext) -> OpResult: ...

    def capture(self, *, hold_id: str, amount: int | None, entry_id: str,
                ctx: OpContext) -> OpResult: ...

    def release(self, *, hold_id: str, entry_id: str, ctx: OpContext) -> OpResult: ...

    def refund(self, *, original_id: str, amount: int | None, entry_id: str,
               ctx: OpContext) -> OpResult: ...

    def void(self, *, original_id: str, entry_id: str, ctx: OpContext) -> OpResult: ...

    def activate(self, *, number: str, amount: int, entry_id: str,
                 ctx: OpContext) -> OpResult: ...

    def load(self, *, number: str, amount: int, entry_id: str, ctx: OpContext) -> OpResult: ...

    def reverse_unrecorded(self, *, original_id: str, op: str, ctx: OpContext) -> str:
        """Make sure an id sent but never recorded (a crash, a lost answer) ends
        reversed: ``recorded`` when it is here after all (reverse it the
        ordinary way), else what was done (``voided``, ``not_applied``,
        ``in_doubt``: reversed at the next sync)."""
        ...

    def issue(self, *, amount: int | None, currency: str, program: str | None = None,
              inactive: bool = False, entry_id: str,
              ctx: OpContext) -> list[tuple[CardView, str | None]]:
        """A new card (a refund's store credit, a card from a program): where
        the truth is, so a ledger-backed till makes it on the ledger."""
        ...

    def programs(self) -> list[Program]: ...


class LocalGateway:
    """Decides against the terminal's own store."""

    def __init__(self, cards: CardService) -> None:
        self.cards = cards

    def balance(self, *, number: str | None = None, key: str | None = None) -> CardView:
        return self.cards.balance(number=number, key=key)

    def hold(self, *, number: str, amount: int, partial: bool, entry_id: str,
             ctx: OpContext) -> OpResult:
        return self.cards.hold(number=number, amount=amount, partial=partial,
                               entry_id=entry_id, ctx=ctx)

    def redeem(self, *, number: str, amount: int, partial: bool, entry_id: str,
               ctx: OpContext) -> OpResult:
        return self.cards.redeem(number=number, amount=amount, partial=partial,
                                 entry_id=entry_id, ctx=ctx)

    def capture(self, *, hold_id: str, amount: int | None, entry_id: str,
                ctx: OpContext) -> OpResult:
        return self.cards.capture(hold_id=hold_id, amount=amount, entry_id=entry_id, ctx=ctx)

    def release(self, *, hold_id: str, entry_id: str, ctx: OpContext) -> OpResult:
        return self.cards.release(hold_id=hold_id, entry_id=entry_id, ctx=ctx)

    def refund(self, *, original_id: str, amount: int | None, entry_id: str,
               ctx: OpContext) -> OpResult:
        return self.cards.refund(original_id=original_id, amount=amount, entry_id=entry_id,
                                 ctx=ctx)

    def void(self, *, original_id: str, entry_id: str, ctx: OpContext) -> OpResult:
        return self.cards.void(original_id=original_id, entry_id=entry_id, ctx=ctx)

    def activate(self, *, number: str, amount: int, entry_id: str, ctx: OpContext) -> OpResult:
        return self._lawful(number, ctx, lambda s: lifecycle.activate(
            s, number=number, amount=amount, entry_id=entry_id, ctx=ctx,
            limits=self.cards.limits, clock=self.cards.clock))

    def load(self, *, number: str, amount: int, entry_id: str, ctx: OpContext) -> OpResult:
        return self._lawful(number, ctx, lambda s: lifecycle.load(
            s, number=number, amount=amount, entry_id=entry_id, ctx=ctx,
            limits=self.cards.limits, clock=self.cards.clock))

    def _lawful(self, number: str, ctx: OpContext,
                op: Callable[[Session], OpResult]) -> OpResult:
        """A card sold or reloaded at the counter, and the store's expiry law
        in the same transaction (a US-federal card's expiry moves to five years
        from the day), as the ledger does for a till that has one."""
        def run(s: Session) -> OpResult:
            out = op(s)
            law.extend_on_load(s, number=number, ctx=ctx, clock=self.cards.clock)
            return out

        return self.cards.run(run)  # type: ignore[no-any-return]

    def reverse_unrecorded(self, *, original_id: str, op: str, ctx: OpContext) -> str:
        # One store: what is not here was never applied.
        eid = check_id(original_id)
        with self.cards.store.read() as s:
            if s.scalar(select(Entry.seq).where(Entry.id == eid)) is None:
                return "not_applied"
            return "voided" if is_voided(s, eid) else "recorded"
    def issue(self, *, amount: int | None, currency: str, program: str | None = None,
              inactive: bool = False, entry_id: str,
              ctx: OpContext) -> list[tuple[CardView, str | None]]:
        if program is None:
            return self.cards.issue(amount=amount or 0, currency=currency, inactive=inactive,
                                    entry_id=entry_id, ctx=ctx)
        from app.designs.service import issue_in_session  # Pillow: not at a till's start

        return self.cards.run(lambda s: issue_in_session(  # type: ignore[no-any-return]
            s, program=program, amount=amount, inactive=inactive, entry_id=entry_id, ctx=ctx,
            limits=self.cards.limits, clock=self.cards.clock))

    def programs(self) -> list[Program]:
        with self.cards.store.read() as s:
            return list_programs(s)
