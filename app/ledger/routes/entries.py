"""Entries that name an earlier one: capture or release a hold, void or
refund an entry. Ids in the path are entry ids (UUIDs), not card data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from app.domain import OpContext
from app.ledger import guards
from app.ledger.auth import Caller
from app.ledger.deps import Auth, IdemKey, LedgerDep, mutate
from app.ledger.models import OptionalAmountBody, VoidBody
from app.ledger.service import Ledger
from app.ops import payments
from app.wire.answers import ERRORS, NothingVoided, OpAnswer

router = APIRouter(prefix="/v1", tags=["entries"], responses=ERRORS)


@router.post("/holds/{hold_id}/capture", response_model=OpAnswer)
def capture(hold_id: str, body: OptionalAmountBody, who: Auth, ledger: LedgerDep,
            key: IdemKey = None) -> JSONResponse:
    """Capture a hold: ``amount`` at most what was held (default: all of it)."""
    clk = ledger.cards.clock
    return mutate(ledger, who, f"capture:{hold_id}", body, key,
                  lambda s, eid, ctx: Ledger.answer(s, payments.capture(
                      s, hold_id=_own(s, who, hold_id, "capture"), amount=body.amount,
                      entry_id=eid, ctx=ctx, clock=clk)))


@router.post("/holds/{hold_id}/release", response_model=OpAnswer)
def release(hold_id: str, body: OptionalAmountBody, who: Auth, ledger: LedgerDep,
            key: IdemKey = None) -> JSONResponse:
    clk = ledger.cards.clock
    return mutate(ledger, who, f"release:{hold_id}", body, key,
                  lambda s, eid, ctx: Ledger.answer(s, payments.release(
                      s, hold_id=_own(s, who, hold_id, "release"), entry_id=eid, ctx=ctx,
                      clock=clk, reason=body.reason)))


@router.post("/entries/{entry_id}/void", response_model=OpAnswer | NothingVoided)
def void(entry_id: str, body: VoidBody, who: Auth, ledger: LedgerDep,
         key: IdemKey = None) -> JSONResponse:
    """Void an entry; ``in_doubt``: the caller lost the answer to it, so void
    it if it is here, else tombstone its id so it is refused should it arrive."""
    clk = ledger.cards.clock

    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        # In doubt or not, another till's entry is not this one's to void (an
        # in-doubt void on another till's live hold broke that till's sale).
        _own(s, who, entry_id, "void")
        if body.in_doubt:
            return _void_in_doubt(s, entry_id, eid, ctx, body.reason, ledger)
        return Ledger.answer(s, payments.void(s, original_id=entry_id, entry_id=eid, ctx=ctx,
                                              clock=clk, reason=body.reason))

    return mutate(ledger, who, f"void:{entry_id}", body, key, op)


def _void_in_doubt(s: Session, original: str, eid: str, ctx: OpContext, reason: str | None,
                   ledger: Ledger) -> dict[str, Any]:
    return ledger.void_in_doubt(s, original, eid, ctx, reason)


@router.post("/entries/{entry_id}/refund", response_model=OpAnswer)
def refund(entry_id: str, body: OptionalAmountBody, who: Auth, ledger: LedgerDep,
           key: IdemKey = None) -> JSONResponse:
    """Refund (part of) a redemption: never more than was taken."""
    clk = ledger.cards.clock
    return mutate(ledger, who, f"refund:{entry_id}", body, key,
                  lambda s, eid, ctx: Ledger.answer(s, payments.refund(
                      s, original_id=_own(s, who, entry_id, "refund"), amount=body.amount,
                      entry_id=eid, ctx=ctx, clock=clk, reason=body.reason)))


def _own(session: Session, who: Caller, entry_id: str, action: str) -> str:
    """The entry's id, once the caller may ``action`` it (guards.may_resolve)."""
    guards.require_owner(session, who, entry_id=entry_id, action=action)
    return entry_id
