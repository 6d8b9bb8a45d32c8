"""What terminals read: card changes after a cursor (sync pull) and reports."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session

from app.clock import as_aware
from app.domain import CardStatus, HoldState, mask
from app.ledger.schema import LedgerException
from app.store.schema import Card, Entry, Hold
from app.wire.entry import card_payload, entry_payload

MAX_PULL = 1000


def pull(session: Session, *, cursor: int, limit: int, now: datetime,
         settle_s: float) -> dict[str, Any]:
    """Entries after ``cursor`` in journal order, the cards they touch, and the
    next cursor. On PostgreSQL a sequence number is taken before its
    transaction commits, so a lower one can appear after a higher one: the
    cursor only moves past entries posted ``settle_s`` ago; newer ones are sent
    again next time (the terminal skips ids it has)."""
    limit = max(1, min(limit, MAX_PULL))
    rows = session.execute(
        select(Entry, Card).join(Card, Card.id == Entry.card_id)
        .where(Entry.seq > cursor).order_by(Entry.seq).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    settled_before = now - timedelta(seconds=settle_s)
    next_cursor = cursor
    for entry, _card in rows:
        if settle_s > 0 and (entry.posted_at is None
                             or as_aware(entry.posted_at) > settled_before):
            break
        next_cursor = entry.seq
    cards = {card.number: card_payload(card) for _e, card in rows}
    return {"entries": [entry_payload(e, c) for e, c in rows], "cards": list(cards.values()),
            "cursor": cursor, "next_cursor": next_cursor,
            "more": more and next_cursor > cursor}


def head(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(Entry.seq), 0))) or 0)


# Built once, run in Core: asked for every card of a balance or promotion
# look-up, which a till makes before every card tender.
_CARD_SEQ = (select(func.coalesce(func.max(Entry.seq), 0))
             .where(Entry.card_id == bindparam("cid")))


def card_seq(session: Session, card_id: int) -> int:
    return int(session.connection().execute(_CARD_SEQ, {"cid": card_id}).scalar() or 0)


def liability(session: Session) -> dict[str, Any]:
    """Outstanding balances by currency and program. Money held by open holds
    is still the customers' (a hold is given back unless captured): it is in
    ``held``, and ``owed`` = outstanding + held."""
    pos = func.sum(case((Card.balance > 0, Card.balance), else_=0))
    neg = func.sum(case((Card.balance < 0, Card.balance), else_=0))
    rows = session.execute(
        select(Card.currency, Card.program, func.count(Card.id), pos, neg)
        .where(Card.status != str(CardStatus.INACTIVE))
        .group_by(Card.currency, Card.program).order_by(Card.currency, Card.program)).all()
    held = {(cur, prog): int(h or 0) for cur, prog, h in session.execute(
        select(Card.currency, Card.program, func.sum(Hold.amount))
        .join(Hold, Hold.card_id == Card.id).where(Hold.state == str(HoldState.OPEN))
        .group_by(Card.currency, Card.program)).all()}
    return {"rows": [{"currency": cur, "program": prog, "cards": int(n),
                      "outstanding": int(p or 0), "overdrawn": int(o or 0),
                      "held": held.get((cur, prog), 0),
                      "owed": int(p or 0) + held.get((cur, prog), 0)}
                     for cur, prog, n, p, o in rows]}


def exceptions(session: Session) -> dict[str, Any]:
    cards = session.scalars(select(Card).where(Card.flagged.is_(True)).order_by(Card.id)).all()
    flagged_cards = []
    for c in cards:
        entries = session.scalars(select(Entry).where(Entry.card_id == c.id,
                                                      Entry.flagged.is_(True))
                                  .order_by(Entry.seq)).all()
        flagged_cards.append({
            "card": mask(c.number), "status": c.status, "balance": c.balance,
            "currency": c.currency,
            "entries": [{"id": e.id, "type": e.type, "amount": e.amount,
                         "terminal": e.terminal, "store": e.store, "offline": e.offline,
                         "created_at": as_aware(e.created_at).isoformat(),
                         "reason": e.reason} for e in entries]})
    rejected = session.scalars(select(LedgerException).where(
        LedgerException.resolved_at.is_(None)).order_by(LedgerException.id)).all()
    return {"flagged_cards": flagged_cards,
            "rejected": [{"id": r.entry_id, "kind": r.kind, "terminal": r.terminal,
                          "store": r.store, "key": r.key, "message": r.message,
                          "created_at": as_aware(r.created_at).isoformat()} for r in rejected]}


def day(session: Session, business_date: date) -> dict[str, Any]:
    rows = session.execute(
        select(Entry.store, Entry.terminal, Entry.type, Card.currency, func.count(Entry.seq),
               func.sum(Entry.amount), func.sum(Entry.approved_amount))
        .join(Card, Card.id == Entry.card_id)
        .where(Entry.business_date == business_date)
        .group_by(Entry.store, Entry.terminal, Entry.type, Card.currency)
        .order_by(Entry.store, Entry.terminal, Entry.type)).all()
    return {"date": business_date.isoformat(),
            "rows": [{"store": s, "terminal": t, "type": ty, "currency": cur, "count": int(n),
                      "net": int(net or 0), "amount": int(amt or 0)}
                     for s, t, ty, cur, n, net, amt in rows]}
