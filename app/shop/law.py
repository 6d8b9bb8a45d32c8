"""Expiry rules per jurisdiction (a store setting, ``expiry_law``) and the
terms a receipt prints.

- ``us_federal``: the CARD Act (15 U.S.C. 1693l-1, Regulation E 1005.20): no
  expiry before five years from issue or from the last load; a load extends
  it to five years from that day.
- ``never``: cards never expire (California Civil Code 1749.5 and others).
- ``none``: no rule is enforced (outside the US).

Issue and program settings that break the store's rule are refused with the
reason; nothing is written."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.clock import Clock
from app.designs.programs import add_months, get_program
from app.domain import OpContext
from app.errors import ValidationError
from app.ops.journal import find_card, when
from app.shop import settings as shop_settings
from app.store.database import Store

FEDERAL_MONTHS = 60


def law_of(session: Session, store: str) -> str:
    return shop_settings.load(session).store(store).expiry_law


def check_expiry(law: str, *, expires_on: date | None, expiry_months: int | None = None,
                 issued: date) -> None:
    """Refuse an expiry (a fixed day or months from issue) the law forbids."""
    if law == "never" and (expires_on is not None or expiry_months is not None):
        raise ValidationError(key="expiry_against_law", details=law, params={"why": "never"})
    if law == "us_federal":
        if expiry_months is not None and expiry_months < FEDERAL_MONTHS:
            raise ValidationError(key="expiry_against_law", details=law,
                                  params={"why": "federal_months", "months": expiry_months})
        if expires_on is not None and expires_on < add_months(issued, FEDERAL_MONTHS):
            raise ValidationError(key="expiry_against_law", details=law,
                                  params={"why": "federal_day", "day": expires_on.isoformat()})


def check_program(session: Session, *, program: str, store: str, today: date | None = None
                  ) -> None:
    prog = get_program(session, program)
    check_expiry(law_of(session, store), expires_on=prog.expires_on,
                 expiry_months=prog.expiry_months, issued=today or date.today())


def extend_on_load(session: Session, *, number: str, ctx: OpContext, clock: Clock) -> None:
    """Under US federal law a load moves the card's expiry to five years from
    the day of the load (if it was sooner). The expiry date is the card's
    terms, not its value: the load itself went through app/ops."""
    if law_of(session, ctx.store) != "us_federal":
        return
    card = find_card(session, number, lock=True)
    if card.expires_on is None:
        return
    floor = add_months(when(ctx, clock)[1], FEDERAL_MONTHS)
    if card.expires_on < floor:
        card.expires_on = floor
        session.flush()


def terms_text(law: str, *, expires_on: date | None = None, cashout_threshold: int = 0,
               currency: str = "USD", balance_url: str = "") -> list[str]:
    """The lines a receipt or an e-gift prints under a card sold or reloaded."""
    from app.money import format_money

    out: list[str] = []
    if law == "never" or expires_on is None:
        out.append("This card never expires and has no fees.")
    else:
        out.append(f"Valid until {expires_on.isoformat()}; no fees.")
        if law == "us_federal":
            out.append("Funds do not expire for at least 5 years after the last load.")
    if cashout_threshold:
        out.append(f"Balances under {format_money(cashout_threshold, currency)} may be "
                   "paid out in cash on request.")
    out.append("Not redeemable for cash except where the law requires.")
    if balance_url:
        out.append(f"Balance: {balance_url}")
    return out


def receipt_terms(session: Session, *, store: str, expires_on: date | None = None,
                  currency: str = "USD") -> list[str]:
    """For tillui's receipts: the store's terms for a card sold or reloaded."""
    cfg = shop_settings.load(session)
    st = cfg.store(store)
    return terms_text(st.expiry_law, expires_on=expires_on,
                      cashout_threshold=st.cashout_threshold, currency=currency,
                      balance_url=cfg.balance_page_url)


def check_issue(session: Session, *, store: str, expires_on: date | None, today: date) -> None:
    check_expiry(law_of(session, store), expires_on=expires_on, issued=today)




def check_store_expiry(db: Store, *, store: str, expires_on: date | None,
                       today: date | None = None) -> None:
    """For callers outside a transaction (the CLI's `card issue --expires`)."""
    if expires_on is None:
        return
    with db.read() as s:
        check_issue(s, store=store, expires_on=expires_on, today=today or date.today())
