"""Cash-out of small balances where the law asks for it (California: a
balance under $10, on request): the card's whole balance is redeemed through
app/ops and recorded as cash paid out of the drawer (``shop_cashouts``), which
the Z report shows and takes off the cash expected, and which the accounting
export books as Dr liability, Cr cash.

The store's ``cashout_threshold`` (minor units) is the limit: a balance
under it may be paid out; at or above it (or when the threshold is 0, no
cash-out in this store) the request is refused and nothing moves."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clock import Clock
from app.domain import CardStatus, Limits, OpContext, OpResult, mask
from app.errors import Decline
from app.ids import check_id
from app.money import format_money
from app.ops import payments
from app.ops.journal import find_card, when
from app.shop import settings as shop_settings
from app.shop.schema import CashoutRow


def cashout(session: Session, *, number: str, entry_id: str | None = None, ctx: OpContext,
            limits: Limits, clock: Clock) -> OpResult:
    eid = check_id(entry_id)
    done = session.get(CashoutRow, eid)
    if done is not None:  # a replay answers the first result
        return payments.redeem(session, number=number, amount=done.amount, entry_id=eid,
                               ctx=ctx, limits=limits, clock=clock)
    card = find_card(session, number, lock=True)
    threshold = shop_settings.load(session).store(ctx.store).cashout_threshold
    if card.status not in (CardStatus.ACTIVE, CardStatus.REDEEMED) or card.balance <= 0:
        raise Decline(f"Card {mask(card.number)} has nothing to pay out.",
                      key="cashout_nothing", details=mask(card.number))
    if threshold <= 0:
        raise Decline("This store does not pay gift card balances out in cash.",
                      key="cashout_not_offered", details=mask(card.number))
    if card.balance >= threshold:
        raise Decline(f"Only balances under {format_money(threshold, card.currency)} are paid "
                      f"out in cash; this card has {format_money(card.balance, card.currency)}.",
                      key="cashout_above_threshold", details=mask(card.number))
    amount = card.balance
    result = payments.redeem(session, number=number, amount=amount, entry_id=eid, ctx=ctx,
                             limits=limits, clock=clock)
    now, bday = when(ctx, clock)
    session.add(CashoutRow(entry_id=eid, card=mask(card.number), amount=amount,
                           currency=card.currency, store=ctx.store, terminal=ctx.terminal,
                           cashier=ctx.cashier, business_date=bday.isoformat(),
                           created_at=now))
    session.flush()
    return result


def paid_out(session: Session, *, terminal: str, business_date: date) -> tuple[int, int]:
    """(count, amount) of cash-outs at a till on a business day."""
    n, total = session.execute(
        select(func.count(CashoutRow.entry_id), func.coalesce(func.sum(CashoutRow.amount), 0))
        .where(CashoutRow.terminal == terminal,
               CashoutRow.business_date == business_date.isoformat())).one()
    return int(n or 0), int(total or 0)
