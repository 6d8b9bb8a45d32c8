"""Promotional value apart from purchased value ("buy $100, get $20").

The bonus lives on a companion card of program ``promo`` linked to the
customer's card (``shop_promo_links``); the customer only ever uses their own
number. So, with no change to the posting engine:

- it has its own expiry (the companion's ``expires_on``; the expiry sweep
  takes it off like any card's, booked back against marketing);
- it is never cashed out (cash-out reads the customer's card only);
- a spend draws on both in the configured order (``promo_spend_order``:
  ``promo_first``, soonest-expiring bonus first, or ``purchased_first``), one
  transaction, each part a redeem through app/ops under an id derived from
  the request, so a retry answers the same parts;
- it is reported apart (program ``promo`` in the liability reports) and
  booked apart (Dr marketing, Cr promotional liability when given).

At the till's checkout, :func:`plan` splits a card tender over the same
sources in the same order; each part is an ordinary card tender (a hold on
that card, captured when the sale completes, released when it is cancelled),
so the checkout's hold and capture rules apply to promotional value as they
are (app/shop/promo_till.py). On a till with a ledger the links and the
companion cards are the ledger's (made there, looked up there and mirrored
into the till's replica for its offline decisions: app/shop/promo_till.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.clock import Clock
from app.domain import CardStatus, Limits, OpContext, mask
from app.errors import Decline, ValidationError
from app.ids import check_id, child_id
from app.ops import lifecycle, payments
from app.ops.journal import card_by_id, find_card, when
from app.shop import settings as shop_settings
from app.shop.schema import PROMO_PROGRAM, PromoLinkRow
from app.store.schema import Card, Entry

PROGRAM = PROMO_PROGRAM
USABLE = (CardStatus.ACTIVE, CardStatus.REDEEMED)


@dataclass(frozen=True, kw_only=True)
class Part:
    source: str  # "promotional" | "purchased"
    amount: int
    expires_on: date | None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "amount": self.amount,
                "expires_on": self.expires_on.isoformat() if self.expires_on else None}


# Built once, run in Core: asked before every card tender at a till.
_LINKS = select(PromoLinkRow.promo_card_id).where(PromoLinkRow.card_id == bindparam("cid"))


def companions(s: Session, card: Card, *, today: date) -> list[Card]:
    """The card's promotional companions still usable today, soonest expiring first."""
    if s.new:
        s.flush()  # a link added just now (Core does not autoflush)
    ids = list(s.connection().execute(_LINKS, {"cid": card.id}).scalars())
    if not ids:
        return []
    rows = s.scalars(select(Card).where(Card.id.in_(ids)).order_by(Card.id)).all()
    live = [c for c in rows if c.status in USABLE and c.balance > 0
            and (c.expires_on is None or c.expires_on >= today)]
    return sorted(live, key=lambda c: (c.expires_on or date.max, c.id))


def grant(s: Session, *, number: str, amount: int, expires_on: date | None,
          reason: str | None = None, entry_id: str | None = None, ctx: OpContext,
          limits: Limits, clock: Clock) -> dict[str, Any]:
    """Give ``amount`` of promotional value with the card ``number``."""
    eid = check_id(entry_id)
    card = find_card(s, number, lock=True)
    if card.program == PROGRAM:
        raise ValidationError("Give promotional value with the customer's card.",
                              key="invalid_card")
    if card.status not in USABLE:
        raise Decline(key="card_not_usable",
                      params={"card": mask(card.number), "status": str(card.status)})
    if isinstance(amount, bool) or amount <= 0:
        raise ValidationError("Give an amount above zero.", key="invalid_amount")
    today = when(ctx, clock)[1]
    if expires_on is not None and expires_on < today:
        raise ValidationError("The promotional value would expire before it is given.",
                              key="invalid_expiry")
    made = lifecycle.issue(s, amount=amount, currency=card.currency, expires_on=expires_on,
                           program=PROGRAM, entry_id=eid, ctx=ctx, limits=limits, clock=clock)
    promo = find_card(s, made[0][0].number)
    if s.get(PromoLinkRow, promo.id) is None:
        now, _ = when(ctx, clock)
        s.add(PromoLinkRow(promo_card_id=promo.id, card_id=card.id,
                           reason=(reason or "").strip()[:200] or None, created_at=now))
        s.flush()
    return balances(s, number=number, today=today)


def balances(s: Session, *, number: str, today: date) -> dict[str, Any]:
    card = find_card(s, number)
    promos = companions(s, card, today=today)
    return balances_of(number=card.number, currency=card.currency, purchased=card.balance,
                       parts=[(c.balance, c.expires_on.isoformat() if c.expires_on else None)
                              for c in promos])


def balances_of(*, number: str, currency: str, purchased: int,
                parts: list[tuple[int, str | None]]) -> dict[str, Any]:
    """Purchased, promotional (each part with its expiry) and the total."""
    return {"card": mask(number), "currency": currency, "purchased": purchased,
            "promotional": sum(a for a, _ in parts),
            "total": purchased + sum(a for a, _ in parts),
            "promotional_parts": [{"amount": a, "expires_on": e} for a, e in parts]}


