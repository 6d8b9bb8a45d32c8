"""The till's own sync bookkeeping, in its store: what it sent without an
answer (to be reversed on the ledger) and where its copy of each ledger card
starts. Migrated with the rest of the store (0003_ledger); the ledger leaves
these tables empty and never imports this module."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.store.schema import Base


class InDoubt(Base):
    """An online request whose answer never came (timeout, cut connection): it
    may or may not have been applied on the ledger, so it is reversed there
    once the ledger answers again."""

    __tablename__ = "sync_in_doubt"

    entry_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    op: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(32))


class ReplicaCard(Base):
    """Where this terminal's copy of a card starts in the ledger's journal:
    entries at or before ``opened_seq`` are in its opening balance."""

    __tablename__ = "sync_cards"

    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), primary_key=True)
    opened_seq: Mapped[int] = mapped_column(BigInteger)
