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

from app.domain import mask
from app.errors import Decline, SyncError, ValidationError
from app.ids import check_id
from app.ops.service import CardService
from app.shop import ranges
from app.staff.models import Approval, StaffView
from app.staff.repairs import CardRepairs, LedgerCaller
from app.staff.service import StaffService
from app.store.schema import Entry
from app.wire.answers import RangeAnswer


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


def activate_range(cards: CardService, staff: StaffService, *, first: str, last: str,
                   amount: int = 0, manager: str | None, pin: str | None,
                   actor: StaffView | None = None, request_id: str | None = None,
                   approved: Approval | None = None,
                   ledger: LedgerCaller | None = None) -> RangeResult:
    """Activate every card numbered ``first``..``last`` once, after a
    manager's approval (asked here, or ``approved`` already by the console's
    approval flow); all or nothing. ``ledger``: a till with one (a client
    holding a manager's token, app.staff.repairs.ledger_for_repairs) has the
    range activated there, where the printed cards are."""
    rid = check_id(request_id)
    if ledger is not None:
        return _range_on_ledger(ledger, staff, first=first, last=last, amount=amount,
                                manager=manager, pin=pin, actor=actor, rid=rid,
                                approved=approved, cashier=cards.context.cashier)
    with cards.store.read() as s:
        found = ranges.range_cards(s, first, last)
        ids = ranges.part_ids(rid, found)
        done = ranges.done_ids(s, ids)
        currency = found[0].currency
        if done and len(done) == len(found):  # a retried request: answered already
            return RangeResult(first=mask(found[0].number), last=mask(found[-1].number),
                               count=len(found), amount_each=amount, currency=currency,
                               approved_by="", audit_id=None, replayed=True)
        ranges.refuse_sold(found, ids, done)
    approval: Approval = approved or staff.authorize(
        action="bulk_activate", actor=actor, manager=manager, pin=pin,
        card=mask(found[0].number), amount=amount * len(found), currency=currency,
        detail=f"{len(found)} cards {mask(found[0].number)} to {mask(found[-1].number)}, "
               f"{amount} each, request {rid}")
    cards.run(lambda s: ranges.activate_all(s, found, ids, amount=amount, ctx=cards.context,
                                            limits=cards.limits, clock=cards.clock))
    return RangeResult(first=mask(found[0].number), last=mask(found[-1].number),
                       count=len(found), amount_each=amount, currency=currency,
                       approved_by=approval.approved_by, audit_id=approval.audit_id)


def _range_on_ledger(ledger: LedgerCaller, staff: StaffService, *, first: str, last: str,
                     amount: int, manager: str | None, pin: str | None,
                     actor: StaffView | None, rid: str, approved: Approval | None,
                     cashier: str | None) -> RangeResult:
    approval: Approval = approved or staff.authorize(
        action="bulk_activate", actor=actor, manager=manager, pin=pin, card=mask(first),
        amount=amount, detail=f"cards {mask(first)} to {mask(last)}, {amount} each, "
                              f"request {rid}, on the ledger")
    body: dict[str, Any] = {"id": rid, "first": first, "last": last, "amount": amount,
                            **({"cashier": cashier} if cashier else {})}
    try:
        r = ledger.ask(RangeAnswer, "POST", "/v1/cards/activate-range", body=body, key=rid)
    except SyncError as exc:
        raise SyncError("The ledger cannot be reached, and printed cards are activated on "
                        "the ledger. Try again when the terminal is online.",
                        key="ledger_required") from exc
    return RangeResult(first=r.first, last=r.last, count=r.count,
                       amount_each=r.amount_each, currency=r.currency,
                       approved_by=approval.approved_by, audit_id=approval.audit_id)


def replace_card(cards: CardService, staff: StaffService, *, number: str, reason: str,
                 manager: str | None, pin: str | None, actor: StaffView | None = None,
                 request_id: str | None = None,
                 approved: Approval | None = None,
                 repairs: CardRepairs | None = None) -> dict[str, Any]:
    """A lost or damaged card: cancel it and move its whole balance to a new
    card, in one transaction, after a manager's approval. Answers the new
    card in full (the customer needs it) and the old one masked. ``repairs``:
    a till with a ledger makes the move there (a manager's token; the ledger
    refuses an empty card, and answers a retry with the first result)."""
    why = (reason or "").strip().lower()
    if why not in ("lost", "damaged", "stolen"):
        raise ValidationError("Say why: lost, damaged or stolen.", key="invalid_reason")
    rid = check_id(request_id)
    if repairs is not None and repairs.where == "ledger":
        approval = approved or staff.authorize(
            action="replace_card", actor=actor, manager=manager, pin=pin, card=mask(number),
            detail=f"{why}; request {rid}, on the ledger")
        r = repairs.transfer(number=number, amount=None, entry_id=rid, ctx=cards.context)
        return {"old_card": r.card, "moved": r.amount, "currency": r.currency, "reason": why,
                "new_card": r.related.get("new_card"), "approved_by": approval.approved_by,
                "audit_id": approval.audit_id, "replayed": False}
    with cards.store.read() as s:
        seen = s.scalar(select(Entry.id).where(Entry.id == rid)) is not None
    if seen:  # a retried request: the same answer, no second approval
        r = cards.transfer(number=number, deactivate_source=True, entry_id=rid)
        return {"old_card": r.card, "moved": r.amount, "currency": r.currency, "reason": why,
                "new_card": r.related.get("new_card"), "approved_by": None,
                "audit_id": None, "replayed": True}
    card = cards.balance(number=number)
    if card.balance <= 0:
        raise Decline(key="nothing_to_transfer", details=card.masked,
                      params={"why": "replace", "card": card.masked})
    approval = approved or staff.authorize(
        action="replace_card", actor=actor, manager=manager, pin=pin, card=card.masked,
        amount=card.balance, currency=card.currency, detail=f"{why}; request {rid}")
    r = cards.transfer(number=number, deactivate_source=True, entry_id=rid)
    return {"old_card": r.card, "moved": r.amount, "currency": r.currency, "reason": why,
            "new_card": r.related.get("new_card"), "approved_by": approval.approved_by,
            "audit_id": approval.audit_id, "replayed": False}
