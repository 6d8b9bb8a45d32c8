"""The JSON shape of journal entries and cards between terminal and ledger.

An entry travels with the full card number: both ends are authenticated and
need it to find the card. Amounts are integer minor units. Received, an
entry is a :class:`WireEntry` whichever way it came (a push on the ledger,
an answer or a pull on a till), parsed by :meth:`WireEntry.parse`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, String, select, type_coerce

from app.clock import as_aware
from app.domain import CardStatus, EntryType
from app.errors import ValidationError
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


_TIMES = frozenset({"business_date", "created_at", "posted_at"})
_ROW_KEYS = (*_ENTRY_FIELDS, "number", "currency")


def entry_columns() -> Select[Any]:
    """The columns of :func:`entry_payload` as one Core select (joined to the
    card), for reading many entries without building ORM objects. The date
    and time columns come back as the database stores them (text on SQLite)
    and :func:`payload_of_row` writes them in the wire's form: SQLAlchemy's
    parsing into datetimes, only to format them again, was a third of reading
    a batch of the outbox."""
    return select(*(type_coerce(getattr(Entry, f), String).label(f) if f in _TIMES
                    else getattr(Entry, f) for f in _ENTRY_FIELDS),
                  Card.number, Card.currency).join(Card, Card.id == Entry.card_id)


def payload_of_row(row: Any) -> dict[str, Any]:
    """:func:`entry_payload` from a row of :func:`entry_columns`."""
    d = dict(zip(_ROW_KEYS, row, strict=True))
    bday, posted = d["business_date"], d["posted_at"]
    d["business_date"] = _iso_date(bday) if bday else None
    d["created_at"] = _iso_time(d["created_at"])
    d["posted_at"] = _iso_time(posted) if posted else None
    return d


def _iso_date(v: str | date) -> str:
    return (date.fromisoformat(v) if isinstance(v, str) else v).isoformat()


def _iso_time(v: str | datetime) -> str:
    """A stored time (UTC; naive on SQLite) as ISO 8601 with its offset."""
    return as_aware(datetime.fromisoformat(v) if isinstance(v, str) else v).isoformat()


def card_payload(card: Card) -> dict[str, Any]:
    return {
        "number": card.number, "currency": card.currency, "status": card.status,
        "balance": card.balance,
        "expires_on": card.expires_on.isoformat() if card.expires_on else None,
        "program": card.program, "flagged": card.flagged,
    }


@dataclass(kw_only=True)
class WireEntry:
    """A journal entry on the wire, as received: checked and typed. Not
    frozen: a push parses a thousand of them, and a frozen dataclass's __init__ costs three times as
    much; nothing changes one after parsing."""

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
        """Check and type one pushed entry. Called a thousand times per push,
        so it avoids pydantic and enum construction on the common values."""
        try:
            get = d.get
            t = d["type"]
            status = get("status_after", "ACTIVE")
            created = _bounded(datetime.fromisoformat(str(d["created_at"])[:40]))
            posted = get("posted_at")
            bday = get("business_date")
            return cls(
                id=_text(d["id"], "id", 64), type=_TYPES.get(t) or EntryType(t),
                number=_text(d["number"], "number", 40),
                amount=_int(get("amount", 0), "amount"),
                approved_amount=_int(get("approved_amount", 0), "approved_amount"),
                requested_amount=_int(get("requested_amount", 0), "requested_amount"),
                balance_after=_int(get("balance_after", 0), "balance_after"),
                remaining_due=_int(get("remaining_due", 0), "remaining_due"),
                partial=bool(get("partial", False)),
                status_after=_STATUSES.get(status) or CardStatus(status),
                terminal=str(get("terminal") or ""), store=str(get("store") or ""),
                cashier=_opt_str(get("cashier"), "cashier", 64),
                sale_id=_opt_str(get("sale_id"), "sale_id", 64),
                business_date=date.fromisoformat(bday) if bday else None,
                created_at=created,
                posted_at=as_aware(datetime.fromisoformat(posted)) if posted else None,
                ref_id=_opt_str(get("ref_id"), "ref_id", 64),
                reason=_opt_str(get("reason"), "reason", 500),
                offline=bool(get("offline", False)), flagged=bool(get("flagged", False)),
                seq=get("seq"), currency=get("currency"),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise ValidationError(f"A pushed entry is malformed: {exc}",
                                  key="invalid_entry") from exc


# Plain dict look-ups (hashable keys only: an unhashable value falls through to
# the enum, which raises the same error as before).
_TYPES: dict[Any, EntryType] = {t.value: t for t in EntryType}
_STATUSES: dict[Any, CardStatus] = {s.value: s for s in CardStatus}


def _opt_str(v: Any, name: str, most: int) -> str | None:
    if v is None:
        return v
    if type(v) is str:
        if len(v) > most:
            raise ValueError(f"{name} is longer than {most} characters")
        return v
    raise ValueError(f"{name} must be a string")


def _text(v: Any, name: str, most: int) -> str:
    got = str(v)
    if len(got) > most:
        raise ValueError(f"{name} is longer than {most} characters")
    return got


# A pushed entry's own time is information, bounded (issue 15.5/15.7): a year
# 9999 overflowed the hold's expiry and failed the whole batch with a 500.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=2)


def _bounded(t: datetime) -> datetime:
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    if not EARLIEST <= t <= datetime.now(UTC) + FUTURE_SLACK:
        raise ValueError("created_at is not a plausible time for an offline entry")
    return t


def _int(v: Any, name: str) -> int:
    if type(v) is int:
        return v
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError(f"{name} must be an integer")
    return v
