"""Selling and reloading cards on a program's terms: minimum and maximum,
preset amounts offered as buttons, and a card sold under face value (a $50
card for $45) with the discount recorded beside the issue entry
(``shop_card_sales``) for the books. Value moves only through app/ops."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from app.clock import Clock
from app.designs.service import issue_in_session
from app.domain import CardView, Limits, OpContext, OpResult
from app.errors import NotFound, ValidationError
from app.ids import check_id
from app.ops import lifecycle
from app.ops.journal import find_card, when
from app.ops.service import CardService
from app.shop import law
from app.shop import settings as shop_settings
from app.shop.schema import CardSaleRow
from app.shop.settings import ProgramTerms


class Balances(Protocol):
    """What of a till's card gateway (app.gateway, not imported: the ledger
    imports this module) the selling keys need."""

    def balance(self, *, number: str | None = None, key: str | None = None) -> CardView: ...


def check_amount(session: Session, *, program: str | None, amount: int, currency: str,
                 what: str = "sold") -> None:
    """Refuse an amount outside the program's minimum and maximum."""
    t = shop_settings.load(session).program(program)
    if isinstance(amount, bool) or amount <= 0:
        raise ValidationError("Give an amount above zero.", key="invalid_amount")
    if t.min_amount and amount < t.min_amount:
        raise ValidationError(key="amount_below_minimum", details=program,
                              params={"why": what, "amount": t.min_amount,
                                      "currency": currency})
    if t.max_amount and amount > t.max_amount:
        raise ValidationError(key="amount_above_maximum", details=program,
                              params={"why": what, "amount": t.max_amount,
                                      "currency": currency})


def _record(session: Session, *, entry_id: str, face: int, paid: int | None, currency: str,
            ctx: OpContext, clock: Clock) -> None:
    if session.get(CardSaleRow, entry_id) is not None:
        return  # a replay: recorded the first time
    pay = face if paid is None else paid
    if isinstance(pay, bool) or not 0 <= pay <= face:
        raise ValidationError("The price paid must be between zero and the card's value.",
                              key="invalid_price")
    now, _ = when(ctx, clock)
    session.add(CardSaleRow(entry_id=entry_id, face=face, paid=pay, discount=face - pay,
                            currency=currency, store=ctx.store, terminal=ctx.terminal,
                            created_at=now))
    session.flush()


def sell(session: Session, *, amount: int, paid: int | None = None, program: str | None = None,
         currency: str = "USD", with_key: bool = False, entry_id: str | None = None,
         ctx: OpContext, limits: Limits, clock: Clock) -> tuple[CardView, str | None]:
    """A new card with ``amount`` on it, bought for ``paid`` (default: face)."""
    eid = check_id(entry_id)
    cur = currency
    if program:
        from app.designs.programs import get_program

        cur = get_program(session, program).currency
    check_amount(session, program=program, amount=amount, currency=cur)
    if paid is not None and not 0 <= paid <= amount:
        raise ValidationError("The price paid must be between zero and the card's value.",
                              key="invalid_price")
    if program:
        law.check_program(session, program=program, store=ctx.store)
        made = issue_in_session(session, program=program, amount=amount, with_key=with_key,
                                entry_id=eid, ctx=ctx, limits=limits, clock=clock)
    else:
        made = lifecycle.issue(session, amount=amount, currency=cur, with_key=with_key,
                               entry_id=eid, ctx=ctx, limits=limits, clock=clock)
    _record(session, entry_id=eid, face=amount, paid=paid, currency=made[0][0].currency,
            ctx=ctx, clock=clock)
    return made[0]


def reload(session: Session, *, number: str, amount: int, paid: int | None = None,
           entry_id: str | None = None, ctx: OpContext, limits: Limits,
           clock: Clock) -> OpResult:
    card = find_card(session, number)
    check_amount(session, program=card.program, amount=amount, currency=card.currency,
                 what="reloaded")
    eid = check_id(entry_id)
    out = lifecycle.load(session, number=number, amount=amount, entry_id=eid, ctx=ctx,
                         limits=limits, clock=clock)
    law.extend_on_load(session, number=number, ctx=ctx, clock=clock)
    _record(session, entry_id=eid, face=amount, paid=paid, currency=card.currency, ctx=ctx,
            clock=clock)
    return out


def sell_card(cards: CardService, *, amount: int, paid: int | None = None,
              program: str | None = None, currency: str = "USD", with_key: bool = False,
              entry_id: str | None = None) -> tuple[CardView, str | None]:
    """``sell`` in a durable transaction of its own."""
    return cards.run(lambda s: sell(s, amount=amount, paid=paid, program=program,
                                    currency=currency, with_key=with_key, entry_id=entry_id,
                                    ctx=cards.context, limits=cards.limits, clock=cards.clock))


def reload_card(cards: CardService, *, number: str, amount: int, paid: int | None = None,
                entry_id: str | None = None) -> OpResult:
    return cards.run(lambda s: reload(s, number=number, amount=amount, paid=paid,
                                      entry_id=entry_id, ctx=cards.context, limits=cards.limits,
                                      clock=cards.clock))


def card_terms(cards: CardService, gateway: Balances, *,
               number: str) -> tuple[ProgramTerms, CardView | None]:
    """The selling terms of the card at the till (its program's; the default
    terms for a card the gateway does not know) and the card as it is."""
    try:
        card: CardView | None = gateway.balance(number=number)
    except NotFound:
        card = None
    program = card.program if card is not None else None
    return cards.run(lambda s: shop_settings.load(s).program(program)), card


def check_at_till(cards: CardService, gateway: Balances, *, number: str, amount: int,
                  currency: str, what: str = "sold") -> None:
    """The till's sell and reload keys: refuse an amount outside the card's
    program's minimum and maximum, before the line is added."""
    terms, card = card_terms(cards, gateway, number=number)
    currency = card.currency if card is not None else currency
    if terms.min_amount or terms.max_amount:
        program = card.program if card is not None else None
        cards.run(lambda s: check_amount(s, program=program, amount=amount, currency=currency,
                                         what=what))
