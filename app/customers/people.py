"""Customers themselves: create, get, find by phone or name."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.clock import as_aware
from app.customers import idem
from app.customers.models import CustomerView
from app.customers.schema import CustomerRow
from app.errors import NotFound, ValidationError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_FOUND = 50


def clean_phone(phone: str) -> str:
    """Digits only (a leading + kept): "(555) 010-2030" and "555 010 2030" are
    the same phone."""
    raw = (phone or "").strip()
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not 6 <= len(digits) <= 20:
        raise ValidationError("Enter the customer's phone number (6 to 20 digits).",
                              key="invalid_phone")
    return ("+" if raw.startswith("+") else "") + digits


def name_key(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def view_of(row: CustomerRow) -> CustomerView:
    return CustomerView(id=row.id, name=row.name, phone=row.phone, email=row.email,
                        created_at=as_aware(row.created_at))


def customer_row(session: Session, customer_id: str) -> CustomerRow:
    row = session.get(CustomerRow, (customer_id or "").strip())
    if row is None:
        raise NotFound("No such customer here. Find them by phone or name first.",
                       key="customer_not_found", details=customer_id)
    return row


def create(session: Session, *, name: str, phone: str, email: str | None, op_id: str,
           now: datetime) -> CustomerView:
    nm = " ".join((name or "").split())[:120]
    if not nm:
        raise ValidationError("Enter the customer's name.", key="name_required")
    ph = clean_phone(phone)
    em = (email or "").strip() or None
    if em is not None and (len(em) > 254 or not _EMAIL.match(em)):
        raise ValidationError(key="invalid_email", params={"why": "optional", "email": em})
    params = {"name": nm, "phone": ph, "email": em}
    done = idem.seen(session, op_id, "customer", **params)
    if done is not None:
        return view_of(customer_row(session, done))
    row = CustomerRow(id=op_id, name=nm, name_key=name_key(nm), phone=ph, email=em,
                      created_at=now)
    session.add(row)
    session.flush()
    idem.record(session, op_id, "customer", row.id, now, **params)
    return view_of(row)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find(session: Session, *, phone: str | None = None, name: str | None = None,
         limit: int = 20) -> list[CustomerView]:
    """By phone (the whole number, or its last digits, at least four) and/or by
    any part of the name, case-insensitive."""
    if not (phone or "").strip() and not (name or "").strip():
        raise ValidationError("Search by phone or by name.", key="search_required")
    stmt = select(CustomerRow)
    if (phone or "").strip():
        digits = "".join(ch for ch in phone or "" if ch.isdigit())
        if len(digits) < 4:
            raise ValidationError("Type at least the last four digits of the phone.",
                                  key="invalid_phone")
        stmt = stmt.where(or_(CustomerRow.phone == clean_phone(phone or "")
                              if len(digits) >= 6 else CustomerRow.phone == digits,
                              CustomerRow.phone.like(f"%{_like(digits)}", escape="\\")))
    if (name or "").strip():
        stmt = stmt.where(CustomerRow.name_key.like(f"%{_like(name_key(name or ''))}%",
                                                    escape="\\"))
    stmt = stmt.order_by(CustomerRow.name_key, CustomerRow.id).limit(
        max(1, min(limit, MAX_FOUND)))
    return [view_of(r) for r in session.scalars(stmt)]
