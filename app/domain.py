"""The vocabulary of stored value: statuses, entry types, and the plain data
that operations return. No I/O here."""

from __future__ import annotations

import copy
import enum
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

# Limits live in app.limits (typed, per currency); re-exported for older imports.
from app.limits import Limits as Limits


class CardStatus(enum.StrEnum):
    INACTIVE = "INACTIVE"  # printed, not sold
    ACTIVE = "ACTIVE"
    FROZEN = "FROZEN"
    REDEEMED = "REDEEMED"  # spent to zero; can be reloaded
    EXPIRED = "EXPIRED"
    CANCELLED = "CANCELLED"
    COMBINED = "COMBINED"  # its balance moved into another card


class SaleStatus(enum.StrEnum):
    """A sale's status (checkout). Here, not in app.checkout, because the
    customers' gifts (which the ledger serves too) read it."""

    OPEN = "OPEN"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    REFUNDED = "REFUNDED"
    PARTLY_REFUNDED = "PARTLY_REFUNDED"
    VOIDED = "VOIDED"


class EntryType(enum.StrEnum):
    ISSUE = "issue"
    ACTIVATE = "activate"
    LOAD = "load"
    REDEEM = "redeem"
    HOLD = "hold"
    CAPTURE = "capture"
    RELEASE = "release"
    REFUND = "refund"
    VOID = "void"
    ADJUST = "adjust"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    COMBINE_OUT = "combine_out"
    COMBINE_IN = "combine_in"
    EXPIRE = "expire"
    STATUS = "status"  # freeze, unfreeze, cancel: no value moves


class HoldState(enum.StrEnum):
    OPEN = "OPEN"
    CAPTURED = "CAPTURED"
    RELEASED = "RELEASED"
    EXPIRED = "EXPIRED"


# Entry types that took money off a card for a purchase and can be refunded.
SPEND_TYPES = frozenset({EntryType.REDEEM, EntryType.CAPTURE})
# Entry types a void may reverse.
VOIDABLE_TYPES = frozenset(
    {EntryType.LOAD, EntryType.REDEEM, EntryType.CAPTURE, EntryType.REFUND, EntryType.ADJUST,
     EntryType.ACTIVATE, EntryType.HOLD}
)


def mask(number: str) -> str:
    """A card number as people may see it: its last four digits."""
    n = str(number or "")
    return "•••• " + n[-4:] if len(n) > 4 else "••••"


def last4(number: str) -> str:
    return str(number or "")[-4:]


@dataclass(frozen=True, kw_only=True)
class OpContext:
    """Who and when: recorded on every entry."""

    terminal: str = "local"
    store: str = "local"
    cashier: str | None = None
    sale_id: str | None = None
    business_date: date | None = None
    now: datetime | None = None  # the terminal's clock; None: the service clock
    offline: bool = False
    # The ledger: what is written is posted (stamped with the ledger's post
    # time) as it is written; a till's entries are posted when the ledger has them.
    posts: bool = False


@dataclass(frozen=True, kw_only=True)
class CardView:
    number: str = field(repr=False)  # logs and tracebacks show ``masked``
    status: CardStatus
    currency: str
    balance: int
    expires_on: date | None = None
    program: str | None = None
    has_key: bool = False
    flagged: bool = False

    @property
    def masked(self) -> str:
        return mask(self.number)

    def __repr__(self) -> str:
        return (f"CardView({self.masked}, {self.status}, {self.balance} {self.currency})")

    def to_dict(self, *, full_number: bool = True) -> dict[str, Any]:
        return {
            "number": self.number if full_number else self.masked,
            "masked": self.masked,
            "status": str(self.status),
            "currency": self.currency,
            "balance": self.balance,
            "expires_on": self.expires_on.isoformat() if self.expires_on else None,
            "program": self.program,
            "flagged": self.flagged,
        }


@dataclass(frozen=True, kw_only=True)
class EntryView:
    id: str
    type: EntryType
    card: str  # masked
    amount: int  # signed change of the balance
    balance_after: int
    created_at: datetime
    business_date: date | None
    terminal: str
    store: str
    cashier: str | None = None
    sale_id: str | None = None
    ref_id: str | None = None
    reason: str | None = None
    offline: bool = False
    posted_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["type"] = str(self.type)
        d["created_at"] = self.created_at.isoformat()
        d["posted_at"] = self.posted_at.isoformat() if self.posted_at else None
        d["business_date"] = self.business_date.isoformat() if self.business_date else None
        return d


@dataclass(frozen=True, kw_only=True)
class OpResult:
    """What an operation answers. Replaying its id answers the same."""

    id: str
    type: EntryType
    card: str  # masked
    currency: str
    amount: int  # what moved (positive), or what was held/captured
    requested_amount: int
    previous_balance: int
    new_balance: int
    remaining_due: int = 0
    partial: bool = False
    status: str = "APPROVED"
    card_status: CardStatus = CardStatus.ACTIVE
    offline: bool = False
    related: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it copies every field deeply, and this runs
        # for every answer (a tenth of a redemption's CPU on the ledger).
        d = {f: getattr(self, f) for f in _OP_FIELDS}
        d["type"] = str(self.type)
        d["card_status"] = str(self.card_status)
        d["related"] = copy.deepcopy(self.related)
        return d


_OP_FIELDS = tuple(f.name for f in fields(OpResult))
