"""Card programs and the cover templates managers add. Built-in templates
live as files in resources/designs/ and are not copied here."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.schema import Base


class ProgramRow(Base):
    __tablename__ = "card_programs"

    # Card.program holds this code, so cards issued from a program find it.
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    currency: Mapped[str] = mapped_column(String(3))
    default_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    expiry_months: Mapped[int | None] = mapped_column(Integer)  # from the day of issue
    expires_on: Mapped[date | None] = mapped_column(Date)  # or a fixed last day
    template: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TemplateRow(Base):
    """A cover a manager added: the image itself (PNG) and its layout (JSON),
    kept in the database so the ledger and every till see the same cover."""

    __tablename__ = "card_templates"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    image: Mapped[bytes] = mapped_column(LargeBinary)
    layout: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
