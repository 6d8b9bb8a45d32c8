"""OnlineGateway: the CardGateway of a terminal with a central ledger.

Online, the ledger decides (hold first, short timeout) and its answer is
mirrored into the local store under the same entry id. When the ledger cannot
be reached, the terminal decides against its local replica within the offline
limits, marks the entry offline and queues it in the outbox (store-and-forward).

A request sent without an answer (timeout, cut connection) is *in doubt*: it
may have been applied. Money taken or given in doubt (hold, redemption,
capture, refund, load, activation) is recorded in ``sync_in_doubt``; the sale
carries on offline under a derived id (``child_id(id, "offline")``), and the
sync engine, once the ledger answers, voids the original id on the ledger (or
tombstones it there if it never arrived) so the customer is never charged
twice. A release or void in doubt simply carries on offline under the same id:
the ledger applies those once whatever happens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import rules
from app.clock import utcnow
from app.config import OfflineLimits
from app.designs.programs import Program, list_programs, program_from
from app.domain import CardView, EntryType, OpContext, OpResult
from app.errors import CardNotFound, Decline
from app.ids import check_id, child_id
from app.ops import payments
from app.ops.journal import card_by_id, clean_number, fingerprint, result_of, state_of, view_of
from app.ops.service import CardService
from app.store.schema import Card, Entry, Outbox
from app.sync import replica
from app.sync.client import LedgerClient, LedgerUnavailable, till_fields
from app.sync.monitor import ConnectivityMonitor
from app.sync.schema import InDoubt
from app.wire.answers import IssuedCard, OpAnswer, ProgramsAnswer

log = logging.getLogger(__name__)

OFFLINE = "offline"


def result_from(a: OpAnswer) -> OpResult:
    return OpResult(
        id=a.id, type=a.type, card=a.card, currency=a.currency, amount=a.amount,
        requested_amount=a.requested_amount, previous_balance=a.previous_balance,
        new_balance=a.new_balance, remaining_due=a.remaining_due, partial=a.partial,
        status=a.status, card_status=a.card_status, offline=False, related=a.related)


class OnlineGateway:
    """Thread-safe: each call runs its own transactions. Called from the
    checkout's worker thread, never the GUI thread (it may wait for the
    ledger up to the timeout)."""

    def __init__(self, cards: CardService, client: LedgerClient | None,
                 monitor: ConnectivityMonitor | None, *,
                 offline: OfflineLimits | None = None,
                 on_queued: Callable[[], None] | None = None) -> None:
        self.cards = cards
        self.client = client
        self.monitor = monitor
        self.limits = offline or OfflineLimits()
        self.on_queued = on_queued  # e.g. the sync engine's "pending changed"

    # -- plumbing ------------------------------------------------------------
    @property
    def online(self) -> bool:
        return self.client is not None and (self.monitor is None or self.monitor.online)

    def _ask(self, call: Callable[[LedgerClient], OpAnswer], *, entry_id: str, op: str,
             fp: str | None, reversible: bool) -> tuple[OpResult | None, bool]:
        """(result, in_doubt): result None when the ledger did not answer."""
        if not self.online or self.client is None:
            return None, False
        try:
            answer = call(self.client)
        except LedgerUnavailable as exc:
            if self.monitor is not None:
                self.monitor.report_failure(exc.message)
            if exc.in_doubt and reversible:
                self._mark_in_doubt(entry_id, op)
            log.warning("ledger unavailable for %s %s: %s", op, entry_id, exc.message)
            return None, exc.in_doubt
        if self.monitor is not None:
            self.monitor.report_success()
        def record(s: Session) -> None:
            replica.record_answer(s, answer, fp=fp, limits=self.cards.limits)
            doubt = s.get(InDoubt, entry_id)
            if doubt is not None and doubt.resolved_at is None:
                s.delete(doubt)  # written down after all: nothing to reverse

        try:
            self.cards.run(record)
        except Exception:
            # The ledger did it but this till could not write it down: the
            # sale will not go on with it, so have it reversed on the ledger.
            if reversible:
                self._mark_in_doubt(answer.id or entry_id, op)
            raise
        return result_from(answer), False

    def _mark_in_doubt(self, entry_id: str, op: str) -> None:
        def mark(s: Session) -> None:
            if s.get(InDoubt, entry_id) is None:
                s.add(InDoubt(entry_id=entry_id, op=op, created_at=utcnow()))

        self.cards.run(mark)

    def _queued(self, res: OpResult) -> OpResult:
        if self.on_queued is not None:
            self.on_queued()
        return res

    def _local_id(self, entry_id: str) -> str | None:
        """The id under which this operation already exists here, if it does
        (itself, or its offline stand-in after a timeout)."""
        alias = child_id(entry_id, OFFLINE)
        with self.cards.store.read() as s:
            found = set(s.scalars(select(Entry.id).where(Entry.id.in_([entry_id, alias]))))
        # The stand-in first: once it exists, the original was in doubt and is
        # reversed on the ledger, and a sync may pull it back here, released.
        return alias if alias in found else entry_id if entry_id in found else None

    def _refuse_if_reversed(self, entry_id: str) -> None:
        """One fate per id: an id reversed here (mirrored from the ledger's
        reversal after a lost answer, or voided) answers every retry so."""
        with self.cards.store.read() as s:
            voided = payments.is_voided(s, entry_id)
        if voided:
            raise Decline("This operation was reversed after its answer was lost. Cancel "
                          "the sale and start again.", key="operation_cancelled",
                          details=entry_id)

    def _pending(self, entry_id: str) -> bool:
        """Whether ``entry_id`` has changes here the ledger has not seen yet:
        the entry itself waiting in the outbox, or a follow-up on it (a hold's
        offline capture, a redemption's offline refund). A further follow-up
        then queues behind them, so the ledger takes them in the order this
        till made them (docs/reliability.md, finding 5)."""
        with self.cards.store.read() as s:
            if s.get(Outbox, entry_id) is not None:
                return True
            waiting = (select(Outbox.entry_id).join(Entry, Entry.id == Outbox.entry_id)
                       .where((Entry.ref_id == entry_id) | (Entry.resolves == entry_id))
                       .limit(1))
            return s.scalar(waiting) is not None

    def _offline_ctx(self, ctx: OpContext) -> OpContext:
        return replace(ctx, offline=True)

    # -- offline decisions -----------------------------------------------------
    def _offline_ask(self, s: Session, number: str, amount: int, partial: bool) -> int:
        """What the offline limits let this spend ask of the card
        (rules.offline_take): all of ``amount``, or with partial approval what
        they allow, or a decline."""
        lim = self.limits
        if not lim.allow_gift_cards:
            raise Decline("The ledger cannot be reached and gift cards are not accepted "
                          "offline here. Take another payment.", key="offline_not_allowed")
        card = s.scalars(select(Card).where(Card.number == clean_number(number))).first()
        if card is None:
            raise CardNotFound("The ledger cannot be reached and this card has never been "
                               "used at this till, so it cannot be checked. Take another "
                               "payment.", key="card_unknown_offline")
        spent = (select(func.coalesce(func.sum(Entry.approved_amount), 0))
                 .join(Outbox, Outbox.entry_id == Entry.id)
                 .where(Entry.type.in_([str(EntryType.HOLD), str(EntryType.REDEEM)])))
        card_spent = int(s.scalar(spent.where(Entry.card_id == card.id)) or 0)
        till_spent = int(s.scalar(spent) or 0)
        room = rules.OfflineRoom(per_transaction=lim.per_transaction,
                                 per_card=lim.per_card - card_spent,
                                 per_terminal=lim.per_terminal - till_spent)
        return rules.offline_take(state_of(card), amount, room=room, partial=partial).amount

    def _offline_spend(self, *, number: str, amount: int, partial: bool, entry_id: str,
                       ctx: OpContext, capture: bool) -> OpResult:
        """A spend against the local replica. When the offline limits allow less
        than ``amount`` and partial approval is on, the card is asked for what
        they allow (a partial take) and the answer says what is still due of
        ``amount``; a retry asks the same as the first time."""
        fn = payments.redeem if capture else payments.hold
        octx = self._offline_ctx(ctx)

        def run(s: Session) -> OpResult:
            first = s.scalars(select(Entry).where(Entry.id == entry_id)).first()
            ask = (first.requested_amount if first is not None
                   else self._offline_ask(s, number, amount, partial))
            res = fn(s, number=number, amount=ask, partial=partial, entry_id=entry_id,
                     ctx=octx, limits=self.cards.limits, clock=self.cards.clock)
            if res.requested_amount == amount:
                return res
            return replace(res, requested_amount=amount, partial=True,
                           remaining_due=amount - res.amount)

        return self._queued(self.cards.run(run))

    # -- CardGateway -----------------------------------------------------------
    def balance(self, *, number: str | None = None, key: str | None = None) -> CardView:
        if self.online and self.client is not None:
            client = self.client
            try:
                card = client.balance(number=number, key=key)
            except LedgerUnavailable as exc:
                if self.monitor is not None:
                    self.monitor.report_failure(exc.message)
            else:
                if self.monitor is not None:
                    self.monitor.report_success()

                def mirror(s: Session) -> CardView:
                    local = replica.ensure_card(s, card, opening=card.balance,
                                                opened_seq=card.seq)
                    replica.follow_terms(local, card)
                    return replace(view_of(local), balance=card.balance, status=card.status,
                                   flagged=card.flagged)

                return self.cards.run(mirror)
        try:
            return self.cards.balance(number=number, key=key)
        except CardNotFound as exc:
            raise CardNotFound("The ledger cannot be reached and this card has never been "
                               "used at this till. Take another payment.",
                               key="card_unknown_offline", details=exc.details) from exc

    def _spend(self, *, number: str, amount: int, partial: bool, entry_id: str,
               ctx: OpContext, capture: bool) -> OpResult:
        entry_id = check_id(entry_id)
        done = self._local_id(entry_id)
        if done == entry_id:
            self._refuse_if_reversed(entry_id)
        if done is not None:  # a retry: answer as the first time
            return self._offline_spend(number=number, amount=amount, partial=partial,
                                       entry_id=done, ctx=ctx, capture=capture)
        kind = EntryType.REDEEM if capture else EntryType.HOLD
        res, in_doubt = self._ask(
            lambda c: c.redeem(number=number, amount=amount, partial=partial, capture=capture,
                               entry_id=entry_id, ctx=ctx),
            entry_id=entry_id, op=str(kind), reversible=True,
            fp=fingerprint(str(kind), number=clean_number(number), amount=amount,
                           partial=partial))
        if res is not None:
            return res
        return self._offline_spend(number=number, amount=amount, partial=partial,
                                   entry_id=child_id(entry_id, OFFLINE) if in_doubt
                                   else entry_id, ctx=ctx, capture=capture)

    def hold(self, *, number: str, amount: int, partial: bool, entry_id: str,
             ctx: OpContext) -> OpResult:
        return self._spend(number=number, amount=amount, partial=partial, entry_id=entry_id,
                           ctx=ctx, capture=False)

    def redeem(self, *, number: str, amount: int, partial: bool, entry_id: str,
               ctx: OpContext) -> OpResult:
        return self._spend(number=number, amount=amount, partial=partial, entry_id=entry_id,
                           ctx=ctx, capture=True)

    def _follow_up(self, *, op: str, ref: str, entry_id: str, ctx: OpContext,
                   online: Callable[[LedgerClient, str], OpAnswer],
                   local: Callable[[str, str, OpContext], OpResult],
                   fp: Callable[[str], str], reversible: bool) -> OpResult:
        """Capture, release, refund, void: on an entry that may still be only
        here (made offline, not yet pushed), in which case it is done here."""
        entry_id = check_id(entry_id)
        ref = self._local_id(check_id(ref)) or check_id(ref)
        done = self._local_id(entry_id)
        if done is not None:
            return local(ref, done, self._offline_ctx(ctx))
        if not self._pending(ref):
            res, in_doubt = self._ask(lambda c: online(c, ref), entry_id=entry_id, op=op,
                                      fp=fp(ref),
                                      reversible=reversible)
            if res is not None:
                return res
            if in_doubt and reversible:
                entry_id = child_id(entry_id, OFFLINE)
        return self._queued(local(ref, entry_id, self._offline_ctx(ctx)))

    def capture(self, *, hold_id: str, amount: int | None, entry_id: str,
                ctx: OpContext) -> OpResult:
        return self._follow_up(
            op="capture", ref=hold_id, entry_id=entry_id, ctx=ctx, reversible=True,
            online=lambda c, ref: c.capture(hold_id=ref, amount=amount, entry_id=entry_id,
                                            ctx=ctx),
            local=lambda ref, eid, octx: self.cards.capture(hold_id=ref, amount=amount,
                                                            entry_id=eid, ctx=octx),
            fp=lambda ref: fingerprint("capture", hold=ref, amount=amount))

    def release(self, *, hold_id: str, entry_id: str, ctx: OpContext) -> OpResult:
        return self._follow_up(
            op="release", ref=hold_id, entry_id=entry_id, ctx=ctx, reversible=False,
            online=lambda c, ref: c.release(hold_id=ref, entry_id=entry_id, ctx=ctx),
            local=lambda ref, eid, octx: self.cards.release(hold_id=ref, entry_id=eid,
                                                            ctx=octx),
            fp=lambda ref: fingerprint("release", hold=ref))

    def refund(self, *, original_id: str, amount: int | None, entry_id: str,
               ctx: OpContext) -> OpResult:
        return self._follow_up(
            op="refund", ref=original_id, entry_id=entry_id, ctx=ctx, reversible=True,
            online=lambda c, ref: c.refund(original_id=ref, amount=amount, entry_id=entry_id,
                                           ctx=ctx),
            local=lambda ref, eid, octx: self.cards.refund(original_id=ref, amount=amount,
                                                           entry_id=eid, ctx=octx),
            fp=lambda ref: fingerprint("refund", original=ref, amount=amount))

    def void(self, *, original_id: str, entry_id: str, ctx: OpContext) -> OpResult:
        return self._follow_up(
            op="void", ref=original_id, entry_id=entry_id, ctx=ctx, reversible=False,
            online=lambda c, ref: c.void(original_id=ref, entry_id=entry_id, ctx=ctx),
            local=lambda ref, eid, octx: self.cards.void(original_id=ref, entry_id=eid,
                                                         ctx=octx),
            fp=lambda ref: fingerprint("void", original=ref))

    def reverse_unrecorded(self, *, original_id: str, op: str, ctx: OpContext) -> str:
        """An id this till may have sent without recording the answer (a crash
        in between, a lost answer): give it the fate "reversed" everywhere.
        ``recorded`` when it is here after all (the caller reverses it the
        ordinary way). Otherwise the ledger is asked now to void it (the till
        then mirrors the original and its void) or to tombstone it should it
        arrive late; without the ledger it is left in doubt and the next sync
        does the same."""
        ref = check_id(original_id)
        if self._local_id(ref) is not None:
            with self.cards.store.read() as s:
                return "voided" if payments.is_voided(s, ref) else "recorded"
        if self.online and self.client is not None:
            try:
                answer = self.client.void_in_doubt(
                    original_id=ref, entry_id=child_id(ref, "reversal"), ctx=ctx,
                    reason="not recorded by the till")
            except LedgerUnavailable as exc:
                if self.monitor is not None:
                    self.monitor.report_failure(exc.message)
            else:
                if self.monitor is not None:
                    self.monitor.report_success()
                self.cards.run(lambda s: replica.record_reversal(s, answer,
                                                                 limits=self.cards.limits))
                return answer.outcome or "voided"
        self._mark_in_doubt(ref, op)
        return "in_doubt"

    def _ledger_only(self, *, op: str, entry_id: str,
                     call: Callable[[LedgerClient], OpAnswer], fp: str) -> OpResult:
        entry_id = check_id(entry_id)
        if self._local_id(entry_id) is not None:
            self._refuse_if_reversed(entry_id)
            with self.cards.store.read() as s:
                e = s.scalars(select(Entry).where(Entry.id == entry_id)).one()
                return result_of(e, card_by_id(s, e.card_id))
        res, _ = self._ask(call, entry_id=entry_id, op=op, fp=fp, reversible=True)
        if res is None:
            raise Decline("Selling or loading a card needs the ledger, which cannot be "
                          "reached now. Try again in a moment.", key="ledger_required")
        return res

    def activate(self, *, number: str, amount: int, entry_id: str, ctx: OpContext) -> OpResult:
        return self._ledger_only(
            op="activate", entry_id=entry_id,
            call=lambda c: c.activate(number=number, amount=amount, entry_id=entry_id, ctx=ctx),
            fp=fingerprint("activate", number=clean_number(number), amount=amount))

    def load(self, *, number: str, amount: int, entry_id: str, ctx: OpContext) -> OpResult:
        return self._ledger_only(
            op="load", entry_id=entry_id,
            call=lambda c: c.load(number=number, amount=amount, entry_id=entry_id, ctx=ctx),
            fp=fingerprint("load", number=clean_number(number), amount=amount))

    # -- new cards and programs: on the ledger ----------------------------------------
    def issue(self, *, amount: int | None, currency: str, program: str | None = None,
              inactive: bool = False, entry_id: str,
              ctx: OpContext) -> list[tuple[CardView, str | None]]:
        """A new card made on the ledger (never only here: the ledger must know
        a card a customer leaves with), then mirrored into the replica. Needs
        the ledger, like selling a card; a retry under the same id answers the
        same card."""
        entry_id = check_id(entry_id)
        client = self.client
        if client is None or not self.online:
            raise Decline("Issuing a card needs the ledger, which cannot be reached now. "
                          "Try again in a moment.", key="ledger_required")
        body: dict[str, Any] = {"id": entry_id, "inactive": inactive, **till_fields(ctx)}
        if program is not None:
            path = "/v1/programs/cards"
            body["program"] = program
            if amount is not None:
                body["amount"] = amount
        else:
            path = "/v1/cards"
            body.update(amount=amount or 0, currency=currency)
        try:
            answer = client.issue(path, body=body, entry_id=entry_id)
        except LedgerUnavailable as exc:
            if self.monitor is not None:
                self.monitor.report_failure(exc.message)
            raise Decline("Issuing a card needs the ledger, which did not answer. Try "
                          "again: the same request cannot make a second card.",
                          key="ledger_required") from exc
        made: list[tuple[CardView, str | None]] = []
        for card in answer.cards:
            seq = answer.seqs.get(card.number)
            if seq is None:
                seq = client.balance(number=card.number).seq

            def mirror(s: Session, card: IssuedCard = card, seq: int = seq) -> CardView:
                return view_of(replica.ensure_card(s, card, opening=card.balance,
                                                   opened_seq=seq))

            made.append((self.cards.run(mirror), card.key))
        return made

    def programs(self) -> list[Program]:
        """The chain's programs, from the ledger (this till's own when offline)."""
        if self.client is not None and self.online:
            try:
                rows = self.client.ask(ProgramsAnswer, "GET", "/v1/programs").programs
            except LedgerUnavailable as exc:
                if self.monitor is not None:
                    self.monitor.report_failure(exc.message)
            else:
                return [program_from(r) for r in rows]
        with self.cards.store.read() as s:
            return list_programs(s)
