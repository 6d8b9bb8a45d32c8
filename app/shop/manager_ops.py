"""Manager-approved card work at the till, each one action and one audit
entry: activating a printed serial range, and replacing a lost or damaged
card (disable it and move its balance to a new card in one step).

The approval is StaffService.authorize (a manager's name and PIN, throttled,
audited with who asked and who approved); the value moves through app/ops in
one transaction; ids derive from the request's id, so a retried request
changes nothing and answers the same."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import CardStatus, mask
from app.errors import Decline, ValidationError
from app.ids import check_id, child_id
from app.ops import lifecycle
from app.ops.journal import clean_number
from app.ops.service import CardService
from app.staff.models import Approval, StaffView
from app.staff.service import StaffService
from app.store.schema import Card, Entry

MAX_RANGE = 10_000


@dataclass(frozen=True, kw_only=True)
class RangeResult:
    first: str  # masked
    last: str  # masked
    count: int
    amount_each: int
    currency: str
    approved_by: str
    audit_id: int | None
    replayed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"first": self.first, "last": self.last, "count": self.count,
                "amount_each": self.amount_each, "currency": self.currency,
                "total": self.count * self.amount_each, "approved_by": self.approved_by,
                "audit_id": self.audit_id, "replayed": self.replayed}


def range_cards(s: Session, first: str, last: str) -> list[Card]:
    a, b = clean_number(first), clean_number(last)
    if len(a) != len(b) or not a or a > b:
        raise ValidationError("Give the first and last printed numbers of the range, of the "
                              "same length, first before last.", key="invalid_range")
    cards = list(s.scalars(select(Card).where(Card.number >= a, Card.number <= b)
                           .order_by(Card.number).limit(MAX_RANGE + 1)))
    if len(cards) > MAX_RANGE:
        raise ValidationError(f"At most {MAX_RANGE} cards at a time.", key="range_too_large")
    if not cards:
        raise ValidationError("No printed cards are known in that range.", key="empty_range")
    return cards


def activate_range(cards: CardService, staff: StaffService, *, first: str, last: str,
                   amount: int = 0, manager: str | None, pin: str | None,
                   actor: StaffView | None = None, request_id: str | None = None,
                   approved: Approval | None = None) -> RangeResult:
    """Activate every card numbered ``first``..``last`` once, after a
    manager's approval (asked here, or ``approved`` already by the console's
    approval flow); all or nothing."""
    rid = check_id(request_id)
    with cards.store.read() as s:
        found = range_cards(s, first, last)
        ids = {c.number: child_id(rid, f"activate:{c.number}") for c in found}
        done = set(s.scalars(select(Entry.id).where(Entry.id.in_(list(ids.values())))))
        currency = found[0].currency
        if done and len(done) == len(found):  # a retried request: answered already
            return RangeResult(first=mask(found[0].number), last=mask(found[-1].number),
                               count=len(found), amount_each=amount, currency=currency,
                               approved_by="", audit_id=None, replayed=True)
        sold = [mask(c.number) for c in found if c.status != CardStatus.INACTIVE
                and ids[c.number] not in done]
    if sold:
        raise Decline(f"{len(sold)} card(s) in the range are not unsold printed cards (e.g. "
                      f"{sold[0]}); nothing was activated. Check the range.",
                      key="range_not_inactive", details=", ".join(sold[:10]))
    approval: Approval = approved or staff.authorize(
        action="bulk_activate", actor=actor, manager=manager, pin=pin,
        card=mask(found[0].number), amount=amount * len(found), currency=currency,
        detail=f"{len(found)} cards {mask(found[0].number)} to {mask(found[-1].number)}, "
               f"{amount} each, request {rid}")

    def run(s: Session) -> None:
        for c in found:
            lifecycle.activate(s, number=c.number, amount=amount, entry_id=ids[c.number],
                               ctx=cards.context, limits=cards.limits, clock=cards.clock)

    cards.run(run)
    return RangeResult(first=mask(found[0].number), last=mask(found[-1].number),
                       count=len(found), amount_each=amount, currency=currency,
                       approved_by=approval.approved_by, audit_id=approval.audit_id)


def replace_card(cards: CardService, staff: StaffService, *, number: str, reason: str,
                 manager: str | None, pin: str | None, actor: StaffView | None = None,
                 request_id: str | None = None,
                 approved: Approval | None = None) -> dict[str, Any]:
    """A lost or damaged card: cancel it and move its whole balance to a new
    card, in one transaction, after a manager's approval. Answers the new
    card in full (the customer needs it) and the old one masked."""
    why = (reason or "").strip().lower()
    if why not in ("lost", "damaged", "stolen"):
        raise ValidationError("Say why: lost, damaged or stolen.", key="invalid_reason")
    rid = check_id(request_id)
    with cards.store.read() as s:
        seen = s.scalar(select(Entry.id).where(Entry.id == rid)) is not None
    if seen:  # a retried request: the same answer, no second approval
        r = cards.transfer(number=number, deactivate_source=True, entry_id=rid)
        return {"old_card": r.card, "moved": r.amount, "currency": r.currency, "reason": why,
                "new_card": r.related.get("new_card"), "approved_by": None,
                "audit_id": None, "replayed": True}
    card = cards.balance(number=number)
    if card.balance <= 0:
        raise Decline(f"Card {card.masked} has no balance to move; cancel it instead.",
                      key="nothing_to_transfer", details=card.masked)
    approval = approved or staff.authorize(
        action="replace_card", actor=actor, manager=manager, pin=pin, card=card.masked,
        amount=card.balance, currency=card.currency, detail=f"{why}; request {rid}")
    r = cards.transfer(number=number, deactivate_source=True, entry_id=rid)
    return {"old_card": r.card, "moved": r.amount, "currency": r.currency, "reason": why,
            "new_card": r.related.get("new_card"), "approved_by": approval.approved_by,
            "audit_id": approval.audit_id, "replayed": False}
