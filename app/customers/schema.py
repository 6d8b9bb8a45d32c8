"""Customers' tables: people, the cards saved to their accounts (owned or
shared), gifts, and the ids of the operations already done (idempotency).

A card has at most one owner at a time and each customer has at most one
preferred card; the database says so with partial unique indexes, whatever
races. Full card numbers are kept (like ``cards`` does) because paying with a
saved card needs them; they never leave the service unmasked.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.schema import Base

OWNER = "OWNER"
SHARED = "SHARED"


class CustomerRow(Base):
    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # casefolded name: found at the till whatever the case typed
    name_key: Mapped[str] = mapped_column(String(120), index=True)
    phone: Mapped[str] = mapped_column(String(32), index=True)  # digits, maybe a leading +
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SavedCardRow(Base):
    __tablename__ = "saved_cards"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    card_number: Mapped[str] = mapped_column(String(32), index=True)
    role: Mapped[str] = mapped_column(String(8))  # OWNER | SHARED
    # SHARED rows: the owner's saved-card row they were shared from
    shared_from: Mapped[str | None] = mapped_column(String(36), index=True)
    preferred: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_why: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        Index("uq_saved_cards_one_owner", "card_number", unique=True,
              sqlite_where=text("role = 'OWNER' AND revoked_at IS NULL"),
              postgresql_where=text("role = 'OWNER' AND revoked_at IS NULL")),
        Index("uq_saved_cards_once", "customer_id", "card_number", unique=True,
              sqlite_where=text("revoked_at IS NULL"),
              postgresql_where=text("revoked_at IS NULL")),
        Index("uq_saved_cards_one_preferred", "customer_id", unique=True,
              sqlite_where=text("preferred AND revoked_at IS NULL"),
              postgresql_where=text("preferred AND revoked_at IS NULL")),
    )


class GiftRow(Base):
    __tablename__ = "customer_gifts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the operation id
    mode: Mapped[str] = mapped_column(String(10))  # NEW | EXISTING
    sender_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"))
    recipient_id: Mapped[str] = mapped_column(ForeignKey("customers.id"), index=True)
    card_number: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    sale_id: Mapped[str | None] = mapped_column(String(36), index=True)
    source_ref: Mapped[str | None] = mapped_column(String(100))
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), index=True)  # PENDING|DONE|CANCELLED
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    settled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CustomerOpRow(Base):
    """One row per operation id: a replay answers the same subject; the same id
    for a different request is a conflict."""

    __tablename__ = "customer_ops"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    fingerprint: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
