"""What customers' operations answer: plain frozen dataclasses. Card numbers
are masked in every one of them; the full number of a saved card stays inside
the service (paying with it needs it, nobody reads it)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from app.wire.answers import CustomerWire, SavedCardWire


class GiftStatus(enum.StrEnum):
    PENDING = "PENDING"  # its card is on a sale that has not ended
    DONE = "DONE"
    CANCELLED = "CANCELLED"


class GiftMode(enum.StrEnum):
    NEW = "NEW"  # a new card bought for the recipient
    EXISTING = "EXISTING"  # a card the giver already had


@dataclass(frozen=True, kw_only=True)
class CustomerView:
    id: str
    name: str
    phone: str
    email: str | None = None
    created_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "phone": self.phone, "email": self.email,
                "created_at": self.created_at.isoformat() if self.created_at else None}

    @classmethod
    def from_wire(cls, w: CustomerWire) -> CustomerView:
        """As the ledger answers it (parsed by the till's client)."""
        return cls(id=w.id, name=w.name, phone=w.phone, email=w.email,
                   created_at=datetime.fromisoformat(w.created_at) if w.created_at else None)


@dataclass(frozen=True, kw_only=True)
class ShareView:
    share_id: str  # the other customer's saved-card id
    customer_id: str
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {"share_id": self.share_id, "customer_id": self.customer_id, "name": self.name}


@dataclass(frozen=True, kw_only=True)
class SavedCardView:
    id: str
    customer_id: str
    role: str  # OWNER | SHARED
    preferred: bool
    card: str  # masked
    status: str
    balance: int
    currency: str
    expires_on: date | None = None
    program: str | None = None
    owner_id: str | None = None  # SHARED: who shared it
    owner_name: str | None = None
    shared_with: tuple[ShareView, ...] = ()
    revoked: bool = False
    number: str = field(default="", repr=False)  # internal: never in to_dict

    @property
    def last4(self) -> str:
        return self.card[-4:]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "customer_id": self.customer_id, "role": self.role,
                "preferred": self.preferred, "card": self.card, "last4": self.last4,
                "status": self.status, "balance": self.balance, "currency": self.currency,
                "expires_on": self.expires_on.isoformat() if self.expires_on else None,
                "program": self.program, "owner_id": self.owner_id,
                "owner_name": self.owner_name,
                "shared_with": [s.to_dict() for s in self.shared_with],
                "revoked": self.revoked}

    @classmethod
    def from_wire(cls, w: SavedCardWire, *, number: str = "") -> SavedCardView:
        """As the ledger answers it (parsed by the till's client); ``number``
        only from its payment-card answer."""
        return cls(id=w.id, customer_id=w.customer_id, role=w.role, preferred=w.preferred,
                   card=w.card, status=w.status, balance=w.balance, currency=w.currency,
                   expires_on=date.fromisoformat(w.expires_on) if w.expires_on else None,
                   program=w.program, owner_id=w.owner_id, owner_name=w.owner_name,
                   shared_with=tuple(ShareView(share_id=x.share_id, customer_id=x.customer_id,
                                               name=x.name) for x in w.shared_with),
                   revoked=w.revoked, number=number)


@dataclass(frozen=True, kw_only=True)
class GiftView:
    id: str
    mode: str  # NEW | EXISTING
    status: str  # PENDING (waiting for its sale) | DONE | CANCELLED
    recipient_id: str
    card: str  # masked
    amount: int
    currency: str
    sender_id: str | None = None
    sale_id: str | None = None
    source_ref: str | None = None
    message: str | None = None
    saved_card_id: str | None = None  # the recipient's, once DONE
    number: str = field(default="", repr=False)  # internal: to print the e-gift

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "mode": self.mode, "status": self.status,
                "sender_id": self.sender_id, "recipient_id": self.recipient_id,
                "card": self.card, "amount": self.amount, "currency": self.currency,
                "sale_id": self.sale_id, "source_ref": self.source_ref,
                "message": self.message, "saved_card_id": self.saved_card_id}


class CustomerDirectory(Protocol):
    """What a till asks of customers, wherever they are kept: the till's own
    store (CustomerService) or the central ledger (RemoteCustomers)."""

    def create(self, *, name: str, phone: str, email: str | None = None,
               op_id: str | None = None) -> CustomerView: ...

    def get(self, customer_id: str) -> CustomerView: ...

    def find(self, *, phone: str | None = None, name: str | None = None,
             limit: int = 20) -> list[CustomerView]: ...

    def cards_of(self, customer_id: str) -> list[SavedCardView]: ...

    def save_card(self, *, customer_id: str, number: str, preferred: bool = False,
                  op_id: str | None = None) -> SavedCardView: ...

    def prefer(self, *, customer_id: str, saved_id: str) -> SavedCardView: ...

    def card_for_payment(self, *, customer_id: str,
                         saved_id: str | None = None) -> SavedCardView: ...
