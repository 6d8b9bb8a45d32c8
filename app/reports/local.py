"""Reports read from this terminal's own store: outstanding liability, its
history, offline exceptions and this terminal's sync state. Used when the
ledger is not reachable (or not configured, or refuses the terminal's token)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.clock import as_aware
from app.domain import CardStatus, EntryType, mask
from app.store.schema import Card, Entry, Outbox

# Entries that give value back: pending ones are "reversals not yet synced".
REVERSALS = (EntryType.VOID, EntryType.RELEASE, EntryType.REFUND)


def liability(s: Session) -> dict[str, Any]:
    """Same shape as the ledger's /v1/reports/liability."""
    pos = func.sum(case((Card.balance > 0, Card.balance), else_=0))
    neg = func.sum(case((Card.balance < 0, Card.balance), else_=0))
    rows = s.execute(select(Card.currency, Card.program, func.count(Card.id), pos, neg)
                     .where(Card.status != str(CardStatus.INACTIVE))
                     .group_by(Card.currency, Card.program)
                     .order_by(Card.currency, Card.program)).all()
    return {"rows": [{"currency": cur, "program": prog, "cards": int(n),
                      "outstanding": int(p or 0), "overdrawn": int(o or 0)}
                     for cur, prog, n, p, o in rows]}


def liability_history(s: Session, currency: str, *, days: int = 30) -> dict[date, int]:
    """Outstanding value at the end of each business day that moved any, for
    the last ``days`` such days (a running sum of the journal)."""
    rows = s.execute(select(Entry.business_date, func.sum(Entry.amount))
                     .join(Card, Card.id == Entry.card_id)
                     .where(Card.currency == currency, Entry.business_date.is_not(None))
                     .group_by(Entry.business_date).order_by(Entry.business_date)).all()
    out: dict[date, int] = {}
    running = 0
    for day, net in rows:
        running += int(net or 0)
        if day is not None:
            out[day] = running
    keep = list(out)[-days:]
    return {d: out[d] for d in keep}


def exceptions(s: Session) -> dict[str, Any]:
    """Flagged cards (overspent offline, used while not usable) with their
    flagged entries; offline entries and reversals still waiting to sync."""
    cards = s.scalars(select(Card).where(Card.flagged.is_(True)).order_by(Card.id)).all()
    flagged = []
    for c in cards:
        entries = s.scalars(select(Entry).where(Entry.card_id == c.id, Entry.flagged.is_(True))
                            .order_by(Entry.seq)).all()
        flagged.append({"card": mask(c.number), "status": c.status, "balance": c.balance,
                        "currency": c.currency,
                        "entries": [_entry(e) for e in entries]})
    pending = s.execute(select(Entry, Card).join(Outbox, Outbox.entry_id == Entry.id)
                        .join(Card, Card.id == Entry.card_id).order_by(Entry.seq)).all()
    waiting = [dict(_entry(e), card=mask(c.number), currency=c.currency)
               for e, c in pending]
    return {"flagged_cards": flagged,
            "pending_reversals": [w for w in waiting if w["type"] in REVERSALS],
            "pending_offline": [w for w in waiting if w["type"] not in REVERSALS]}


def _entry(e: Entry) -> dict[str, Any]:
    return {"id": e.id, "type": e.type, "amount": e.amount, "terminal": e.terminal,
            "store": e.store, "offline": e.offline, "reason": e.reason,
            "created_at": as_aware(e.created_at).isoformat()}


def own_sync(s: Session, terminal: str) -> dict[str, Any]:
    """This terminal's side of sync: what waits in the outbox and since when."""
    n, oldest, errors = s.execute(select(func.count(Outbox.entry_id), func.min(Outbox.queued_at),
                                         func.max(Outbox.attempts))).one()
    return {"terminal": terminal, "pending": int(n or 0),
            "oldest_pending": as_aware(oldest).isoformat() if oldest else None,
            "attempts": int(errors or 0)}
