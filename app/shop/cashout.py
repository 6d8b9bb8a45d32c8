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
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.clock import Clock
from app.domain import CardStatus, CardView, Limits, OpContext, OpResult, mask
from app.errors import Decline
from app.ids import check_id
from app.ops import payments
from app.ops.journal import find_card, when
from app.ops.service import CardService
from app.shop import settings as shop_settings
from app.shop.schema import CashoutRow


class Gateway(Protocol):
    """What of a till's card gateway (app.gateway, not imported: the ledger
    imports this module) a cash-out uses."""

    def balance(self, *, number: str | None = None, key: str | None = None) -> CardView: ...

    def redeem(self, *, number: str, amount: int, partial: bool, entry_id: str,
               ctx: OpContext) -> OpResult: ...


def cashout(session: Session, *, number: str, entry_id: str | None = None, ctx: OpContext,
            limits: Limits, clock: Clock) -> OpResult:
    eid = check_id(entry_id)
    done = session.get(CashoutRow, eid)
    if done is not None:  # a replay answers the first result
        return payments.redeem(session, number=number, amount=done.amount, entry_id=eid,
                               ctx=ctx, limits=limits, clock=clock)
    card = find_card(session, number, lock=True)
    threshold = shop_settings.load(session).store(ctx.store).cashout_threshold
    refuse(masked=mask(card.number), status=card.status, balance=card.balance,
           currency=card.currency, threshold=threshold)
    amount = card.balance
    result = payments.redeem(session, number=number, amount=amount, entry_id=eid, ctx=ctx,
                             limits=limits, clock=clock)
    _record(session, eid=eid, masked=mask(card.number), amount=amount, currency=card.currency,
            ctx=ctx, clock=clock)
    return result


def refuse(*, masked: str, status: CardStatus | str, balance: int, currency: str,
           threshold: int) -> None:
    """Decline a cash-out the store's threshold does not allow."""
    if status not in (CardStatus.ACTIVE, CardStatus.REDEEMED) or balance <= 0:
        raise Decline(key="cashout_nothing", details=masked, params={"card": masked})
    if threshold <= 0:
        raise Decline("This store does not pay gift card balances out in cash.",
                      key="cashout_not_offered", details=masked)
    if balance >= threshold:
        raise Decline(key="cashout_above_threshold", details=masked,
                      params={"threshold": threshold, "balance": balance,
                              "currency": currency})


def _record(session: Session, *, eid: str, masked: str, amount: int, currency: str,
            ctx: OpContext, clock: Clock) -> None:
    now, bday = when(ctx, clock)
    session.add(CashoutRow(entry_id=eid, card=masked, amount=amount, currency=currency,
                           store=ctx.store, terminal=ctx.terminal, cashier=ctx.cashier,
                           business_date=bday.isoformat(), created_at=now))
    session.flush()


def cashout_at_till(cards: CardService, gateway: Gateway | None, *, number: str,
                    entry_id: str | None = None) -> OpResult:
    """The till's cash-out key. Without a ledger (``gateway`` None or the
    local one) it is :func:`cashout` in one transaction of the till's store.
    With one, the card lives on the ledger: its balance is read there, the
    store's threshold (this till's settings) decides, the whole balance is
    redeemed through the gateway (online, or within the offline limits), and
    the cash paid out is recorded in this till's drawer for its Z report."""
    from app.gateway import LocalGateway  # the till's side (the ledger imports this module)

    eid = check_id(entry_id)
    if gateway is None or isinstance(gateway, LocalGateway):
        return cards.run(lambda s: cashout(s, number=number, entry_id=eid, ctx=cards.context,
                                           limits=cards.limits, clock=cards.clock))
    done = cards.run(lambda s: (lambda r: None if r is None else r.amount)(
        s.get(CashoutRow, eid)))
    if done is not None:  # a replay: the gateway answers the first result
        return gateway.redeem(number=number, amount=done, partial=False, entry_id=eid,
                              ctx=cards.context)
    card = gateway.balance(number=number)
    threshold = cards.run(
        lambda s: shop_settings.load(s).store(cards.context.store).cashout_threshold)
    refuse(masked=card.masked, status=card.status, balance=card.balance,
           currency=card.currency, threshold=threshold)
    result = gateway.redeem(number=number, amount=card.balance, partial=False, entry_id=eid,
                            ctx=cards.context)
    cards.run(lambda s: None if s.get(CashoutRow, eid) is not None else _record(
        s, eid=eid, masked=card.masked, amount=result.amount, currency=card.currency,
        ctx=cards.context, clock=cards.clock))
    return result


def paid_out(session: Session, *, terminal: str, business_date: date) -> tuple[int, int]:
    """(count, amount) of cash-outs at a till on a business day."""
    n, total = session.execute(
        select(func.count(CashoutRow.entry_id), func.coalesce(func.sum(CashoutRow.amount), 0))
        .where(CashoutRow.terminal == terminal,
               CashoutRow.business_date == business_date.isoformat())).one()
    return int(n or 0), int(total or 0)
