"""A refund's plan: the lines it returns and where each part of the money goes
back (the gift card tender that paid, cash, an external payment, or store
credit on a new card).

It is written with the refund, before any card is credited, so a refund
interrupted by a crash is finished, not planned again. It is stored as JSON
in ``sale_refunds.plan`` and read back as a :class:`RefundPlan` by the
column's own type (:class:`PlanColumn`): parsed once, where the row is read;
the code that executes a refund or reports on refunds sees attributes.
"""

from __future__ import annotations

import enum
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Dialect, Text
from sqlalchemy.types import TypeDecorator


class PartKind(enum.StrEnum):
    GIFT_CARD = "GIFT_CARD"  # back onto the card of that tender
    CASH = "CASH"
    EXTERNAL = "EXTERNAL"
    STORE_CREDIT = "STORE_CREDIT"  # onto a new card


class RefundPart(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: PartKind
    amount: int
    # The tender the money goes back to (gift card, cash, external).
    tender: str | None = None
    # Store credit that replaced a card's part (the card refused its credit):
    # the new card's issue id, the tender it replaces and the card's refusal.
    id: str | None = None
    instead_of: str | None = None
    declined: str | None = None


class RefundPlan(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    lines: tuple[str, ...]
    parts: tuple[RefundPart, ...]

    def amount_of(self, kind: PartKind) -> int:
        return sum(p.amount for p in self.parts if p.kind == kind)

    def with_part(self, index: int, part: RefundPart) -> RefundPlan:
        """This plan with part ``index`` replaced (plans are never edited in
        place: the row is given the new plan, so the change is written)."""
        parts = list(self.parts)
        parts[index] = part
        return self.model_copy(update={"parts": tuple(parts)})


class PlanColumn(TypeDecorator[RefundPlan]):
    """A :class:`RefundPlan` stored as JSON text (what the column always held)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: RefundPlan | None, dialect: Dialect) -> str | None:
        return None if value is None else value.model_dump_json(exclude_none=True)

    def process_result_value(self, value: Any, dialect: Dialect) -> RefundPlan | None:
        return None if value is None else RefundPlan.model_validate_json(value)
