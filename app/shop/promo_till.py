"""Promotional value at a till (issue 17), with or without a ledger.

A till without one keeps the companion cards and their links in its own
store (app/shop/promo.py). A till with one works on the ledger's, where the
chain's cards are made: a grant is made there (``POST /v1/cards/promotions``);
a card tender asks the ledger for the card's companions, their balances and
the chain's spend order (``POST /v1/cards/promotions/lookup``), mirrors them
into the till's replica (the cards, the links, the order) and splits the
tender by the ledger's figures. Offline the till splits by its replica: the
links and the order it last mirrored, the balances its own holds and the
pulls keep. Each part is an ordinary card tender through the till's gateway
(a hold, captured when the sale completes, released when it is cancelled).

Called on the till's worker thread (it may wait for the ledger)."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import utcnow
from app.domain import mask
from app.errors import Decline, GiftposError, ValidationError
from app.gateway import CardGateway
from app.ids import check_id, child_id
from app.ops.journal import find_card
from app.ops.service import CardService
from app.shop import promo
from app.shop.schema import PromoLinkRow
from app.store.schema import Card, Entry, Meta
from app.wire.answers import PromoAnswer, PromoCard

if TYPE_CHECKING:
    from app.checkout.models import TenderOutcome
    from app.checkout.service import CheckoutService
    from app.sync.gateway import OnlineGateway

log = logging.getLogger(__name__)

# The chain's promo_spend_order as the ledger last said it, for offline.
ORDER_KEY = "ledger.promo_spend_order"


def _online(gateway: CardGateway) -> OnlineGateway | None:
    from app.sync.gateway import OnlineGateway

    return gateway if isinstance(gateway, OnlineGateway) else None


def _ask(gw: OnlineGateway, path: str, body: dict[str, Any], *,
         key: str | None = None) -> PromoAnswer | None:
    """The ledger's answer, or None when it cannot be reached (the till goes
    on offline). A refusal (an unknown card, a bad amount) is raised."""
    from app.sync.client import LedgerUnavailable

    if not gw.online or gw.client is None:
        return None
    try:
        answer = gw.client.ask(PromoAnswer, "POST", path, body=body, key=key,
                               read=key is None)
    except LedgerUnavailable as exc:
        if gw.monitor is not None:
            gw.monitor.report_failure(exc.message)
        if key is not None:  # a grant: it needs the ledger, as issuing a card does
            raise Decline("Giving promotional value needs the ledger, which did not "
                          "answer. Try again: the same request cannot give it twice.",
                          key="ledger_required") from exc
        return None
    if gw.monitor is not None:
        gw.monitor.report_success()
    return answer


def mirror(s: Session, answer: PromoAnswer) -> list[tuple[str, int]]:
    """Put the ledger's answer in the till's replica (the card, its companion
    cards and their links, the spend order); the sources of a spend in that
    order, by the ledger's balances."""
    from app.sync import replica

    def local(c: PromoCard) -> int:
        row = replica.ensure_card(s, c, opening=c.balance, opened_seq=c.seq)
        replica.follow_terms(row, c)
        return row.id

    card = answer.card
    card_id = local(card)
    for c in answer.companions:
        cid = local(c)
        if s.get(PromoLinkRow, cid) is None:
            s.add(PromoLinkRow(promo_card_id=cid, card_id=card_id, created_at=utcnow()))
    row = s.get(Meta, ORDER_KEY)
    if row is None:
        s.add(Meta(key=ORDER_KEY, value=answer.order))
    else:
        row.value = answer.order
    s.flush()
    mine = card.balance if card.status in promo.USABLE else 0
    return promo.ordered(answer.order, [(c.number, c.balance) for c in answer.companions],
                         (card.number, mine))


def _mirrored_order(s: Session) -> str | None:
    row = s.get(Meta, ORDER_KEY)
    return row.value if row is not None else None


