"""Writing and reading the audit trail (inside a caller's session)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app import audit_chain as chain
from app.clock import as_aware
from app.errors import ValidationError
from app.staff.models import AuditRecord
from app.staff.schema import AuditRow

DETAIL_MAX = 8000  # app/ledger/models.py: AuditRowBody.detail


def record_of(row: AuditRow) -> AuditRecord:
    return AuditRecord(id=row.id, at=as_aware(row.at), terminal=row.terminal,
                       action=row.action, outcome=row.outcome, actor=row.actor,
                       approver=row.approver, card=row.card, amount=row.amount,
                       currency=row.currency, entry_id=row.entry_id, detail=row.detail)


def write(s: Session, *, at: datetime, terminal: str, action: str, outcome: str,
          actor: str | None = None, approver: str | None = None, card: str | None = None,
          amount: int | None = None, currency: str | None = None,
          entry_id: str | None = None, detail: str | None = None) -> AuditRecord:
    if card is not None and len(card) > 4 and "•" not in card:
        # The trail is read by people: a full card number never goes in.
        card = "•••• " + card[-4:]
    if detail is not None and len(detail) > DETAIL_MAX:
        # The ledger keeps a copy of every row and takes no longer text.
        detail = detail[:DETAIL_MAX - 1] + "…"
    row = AuditRow(at=at, terminal=terminal, action=action, outcome=outcome, actor=actor,
                   approver=approver, card=card, amount=amount, currency=currency,
                   entry_id=entry_id, detail=detail)
    s.add(row)
    s.flush()
    prev = s.scalar(select(AuditRow.link).where(AuditRow.id < row.id)
                    .order_by(AuditRow.id.desc()).limit(1))
    row.link = chain.link_of(prev or "", _content(row))
    s.flush()
    return record_of(row)


def _content(row: AuditRow) -> dict[str, Any]:
    return {f: getattr(row, f) for f in (*chain.FIELDS, "link")}


def verify(s: Session) -> chain.ChainCheck:
    """Check the whole trail's hash chain (issue 15.10)."""
    rows = s.scalars(select(AuditRow).order_by(AuditRow.id)).yield_per(1000)
    return chain.verify(_content(r) for r in rows)


def head(s: Session) -> tuple[int, str]:
    """Where this trail's chain ends: how many rows, and the newest link."""
    n = int(s.scalar(select(func.count()).select_from(AuditRow)) or 0)
    link = s.scalar(select(AuditRow.link).order_by(AuditRow.id.desc()).limit(1))
    return n, link or ""


def link_at(s: Session, position: int) -> str | None:
    """The link of the ``position``-th row (1: the oldest); "" for 0; None
    when the trail is shorter."""
    if position == 0:
        return ""
    return s.scalar(select(AuditRow.link).order_by(AuditRow.id).offset(position - 1).limit(1))


def wire_rows(s: Session, *, after: int, limit: int) -> list[dict[str, Any]]:
    """Rows after the ``after``-th, oldest first, as the ledger takes them
    (their place in the chain, content and link; times as the chain has them)."""
    rows = s.scalars(select(AuditRow).order_by(AuditRow.id).offset(after).limit(limit)).all()
    out = []
    for i, row in enumerate(rows, start=after + 1):
        body = _content(row)
        body["at"] = chain.time_text(row.at)
        out.append({"position": i, **body, "link": row.link or ""})
    return out


def page(s: Session, *, limit: int = 50, before: int | None = None, action: str | None = None,
         person: str | None = None) -> tuple[list[AuditRecord], int | None]:
    """Newest first; ``before`` is the cursor the previous page answered."""
    if not 1 <= limit <= 500:
        raise ValidationError("Ask for between 1 and 500 records.", key="invalid_limit")
    stmt = select(AuditRow)
    if before is not None:
        stmt = stmt.where(AuditRow.id < before)
    if action:
        stmt = stmt.where(AuditRow.action == action)
    if person:
        stmt = stmt.where(or_(AuditRow.actor == person, AuditRow.approver == person))
    rows = s.scalars(stmt.order_by(AuditRow.id.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return [record_of(r) for r in rows], (rows[-1].id if more and rows else None)