def spend(s: Session, *, number: str, amount: int, partial: bool = False,
          entry_id: str | None = None, ctx: OpContext, limits: Limits,
          clock: Clock) -> dict[str, Any]:
    """Take ``amount`` from the card's promotional and purchased value in the
    configured order. Declines (nothing moves) when both together are short
    and ``partial`` is off; with it on, takes what there is."""
    eid = check_id(entry_id)
    card = find_card(s, number, lock=True)
    today = when(ctx, clock)[1]
    links = list(s.scalars(select(PromoLinkRow.promo_card_id).where(
        PromoLinkRow.card_id == card.id)))
    candidates = [card, *(card_by_id(s, i) for i in links)]
    part_id = {c.number: child_id(eid, f"part:{c.number}") for c in candidates}
    done = {e.id: e for e in s.scalars(select(Entry).where(
        Entry.id.in_(list(part_id.values()))))}
    if done:  # a retry: answer the parts the first request took
        taken = sorted((done[part_id[c.number]].seq, c) for c in candidates
                       if part_id[c.number] in done)
        parts = [Part(source="purchased" if c.id == card.id else "promotional",
                      amount=done[part_id[c.number]].approved_amount,
                      expires_on=c.expires_on) for _, c in taken]
        return _answer(s, number, amount, parts, today)
    promos = companions(s, card, today=today)
    order = shop_settings.load(s).promo_spend_order
    mine = [card] if card.status in USABLE and card.balance > 0 else []
    sources = promos + mine if order == "promo_first" else mine + promos
    available = sum(c.balance for c in sources)
    if isinstance(amount, bool) or amount <= 0:
        raise ValidationError("Give an amount above zero.", key="invalid_amount")
    if available < amount and not partial:
        raise Decline(key="gift_amount_exceeded", details=mask(card.number),
                      params={"why": "promo", "have": available, "asked": amount,
                              "currency": card.currency})
    left, parts = amount, []
    for c in sources:
        if left <= 0:
            break
        take = min(c.balance, left)
        payments.redeem(s, number=c.number, amount=take, entry_id=part_id[c.number], ctx=ctx,
                        limits=limits, clock=clock)
        parts.append(Part(source="purchased" if c.id == card.id else "promotional",
                          amount=take, expires_on=c.expires_on))
        left -= take
    return _answer(s, number, amount, parts, today)


def _answer(s: Session, number: str, asked: int, parts: list[Part],
            today: date) -> dict[str, Any]:
    taken = sum(p.amount for p in parts)
    return {"asked": asked, "taken": taken, "remaining_due": asked - taken,
            "parts": [p.to_dict() for p in parts],
            "balances": balances(s, number=number, today=today)}


def plan(s: Session, *, number: str, amount: int, today: date,
         order: str | None = None) -> list[tuple[str, int]]:
    """How a card tender of ``amount`` splits over the card's promotional and
    purchased value, in the spend order (``order``, else this store's
    ``promo_spend_order``): ``[(card number, amount)]``, one ordinary card
    tender (a hold, captured when the sale completes, released when it is
    cancelled) per part. Without companions it is the card alone."""
    found, own = sources(s, number=number, today=today, order=order)
    if len(found) == 1:
        return [(own, amount)]
    return split(found, own=own, amount=amount)


def sources(s: Session, *, number: str, today: date,
            order: str | None = None) -> tuple[list[tuple[str, int]], str]:
    """The card's usable companions and the card itself, as (number,
    balance) in the spend order; and the card's number."""
    card = find_card(s, number)
    promos = companions(s, card, today=today)
    mine = card.balance if card.status in USABLE else 0
    return ordered(order or shop_settings.load(s).promo_spend_order,
                   [(c.number, c.balance) for c in promos],
                   (card.number, mine)), card.number


def ordered(order: str, promos: list[tuple[str, int]],
            own: tuple[str, int]) -> list[tuple[str, int]]:
    """The sources of a spend in ``order``: the bonus parts (soonest expiring
    first) before the card's own value (``promo_first``) or after it."""
    return [*promos, own] if order == "promo_first" else [own, *promos]


def split(sources: list[tuple[str, int]], *, own: str,
          amount: int) -> list[tuple[str, int]]:
    """``amount`` taken from ``sources`` (number, balance) in their order. When
    they are short together, the customer's card (``own``) comes last and is
    asked for the rest (so it declines, and the till can offer what it has,
    as for any card)."""
    left, parts = amount, []
    for n, bal in sources:
        take = min(bal, left)
        if take > 0:
            parts.append((n, take))
            left -= take
    if left > 0:
        mine = sum(a for n, a in parts if n == own)
        parts = [(n, a) for n, a in parts if n != own] + [(own, mine + left)]
    return parts
