"""What the ledger's routes depend on, as typed ``Annotated`` aliases: the
ledger service, the authenticated caller, the idempotency key; and the one
helper every mutating route ends with (``mutate``).

The caller was authenticated before the body was read (app.ledger.gate); the
dependency only picks it up, or authenticates itself when the app runs
without the gate (never in `giftpos ledger serve`)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.clock import utcnow
from app.domain import OpContext
from app.ledger import guards
from app.ledger.auth import Caller
from app.ledger.models import TillBody
from app.ledger.service import Ledger, Op, Till
from app.ops.journal import NEW_IDS

log = logging.getLogger(__name__)


# Both dependencies are ``async``: FastAPI runs a plain ``def`` dependency in
# its thread pool, a hop per dependency per request, and these two do no I/O
# (the gate has authenticated the caller; only an app without the gate asks
# the database, in the thread pool).
async def get_ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


LedgerDep = Annotated[Ledger, Depends(get_ledger)]


async def get_caller(request: Request, ledger: LedgerDep,
                     authorization: Annotated[str | None, Header()] = None) -> Caller:
    known = request.scope.get("state", {}).get("caller")
    if isinstance(known, Caller):
        return known
    return await run_in_threadpool(ledger.authenticate, authorization)


Auth = Annotated[Caller, Depends(get_caller)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


# How far a till's business day may be from the ledger's (time zones, a day
# closed after midnight).
DAY_SLACK = timedelta(days=1)


def till(body: TillBody, now: datetime | None = None) -> Till:
    """Who and when, for an online operation. The ledger's clock decides
    (issue 15.5): the till's ``terminal_time`` is not used for a decision (a
    hold stamped 2099 locked money for good; its expiry counts from the
    ledger's time), and its ``business_date`` only within a day of the
    ledger's (2020-01-01 let an expired card redeem and put entries in any
    past day's report); beyond that the ledger's own date is recorded."""
    today = (now or utcnow()).astimezone().date()
    day = body.business_date
    if day is not None and abs(day - today) > DAY_SLACK:
        log.warning("till business_date %s ignored: the ledger's date is %s", day, today)
        day = None
    return Till(cashier=body.cashier, sale_id=body.sale_id, business_date=day,
                terminal_time=None)


def dump(body: TillBody) -> dict[str, Any]:
    return body.model_dump(mode="json", exclude_none=True)


def own_ids(who: Caller, op: Op) -> Op:
    """``op``, refusing an entry id another till made (guards.require_own_id).
    An id the idempotency check just found new costs no query."""

    def guarded(session: Session, entry_id: str, ctx: OpContext) -> dict[str, Any]:
        if entry_id not in session.info.get(NEW_IDS, ()):
            guards.require_own_id(session, who, entry_id)
        return op(session, entry_id, ctx)

    return guarded


def mutate(ledger: Ledger, who: Caller, route: str, body: TillBody, key: str | None, op: Op,
           **kw: Any) -> JSONResponse:
    """Run a card operation once per idempotency key and answer its first
    result (see Ledger.mutate)."""
    status, payload = ledger.mutate(who, route=route, body=dump(body), key=key,
                                    till=till(body, ledger.clock()), op=own_ids(who, op), **kw)
    return JSONResponse(payload, status_code=status)
