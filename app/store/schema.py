"""Tables shared by the terminal's local store and the central ledger.

The journal (``entries``) is append-only: a card's balance is the sum of its
entries, and ``cards.balance`` is a cache of that sum kept in the same
transaction (tests check the two agree).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL wants BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Card(Base):
    __tablename__ = "cards"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    # HMAC of the card's key / security code: can be looked up, not read back.
    key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(12))
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    expires_on: Mapped[date | None] = mapped_column(Date)
    program: Mapped[str | None] = mapped_column(String(64))
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Entry(Base):
    __tablename__ = "entries"

    # seq orders the journal and is the sync cursor; id is the global UUID.
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(BigInteger)  # signed change of the balance
    balance_after: Mapped[int] = mapped_column(BigInteger)
    requested_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    approved_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    remaining_due: Mapped[int] = mapped_column(BigInteger, default=0)
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    status_after: Mapped[str] = mapped_column(String(12))
    terminal: Mapped[str] = mapped_column(String(64))
    store: Mapped[str] = mapped_column(String(64))
    cashier: Mapped[str | None] = mapped_column(String(64))
    sale_id: Mapped[str | None] = mapped_column(String(36), index=True)
    business_date: Mapped[date | None] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    posted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ref_id: Mapped[str | None] = mapped_column(String(36), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    # sha256 of the request that made this entry: a replay of the id with a
    # different request is refused instead of answered.
    fingerprint: Mapped[str] = mapped_column(String(64))
    # The hold this entry resolves (its capture, release, expiry or void); a
    # hold is a pending entry, resolved at most once (the index below).
    resolves: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (
        # A given entry can be voided once, whatever races: the database says so.
        Index(
            "uq_entries_void_once",
            "ref_id",
            unique=True,
            sqlite_where=text("type = 'void'"),
            postgresql_where=text("type = 'void'"),
        ),
        # A hold resolves once, whatever races.
        Index(
            "uq_entries_resolve_once",
            "resolves",
            unique=True,
            sqlite_where=text("resolves IS NOT NULL"),
            postgresql_where=text("resolves IS NOT NULL"),
        ),
    )


class Hold(Base):
    __tablename__ = "holds"

    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(10), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    captured_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    closed_by: Mapped[str | None] = mapped_column(String(36))


class Outbox(Base):
    """Entries made here that the ledger has not acknowledged yet."""

    __tablename__ = "outbox"

    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class Meta(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
