"""The JSON shape of journal entries and cards between terminal and ledger.

An entry travels with the full card number: both ends are authenticated and
need it to find the card. Amounts are integer minor units.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select

from app.domain import CardStatus, EntryType
from app.errors import ValidationError
from app.ops.journal import as_aware
from app.store.schema import Card, Entry


def entry_payload(entry: Entry, card: Card) -> dict[str, Any]:
    return {
        "id": entry.id, "seq": entry.seq, "type": entry.type, "number": card.number,
        "currency": card.currency, "amount": entry.amount,
        "balance_after": entry.balance_after, "requested_amount": entry.requested_amount,
        "approved_amount": entry.approved_amount, "remaining_due": entry.remaining_due,
        "partial": entry.partial, "status_after": entry.status_after,
        "terminal": entry.terminal, "store": entry.store, "cashier": entry.cashier,
        "sale_id": entry.sale_id,
        "business_date": entry.business_date.isoformat() if entry.business_date else None,
        "created_at": as_aware(entry.created_at).isoformat(),
        "posted_at": as_aware(entry.posted_at).isoformat() if entry.posted_at else None,
        "ref_id": entry.ref_id, "reason": entry.reason, "offline": entry.offline,
        "flagged": entry.flagged,
    }


_ENTRY_FIELDS = ("id", "seq", "type", "amount", "balance_after", "requested_amount",
                 "approved_amount", "remaining_due", "partial", "status_after", "terminal",
                 "store", "cashier", "sale_id", "business_date", "created_at", "posted_at",
                 "ref_id", "reason", "offline", "flagged")


def entry_columns() -> Select[Any]:
    """The columns of :func:`entry_payload` as one Core select (joined to the
    card), for reading many entries without building ORM objects."""
    return select(*(getattr(Entry, f) for f in _ENTRY_FIELDS), Card.number,
                  Card.currency).join(Card, Card.id == Entry.card_id)


def payload_of_row(row: Any) -> dict[str, Any]:
    """:func:`entry_payload` from a row of :func:`entry_columns`."""
    d = dict(row._mapping)
    d["business_date"] = d["business_date"].isoformat() if d["business_date"] else None
    d["created_at"] = as_aware(d["created_at"]).isoformat()
    d["posted_at"] = as_aware(d["posted_at"]).isoformat() if d["posted_at"] else None
    return d


def card_payload(card: Card) -> dict[str, Any]:
    return {
        "number": card.number, "currency": card.currency, "status": card.status,
        "balance": card.balance,
        "expires_on": card.expires_on.isoformat() if card.expires_on else None,
        "program": card.program, "flagged": card.flagged,
    }


@dataclass(frozen=True, kw_only=True)
class WireEntry:
    """An entry as received: checked and typed."""

    id: str
    type: EntryType
    number: str
    amount: int
    approved_amount: int
    requested_amount: int
    balance_after: int
    remaining_due: int
    partial: bool
    status_after: CardStatus
    terminal: str
    store: str
    cashier: str | None
    sale_id: str | None
    business_date: date | None
    created_at: datetime
    posted_at: datetime | None
    ref_id: str | None
    reason: str | None
    offline: bool
    flagged: bool
    seq: int | None
    currency: str | None

    @classmethod
    def parse(cls, d: dict[str, Any]) -> WireEntry:
        try:
            def opt_int(name: str, default: int = 0) -> int:
                v = d.get(name, default)
                if isinstance(v, bool) or not isinstance(v, int):
                    raise ValueError(f"{name} must be an integer")
                return v

            created = datetime.fromisoformat(str(d["created_at"]))
            posted = d.get("posted_at")
            bday = d.get("business_date")
            return cls(
                id=str(d["id"]), type=EntryType(d["type"]), number=str(d["number"]),
                amount=opt_int("amount"), approved_amount=opt_int("approved_amount"),
                requested_amount=opt_int("requested_amount"),
                balance_after=opt_int("balance_after"),
                remaining_due=opt_int("remaining_due"), partial=bool(d.get("partial", False)),
                status_after=CardStatus(d.get("status_after", "ACTIVE")),
                terminal=str(d.get("terminal") or ""), store=str(d.get("store") or ""),
                cashier=d.get("cashier"), sale_id=d.get("sale_id"),
                business_date=date.fromisoformat(bday) if bday else None,
                created_at=as_aware(created),
                posted_at=as_aware(datetime.fromisoformat(posted)) if posted else None,
                ref_id=d.get("ref_id"), reason=d.get("reason"),
                offline=bool(d.get("offline", False)), flagged=bool(d.get("flagged", False)),
                seq=d.get("seq"), currency=d.get("currency"),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise ValidationError(f"A pushed entry is malformed: {exc}",
                                  key="invalid_entry") from exc
