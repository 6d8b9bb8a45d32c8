"""Applying entries a terminal made offline (store-and-forward).

Each pushed entry keeps its id, so a push is idempotent: an id the ledger has
is a ``duplicate``. The goods of an offline sale are gone, so an offline spend
is applied whatever the balance now is (``app.rules.forced_spend``): a card it
overdraws goes negative and FROZEN, is flagged for a manager, and the entry's
outcome is ``flagged``. What cannot be applied at all (an unknown card, a load
the card refuses) is ``rejected`` and kept whole in ``ledger_exceptions`` so
nothing is lost.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from json.encoder import encode_basestring_ascii as _json_str
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, String, func, literal, select
from sqlalchemy.orm import Session

from app import rules
from app.clock import as_aware, utcnow
from app.domain import CardStatus, EntryType, HoldState, Limits, OpContext
from app.errors import GiftposError, ValidationError
from app.ids import child_id
from app.ledger import guards
from app.ledger.auth import Caller
from app.ledger.schema import LedgerException, Tombstone
from app.ops import lifecycle, payments, posting
from app.ops.journal import fingerprint, keep_written, resolve_hold, state_of
from app.ops.posting import Posting, PostingContext
from app.shop import law
from app.store.schema import Card, Entry, Hold
from app.wire.entry import WireEntry

log = logging.getLogger(__name__)

APPLIED, DUPLICATE, FLAGGED, REJECTED = "applied", "duplicate", "flagged", "rejected"


@dataclass(kw_only=True)
class Outcome:
    id: str
    status: str
    key: str | None = None
    message: str | None = None
    entry: dict[str, Any] | None = field(default=None)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "status": self.status}
        if self.key:
            d["key"], d["message"] = self.key, self.message
        if self.entry is not None:
            d["entry"] = self.entry
        return d


class _Skip(GiftposError):
    """This entry cannot be applied (turned into a ``rejected`` outcome)."""


def apply_batch(session: Session, entries: list[WireEntry], *, caller: Caller,
                limits: Limits) -> list[Outcome]:
    """Apply a batch in the caller's transaction, in the order pushed. Cards
    are locked up front in one order, so two terminals pushing at once cannot
    deadlock each other."""
    known = _known(session, [w.id for w in entries])
    # One fate per id: an id reversed after a lost answer stays reversed,
    # whoever pushes it later.
    dead = _tombstoned(session, [w.id for w in entries if w.id not in known])
    numbers = sorted({w.number for w in entries})
    cards = {c.number: c for c in session.scalars(
        select(Card).where(Card.number.in_(numbers)).order_by(Card.id).with_for_update())}
    # The ledger's post time of this push's plain redemptions: they commit together.
    batch = _Batch(session, posted_at=utcnow())
    written: dict[str, Entry | dict[str, Any]] = {}
    done: list[Outcome] = []
    for w in entries:
        if w.id in known or w.id in batch.ids:
            done.append(Outcome(id=w.id, status=DUPLICATE, entry=known.get(w.id)))
            continue
        card = cards.get(w.number)
        try:
            if w.id in dead:
                raise _Skip("This entry was reversed on the ledger after its answer was lost.",
                            key="operation_cancelled")
            if card is None:
                raise _Skip("This card is not known to the ledger.", key="card_not_found")
            if w.type is EntryType.REDEEM and batch.add(w, card, caller):
                done.append(Outcome(id=w.id, status=APPLIED))
                continue
            written.update(batch.write())
            entry = _apply_one(session, w, card, caller=caller, limits=limits,
                               posted_at=batch.posted_at)
        except GiftposError as exc:
            written.update(batch.write())
            done.append(_reject(session, w, caller, card, exc))
            continue
        batch.ids.add(w.id)
        written[w.id] = entry
        done.append(Outcome(id=w.id, status=APPLIED))
    written.update(batch.write())
    session.flush()
    for outcome in done:
        m = written.get(outcome.id)
        if m is None or outcome.entry is not None:
            continue
        if isinstance(m, dict):
            ack = _ack(m["seq"], m["posted_at"], m["amount"], m["balance_after"],
                       m["status_after"], m["flagged"])
        else:
            ack = _ack(m.seq, m.posted_at, m.amount, m.balance_after, m.status_after,
                       m.flagged)
        if outcome.status == APPLIED and ack["flagged"]:
            outcome.status = FLAGGED
        outcome.entry = ack
    return done


def _id_in(session: Session, ids: list[str]) -> ColumnElement[bool]:
    """entries.id among ``ids``: one array parameter on PostgreSQL (a thousand
    separate parameters make a long statement the driver parses every time),
    unnested in a subquery: ``id = ANY(array)`` was planned as a scan of the
    whole journal (20 ms at 100,000 entries, growing with it), this as a
    thousand look-ups in the id index (6 ms, whatever the journal's size)."""
    if session.get_bind().dialect.name == "postgresql":
        return Entry.id.in_(select(func.unnest(literal(ids, ARRAY(String)))))
    return Entry.id.in_(ids)


def _tombstoned(session: Session, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    col = Tombstone.entry_id
    where = (col.in_(select(func.unnest(literal(ids, ARRAY(String)))))
             if session.get_bind().dialect.name == "postgresql" else col.in_(ids))
    return set(session.scalars(select(col).where(where)))


_ACK_COLUMNS = (Entry.id, Entry.seq, Entry.posted_at, Entry.amount, Entry.balance_after,
                Entry.status_after, Entry.flagged)


def _known(session: Session, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The acknowledgement of each of ``ids`` the ledger already has (plain
    rows: usually none, and never an ORM object per entry)."""
    rows = session.connection().execute(select(*_ACK_COLUMNS).where(_id_in(session, ids)))
    return {r[0]: _ack(*r[1:]) for r in rows}


def _ack(seq: int, posted_at: datetime | None, amount: int, balance_after: int,
         status_after: str, flagged: bool) -> dict[str, Any]:
    """What the terminal needs back about an entry it pushed."""
    return {"seq": seq, "posted_at": as_aware(posted_at).isoformat() if posted_at else None,
            "amount": amount, "balance_after": balance_after, "status_after": status_after,
            "flagged": flagged}


class _Batch:
    """Plain offline redemptions (the bulk of any push) wait here and go to
    the posting engine together, in its batch mode (a binary COPY on
    PostgreSQL); everything else is posted one by one. What waits is posted
    before anything else is applied, so journal positions follow the pushed
    order and the full path reads each card as the batch left it."""

    def __init__(self, session: Session, *, posted_at: datetime) -> None:
        self.session = session
        self.posted_at = posted_at
        self.pending: list[Posting] = []
        self.ids: set[str] = set()  # applied in this push, written or waiting
        # Cards with redemptions waiting: their state so far.
        self.states: dict[int, rules.CardState] = {}

    def add(self, w: WireEntry, card: Card, caller: Caller) -> bool:
        """Queue ``w`` if it is a plain redemption the card covers at its
        state so far (False: let the full path decide, e.g. an overspend)."""
        state = self.states.get(card.id) or state_of(card)
        decision = rules.forced_spend(state, w.approved_amount)
        if decision.new_balance < 0 or decision.flagged:
            return False
        self.pending.append(Posting(
            ctx=_posting_ctx(w, caller, self.posted_at), card_id=card.id,
            balance=state.balance, decision=decision, entry_id=w.id, type=EntryType.REDEEM,
            fingerprint=push_fingerprint("redeem", number=state.number,
                                         amount=w.approved_amount, ref=w.ref_id),
            ref_id=w.ref_id, reason=w.reason))
        self.ids.add(w.id)
        self.states[card.id] = rules.CardState(
            number=state.number, status=decision.new_status, balance=decision.new_balance,
            currency=state.currency, expires_on=state.expires_on)
        return True

    def write(self) -> dict[str, Entry | dict[str, Any]]:
        """Post what waits; the ORM cards are kept in step by the engine."""
        if not self.pending:
            return {}
        rows = posting.post_rows(self.session, self.pending)
        self.pending, self.states = [], {}
        return {r["id"]: r for r in rows}


def _posting_ctx(w: WireEntry, caller: Caller, posted_at: datetime) -> PostingContext:
    # The ledger names the terminal by its enrolment, whatever the entry says,
    # and keeps no outbox.
    return PostingContext(terminal=caller.name, store=caller.store, cashier=w.cashier,
                          sale_id=w.sale_id, business_date=_bday(w), created_at=w.created_at,
                          offline=w.offline, posted_at=posted_at)


def _fp(w: WireEntry, card: Card, t: EntryType) -> str:
    return push_fingerprint(str(t), number=card.number, amount=w.approved_amount, ref=w.ref_id)


def push_fingerprint(type_: str, *, number: str, amount: int, ref: str | None) -> str:
    """``journal.fingerprint(f"push:{type_}", number=, amount=, ref=)``, the
    same bytes hashed without building and sorting a dict through json.dumps
    (a thousand times per push). A test holds the two equal."""
    if type(amount) is not int or type(number) is not str or not (
            ref is None or type(ref) is str):
        return fingerprint(f"push:{type_}", number=number, amount=amount, ref=ref)
    blob = (f'{{"amount": {amount}, "number": {_json_str(number)}, '
            f'"op": {_json_str("push:" + type_)}, '
            f'"ref": {"null" if ref is None else _json_str(ref)}}}')
    return hashlib.sha256(blob.encode()).hexdigest()


def _reject(session: Session, w: WireEntry, caller: Caller, card: Card | None,
            exc: GiftposError) -> Outcome:
    log.warning("rejected pushed entry %s (%s): %s", w.id, exc.key, exc.message)
    session.add(LedgerException(
        kind=REJECTED, entry_id=w.id, card_id=card.id if card else None,
        terminal=caller.name, store=caller.store, key=exc.key, message=exc.message,
        payload=json.dumps(w.__dict__, default=str), created_at=utcnow()))
    session.flush()
    return Outcome(id=w.id, status=REJECTED, key=exc.key, message=exc.message)


def _ctx(w: WireEntry, caller: Caller) -> OpContext:
    # For the operations the full path runs (load, refund, void, ...): the
    # ledger's, so posted and never queued (PostingContext.of).
    return OpContext(terminal=caller.name, store=caller.store, cashier=w.cashier,
                     sale_id=w.sale_id, business_date=w.business_date, now=w.created_at,
                     offline=w.offline, posts=True)


def _bday(w: WireEntry) -> Any:
    return w.business_date or w.created_at.astimezone().date()


def _put(session: Session, w: WireEntry, card: Card, decision: rules.Decision, *,
         caller: Caller, posted_at: datetime, type_: EntryType | None = None,
         reason: str | None = None, status_after: CardStatus | None = None,
         resolves: str | None = None) -> Entry:
    t = type_ or w.type
    (entry,) = posting.post(session, [Posting(
        ctx=_posting_ctx(w, caller, posted_at), card_id=card.id, balance=card.balance,
        decision=decision, entry_id=w.id, type=t, fingerprint=_fp(w, card, t),
        ref_id=w.ref_id, reason=reason or w.reason, status_after=status_after,
        resolves=resolves)])
    keep_written(session, entry, card)
    return entry


def _forced_spend(session: Session, w: WireEntry, card: Card, *, caller: Caller,
                  now: datetime) -> rules.Decision:
    # release_expired posts through the engine, which keeps ``card`` in step.
    decision = rules.forced_spend(state_of(card), w.approved_amount)
    if decision.new_balance < 0 and payments.release_expired(
            session, card=card, now=now, ctx=_ctx(w, caller), business_date=_bday(w)):
        decision = rules.forced_spend(state_of(card), w.approved_amount)
    return decision


_RESOLVES = {EntryType.CAPTURE: "capture", EntryType.RELEASE: "release",
             EntryType.REFUND: "refund", EntryType.VOID: "void"}


def _check_owner(session: Session, w: WireEntry, caller: Caller) -> None:
    """A pushed capture, release, refund or void of another till's entry is
    refused as online (``not_your_entry``), unless the caller manages it."""
    action = _RESOLVES.get(w.type)
    if action is None or not w.ref_id:
        return
    row = session.execute(select(Entry.terminal, Entry.store)
                          .where(Entry.id == w.ref_id)).first()
    if row is not None and not guards.may_resolve(caller, action=action,
                                                  terminal=row.terminal, store=row.store):
        raise _Skip(f"This entry was made by another till ({row.terminal}).",
                    key="not_your_entry")


def _apply_one(session: Session, w: WireEntry, card: Card, *, caller: Caller,
               limits: Limits, posted_at: datetime) -> Entry:
    now = utcnow()
    t = w.type
    _check_owner(session, w, caller)
    if t in (EntryType.REDEEM, EntryType.HOLD):
        entry = _put(session, w, card, _forced_spend(session, w, card, caller=caller, now=now),
                     caller=caller, posted_at=posted_at)
        if t == EntryType.HOLD:
            session.add(Hold(entry_id=w.id, card_id=card.id, amount=w.approved_amount,
                             state=str(HoldState.OPEN),
                             expires_at=w.created_at + timedelta(seconds=limits.hold_ttl_s)))
        return entry
    if t == EntryType.CAPTURE:
        return _capture(session, w, card, caller=caller, now=now, posted_at=posted_at)
    if t == EntryType.RELEASE:
        h = _hold(session, w.ref_id)
        if h is not None and h.state == HoldState.OPEN and h.card_id == card.id:
            entry = _put(session, w, card, rules.release(state_of(card), h.amount),
                         caller=caller, posted_at=posted_at, resolves=h.entry_id)
            resolve_hold(session, h, state=HoldState.RELEASED, closed_by=w.id)
            return entry
        if (h is not None and h.state == HoldState.CAPTURED and h.card_id == card.id
                and h.closed_by and not payments.is_voided(session, h.closed_by)):
            voided = _reverse_capture(session, w, card, h.closed_by, caller=caller)
            if voided is not None:
                return voided
        # Nothing to do: the hold was resolved on the ledger already. The
        # till's entry is kept (its id has one fate: applied, moving nothing),
        # naming the hold but not resolving it.
        return _put(session, w, card, _nothing(card), caller=caller, posted_at=posted_at,
                    reason="hold already closed on the ledger")
    if t == EntryType.REFUND:
        return _credit(session, w, card, caller=caller, limits=limits, how="refund",
                       posted_at=posted_at)
    if t == EntryType.VOID:
        return _credit(session, w, card, caller=caller, limits=limits, how="void",
                       posted_at=posted_at)
    if t in (EntryType.LOAD, EntryType.ACTIVATE):
        fn = lifecycle.load if t == EntryType.LOAD else lifecycle.activate
        ctx = _ctx(w, caller)
        fn(session, number=card.number, amount=w.approved_amount, entry_id=w.id,
           ctx=ctx, limits=limits, clock=utcnow)
        # The store's expiry law as online: five years from the day of the load.
        law.extend_on_load(session, number=card.number, ctx=ctx, clock=utcnow)
        return _written(session, w.id)
    raise _Skip(f"A {t.value} entry cannot be applied from a terminal.", key="not_pushable")


def _reverse_capture(session: Session, w: WireEntry, card: Card, capture_id: str, *,
                     caller: Caller) -> Entry | None:
    """A till released offline a hold that the ledger had captured for it: it
    was killed inside the sale's completion after the capture, never recorded
    it, and the sale was cancelled. The customer was not charged, so the
    capture is reversed, under the release's id (a void of the capture); it
    never silently stands. None (and the card flagged for a manager) when it
    cannot be reversed."""
    try:
        with session.begin_nested():
            payments.void(session, original_id=capture_id, entry_id=w.id, ctx=_ctx(w, caller),
                          clock=utcnow, in_doubt=True,
                          reason="released by the till, which never recorded this capture")
    except GiftposError as exc:
        log.warning("pushed release %s: the capture %s stands (%s)", w.id, capture_id, exc.key)
        session.expire(card)  # what the savepoint wrote is undone
        posting.mark(session, card, flagged=True)
        return None
    return _written(session, w.id)


def _written(session: Session, entry_id: str) -> Entry:
    return session.scalars(select(Entry).where(Entry.id == entry_id)).one()


def _hold(session: Session, hold_id: str | None) -> Hold | None:
    if not hold_id:
        return None
    return session.scalars(select(Hold).where(Hold.entry_id == hold_id)
                           .with_for_update()).first()


def _nothing(card: Card) -> rules.Decision:
    return rules.Decision(amount=0, delta=0, new_balance=card.balance,
                          new_status=state_of(card).status, requested=0)


def _capture(session: Session, w: WireEntry, card: Card, *, caller: Caller,
             now: datetime, posted_at: datetime) -> Entry:
    h = _hold(session, w.ref_id)
    if (h is not None and h.state == HoldState.OPEN and h.card_id == card.id
            and w.approved_amount <= h.amount):
        entry = _put(session, w, card, rules.capture(state_of(card), h.amount,
                                                     w.approved_amount), caller=caller,
                     posted_at=posted_at, resolves=h.entry_id)
        resolve_hold(session, h, state=HoldState.CAPTURED, closed_by=w.id,
                     captured=w.approved_amount)
        return entry
    if h is not None and h.state == HoldState.OPEN and h.card_id == card.id:
        # Captured more than held (cannot happen from our terminals): give the
        # hold back, then take the captured amount as a forced spend.
        rel = _put(session, _derived(w, "release"), card, rules.release(state_of(card),
                                                                       h.amount),
                   caller=caller, posted_at=posted_at, type_=EntryType.RELEASE,
                   resolves=h.entry_id)
        resolve_hold(session, h, state=HoldState.RELEASED, closed_by=rel.id)
    # The hold ran out (or was released) on the ledger while the terminal was
    # offline and captured it: the customer took the goods, so take the money,
    # as a forced spend naming the hold, which it does not resolve (resolved
    # once, already).
    return _put(session, w, card, _forced_spend(session, w, card, caller=caller, now=now),
                caller=caller, posted_at=posted_at,
                reason="captured offline after the hold closed")


def _derived(w: WireEntry, part: str) -> WireEntry:
    from dataclasses import replace

    return replace(w, id=child_id(w.id, part), approved_amount=0)


def _credit(session: Session, w: WireEntry, card: Card, *, caller: Caller, limits: Limits,
            how: str, posted_at: datetime) -> Entry:
    """A refund or void done offline: by the rules if they allow it, else
    forced (the terminal already gave the customer the value) and flagged."""
    ctx = _ctx(w, caller)
    try:
        with session.begin_nested():
            if how == "refund":
                payments.refund(session, original_id=w.ref_id or "", amount=w.approved_amount,
                                entry_id=w.id, ctx=ctx, clock=utcnow, reason=w.reason)
            else:
                payments.void(session, original_id=w.ref_id or "", entry_id=w.id, ctx=ctx,
                              clock=utcnow, reason=w.reason)
    except GiftposError as exc:
        session.expire(card)  # what the savepoint wrote is undone
        if exc.key == "already_voided":
            raise _Skip("The ledger already has a void of this transaction.",
                        key="already_voided") from exc
        if how == "void" and w.amount == 0:
            raise
        if w.amount > 0:
            # Forced only for a real spend of this till on this card, never
            # more than is still refundable: else it is money from nothing.
            why = guards.offline_credit_refusal(session, caller, ref_id=w.ref_id,
                                                card_id=card.id, amount=w.amount, action=how)
            if why is not None:
                raise _Skip(why[1], key=why[0]) from exc
        if w.amount < 0 and card.balance + w.amount < 0:
            raise ValidationError("Reversing this offline entry would take the card below "
                                  "zero; a manager must decide.", key="void_not_possible"
                                  ) from exc
        new_balance = card.balance + w.amount
        st = state_of(card).status
        status = rules.status_for_balance(new_balance) if st in (
            CardStatus.ACTIVE, CardStatus.REDEEMED) else st
        decision = rules.Decision(amount=abs(w.amount), delta=w.amount,
                                  new_balance=new_balance, new_status=status,
                                  requested=abs(w.amount), flagged=True)
        return _put(session, w, card, decision, caller=caller, posted_at=posted_at,
                    reason=f"applied from offline despite: {exc.key}")
    return _written(session, w.id)
