"""The terminal's replica of the ledger's cards, in its local store.

Entries the ledger made (online answers, other terminals' work pulled by sync)
are recorded here under the ledger's ids and amounts, with no outbox row: the
ledger has them already. A card seen for the first time starts with one
opening entry worth its ledger balance; ``sync_cards.opened_seq`` says which
ledger entries that opening already covers, so a pull never counts them twice.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.domain import CardStatus, EntryType, HoldState, Limits, OpContext
from app.errors import SyncError
from app.ids import child_id
from app.ops import posting
from app.ops.journal import append, resolve_hold
from app.ops.posting import Posting, PostingContext, post
from app.rules import Decision
from app.store.schema import Card, Entry, Hold, Outbox
from app.sync.schema import ReplicaCard
from app.wire.answers import CardWire, NothingVoided, OpAnswer, PullAnswer
from app.wire.entry import WireEntry

log = logging.getLogger(__name__)

# Ids of local bookkeeping entries (openings, corrections) derive from this.
REPLICA_NS = str(uuid.UUID("0b7f9a52-3d6e-4c1b-9e1a-5f0d2c8a4b77"))


def find_local(session: Session, number: str) -> Card | None:
    return session.scalars(select(Card).where(Card.number == number)).first()


def ensure_card(session: Session, card: CardWire, *, opening: int,
                opened_seq: int) -> Card:
    """The local card for a ledger card, created (with its opening balance as of
    ledger position ``opened_seq``) when this terminal first sees it."""
    local = find_local(session, card.number)
    if local is not None:
        return local
    now = utcnow()
    local = Card(number=card.number, currency=card.currency, status=str(card.status),
                 balance=0, program=card.program, flagged=card.flagged,
                 expires_on=card.expires_on, created_at=now, updated_at=now)
    session.add(local)
    session.flush()
    session.add(ReplicaCard(card_id=local.id, opened_seq=opened_seq))
    if opening:
        append(session, local, Decision(amount=abs(opening), delta=opening,
                                        new_balance=opening, new_status=card.status,
                                        requested=abs(opening)),
               entry_id=child_id(REPLICA_NS, f"opening:{card.number}"),
               type_=EntryType.ADJUST, ctx=OpContext(terminal="ledger", store="ledger"),
               now=now, business_date=now.date(), fp="replica:opening",
               reason="opening balance from the ledger")
    session.flush()
    return local


def record(session: Session, w: WireEntry, card: Card, *, fp: str | None = None,
           limits: Limits | None = None) -> Entry | None:
    """Record one ledger entry locally (no outbox). None if already here."""
    existing = session.scalars(select(Entry).where(Entry.id == w.id)).first()
    if existing is not None:
        if existing.posted_at is None and w.posted_at is not None:
            existing.posted_at = w.posted_at
        return None
    decision = Decision(amount=w.approved_amount, delta=w.amount,
                        new_balance=card.balance + w.amount, new_status=w.status_after,
                        requested=w.requested_amount, remaining_due=w.remaining_due,
                        partial=w.partial, flagged=w.flagged)
    # The ledger's entry as the ledger has it: its post time, offline or not,
    # and never queued (the ledger has it).
    at = PostingContext(terminal=w.terminal, store=w.store, cashier=w.cashier,
                        sale_id=w.sale_id, business_date=w.business_date or w.created_at.date(),
                        created_at=w.created_at, offline=w.offline, posted_at=w.posted_at)
    hold = _resolved_here(session, w)
    (entry,) = post(session, [Posting(
        ctx=at, card_id=card.id, balance=card.balance, decision=decision, entry_id=w.id,
        type=w.type, fingerprint=fp or f"ledger:{w.id}"[:64], ref_id=w.ref_id,
        reason=w.reason, resolves=hold.entry_id if hold is not None else None)])
    _follow_hold(session, w, card, limits or Limits(), hold)
    return entry


def _resolved_here(session: Session, w: WireEntry) -> Hold | None:
    """The local hold this ledger entry resolves: an OPEN one it captures,
    releases or voids. (A hold already closed here, by this till's own offline
    work, is not resolved twice: the entry is recorded naming it, no more.)"""
    if not w.ref_id or w.type not in (EntryType.CAPTURE, EntryType.RELEASE, EntryType.VOID):
        return None
    h = session.get(Hold, w.ref_id)
    return h if h is not None and h.state == HoldState.OPEN else None


def _follow_hold(session: Session, w: WireEntry, card: Card, limits: Limits,
                 resolved: Hold | None) -> None:
    """Keep local holds in step, so a hold made online can be captured offline."""
    if w.type == EntryType.HOLD:
        hold = Hold(entry_id=w.id, card_id=card.id, amount=w.approved_amount,
                    state=str(HoldState.OPEN),
                    expires_at=w.created_at + timedelta(seconds=limits.hold_ttl_s))
        # Its capture or release may be here already: answered online after
        # the till lost the hold's own answer (a crash between the two).
        closer = session.scalars(select(Entry).where(
            Entry.ref_id == w.id, Entry.type.in_([str(EntryType.CAPTURE),
                                                  str(EntryType.RELEASE),
                                                  str(EntryType.VOID)]))).first()
        if closer is not None:
            captured = closer.type == EntryType.CAPTURE
            hold.state = str(HoldState.CAPTURED if captured else HoldState.RELEASED)
            hold.closed_by = closer.id
            hold.captured_amount = closer.approved_amount if captured else 0
        session.add(hold)
        session.flush()
        return
    if resolved is not None:
        captured = w.type == EntryType.CAPTURE
        resolve_hold(session, resolved, closed_by=w.id,
                     state=HoldState.CAPTURED if captured else HoldState.RELEASED,
                     captured=w.approved_amount if captured else 0)


def record_answer(session: Session, answer: OpAnswer, *, fp: str | None,
                  limits: Limits) -> Entry | None:
    """Mirror an online answer of the ledger (its ``entry`` and ``card_state``)."""
    if answer.entry is None or answer.card_state is None:
        raise SyncError("The ledger's answer carries no entry for this till to record.",
                        key="ledger_answer_incomplete", details=answer.id)
    return _mirror(session, answer.entry, answer.card_state, fp=fp, limits=limits)


def _mirror(session: Session, w: WireEntry, card_state: CardWire, *, fp: str | None,
            limits: Limits) -> Entry | None:
    local = find_local(session, w.number)
    if local is None:
        # Everything before this entry is in the opening balance.
        local = ensure_card(session, card_state, opening=w.balance_after - w.amount,
                            opened_seq=(w.seq or 1) - 1)
    entry = record(session, w, local, fp=fp, limits=limits)
    posting.mark(session, local, flagged=card_state.flagged)
    follow_terms(local, card_state)
    return entry


def follow_terms(local: Card, card: CardWire) -> None:
    """The card's expiry as the ledger has it (the store's law moves it on a
    load), so an offline decision here uses the same date."""
    if "expires_on" in card.model_fields_set:
        local.expires_on = card.expires_on


def record_reversal(session: Session, answer: OpAnswer | NothingVoided, *,
                    limits: Limits) -> None:
    """Mirror the ledger's answer to the reversal of an id this terminal never
    recorded (a lost answer, a crash before the record): the original and its
    void, so the replica holds exactly what the ledger holds."""
    if (not isinstance(answer, OpAnswer) or answer.outcome != "voided"
            or answer.entry is None or answer.card_state is None):
        return
    if answer.original is not None:
        _mirror(session, answer.original, answer.card_state, fp=None, limits=limits)
    _mirror(session, answer.entry, answer.card_state, fp=None, limits=limits)


@dataclass
class Latest:
    seq: int
    entry_id: str
    balance: int
    status: str


def apply_pull(session: Session, page: PullAnswer, latest: dict[str, Latest],
               limits: Limits) -> int:
    """Mirror a pulled page: entries of cards this terminal knows, not already
    here, and not covered by the card's opening balance. Returns how many."""
    known: dict[str, tuple[Card, int]] = {}
    numbers = {e.number for e in page.entries}
    if numbers:
        rows = session.execute(select(Card, ReplicaCard.opened_seq).outerjoin(
            ReplicaCard, ReplicaCard.card_id == Card.id).where(Card.number.in_(numbers))).all()
        known = {c.number: (c, opened or 0) for c, opened in rows}
    flags = {c.number: c.flagged for c in page.cards}
    count = 0
    for w in page.entries:
        if w.number not in known:
            continue
        card, opened = known[w.number]
        seq = w.seq or 0
        prev = latest.get(w.number)
        if prev is None or seq > prev.seq:
            latest[w.number] = Latest(seq=seq, entry_id=w.id, balance=w.balance_after,
                                      status=str(w.status_after))
        if seq <= opened:
            continue
        if record(session, w, card, limits=limits) is not None:
            count += 1
        if w.number in flags:
            posting.mark(session, card, flagged=flags[w.number])
    session.flush()
    return count


