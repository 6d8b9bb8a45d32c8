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

from sqlalchemy import ARRAY, ColumnElement, String, func, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import rules
from app.clock import as_aware, utcnow
from app.domain import CardStatus, EntryType, HoldState, Limits, OpContext
from app.errors import GiftposError, ValidationError
from app.ids import child_id
from app.ledger import guards
from app.ledger.auth import Caller
from app.ledger.schema import LedgerException, Tombstone
from app.ledger.wire import WireEntry
from app.ops import lifecycle, payments
from app.ops.journal import append, fingerprint, post_time, resolve_hold, state_of
from app.shop import law
from app.store.schema import Card, Entry, Hold

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
    batch = _Batch(session)
    # Made in this batch, by id: an ORM entry, or a row of the bulk path.
    made: dict[str, Entry | dict[str, Any]] = {}
    done: list[tuple[Outcome, Entry | dict[str, Any] | None]] = []
    for w in entries:
        if w.id in known or w.id in made:
            outcome = Outcome(id=w.id, status=DUPLICATE, entry=known.get(w.id))
            done.append((outcome, made.get(w.id)))
            continue
        card = cards.get(w.number)
        try:
            if w.id in dead:
                raise _Skip("This entry was reversed on the ledger after its answer was lost.",
                            key="operation_cancelled")
            if card is None:
                raise _Skip("This card is not known to the ledger.", key="card_not_found")
            bulk = (_bulk_row(w, card, batch.state(card), caller, batch.now)
                    if w.type is EntryType.REDEEM else None)
            if bulk is not None:
                row, after = bulk
                batch.add_row(row, card, after)
                made[w.id] = row
                done.append((Outcome(id=w.id, status=FLAGGED if row["flagged"] else APPLIED),
                             row))
                continue
            batch.before_orm()
            entry = _apply_one(session, w, card, caller=caller, limits=limits)
        except GiftposError as exc:
            batch.before_orm()
            done.append((_reject(session, w, caller, card, exc), None))
            continue
        made[w.id] = entry
        done.append((Outcome(id=w.id, status=FLAGGED if entry.flagged else APPLIED), entry))
    seqs = batch.finish()
    posted = as_aware(batch.now).isoformat()
    for outcome, m in done:
        if isinstance(m, Entry):
            outcome.entry = _ack(m.seq, m.posted_at, m.amount, m.balance_after,
                                 m.status_after, m.flagged)
        elif m is not None:
            outcome.entry = {"seq": seqs[m["id"]], "posted_at": posted, "amount": m["amount"],
                             "balance_after": m["balance_after"],
                             "status_after": m["status_after"], "flagged": m["flagged"]}
    return [o for o, _m in done]


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


# The columns of a bulk row (what _bulk_row fills), in COPY order, with
# their PostgreSQL types (binary COPY: the driver needs them, and binary rows
# cost a third of the CPU of text ones).
_COPY_TYPES = {"seq": "int8", "id": "varchar", "card_id": "int8", "type": "varchar",
               "amount": "int8", "balance_after": "int8", "requested_amount": "int8",
               "approved_amount": "int8", "remaining_due": "int8", "partial": "bool",
               "status_after": "varchar", "terminal": "varchar", "store": "varchar",
               "cashier": "varchar", "sale_id": "varchar", "business_date": "date",
               "created_at": "timestamptz", "posted_at": "timestamptz", "ref_id": "varchar",
               "reason": "text", "offline": "bool", "flagged": "bool",
               "fingerprint": "varchar"}
_COPY_COLUMNS = tuple(_COPY_TYPES)
_COPY = f"COPY entries ({', '.join(_COPY_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
_NEXT_SEQS = ("SELECT nextval(pg_get_serial_sequence('entries', 'seq')) "
              "FROM generate_series(1, %s)")


