"""What the staff part answers: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from app.staff.permissions import Role


@dataclass(frozen=True, kw_only=True)
class StaffView:
    id: int
    name: str
    role: Role
    active: bool = True
    locked_until: datetime | None = None
    last_sign_in: datetime | None = None

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "role": str(self.role),
                "active": self.active,
                "locked_until": self.locked_until.isoformat() if self.locked_until else None,
                "last_sign_in": self.last_sign_in.isoformat() if self.last_sign_in else None}


@dataclass(frozen=True, kw_only=True)
class Approval:
    """A permission given: ``asked_by`` may do ``action`` because
    ``approved_by`` (a manager, or the asker when a manager) said so."""

    action: str
    asked_by: str | None
    approved_by: str
    audit_id: int


@dataclass(frozen=True, kw_only=True)
class AuditRecord:
    id: int
    at: datetime
    terminal: str
    action: str
    outcome: str  # ok, approved, refused, declined, failed, locked
    actor: str | None = None
    approver: str | None = None
    card: str | None = None  # masked
    amount: int | None = None
    currency: str | None = None
    entry_id: str | None = None
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["at"] = self.at.isoformat()
        return d
