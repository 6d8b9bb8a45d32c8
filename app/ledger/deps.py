"""What the ledger's routes depend on, as typed ``Annotated`` aliases: the
ledger service, the authenticated caller, the idempotency key; and the one
helper every mutating route ends with (``mutate``).

The caller was authenticated before the body was read (app.ledger.gate); the
dependency only picks it up, or authenticates itself when the app runs
without the gate (never in `giftpos ledger serve`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse

from app.ledger.auth import Caller
from app.ledger.models import TillBody
from app.ledger.service import Ledger, Op, Till


def get_ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


LedgerDep = Annotated[Ledger, Depends(get_ledger)]


def get_caller(request: Request, ledger: LedgerDep,
               authorization: Annotated[str | None, Header()] = None) -> Caller:
    known = request.scope.get("state", {}).get("caller")
    if isinstance(known, Caller):
        return known
    return ledger.authenticate(authorization)


Auth = Annotated[Caller, Depends(get_caller)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


def till(body: TillBody) -> Till:
    return Till(cashier=body.cashier, sale_id=body.sale_id, business_date=body.business_date,
                terminal_time=body.terminal_time)


def dump(body: TillBody) -> dict[str, Any]:
    return body.model_dump(mode="json", exclude_none=True)


def mutate(ledger: Ledger, who: Caller, route: str, body: TillBody, key: str | None, op: Op,
           **kw: Any) -> JSONResponse:
    """Run a card operation once per idempotency key and answer its first
    result (see Ledger.mutate)."""
    status, payload = ledger.mutate(who, route=route, body=dump(body), key=key,
                                    till=till(body), op=op, **kw)
    return JSONResponse(payload, status_code=status)