def sources_at_till(cards: CardService, gateway: CardGateway, *,
                    number: str) -> tuple[list[tuple[str, int]], str] | None:
    """The card's promotional parts and the card, as (number, balance) in the
    spend order, and the card's number: the ledger's figures when the till
    has one that answers, else this till's store's. None when neither knows
    the card (the gateway decides and says so)."""
    gw = _online(gateway)
    if gw is not None:
        try:
            answer = _ask(gw, "/v1/cards/promotions/lookup", {"number": number})
        except GiftposError as exc:
            log.info("no promotional value looked up for a card: %s", exc.key)
            return None
        if answer is not None:
            return cards.run(lambda s: mirror(s, answer)), answer.card.number
    today = cards.clock().date()
    try:
        return cards.run(lambda s: promo.sources(  # type: ignore[no-any-return]
            s, number=number, today=today,
            order=_mirrored_order(s) if gw is not None else None))
    except GiftposError:
        return None


def plan_at_till(cards: CardService, gateway: CardGateway, *, number: str,
                 amount: int) -> list[tuple[str, int]]:
    """``[(card number, amount)]``: the card tender split over the card's
    promotional and purchased value in the spend order (the card alone when
    it has none, or when this till cannot tell)."""
    found = sources_at_till(cards, gateway, number=number)
    if found is None or len(found[0]) == 1:
        return [(number, amount)]  # the number as given: no promotional value
    return promo.split(found[0], own=found[1], amount=amount)


def pay_card(checkout: CheckoutService, cards: CardService, *, sale_id: str, number: str,
             amount: int | None, partial: bool | None = False) -> TenderOutcome:
    """A card scanned to pay ``amount`` (None: what is due), drawing on its
    promotional value first or last: each part its own card tender, held now,
    captured when the sale completes, released when it is cancelled. Stops at
    the first part declined (the parts held stay on the sale). ``partial``
    (None: the checkout's setting) is for the customer's own card: the
    window asks the cashier instead (False); a bonus part is exact."""
    found = sources_at_till(cards, checkout.gateway, number=number)
    if found is None or len(found[0]) == 1:  # no promotional value
        return checkout.pay_with_card(sale_id, number=number, amount=amount, partial=partial)
    ask = amount if amount is not None else checkout.get(sale_id).remaining_due
    srcs, own = found
    outcome: TenderOutcome | None = None
    for part, part_amount in promo.split(srcs, own=own, amount=ask):
        outcome = checkout.pay_with_card(sale_id, number=part, amount=part_amount,
                                         partial=partial if part == own else False)
        if outcome.declined is not None:
            break
    assert outcome is not None
    return outcome


def grant_at_till(cards: CardService, gateway: CardGateway, *, number: str, amount: int,
                  expires_on: date | None, reason: str | None = None,
                  entry_id: str | None = None) -> dict[str, Any]:
    """Give promotional value with a card: on the ledger when the till has
    one (and mirrored here), else in this till's store. Its balances."""
    eid = check_id(entry_id)
    gw = _online(gateway)
    if gw is None:
        return cards.run(lambda s: promo.grant(  # type: ignore[no-any-return]
            s, number=number, amount=amount, expires_on=expires_on, reason=reason,
            entry_id=eid, ctx=cards.context, limits=cards.limits, clock=cards.clock))
    from app.sync.client import till_fields

    body: dict[str, Any] = {"id": eid, "number": number, "amount": amount,
                            **till_fields(cards.context)}
    if expires_on is not None:
        body["expires_on"] = expires_on.isoformat()
    if reason:
        body["reason"] = reason
    answer = _ask(gw, "/v1/cards/promotions", body, key=eid)
    if answer is None:
        raise Decline("Giving promotional value needs the ledger, which cannot be reached "
                      "now. Try again in a moment.", key="ledger_required")
    cards.run(lambda s: mirror(s, answer))
    return _balances(answer)


def balances_at_till(cards: CardService, gateway: CardGateway, *,
                     number: str) -> dict[str, Any]:
    """Purchased and promotional value: the ledger's when it answers (and
    mirrored here), else this till's store's."""
    gw = _online(gateway)
    answer = (_ask(gw, "/v1/cards/promotions/lookup", {"number": number})
              if gw is not None else None)
    if answer is not None:
        cards.run(lambda s: mirror(s, answer))
        return _balances(answer)
    with cards.store.read() as s:
        return promo.balances(s, number=number, today=cards.clock().date())


def _balances(answer: PromoAnswer) -> dict[str, Any]:
    card = answer.card
    return promo.balances_of(number=card.number, currency=card.currency,
                             purchased=card.balance,
                             parts=[(c.balance, c.expires_on.isoformat() if c.expires_on
                                     else None) for c in answer.companions])