def reconcile(session: Session, latest: dict[str, Latest], *, since_seq: int,
              mirrored: set[str]) -> int:
    """After a whole pull, make each quiet card equal the ledger: a card with no
    pending outbox entries and no local work since the pull began (local seq >
    ``since_seq`` other than entries this pull mirrored) must have the ledger's
    balance; if not (the ledger applied an offline entry differently), add one
    local correction entry. Returns how many were corrected."""
    fixed = 0
    for number, last in latest.items():
        card = find_local(session, number)
        if card is None:
            continue
        pending = session.scalar(select(func.count()).select_from(Outbox).join(
            Entry, Entry.id == Outbox.entry_id).where(Entry.card_id == card.id))
        if pending:
            continue
        newer = session.scalars(select(Entry.id).where(
            Entry.card_id == card.id, Entry.seq > since_seq)).all()
        if any(i not in mirrored for i in newer):
            continue
        if card.balance == last.balance:
            posting.mark(session, card, status=last.status)
            continue
        delta = last.balance - card.balance
        eid = child_id(REPLICA_NS, f"correction:{last.entry_id}:{card.balance}")
        if session.scalar(select(Entry.seq).where(Entry.id == eid)) is not None:
            continue
        log.warning("card %s differs from the ledger by %d; correcting", number[-4:], delta)
        now = utcnow()
        append(session, card, Decision(amount=abs(delta), delta=delta,
                                       new_balance=last.balance,
                                       new_status=CardStatus(last.status),
                                       requested=abs(delta)),
               entry_id=eid, type_=EntryType.ADJUST,
               ctx=OpContext(terminal="ledger", store="ledger"), now=now,
               business_date=now.date(), fp="replica:correction",
               reason="correction to the ledger's balance", ref_id=last.entry_id)
        fixed += 1
    return fixed


def local_head(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(Entry.seq), 0))) or 0)
