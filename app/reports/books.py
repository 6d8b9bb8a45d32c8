"""The journal as the accountant sees it: each entry of the card journal
turned into balanced double-entry lines on the accounts named in the shop
settings (app/shop/settings.py, ``accounts``).

The liability account holds what customers can still spend, held money
included: a hold moves value from a card's balance to its hold, not out of
the shop's debt, so hold and release write no line and a capture recognises
what it took. What each entry type becomes:

==================  =========================================================
issue/activate/load Dr cash (what was paid), Dr discount (face − paid),
                    Cr liability (face)
redeem/capture      Dr liability, Cr revenue (a cash-out: Cr cash)
refund              Dr revenue, Cr liability
void                the original's lines, reversed
adjust              Dr/Cr adjustments, against liability
expire              Dr liability, Cr breakage income (or the reserve)
transfer/combine    none: liability to liability
==================  =========================================================

Breakage is recognised by the configured method: ``remote`` when the value
expires (the shop's own expiry sweep says redemption is now remote);
``proportional`` (ASC 606 / IFRS 15) with each redemption, the expected
breakage share of it moved from a contra-liability reserve to income, and
the reserve drawn down when value expires (any excess to income).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clock import as_aware
from app.domain import EntryType, mask
from app.shop.schema import PROMO_PROGRAM, CardSaleRow, CashoutRow
from app.shop.settings import ShopSettings
from app.store.schema import Card, Entry


@dataclass(frozen=True, kw_only=True)
class Move:
    """One entry of the card journal with what the books need of it."""

    seq: int
    id: str
    day: date
    type: str
    amount: int  # signed change of the card's balance
    approved: int
    liability: int  # signed change of what the shop owes (held money included)
    card_id: int
    card: str  # masked
    currency: str
    program: str | None
    store: str
    terminal: str
    ref_id: str | None


@dataclass(frozen=True, kw_only=True)
class Line:
    day: date
    journal: str  # one journal per day and currency
    entry_id: str
    account: str
    debit: int
    credit: int
    currency: str
    memo: str
    store: str
    program: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "journal": self.journal,
                "entry_id": self.entry_id, "account": self.account, "debit": self.debit,
                "credit": self.credit, "currency": self.currency, "memo": self.memo,
                "store": self.store, "program": self.program}


NO_LIABILITY = frozenset({EntryType.HOLD, EntryType.RELEASE, EntryType.STATUS})


def day_of(e: Any) -> date:
    return e.business_date or as_aware(e.created_at).date()


def moves(s: Session, *, until: date | None = None) -> list[Move]:
    """Every entry up to ``until`` (inclusive, by business date) in journal
    order, with its effect on the liability (held money included)."""
    rows = s.execute(select(Entry.seq, Entry.id, Entry.business_date, Entry.created_at,
                            Entry.type, Entry.amount, Entry.approved_amount, Entry.card_id,
                            Entry.store, Entry.terminal, Entry.ref_id, Entry.status_after,
                            Entry.requested_amount, Card.number,
                            Card.currency, Card.program)
                     .join(Card, Card.id == Entry.card_id).order_by(Entry.seq)).all()
    types = {r.id: r.type for r in rows}
    unsold: set[int] = set()  # cards INACTIVE after their latest entry so far
    out: list[Move] = []
    for r in rows:
        # While a card is unsold stock, nothing done to it (an expiry, a
        # cancel) is owed to anyone; its sale is (an ACTIVATE).
        was_unsold = r.card_id in unsold and r.type != EntryType.ACTIVATE
        if r.status_after == "INACTIVE":
            unsold.add(r.card_id)
        else:
            unsold.discard(r.card_id)
        day = day_of(r)
        if until is not None and day > until:
            continue
        owed = 0 if was_unsold else _liability(r, types)
        out.append(Move(seq=r.seq, id=r.id, day=day, type=r.type, amount=int(r.amount),
                        approved=int(r.approved_amount), liability=owed,
                        card_id=r.card_id, card=mask(r.number), currency=r.currency,
                        program=r.program, store=r.store, terminal=r.terminal,
                        ref_id=r.ref_id))
    return out


def _liability(r: Any, types: dict[str, str]) -> int:
    t = r.type
    if t in NO_LIABILITY:
        return 0
    if t == EntryType.ISSUE and r.status_after == "INACTIVE":
        return 0  # pre-valued stock is not sold yet: no one can spend it
    if t == EntryType.ACTIVATE and int(r.amount) == 0 and int(r.requested_amount) > 0:
        return int(r.requested_amount)  # pre-valued stock sold for its value
    if t == EntryType.CAPTURE:
        return -int(r.approved_amount)  # the hold already left the balance
    if t == EntryType.VOID and types.get(r.ref_id) == EntryType.HOLD:
        return 0  # a voided hold is a release
    return int(r.amount)


def lines(s: Session, settings: ShopSettings, *, start: date | None = None,
          end: date | None = None) -> list[Line]:
    """The double-entry lines of every entry dated ``start``..``end``."""
    acc = settings.accounts
    rate = settings.breakage.rate_bp if settings.breakage.method == "proportional" else 0
    sales = {r.entry_id: r for r in s.scalars(select(CardSaleRow))}
    cashouts = set(s.scalars(select(CashoutRow.entry_id)))
    all_moves = moves(s, until=end)
    by_id = {m.id: m for m in all_moves}
    expired_cards: set[int] = set()
    reserve: dict[str, int] = defaultdict(int)  # contra-liability balance per currency
    out: list[Line] = []
    for m in all_moves:
        lines_of = _lines_of(m, acc=acc, rate=rate, sales=sales, cashouts=cashouts,
                             by_id=by_id, expired_cards=expired_cards, reserve=reserve)
        if m.type == EntryType.EXPIRE:
            expired_cards.add(m.card_id)
        elif m.liability > 0 and m.type in (EntryType.LOAD, EntryType.ACTIVATE):
            expired_cards.discard(m.card_id)
        if start is not None and m.day < start:
            continue
        journal = f"GP-{m.day.isoformat()}-{m.currency}"
        for account, signed, memo in lines_of:
            if signed == 0:
                continue
            out.append(Line(day=m.day, journal=journal, entry_id=m.id, account=account,
                            debit=signed if signed > 0 else 0,
                            credit=-signed if signed < 0 else 0, currency=m.currency,
                            memo=f"{memo} {m.card}", store=m.store, program=m.program))
    return out


def _lines_of(m: Move, *, acc: Any, rate: int, sales: dict[str, CardSaleRow],
              cashouts: set[str], by_id: dict[str, Move], expired_cards: set[int],
              reserve: dict[str, int]) -> list[tuple[str, int, str]]:
    """(account, signed amount: + debit / − credit, memo) for one entry."""
    t, lia = m.type, m.liability
    if lia == 0 and t != EntryType.VOID:
        return []
    if m.program == PROMO_PROGRAM:
        return _promo_lines(m, acc=acc, by_id=by_id)
    if t in (EntryType.ISSUE, EntryType.ACTIVATE, EntryType.LOAD):
        if t == EntryType.ACTIVATE and m.card_id in expired_cards:
            return [(acc.breakage_income, lia, "Expired value restored"),
                    (acc.liability, -lia, "Expired value restored")]
        sale = sales.get(m.id)
        paid = min(sale.paid, lia) if sale is not None else lia
        return [(acc.cash, paid, "Gift card sold"),
                (acc.discount, lia - paid, "Gift card discount"),
                (acc.liability, -lia, "Gift card sold")]
    if t in (EntryType.REDEEM, EntryType.CAPTURE):
        if m.id in cashouts:
            return [(acc.liability, -lia, "Gift card cash-out"), (acc.cash, lia, "Cash-out")]
        return [(acc.liability, -lia, "Gift card redeemed"),
                (acc.revenue, lia, "Gift card redeemed"),
                *_proportional(-lia, rate, acc, m.currency, reserve)]
    if t == EntryType.REFUND:
        return [(acc.revenue, lia, "Refund to gift card"),
                (acc.liability, -lia, "Refund to gift card"),
                *_proportional(-lia, rate, acc, m.currency, reserve)]
    if t == EntryType.ADJUST:
        return [(acc.adjustments, lia, "Manager adjustment"),
                (acc.liability, -lia, "Manager adjustment")]
    if t == EntryType.EXPIRE:
        gone = -lia
        from_reserve = min(gone, max(reserve[m.currency], 0)) if rate else 0
        reserve[m.currency] -= from_reserve
        return [(acc.liability, gone, "Expired (breakage)"),
                (acc.breakage_reserve, -from_reserve, "Expired (breakage)"),
                (acc.breakage_income, -(gone - from_reserve), "Expired (breakage)")]
    if t == EntryType.VOID:
        original = by_id.get(m.ref_id or "")
        if original is None or lia == 0:
            return []
        if original.type in (EntryType.REDEEM, EntryType.CAPTURE) and original.id in cashouts:
            return [(acc.cash, lia, "Cash-out voided"), (acc.liability, -lia, "Cash-out voided")]
        if original.type in (EntryType.REDEEM, EntryType.CAPTURE, EntryType.REFUND):
            return [(acc.revenue, lia, "Voided"), (acc.liability, -lia, "Voided"),
                    *_proportional(-lia, rate, acc, m.currency, reserve)]
        if original.type == EntryType.ADJUST:
            return [(acc.adjustments, lia, "Adjustment voided"),
                    (acc.liability, -lia, "Adjustment voided")]
        sale = sales.get(original.id)
        paid = min(sale.paid, -lia) if sale is not None else -lia
        return [(acc.liability, -lia, "Card sale voided"), (acc.cash, -paid, "Card sale voided"),
                (acc.discount, -(-lia - paid), "Card sale voided")]
    return []  # transfer, combine: liability to liability


PROMO_COUNTER = {EntryType.ISSUE: "marketing", EntryType.ACTIVATE: "marketing",
                 EntryType.LOAD: "marketing", EntryType.EXPIRE: "marketing",
                 EntryType.REDEEM: "revenue", EntryType.CAPTURE: "revenue",
                 EntryType.REFUND: "revenue", EntryType.ADJUST: "adjustments"}


def _promo_lines(m: Move, *, acc: Any, by_id: dict[str, Move]) -> list[tuple[str, int, str]]:
    """Promotional value (app/shop/promo.py), on its own liability account:
    given is a marketing cost, redeemed is revenue, expired goes back to
    marketing; never breakage, never cash."""
    t = m.type
    if t == EntryType.VOID:
        original = by_id.get(m.ref_id or "")
        t = original.type if original is not None else t
    counter = PROMO_COUNTER.get(EntryType(t))
    if counter is None or m.liability == 0:
        return []
    memo = "Promotional value " + {"marketing": "given" if m.liability > 0 else "expired",
                                   "revenue": "redeemed",
                                   "adjustments": "adjusted"}[counter]
    return [(getattr(acc, counter), m.liability, memo),
            (acc.promo_liability, -m.liability, memo)]


def _proportional(spent: int, rate: int, acc: Any, currency: str,
                  reserve: dict[str, int]) -> list[tuple[str, int, str]]:
    """Breakage recognised with a spend of ``spent`` (negative: given back):
    the expected unredeemed share that goes with it, rate/(1 − rate) of it."""
    if not rate or not spent:
        return []
    share = _round(spent * rate, 10_000 - rate)
    reserve[currency] += share
    return [(acc.breakage_reserve, share, "Breakage (proportional)"),
            (acc.breakage_income, -share, "Breakage (proportional)")]


def _round(num: int, den: int) -> int:
    """num/den rounded half away from zero, in integers."""
    q, r = divmod(abs(num), den)
    q += 1 if 2 * r >= den else 0
    return q if num >= 0 else -q


def day_totals(ls: list[Line]) -> dict[tuple[date, str], tuple[int, int]]:
    """(day, currency) -> (debits, credits)."""
    out: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])
    for ln in ls:
        t = out[(ln.day, ln.currency)]
        t[0] += ln.debit
        t[1] += ln.credit
    return {k: (v[0], v[1]) for k, v in sorted(out.items())}
