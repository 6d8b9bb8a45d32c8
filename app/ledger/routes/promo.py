"""Promotional value on the ledger (issue 17, app/shop/promo.py): given with
a card where the chain's cards are made, and looked up by any till of the
chain, which mirrors the companion cards and their links into its replica
(app/shop/promo_till.py) and draws on them in the ledger's spend order, online
and offline. Spending needs no route of its own: each part is an ordinary
hold on a card."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from app.domain import OpContext
from app.ledger import feed, visibility
from app.ledger.auth import Caller
from app.ledger.deps import Auth, IdemKey, LedgerDep, mutate
from app.ledger.models import PromoGrantBody, PromoLookupBody
from app.ops.journal import find_card, when
from app.shop import promo
from app.shop import settings as shop_settings
from app.store.schema import Card
from app.wire.answers import ERRORS, PromoAnswer
from app.wire.entry import card_payload

router = APIRouter(prefix="/v1/cards", tags=["cards"], responses=ERRORS)


def _wire(s: Session, card: Card) -> dict[str, Any]:
    return {**card_payload(card), "seq": feed.card_seq(s, card.id)}


def promotional(s: Session, *, number: str, now: datetime) -> dict[str, Any]:
    """The card, its companions usable today and the spend order."""
    card = find_card(s, number)
    companions = promo.companions(s, card, today=now.astimezone().date())
    return {"card": _wire(s, card), "companions": [_wire(s, c) for c in companions],
            "order": shop_settings.load(s).promo_spend_order}


def _numbers(payload: dict[str, Any]) -> set[str]:
    return {payload["card"]["number"], *(c["number"] for c in payload["companions"])}


def _mark_seen(s: Session, caller: Caller, numbers: set[str], now: datetime) -> None:
    """The till that asked has seen them all: its pulls carry their changes
    from now on."""
    for n in sorted(numbers):
        visibility.mark_seen(s, caller, n, now)


@router.post("/promotions", response_model=PromoAnswer)
def grant(body: PromoGrantBody, who: Auth, ledger: LedgerDep,
          key: IdemKey = None) -> JSONResponse:
    """Give promotional value with a card: a companion card of program
    ``promo`` made here with its own expiry, linked to the card. Idempotent
    by the entry id: a retry answers the first grant, never a second card."""
    lim, clk = ledger.cards.limits, ledger.cards.clock

    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        promo.grant(s, number=body.number, amount=body.amount, expires_on=body.expires_on,
                    reason=body.reason, entry_id=eid, ctx=ctx, limits=lim, clock=clk)
        now = when(ctx, clk)[0]
        payload = promotional(s, number=body.number, now=now)
        _mark_seen(s, who, _numbers(payload), now)
        return {**payload, "id": eid}

    return mutate(ledger, who, f"promo:{body.number}", body, key, op)


@router.post("/promotions/lookup", response_model=PromoAnswer)
def lookup(body: PromoLookupBody, who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    """A card and the promotional value given with it, as a till draws on it.
    Asked before every card tender at a till: a read, and a write only the
    first time this till sees one of the cards."""
    now = ledger.clock()
    with ledger.store.read() as s:
        payload = promotional(s, number=body.number, now=now)
        # Marked once per till and card, whether or not the till could read
        # the card already (its own entries on it): one query, not the
        # visibility walk, on a call made before every card tender.
        unseen = visibility.unmarked(s, who, _numbers(payload))
    if unseen:
        with ledger.store.transaction() as s:
            _mark_seen(s, who, unseen, now)
    return payload
