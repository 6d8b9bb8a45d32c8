"""Checkout's tables, in the terminal's own durable store beside the journal.

A sale's rows are written step by step, each step committed before the call
returns, so a sale interrupted by a crash is found on restart (``status =
'OPEN'``) with every tender's entry id, and can be resumed or cancelled.
Full card numbers are kept for the cards the sale must act on (like the
``cards`` table does); they never leave the service unmasked.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.checkout.refund_plan import PlanColumn, RefundPlan
from app.store.schema import Base, BigId


class SaleRow(Base):
    __tablename__ = "sales"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Orders sales on this terminal ("the last sale") regardless of clock skew.
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    terminal: Mapped[str] = mapped_column(String(64))
    store: Mapped[str] = mapped_column(String(64))
    cashier: Mapped[str | None] = mapped_column(String(64))
    business_date: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text)


class SaleLineRow(Base):
    __tablename__ = "sale_lines"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(BigInteger)  # the line's total (quantity x price)
    # Migration 0009_catalog; how many of the item the amount is for.
    quantity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    card_number: Mapped[str | None] = mapped_column(String(32))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    refunded: Mapped[int] = mapped_column(BigInteger, default=0)
    # The activation / load entry made when the sale completed.
    entry_id: Mapped[str | None] = mapped_column(String(36))
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class TenderRow(Base):
    __tablename__ = "tenders"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12))
    amount: Mapped[int] = mapped_column(BigInteger)
    requested: Mapped[int | None] = mapped_column(BigInteger)
    card_number: Mapped[str | None] = mapped_column(String(32))
    previous_balance: Mapped[int | None] = mapped_column(BigInteger)
    new_balance: Mapped[int | None] = mapped_column(BigInteger)
    # The hold's entry id is chosen (and written here) before the hold is asked.
    hold_id: Mapped[str | None] = mapped_column(String(36), index=True)
    capture_id: Mapped[str | None] = mapped_column(String(36))
    reference: Mapped[str | None] = mapped_column(String(100))
    method: Mapped[str | None] = mapped_column(String(40))
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    refunded: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SaleRefundRow(Base):
    """A return against a completed sale. Written (with its plan) before any
    card is credited, so an interrupted refund is finished, not repeated."""

    __tablename__ = "sale_refunds"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))  # PENDING, DONE
    business_date: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    total: Mapped[int] = mapped_column(BigInteger)
    to_new_card: Mapped[bool] = mapped_column(Boolean, default=False)
    cash_back: Mapped[int] = mapped_column(BigInteger, default=0)
    external_back: Mapped[int] = mapped_column(BigInteger, default=0)
    new_card_number: Mapped[str | None] = mapped_column(String(32))
    # The lines refunded and the planned credit per tender (JSON text).
    plan: Mapped[RefundPlan] = mapped_column(PlanColumn)


class DayCloseRow(Base):
    __tablename__ = "day_closes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    terminal: Mapped[str] = mapped_column(String(64))
    business_date: Mapped[date] = mapped_column(Date, index=True)
    closed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    report: Mapped[str] = mapped_column(Text)  # the Z report as JSON, as printed

    # A day is closed once per terminal.
    __table_args__ = (UniqueConstraint("terminal", "business_date"),)
