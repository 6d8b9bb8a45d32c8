"""Tables of the shop part (migration 0006_shop): settings, the side records
that say why an entry was written (a card sold at a discount, a cash-out), the
security codes' throttle, and the e-gift outbox. Value itself moves only
through app/ops; these rows only describe entries made there."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.schema import Base, BigId


class SettingRow(Base):
    """One JSON document per key ("shop" holds the store settings)."""

    __tablename__ = "shop_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CardSaleRow(Base):
    """A card sold or reloaded: face value and what the customer paid (less
    when sold at a discount). ``entry_id`` is the issue/activate/load entry."""

    __tablename__ = "shop_card_sales"

    entry_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    face: Mapped[int] = mapped_column(BigInteger)
    paid: Mapped[int] = mapped_column(BigInteger)
    discount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    store: Mapped[str] = mapped_column(String(64))
    terminal: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CashoutRow(Base):
    """A balance paid out in cash from the drawer (``entry_id``: the redeem)."""

    __tablename__ = "shop_cashouts"

    entry_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    card: Mapped[str] = mapped_column(String(16))  # masked
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    store: Mapped[str] = mapped_column(String(64))
    terminal: Mapped[str] = mapped_column(String(64), index=True)
    cashier: Mapped[str | None] = mapped_column(String(64))
    business_date: Mapped[str] = mapped_column(String(10), index=True)  # ISO date
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CodeAttemptRow(Base):
    """Wrong security codes in a row, per card number digest, and the lock."""

    __tablename__ = "shop_code_attempts"

    card_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EgiftRow(Base):
    """An e-gift message: durable before it is sent, retried until delivered."""

    __tablename__ = "egift_outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    card_number: Mapped[str] = mapped_column(String(32), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    sender_name: Mapped[str | None] = mapped_column(String(120))
    message: Mapped[str | None] = mapped_column(Text)
    send_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    state: Mapped[str] = mapped_column(String(12), index=True)  # SCHEDULED SENT FAILED
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    message_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CardCodeRow(Base):
    """A card's security code (4-8 digits, Fiserv's securityCode, Clover's
    SCV), as an HMAC under the store's pepper bound to the card: looked up,
    never read back. Apart from ``cards.key_hash``, which must be unique to
    find a card by its long key alone; a short code cannot be."""

    __tablename__ = "shop_card_codes"

    card_id: Mapped[int] = mapped_column(BigId, ForeignKey("cards.id"), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


PROMO_PROGRAM = "promo"  # the program of promotional companion cards


class PromoLinkRow(Base):
    """Promotional value given with a card ("buy $100, get $20"): held on a
    companion card of program ``promo`` that the customer never sees, so it
    has its own expiry and its own entries, is never cashed out, and is
    reported and booked apart. ``card_id`` is the customer's card."""

    __tablename__ = "shop_promo_links"

    promo_card_id: Mapped[int] = mapped_column(BigId, ForeignKey("cards.id"), primary_key=True)
    card_id: Mapped[int] = mapped_column(BigId, ForeignKey("cards.id"), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
