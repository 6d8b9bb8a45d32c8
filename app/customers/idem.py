"""Idempotency of customers' operations by operation id: the first request
under an id is done once; a replay answers the same subject; a different
request under the same id is a conflict, never silently answered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.customers.schema import CustomerOpRow
from app.errors import Conflict
from app.ops.journal import fingerprint


def seen(session: Session, op_id: str, kind: str, **params: Any) -> str | None:
    """The subject (row id) the operation made the first time, if it ran."""
    row = session.get(CustomerOpRow, op_id)
    if row is None:
        return None
    if row.kind != kind or row.fingerprint != fingerprint(kind, **params):
        raise Conflict("This operation id was already used for a different request.",
                       details=op_id)
    return row.subject


def record(session: Session, op_id: str, kind: str, subject: str, now: datetime,
           **params: Any) -> None:
    session.add(CustomerOpRow(id=op_id, kind=kind, fingerprint=fingerprint(kind, **params),
                              subject=subject, created_at=now))
    session.flush()
