"""What customers' operations answer: plain frozen dataclasses. Card numbers
are masked in every one of them; the full number of a saved card stays inside
the service (paying with it needs it, nobody reads it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

PENDING = "PENDING"
DONE = "DONE"
CANCELLED = "CANCELLED"
NEW = "NEW"
EXISTING = "EXISTING"


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
