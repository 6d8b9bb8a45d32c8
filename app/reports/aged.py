"""Liability as of a date, aged by the time since each card's last activity,
by store and program; and dormant cards for unclaimed-property (escheat)
filing. Both are sums of the journal up to the date, so they can be asked of
any past day and agree with the accounting export (app/reports/books.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.domain import EntryType
from app.reports import books
from app.reports.table import Amount, Cell, Table
from app.shop.schema import PROMO_PROGRAM
from app.shop.settings import ShopSettings

BUCKETS = (("0-30 days", 30), ("31-90 days", 90), ("91-365 days", 365),
           ("1-3 years", 3 * 365 + 1), ("over 3 years", None))
# Entries that are the shop's doing, not the holder's: not "activity".
NOT_ACTIVITY = frozenset({EntryType.EXPIRE, EntryType.STATUS, EntryType.RELEASE,
                          EntryType.ADJUST})


@dataclass
class CardAt:
    """One card as of the date."""

    card: str  # masked
    currency: str
    program: str | None
    store: str  # where it was bought (its first entry)
    bought: date
    last_activity: date
    balance: int = 0
    liability: int = 0  # balance + money held

    @property
    def held(self) -> int:
        return self.liability - self.balance


def cards_as_of(s: Session, as_of: date) -> list[CardAt]:
    cards: dict[int, CardAt] = {}
    for m in books.moves(s, until=as_of):
        c = cards.get(m.card_id)
        if c is None:
            c = cards[m.card_id] = CardAt(card=m.card, currency=m.currency, program=m.program,
                                          store=m.store, bought=m.day, last_activity=m.day)
        c.balance += m.amount
        c.liability += m.liability
        if m.type not in NOT_ACTIVITY:
            c.last_activity = max(c.last_activity, m.day)
    return list(cards.values())


def bucket(as_of: date, last: date) -> str:
    days = (as_of - last).days
    for name, upto in BUCKETS:
        if upto is None or days <= upto:
            return name
    return BUCKETS[-1][0]  # pragma: no cover


@dataclass
class Group:
    store: str
    program: str
    currency: str
    cards: int = 0
    held: int = 0
    total: int = 0
    buckets: dict[str, int] = field(default_factory=lambda: {b: 0 for b, _ in BUCKETS})


def liability(s: Session, as_of: date) -> dict[str, Any]:
    groups: dict[tuple[str, str, str], Group] = {}
    totals: dict[str, int] = {}
    for c in cards_as_of(s, as_of):
        if c.liability == 0:
            continue
        key = (c.store, c.program or "", c.currency)
        g = groups.setdefault(key, Group(store=c.store, program=c.program or "",
                                         currency=c.currency))
        g.cards += 1
        g.held += c.held
        g.total += c.liability
        g.buckets[bucket(as_of, c.last_activity)] += c.liability
        totals[c.currency] = totals.get(c.currency, 0) + c.liability
    rows = [{"store": g.store, "program": g.program or None, "currency": g.currency,
             "cards": g.cards, "held": g.held, "total": g.total, "aged": dict(g.buckets)}
            for _, g in sorted(groups.items())]
    return {"as_of": as_of.isoformat(), "buckets": [b for b, _ in BUCKETS], "rows": rows,
            "totals": totals}


def liability_table(body: dict[str, Any]) -> Table:
    names = body["buckets"]
    rows: list[tuple[Cell, ...]] = []
    for r in body["rows"]:
        cur = r["currency"]
        rows.append((r["store"], r["program"] or "(no program)", cur, r["cards"],
                     *(Amount(r["aged"][b], cur) for b in names), Amount(r["held"], cur),
                     Amount(r["total"], cur)))
    for cur, total in sorted(body["totals"].items()):
        rows.append(("TOTAL", "", cur, sum(r["cards"] for r in body["rows"]
                                           if r["currency"] == cur),
                     *([None] * len(names)), None, Amount(total, cur)))
    return Table(title=f"Gift card liability as of {body['as_of']}, aged since last activity",
                 headers=("Store", "Program", "Currency", "Cards", *names, "Of which held",
                          "Total"), rows=tuple(rows))


def dormant(s: Session, settings: ShopSettings, *, years: int, as_of: date) -> dict[str, Any]:
    """Cards with value and no holder activity for ``years`` years or more."""
    if not 1 <= years <= 50:
        from app.errors import ValidationError

        raise ValidationError("Give --years between 1 and 50.", key="invalid_years")
    cutoff = _years_before(as_of, years)
    out = []
    for c in cards_as_of(s, as_of):
        if c.liability <= 0 or c.last_activity > cutoff or c.program == PROMO_PROGRAM:
            continue  # promotional value was never paid for: not unclaimed property
        out.append({"card": c.card, "currency": c.currency, "amount": c.liability,
                    "program": c.program, "store": c.store,
                    "state": settings.store(c.store).state or None,
                    "purchased": c.bought.isoformat(),
                    "last_activity": c.last_activity.isoformat()})
    out.sort(key=lambda r: (r["state"] or "", r["last_activity"]))
    return {"as_of": as_of.isoformat(), "years": years, "cutoff": cutoff.isoformat(),
            "cards": out}


def dormant_table(body: dict[str, Any]) -> Table:
    rows = tuple((r["card"], r["state"] or "(unknown)", r["store"], r["program"] or "",
                  r["purchased"], r["last_activity"], Amount(r["amount"], r["currency"]),
                  r["currency"]) for r in body["cards"])
    return Table(title=f"Dormant cards: no activity for {body['years']} years (since "
                       f"{body['cutoff']})",
                 headers=("Card", "State of purchase", "Store", "Program", "Purchased",
                          "Last activity", "Amount", "Currency"), rows=rows)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