def spend_at_till(cards: CardService, gateway: CardGateway, *, number: str, amount: int,
                  partial: bool = False, entry_id: str | None = None) -> dict[str, Any]:
    """``giftpos card spend`` at a till: ``amount`` from the card's
    promotional and purchased value in the spend order. Without a ledger,
    :func:`promo.spend` in one transaction of the till's store. With one,
    every part is held through the gateway (online, or within the offline
    limits) under an id derived from the request, and captured once all are
    held: a part declined releases the parts held and nothing moves. A retry
    captures and answers the parts the first request held."""
    eid = check_id(entry_id)
    if _online(gateway) is None:
        return cards.run(lambda s: promo.spend(  # type: ignore[no-any-return]
            s, number=number, amount=amount, partial=partial, entry_id=eid,
            ctx=cards.context, limits=cards.limits, clock=cards.clock))
    if isinstance(amount, bool) or amount <= 0:
        raise ValidationError("Give an amount above zero.", key="invalid_amount")
    ctx = cards.context
    held = cards.run(lambda s: _held_before(s, number, eid))
    released = cards.run(lambda s: s.scalar(select(Entry.id).where(Entry.id.in_(
        [child_id(h, "release") for _n, _a, h in held]))))
    if released is not None:  # the first request was declined and gave its parts back
        raise Decline("This spend was declined and nothing was taken; start it again "
                      "with a new id.", key="operation_cancelled", details=eid)
    if not held:
        found = sources_at_till(cards, gateway, number=number)
        if found is None:
            card = gateway.balance(number=number)  # says why the card cannot pay
            found = ([(card.number, card.balance)], card.number)
        srcs, own = found
        available = sum(b for _, b in srcs)
        if available < amount and not partial:
            cur = cards.run(lambda s: find_card(s, own).currency)
            raise Decline(key="gift_amount_exceeded", details=mask(own),
                          params={"why": "promo", "have": available, "asked": amount,
                                  "currency": cur})
        try:
            for n, a in promo.split(srcs, own=own, amount=min(amount, available)):
                hid = _part_id(eid, n)
                gateway.hold(number=n, amount=a, partial=False, entry_id=hid, ctx=ctx)
                held.append((n, a, hid))
        except GiftposError:
            for _n, _a, hid in held:
                gateway.release(hold_id=hid, entry_id=child_id(hid, "release"), ctx=ctx)
            raise
    for _n, _a, hid in held:
        gateway.capture(hold_id=hid, amount=None, entry_id=child_id(hid, "capture"), ctx=ctx)
    bal = balances_at_till(cards, gateway, number=number)
    expiry = cards.run(lambda s: {c.number: c.expires_on for c in s.scalars(
        select(Card).where(Card.number.in_([n for n, _a, _h in held])))})
    own_number = cards.run(lambda s: find_card(s, number).number)
    parts = [promo.Part(source="purchased" if n == own_number else "promotional", amount=a,
                        expires_on=expiry.get(n)).to_dict() for n, a, _h in held]
    taken = sum(a for _n, a, _h in held)
    return {"asked": amount, "taken": taken, "remaining_due": amount - taken, "parts": parts,
            "balances": bal}


def _part_id(eid: str, number: str) -> str:
    return child_id(eid, f"hold:{number}")


def _held_before(s: Session, number: str, eid: str) -> list[tuple[str, int, str]]:
    """The parts a first request under ``eid`` held (a retry): over the card
    and every companion linked to it here, in the order they were held."""
    try:
        card = find_card(s, number)
    except GiftposError:
        return []
    numbers = [card.number, *s.scalars(select(Card.number).join(
        PromoLinkRow, PromoLinkRow.promo_card_id == Card.id).where(
        PromoLinkRow.card_id == card.id))]
    ids = {_part_id(eid, n): n for n in numbers}
    ids.update({child_id(h, "offline"): n for h, n in list(ids.items())})
    rows = s.execute(select(Entry.id, Entry.approved_amount, Entry.seq).where(
        Entry.id.in_(list(ids)))).all()
    return [(ids[i], a, _part_id(eid, ids[i])) for i, a, _seq in sorted(rows, key=lambda r: r[2])]

