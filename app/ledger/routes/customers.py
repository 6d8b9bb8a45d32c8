"""The ledger's `/v1/customers` endpoints: create, find, saved cards,
preferred, share, revoke, gift. Same rules as the rest of the API:
bearer-token auth, ``Idempotency-Key`` (or the body's ``id``) makes a
mutation happen once and answers the first result, errors leave as
``{"code", "key", "message", "details"}``.

Card numbers are masked in every answer but two: the answer to a gift of a
new card carries ``new_card_number`` once, because the paying terminal must
print the e-gift card (a retry with the same key answers it again, as the
issue endpoint does); and ``payment-card`` answers the number a till must
send to pay with a saved card.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import Field, StrictBool
from sqlalchemy.orm import Session

from app.cardnumbers import canonical
from app.customers import gifts, people, wallet
from app.domain import OpContext
from app.errors import Forbidden, GiftposError, ValidationError
from app.ledger import guards, visibility
from app.ledger.auth import Caller
from app.ledger.deps import Auth, IdemKey, LedgerDep, mutate
from app.ledger.models import Amount, Currency, TillBody
from app.ledger.service import Ledger, Op
from app.wire.answers import (
    ERRORS,
    CustomerAnswer,
    CustomersAnswer,
    CustomerWithCards,
    GiftAnswer,
    PaymentCardAnswer,
    SavedCardAnswer,
    SavedCardsAnswer,
    ShareAnswer,
)

# Who looked customers up: one line each, for the chain's audit log.
audit = logging.getLogger("giftpos.audit.customers")
TILL_FOUND = 10

router = APIRouter(prefix="/v1/customers", tags=["customers"], responses=ERRORS)


class CustomerBody(TillBody):
    name: str = Field(max_length=120)
    phone: str = Field(max_length=40)
    email: str | None = Field(default=None, max_length=254)


class SaveCardBody(TillBody):
    number: str = Field(max_length=40)
    preferred: StrictBool = False


class ShareBody(TillBody):
    with_customer: str = Field(max_length=36, description="the customer to share with")


class GiftBody(TillBody):
    recipient: str = Field(max_length=36)
    saved_card_id: str | None = Field(default=None, max_length=36, description=(
        "hand over this saved card of the sender (no amount, no payment)"))
    amount: Amount | None = Field(default=None, description="a new card of this amount")
    currency: Currency = "USD"
    source_transaction_id: str | None = Field(default=None, max_length=100, description=(
        "the payment that funds a new card (required with amount)"))
    program: str | None = Field(default=None, max_length=64)
    message: str | None = Field(default=None, max_length=500)
    number: str | None = Field(default=None, max_length=40, description=(
        "with saved_card_id from a till: the card's number read from the card the owner "
        "holds (the owner's consent); a manager's token needs none"))


def _run(ledger: Ledger, who: Caller, route: str, body: TillBody, key: str | None,
         op: Op) -> JSONResponse:
    return mutate(ledger, who, route, body, key, op)


@router.post("", response_model=CustomerAnswer)
def create(body: CustomerBody, who: Auth, ledger: LedgerDep,
           key: IdemKey = None) -> JSONResponse:
    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        c = people.create(s, name=body.name, phone=body.phone, email=body.email, op_id=eid,
                          now=ledger.clock())
        return {"customer": c.to_dict()}
    return _run(ledger, who, "customer:create", body, key, op)


@router.get("", response_model=CustomersAnswer)
def find(who: Auth, ledger: LedgerDep,
         phone: Annotated[str | None, Query(max_length=40)] = None,
         name: Annotated[str | None, Query(max_length=120)] = None,
         limit: Annotated[int, Query(ge=1, le=people.MAX_FOUND)] = 20) -> dict[str, Any]:
    """Customers by phone or name. Limited and audited (issue 15.4): a till's
    searches count against its per-minute allowance (as card-key look-ups do),
    answer at most ``TILL_FOUND`` people, and each is written to the audit log
    (who, which store, how many found; never the query's full phone)."""
    with ledger.store.transaction() as s:
        guards.hit_rate(s, caller_id=who.id, kind="customer_find", now=ledger.clock(),
                        limit=ledger.settings.key_lookups_per_minute)
    if not who.is_manager:
        limit = min(limit, TILL_FOUND)
    with ledger.store.read() as s:
        found = [c.to_dict() for c in people.find(s, phone=phone, name=name, limit=limit)]
    audit.info("customer search by %s (store %s, %s): %d found", who.name, who.store,
               "phone …" + "".join(ch for ch in phone or "" if ch.isdigit())[-2:] if phone
               else f"name of {len(name or '')} characters", len(found))
    return {"customers": found}


@router.get("/{customer_id}", response_model=CustomerWithCards)
def get(customer_id: str, who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    with ledger.store.read() as s:
        return {"customer": people.view_of(people.customer_row(s, customer_id)).to_dict(),
                "cards": [c.to_dict() for c in wallet.saved_cards(s, customer_id=customer_id)]}


@router.get("/{customer_id}/cards", response_model=SavedCardsAnswer)
def cards(customer_id: str, who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    with ledger.store.read() as s:
        return {"cards": [c.to_dict() for c in wallet.saved_cards(s, customer_id=customer_id)]}


@router.get("/{customer_id}/payment-card", response_model=PaymentCardAnswer)
def payment_card(customer_id: str, who: Auth, ledger: LedgerDep,
                 saved_card_id: str | None = None) -> dict[str, Any]:
    """The saved card a till pays with (the preferred one unless one is
    named), with its full number: a till must send the number to hold value
    on the card, exactly as if it had been scanned. Counted against the same
    per-terminal limit as card-key lookups, so a stolen token cannot harvest
    numbers quickly."""
    with ledger.store.transaction() as s:
        guards.hit_rate(s, caller_id=who.id, kind="payment_card", now=ledger.clock(),
                        limit=ledger.settings.key_lookups_per_minute)
    with ledger.store.read() as s:
        card = wallet.card_for_payment(s, customer_id=customer_id, saved_id=saved_card_id)
        answer = {"saved_card": card.to_dict(), "number": card.number}
    return visibility.seen(ledger, who, answer)


@router.post("/{customer_id}/cards", response_model=SavedCardAnswer)
def save_card(customer_id: str, body: SaveCardBody, who: Auth, ledger: LedgerDep,
              key: IdemKey = None) -> JSONResponse:
    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        return {"saved_card": wallet.save_card(
            s, customer_id=customer_id, number=body.number, preferred=body.preferred,
            op_id=eid, now=ledger.clock()).to_dict()}
    return _run(ledger, who, f"customer:save:{customer_id}", body, key, op)


@router.post("/{customer_id}/cards/{saved_id}/preferred", response_model=SavedCardAnswer)
def prefer(customer_id: str, saved_id: str, body: TillBody, who: Auth, ledger: LedgerDep,
           key: IdemKey = None) -> JSONResponse:
    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        return {"saved_card": wallet.prefer(s, customer_id=customer_id,
                                            saved_id=saved_id).to_dict()}
    return _run(ledger, who, f"customer:prefer:{customer_id}:{saved_id}", body, key, op)


@router.post("/{customer_id}/cards/{saved_id}/shares", response_model=ShareAnswer)
def share(customer_id: str, saved_id: str, body: ShareBody, who: Auth, ledger: LedgerDep,
          key: IdemKey = None) -> JSONResponse:
    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        return {"share": wallet.share(s, owner_id=customer_id, saved_id=saved_id,
                                      with_customer=body.with_customer, op_id=eid,
                                      now=ledger.clock()).to_dict()}
    return _run(ledger, who, f"customer:share:{customer_id}:{saved_id}", body, key, op)


@router.post("/{customer_id}/shares/{share_id}/revoke", response_model=ShareAnswer)
def revoke(customer_id: str, share_id: str, body: TillBody, who: Auth, ledger: LedgerDep,
           key: IdemKey = None) -> JSONResponse:
    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        return {"share": wallet.revoke(s, owner_id=customer_id, share_id=share_id,
                                       now=ledger.clock()).to_dict()}
    return _run(ledger, who, f"customer:revoke:{customer_id}:{share_id}", body, key, op)


def _owner_consents(s: Session, who: Caller, owner: str, saved_id: str,
                    number: str | None) -> None:
    """Issue 15.4: a saved card goes to someone else only with its owner's
    consent: from a till, the owner is there holding the card (its number is
    read from it); a manager's own token may do it without."""
    if who.is_manager:
        return
    src = wallet.owner_row(s, owner_id=owner, saved_id=saved_id)
    try:
        same = number is not None and canonical(number) == canonical(src.card_number)
    except GiftposError:
        same = False
    if not same:
        raise Forbidden("Giving away a customer's saved card needs the owner's consent: "
                        "scan or type the card the owner holds (or ask a manager).",
                        key="owner_consent_required")


@router.post("/{customer_id}/gifts", response_model=GiftAnswer)
def gift(customer_id: str, body: GiftBody, who: Auth, ledger: LedgerDep,
         key: IdemKey = None) -> JSONResponse:
    """Two modes: ``saved_card_id`` hands that card over; ``amount`` with
    ``source_transaction_id`` issues a new card funded by that payment."""
    if body.saved_card_id is not None and (body.amount is not None
                                           or body.source_transaction_id is not None):
        raise ValidationError("Either hand over a saved card (saved_card_id) or gift a new "
                              "card (amount and source_transaction_id), not both.",
                              key="invalid_request")
    if body.saved_card_id is None and (body.amount is None
                                       or not body.source_transaction_id):
        raise ValidationError("A new gift card needs amount and source_transaction_id (the "
                              "payment that funds it).", key="source_required")

    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        if body.saved_card_id is not None:
            _owner_consents(s, who, customer_id, body.saved_card_id, body.number)
            g = gifts.gift_existing(s, sender_id=customer_id, saved_id=body.saved_card_id,
                                    recipient_id=body.recipient, message=body.message,
                                    op_id=eid, now=ledger.clock())
            return {"gift": g.to_dict()}
        g = gifts.gift_new_funded(
            s, sender_id=customer_id, recipient_id=body.recipient,
            amount=body.amount or 0, currency=body.currency,
            source_ref=body.source_transaction_id or "", program=body.program,
            message=body.message, op_id=eid, ctx=ctx, limits=ledger.cards.limits,
            clock=ledger.cards.clock)
        return {"gift": g.to_dict(), "new_card_number": g.number}
    return _run(ledger, who, f"customer:gift:{customer_id}", body, key, op)
