"""The tills' audit trails (issue 15.10, app/ledger/trail.py): a till pushes
its hash-chained rows and reads where the ledger's copy of its trail ends; a
manager reads a till's copy and, knowing why, starts it afresh."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from app.errors import Forbidden
from app.ledger import trail
from app.ledger.auth import TERMINAL, Caller
from app.ledger.deps import Auth, LedgerDep
from app.ledger.models import AuditPushBody
from app.wire.answers import (
    ERRORS,
    AuditHeadAnswer,
    AuditPushAnswer,
    AuditRestartAnswer,
    AuditTrailAnswer,
)

router = APIRouter(prefix="/v1/audit", tags=["audit"], responses=ERRORS)

Terminal = Annotated[str, Path(min_length=1, max_length=64)]


def _till(who: Caller) -> None:
    if who.role != TERMINAL:
        raise Forbidden("Only a till pushes its own audit trail.", key="terminal_only")


@router.get("/head", response_model=AuditHeadAnswer)
def head(who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    """Where the ledger's copy of this till's audit trail ends."""
    _till(who)
    with ledger.store.read() as s:
        return trail.head(s, who.id).to_dict()


@router.post("/push", response_model=AuditPushAnswer)
def push(body: AuditPushBody, who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    """Append this till's audit rows after the ledger's head. A trail that
    does not extend the ledger's copy (its newest rows deleted, its history
    rewritten) is refused whole with 409 ``audit_chain_truncated`` or
    ``audit_chain_rewritten``; the ledger keeps its copy and records an
    exception for a manager. With no rows, the till's head is only compared."""
    _till(who)
    with ledger.store.transaction() as s:
        answer = trail.push(s, who, till_head=body.head.model_dump(),
                            rows=[r.model_dump() for r in body.rows], now=ledger.clock())
    if isinstance(answer, trail.ChainRefused):
        raise answer  # after the exception was committed
    return answer


@router.get("/trails/{terminal}", response_model=AuditTrailAnswer)
def read_trail(who: Auth, ledger: LedgerDep, terminal: Terminal,
               limit: Annotated[int, Query(ge=1, le=500)] = 100,
               before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
               epoch: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
               ) -> dict[str, Any]:
    """A till's audit rows as the ledger holds them, newest first, with the
    open exceptions about its trail (a manager of its store, or the back
    office)."""
    with ledger.store.read() as s:
        return trail.trail(s, who, terminal=terminal, limit=limit, before=before, epoch=epoch)


@router.post("/trails/{terminal}/restart", response_model=AuditRestartAnswer)
def restart(who: Auth, ledger: LedgerDep, terminal: Terminal) -> dict[str, Any]:
    """Accept a new start of a till's trail (a till replaced, its store
    restored): a new epoch; the till pushes its whole trail again; the earlier
    rows stay and the trail's open exceptions are resolved."""
    with ledger.store.transaction() as s:
        return trail.restart(s, who, terminal=terminal, now=ledger.clock())