class _Batch:
    """Plain offline redemptions (the bulk of any push) are written as rows in
    bulk; everything else goes through the ORM and journal.append. Switching
    between the two writes what is pending first, so journal positions follow
    the pushed order.

    On PostgreSQL the rows take their journal positions from the sequence in
    one query and go in with a binary COPY: a thousand rows cost about a tenth
    of what an executemany does (the driver dumps every parameter of every row
    in Python; COPY formats rows in C). Elsewhere (SQLite) one executemany,
    and the positions are read back."""

    _insert = insert(Entry)

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: list[dict[str, Any]] = []
        self.orm_pending = False
        self.seqs: dict[str, int] = {}
        # Cards moved by bulk rows: their state so far, put on the ORM object
        # once (before the full path looks at the card, and at the end)
        # rather than three attribute writes per entry.
        self.moved: dict[int, tuple[Card, rules.CardState, datetime]] = {}
        # The ledger's post time of every bulk row: they commit together.
        self.now = post_time(session) or utcnow()
        self.postgres = session.get_bind().dialect.name == "postgresql"

    def state(self, card: Card) -> rules.CardState:
        got = self.moved.get(card.id)
        return got[1] if got is not None else state_of(card)

    def add_row(self, row: dict[str, Any], card: Card, after: rules.CardState) -> None:
        if self.orm_pending:
            self.session.flush()
            self.orm_pending = False
        self.rows.append(row)
        self.moved[card.id] = (card, after, row["created_at"])

    def before_orm(self) -> None:
        self._write()
        self._move_cards()
        self.orm_pending = True

    def _move_cards(self) -> None:
        for card, st, when in self.moved.values():
            card.balance, card.status, card.updated_at = st.balance, str(st.status), when
        self.moved.clear()

    def _write(self) -> None:
        if not self.rows:
            return
        # On the connection: no autoflush of ORM objects in between.
        conn = self.session.connection()
        if self.postgres:
            dbapi = conn.connection.driver_connection
            assert dbapi is not None
            try:
                with dbapi.cursor() as cur:
                    cur.execute(_NEXT_SEQS, (len(self.rows),))
                    for row, (seq,) in zip(self.rows, cur.fetchall(), strict=True):
                        row["seq"] = seq
                        self.seqs[row["id"]] = seq
                    with cur.copy(_COPY) as copy:
                        copy.set_types(list(_COPY_TYPES.values()))
                        for row in self.rows:
                            copy.write_row([row[c] for c in _COPY_COLUMNS])
            except conn.dialect.loaded_dbapi.IntegrityError as exc:
                # An id pushed twice at once (a retry reaching another service
                # process while the first is still applying): raised as
                # SQLAlchemy's, so the service retries and answers duplicate.
                raise IntegrityError(_COPY, None, exc) from exc
        else:
            conn.execute(self._insert, self.rows)
            ids = [r["id"] for r in self.rows]
            self.seqs.update({i: s for i, s in conn.execute(
                select(Entry.id, Entry.seq).where(_id_in(self.session, ids))).all()})
        self.rows = []

    def finish(self) -> dict[str, int]:
        self._write()
        self._move_cards()
        self.session.flush()
        return self.seqs


def _bulk_row(w: WireEntry, card: Card, state: rules.CardState, caller: Caller,
              now: datetime) -> tuple[dict[str, Any], rules.CardState] | None:
    """The row journal.append would write for an offline redemption the card
    covers at its ``state`` so far in the batch, and the card's state after it
    (the card object is left alone; None: let the full path decide, e.g. an
    overspend). ``now`` is the ledger's post time."""
    decision = rules.forced_spend(state, w.approved_amount)
    if decision.new_balance < 0 or decision.flagged:
        return None
    row = {
        "id": w.id, "card_id": card.id, "type": "redeem",
        "amount": decision.delta, "balance_after": decision.new_balance,
        "requested_amount": decision.requested, "approved_amount": decision.amount,
        "remaining_due": decision.remaining_due, "partial": decision.partial,
        "status_after": str(decision.new_status), "terminal": caller.name,
        "store": caller.store, "cashier": w.cashier, "sale_id": w.sale_id,
        "business_date": _bday(w), "created_at": w.created_at, "posted_at": now,
        "ref_id": w.ref_id, "reason": w.reason, "offline": w.offline, "flagged": False,
        "fingerprint": push_fingerprint("redeem", number=state.number,
                                        amount=w.approved_amount, ref=w.ref_id),
    }
    after = rules.CardState(number=state.number, status=decision.new_status,
                            balance=decision.new_balance, currency=state.currency,
                            expires_on=state.expires_on)
    return row, after


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
    # The ledger names the terminal by its enrolment, whatever the entry says;
    # offline=False here because the ledger keeps no outbox (set on the entry).
    return OpContext(terminal=caller.name, store=caller.store, cashier=w.cashier,
                     sale_id=w.sale_id, business_date=w.business_date, now=w.created_at)


def _bday(w: WireEntry) -> Any:
    return w.business_date or w.created_at.astimezone().date()


def _put(session: Session, w: WireEntry, card: Card, decision: rules.Decision, *,
         caller: Caller, type_: EntryType | None = None, reason: str | None = None,
         status_after: CardStatus | None = None) -> Entry:
    t = type_ or w.type
    entry = append(session, card, decision, entry_id=w.id, type_=t, ctx=_ctx(w, caller),
                   now=w.created_at, business_date=_bday(w),
                   fp=_fp(w, card, t),
                   ref_id=w.ref_id, reason=reason or w.reason, status_after=status_after,
                   flush=False)
    entry.offline = w.offline
    return entry


