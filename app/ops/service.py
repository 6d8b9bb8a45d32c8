"""CardService: every card operation in its own durable transaction.

The service is what the CLI, the checkout and the ledger call. It receives what
it needs (a store, limits, a clock); there is no global application object.
Each call commits before it returns, so an answer given is an answer kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.cardnumbers import CodeConfig
from app.clock import Clock, utcnow
from app.domain import CardView, EntryView, Limits, OpContext, OpResult
from app.errors import StoreError
from app.ops import lifecycle, payments, queries
from app.ops.journal import when
from app.store.database import Store

log = logging.getLogger(__name__)
T = TypeVar("T")


class CardService:
    def __init__(self, store: Store, *, limits: Limits | None = None,
                 clock: Clock = utcnow, context: OpContext | None = None) -> None:
        self.store = store
        self.limits = limits or Limits()
        self.clock = clock
        self.context = context or OpContext()

    def _ctx(self, ctx: OpContext | None) -> OpContext:
        return ctx or self.context

    def _run(self, fn: Callable[[Session], T]) -> T:
        """Run one operation in one transaction. A unique-key race on the entry
        id (the same request twice at once) is retried once: the retry finds the
        entry the winner wrote and answers the same."""
        for attempt in (1, 2):
            try:
                with self.store.transaction() as session:
                    return fn(session)
            except IntegrityError:
                if attempt == 2:
                    raise
                log.info("entry id race; answering from the first writer")
            except OperationalError as exc:
                raise StoreError("The local database is busy or unavailable. Try again; "
                                 "if it keeps happening, restart the terminal.") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    # -- reading ---------------------------------------------------------
    def balance(self, *, number: str | None = None, key: str | None = None) -> CardView:
        with self.store.read() as s:
            return queries.balance(s, number=number, key=key)

    def history(self, *, number: str, limit: int = 50,
                after: int | None = None) -> tuple[CardView, list[EntryView], int | None]:
        with self.store.read() as s:
            return queries.history(s, number=number, limit=limit, after=after)

    # -- payments ----------------------------------------------------------
    def redeem(self, *, number: str, amount: int, partial: bool = False,
               currency: str | None = None, entry_id: str | None = None,
               ctx: OpContext | None = None) -> OpResult:
        return self._run(lambda s: payments.redeem(
            s, number=number, amount=amount, partial=partial, currency=currency,
            entry_id=entry_id, ctx=self._ctx(ctx), limits=self.limits, clock=self.clock))

    def hold(self, *, number: str, amount: int, partial: bool = False,
             currency: str | None = None, entry_id: str | None = None,
             ctx: OpContext | None = None) -> OpResult:
        return self._run(lambda s: payments.hold(
            s, number=number, amount=amount, partial=partial, currency=currency,
            entry_id=entry_id, ctx=self._ctx(ctx), limits=self.limits, clock=self.clock))

    def capture(self, *, hold_id: str, amount: int | None = None, entry_id: str | None = None,
                ctx: OpContext | None = None) -> OpResult:
        return self._run(lambda s: payments.capture(
            s, hold_id=hold_id, amount=amount, entry_id=entry_id, ctx=self._ctx(ctx),
            clock=self.clock))

    def release(self, *, hold_id: str, entry_id: str | None = None,
                ctx: OpContext | None = None, reason: str | None = None) -> OpResult:
        return self._run(lambda s: payments.release(
            s, hold_id=hold_id, entry_id=entry_id, ctx=self._ctx(ctx), clock=self.clock,
            reason=reason))

    def refund(self, *, original_id: str, amount: int | None = None,
               entry_id: str | None = None, ctx: OpContext | None = None,
               reason: str | None = None) -> OpResult:
        return self._run(lambda s: payments.refund(
            s, original_id=original_id, amount=amount, entry_id=entry_id, ctx=self._ctx(ctx),
            clock=self.clock, reason=reason))

    def void(self, *, original_id: str, entry_id: str | None = None,
             ctx: OpContext | None = None, reason: str | None = None) -> OpResult:
        return self._run(lambda s: payments.void(
            s, original_id=original_id, entry_id=entry_id, ctx=self._ctx(ctx), clock=self.clock,
            reason=reason))

    def release_expired_holds(self, *, ctx: OpContext | None = None) -> int:
        c = self._ctx(ctx)
        now, bday = when(c, self.clock)
        return self._run(lambda s: payments.release_expired(s, now=now, ctx=c,
                                                            business_date=bday))

    # -- lifecycle ---------------------------------------------------------
    def issue(self, *, count: int = 1, amount: int = 0, currency: str = "USD",
              config: CodeConfig | None = None, inactive: bool = False,
              expires_on: date | None = None, with_key: bool = False,
              program: str | None = None, entry_id: str | None = None,
              ctx: OpContext | None = None) -> list[tuple[CardView, str | None]]:
        return self._run(lambda s: lifecycle.issue(
            s, count=count, amount=amount, currency=currency, config=config, inactive=inactive,
            expires_on=expires_on, with_key=with_key, program=program, entry_id=entry_id,
            ctx=self._ctx(ctx), limits=self.limits, clock=self.clock))

    def activate(self, *, number: str, amount: int = 0, entry_id: str | None = None,
                 ctx: OpContext | None = None) -> OpResult:
        return self._run(lambda s: lifecycle.activate(
            s, number=number, amount=amount, entry_id=entry_id, ctx=self._ctx(ctx),
            limits=self.limits, clock=self.clock))

    def load(self, *, number: str, amount: int, currency: str | None = None,
             entry_id: str | None = None, ctx: OpContext | None = None) -> OpResult:
        return self._run(lambda s: lifecycle.load(
            s, number=number, amount=amount, currency=currency, entry_id=entry_id,
            ctx=self._ctx(ctx), limits=self.limits, clock=self.clock))

    def adjust(self, *, number: str, amount: int, reason: str, entry_id: str | None = None,
               ctx: OpContext | None = None) -> OpResult:
        return self._run(lambda s: lifecycle.adjust(
            s, number=number, amount=amount, reason=reason, entry_id=entry_id,
            ctx=self._ctx(ctx), limits=self.limits, clock=self.clock))

    def change_status(self, *, number: str, action: str, reason: str | None = None,
                      entry_id: str | None = None, ctx: OpContext | None = None) -> OpResult:
        return self._run(lambda s: lifecycle.change_status(
            s, number=number, action=action, reason=reason, entry_id=entry_id,
            ctx=self._ctx(ctx), clock=self.clock))

    def expire_due(self, *, today: date | None = None, ctx: OpContext | None = None) -> int:
        c = self._ctx(ctx)
        day = today or when(c, self.clock)[1]
        return self._run(lambda s: lifecycle.expire_due(s, today=day, ctx=c, clock=self.clock))

    def transfer(self, *, number: str, amount: int | None = None,
                 deactivate_source: bool = False, config: CodeConfig | None = None,
                 entry_id: str | None = None, ctx: OpContext | None = None) -> OpResult:
        return self._run(lambda s: lifecycle.transfer(
            s, number=number, amount=amount, deactivate_source=deactivate_source,
            config=config, entry_id=entry_id, ctx=self._ctx(ctx), limits=self.limits,
            clock=self.clock))

    def combine(self, *, sources: list[str], target: str, entry_id: str | None = None,
                ctx: OpContext | None = None) -> OpResult:
        return self._run(lambda s: lifecycle.combine(
            s, sources=sources, target=target, entry_id=entry_id, ctx=self._ctx(ctx),
            limits=self.limits, clock=self.clock))

    def run(self, fn: Callable[[Session], Any]) -> Any:
        """Run a caller's own operation (e.g. checkout's) in one transaction."""
        return self._run(fn)
