"""A manager's card jobs that touch many cards at once, on the ledger where
the chain's cards are: activating a printed serial range (issue 17). The
approval at the till (a manager's name and PIN, its audit entry) is the
till's; the ledger takes a manager's own token and does the range in one
transaction, every card once under an id derived from the request's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from app.domain import OpContext, mask
from app.ledger import guards
from app.ledger.deps import Auth, IdemKey, LedgerDep, mutate
from app.ledger.models import RangeBody
from app.shop import ranges
from app.wire.answers import ERRORS, RangeAnswer

router = APIRouter(prefix="/v1/cards", tags=["cards"], responses=ERRORS)


@router.post("/activate-range", response_model=RangeAnswer)
def activate_range(body: RangeBody, who: Auth, ledger: LedgerDep,
                   key: IdemKey = None) -> JSONResponse:
    """Activate every printed card numbered ``first``..``last`` with
    ``amount``: all or nothing (``range_not_inactive`` names some that are
    not unsold printed cards); a retry answers the first result."""
    who.require_manager("activate a range of printed cards")
    lim, clk = ledger.cards.limits, ledger.cards.clock

    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        found = ranges.range_cards(s, body.first, body.last)
        guards.require_repairer(s, who, [c.number for c in found], action="activate")
        ids = ranges.part_ids(eid, found)
        ranges.refuse_sold(found, ids, ranges.done_ids(s, ids))
        ranges.activate_all(s, found, ids, amount=body.amount, ctx=ctx, limits=lim,
                            clock=clk)
        return {"id": eid, "first": mask(found[0].number), "last": mask(found[-1].number),
                "count": len(found), "amount_each": body.amount,
                "currency": found[0].currency}

    return mutate(ledger, who, "activate_range", body, key, op)