def _forced_spend(session: Session, w: WireEntry, card: Card, *, caller: Caller,
                  now: datetime) -> rules.Decision:
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
               limits: Limits) -> Entry:
    now = utcnow()
    t = w.type
    _check_owner(session, w, caller)
    if t in (EntryType.REDEEM, EntryType.HOLD):
        entry = _put(session, w, card, _forced_spend(session, w, card, caller=caller, now=now),
                     caller=caller)
        if t == EntryType.HOLD:
            session.add(Hold(entry_id=w.id, card_id=card.id, amount=w.approved_amount,
                             state=str(HoldState.OPEN),
                             expires_at=w.created_at + timedelta(seconds=limits.hold_ttl_s)))
        return entry
    if t == EntryType.CAPTURE:
        return _capture(session, w, card, caller=caller, now=now)
    if t == EntryType.RELEASE:
        h = _hold(session, w.ref_id)
        if h is not None and h.state == HoldState.OPEN and h.card_id == card.id:
            entry = _put(session, w, card, rules.release(state_of(card), h.amount),
                         caller=caller)
            resolve_hold(session, h, state=HoldState.RELEASED, closed_by=w.id)
            return entry
        if (h is not None and h.state == HoldState.CAPTURED and h.card_id == card.id
                and h.closed_by and not payments.is_voided(session, h.closed_by)):
            voided = _reverse_capture(session, w, card, h.closed_by, caller=caller)
            if voided is not None:
                return voided
        return _put(session, w, card, _nothing(card), caller=caller,
                    reason="hold already closed on the ledger")
    if t == EntryType.REFUND:
        return _credit(session, w, card, caller=caller, limits=limits, how="refund")
    if t == EntryType.VOID:
        return _credit(session, w, card, caller=caller, limits=limits, how="void")
    if t in (EntryType.LOAD, EntryType.ACTIVATE):
        fn = lifecycle.load if t == EntryType.LOAD else lifecycle.activate
        ctx = _ctx(w, caller)
        fn(session, number=card.number, amount=w.approved_amount, entry_id=w.id,
           ctx=ctx, limits=limits, clock=utcnow)
        # The store's expiry law as online: five years from the day of the load.
        law.extend_on_load(session, number=card.number, ctx=ctx, clock=utcnow)
        entry = session.scalars(select(Entry).where(Entry.id == w.id)).one()
        entry.offline = w.offline
        return entry
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
        card.flagged = True
        return None
    entry = session.scalars(select(Entry).where(Entry.id == w.id)).one()
    entry.offline = w.offline
    return entry


def _hold(session: Session, hold_id: str | None) -> Hold | None:
    if not hold_id:
        return None
    return session.scalars(select(Hold).where(Hold.entry_id == hold_id)
                           .with_for_update()).first()


def _nothing(card: Card) -> rules.Decision:
    return rules.Decision(amount=0, delta=0, new_balance=card.balance,
                          new_status=state_of(card).status, requested=0)


def _capture(session: Session, w: WireEntry, card: Card, *, caller: Caller,
             now: datetime) -> Entry:
    h = _hold(session, w.ref_id)
    if (h is not None and h.state == HoldState.OPEN and h.card_id == card.id
            and w.approved_amount <= h.amount):
        entry = _put(session, w, card, rules.capture(state_of(card), h.amount,
                                                     w.approved_amount), caller=caller)
        resolve_hold(session, h, state=HoldState.CAPTURED, closed_by=w.id,
                     captured=w.approved_amount)
        return entry
    if h is not None and h.state == HoldState.OPEN and h.card_id == card.id:
        # Captured more than held (cannot happen from our terminals): give the
        # hold back, then take the captured amount as a forced spend.
        rel = _put(session, _derived(w, "release"), card, rules.release(state_of(card),
                                                                       h.amount),
                   caller=caller, type_=EntryType.RELEASE)
        resolve_hold(session, h, state=HoldState.RELEASED, closed_by=rel.id)
    # The hold ran out (or was released) on the ledger while the terminal was
    # offline and captured it: the customer took the goods, so take the money.
    return _put(session, w, card, _forced_spend(session, w, card, caller=caller, now=now),
                caller=caller, reason="captured offline after the hold closed")


def _derived(w: WireEntry, part: str) -> WireEntry:
    from dataclasses import replace

    return replace(w, id=child_id(w.id, part), approved_amount=0)


def _credit(session: Session, w: WireEntry, card: Card, *, caller: Caller, limits: Limits,
            how: str) -> Entry:
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
        return _put(session, w, card, decision, caller=caller,
                    reason=f"applied from offline despite: {exc.key}")
    entry = session.scalars(select(Entry).where(Entry.id == w.id)).one()
    entry.offline = w.offline
    return entry
