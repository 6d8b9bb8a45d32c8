"""Card programs, as plain data and session-level operations: what a card
issued from a program holds and until when."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.designs.schema import ProgramRow
from app.errors import NotFound, ValidationError
from app.money import MAX_AMOUNT_MINOR, currency_code

if TYPE_CHECKING:
    from app.wire.answers import ProgramWire

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_EXPIRY_MONTHS = 240


@dataclass(frozen=True, kw_only=True)
class Program:
    code: str
    title: str
    currency: str
    default_amount: int
    template: str
    expiry_months: int | None = None
    expires_on: date | None = None
    active: bool = True

    def expiry_for(self, issued: date) -> date | None:
        """The last day a card issued on ``issued`` may be used: a fixed day
        wins over a number of months; neither means it never expires."""
        if self.expires_on is not None:
            return self.expires_on
        if self.expiry_months is None:
            return None
        return add_months(issued, self.expiry_months)

    def expiry_rule(self) -> str:
        if self.expires_on is not None:
            return f"until {self.expires_on.isoformat()}"
        if self.expiry_months is not None:
            return f"{self.expiry_months} months from issue"
        return "never expires"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "currency": self.currency,
                "default_amount": self.default_amount, "template": self.template,
                "expiry_months": self.expiry_months,
                "expires_on": self.expires_on.isoformat() if self.expires_on else None,
                "expiry_rule": self.expiry_rule(), "active": self.active}


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, kept inside the target month (Jan 31 + 1 ->
    Feb 28/29), as card programs count validity."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def program_of(row: ProgramRow) -> Program:
    return Program(code=row.code, title=row.title, currency=row.currency,
                   default_amount=row.default_amount, template=row.template,
                   expiry_months=row.expiry_months, expires_on=row.expires_on,
                   active=row.active)


def program_from(w: ProgramWire) -> Program:
    """A program as the ledger answers it (/v1/programs, parsed by the till's
    client)."""
    return Program(code=w.code, title=w.title, currency=w.currency,
                   default_amount=w.default_amount, template=w.template,
                   expiry_months=w.expiry_months, expires_on=w.expires_on, active=w.active)


def check_code(code: str) -> str:
    c = (code or "").strip().lower()
    if not _CODE.match(c):
        raise ValidationError("A program code is 1-64 lower-case letters, digits, '-' or '_' "
                              "(e.g. holiday-2026).", key="invalid_program_code")
    return c


def get_program(session: Session, code: str) -> Program:
    row = session.get(ProgramRow, (code or "").strip().lower())
    if row is None:
        raise NotFound(key="program_not_found", details=code, params={"program": code})
    return program_of(row)


def list_programs(session: Session, *, include_inactive: bool = False) -> list[Program]:
    stmt = select(ProgramRow).order_by(ProgramRow.code)
    if not include_inactive:
        stmt = stmt.where(ProgramRow.active.is_(True))
    return [program_of(r) for r in session.scalars(stmt)]


def add_program(session: Session, *, code: str, title: str, currency: str,
                default_amount: int, template: str, expiry_months: int | None = None,
                expires_on: date | None = None, now: datetime) -> Program:
    """Add a program, or answer the same one if it exists with the same terms
    (so a retried request changes nothing); different terms are refused."""
    c = check_code(code)
    t = " ".join((title or "").split())[:120]
    if not t:
        raise ValidationError("Give the program a title (printed on its cards).",
                              key="title_required")
    cur = currency_code(currency)
    if isinstance(default_amount, bool) or not 0 <= default_amount <= MAX_AMOUNT_MINOR:
        raise ValidationError("The default amount must be zero or more.",
                              key="invalid_amount")
    if expiry_months is not None and not 1 <= expiry_months <= MAX_EXPIRY_MONTHS:
        raise ValidationError(key="invalid_expiry", params={"most": MAX_EXPIRY_MONTHS})
    if expiry_months is not None and expires_on is not None:
        raise ValidationError("Give either months from issue or a fixed last day, not both.",
                              key="invalid_expiry")
    want = Program(code=c, title=t, currency=cur, default_amount=default_amount,
                   template=template, expiry_months=expiry_months, expires_on=expires_on)
    row = session.get(ProgramRow, c)
    if row is not None:
        if program_of(row) != want:
            raise ValidationError(key="program_exists", code=409, params={"program": c})
        return want
    session.add(ProgramRow(code=c, title=t, currency=cur, default_amount=default_amount,
                           expiry_months=expiry_months, expires_on=expires_on,
                           template=template, active=True, created_at=now))
    session.flush()
    return want
