"""Tables of the ledger service.

They live on the same Base as the core tables, so one migration branch
('0003_ledger') creates them in every store; a terminal's store simply leaves
them empty (as the ledger leaves the till's own, app/sync/schema.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.schema import Base, BigId


class Principal(Base):
    """Who may call the ledger: an enrolled terminal or an admin. Only the
    sha256 of the bearer token is kept (tokens are long and random)."""

    __tablename__ = "ledger_principals"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    store: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(10))  # terminal | admin
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IdempotencyKey(Base):
    """The first answer to a mutating request, replayed to its retries."""

    __tablename__ = "ledger_idempotency"

    principal_id: Mapped[int] = mapped_column(ForeignKey("ledger_principals.id"),
                                              primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RateCounter(Base):
    """Requests per principal per time bucket (e.g. key lookups per minute).
    In the database, so every service process counts the same."""

    __tablename__ = "ledger_rate"

    principal_id: Mapped[int] = mapped_column(ForeignKey("ledger_principals.id"),
                                              primary_key=True)
    bucket: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class SyncState(Base):
    """What each terminal last did with sync (for the manager's view)."""

    __tablename__ = "ledger_sync_state"

    principal_id: Mapped[int] = mapped_column(ForeignKey("ledger_principals.id"),
                                              primary_key=True)
    last_push_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_pull_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    pushed: Mapped[int] = mapped_column(BigInteger, default=0)


class LedgerException(Base):
    """Something a manager must look at: an offline entry the ledger could not
    apply (kept whole, so nothing is lost) or one applied against the rules."""

    __tablename__ = "ledger_exceptions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # rejected | forced | in_doubt
    entry_id: Mapped[str | None] = mapped_column(String(36), index=True)
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"))
    terminal: Mapped[str] = mapped_column(String(64))
    store: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    payload: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Tombstone(Base):
    """An entry id a terminal gave up on after a timeout: reversed if it was
    applied, refused if it arrives later."""

    __tablename__ = "ledger_tombstones"

    entry_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditHead(Base):
    """Where a till's audit trail stands on the ledger (issue 15.10): the
    position and link of the newest row it pushed. ``epoch`` counts the times
    a manager accepted a new start after a history that did not extend this
    one (a replaced till, a tampered one): the rows of earlier epochs stay."""

    __tablename__ = "ledger_audit_heads"

    principal_id: Mapped[int] = mapped_column(ForeignKey("ledger_principals.id"),
                                              primary_key=True)
    epoch: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    link: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditCopy(Base):
    """The ledger's copy of a till's audit rows, append-only, as the till
    chained them (``link``: app/audit_chain.py); ``position`` is the row's
    place in the till's chain (1, 2, ...), ``row_id`` its id on the till."""

    __tablename__ = "ledger_audit_rows"

    principal_id: Mapped[int] = mapped_column(ForeignKey("ledger_principals.id"),
                                              primary_key=True)
    epoch: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    row_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    terminal: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str | None] = mapped_column(String(64))
    approver: Mapped[str | None] = mapped_column(String(64))
    card: Mapped[str | None] = mapped_column(String(20))  # masked on the till
    amount: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    entry_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SeenCard(Base):
    """A card a till has looked up without an operation of its own on it yet
    (a balance check mirrors it into the till's replica): the pull sends the
    till this card's changes too (app.ledger.visibility)."""

    __tablename__ = "ledger_seen_cards"

    principal_id: Mapped[int] = mapped_column(ForeignKey("ledger_principals.id"),
                                              primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
