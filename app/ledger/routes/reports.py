"""A manager's reports (admin token)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.ledger import feed
from app.ledger.deps import Auth, LedgerDep
from app.wire.answers import (
    ERRORS,
    DayAnswer,
    ExceptionsAnswer,
    LiabilityAnswer,
    SyncReport,
)

router = APIRouter(prefix="/v1/reports", tags=["reports"], responses=ERRORS)


@router.get("/liability", response_model=LiabilityAnswer)
def liability(who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    """Outstanding (and overdrawn) balances by currency and program."""
    who.require_admin("read reports")
    with ledger.store.read() as s:
        return feed.liability(s)


@router.get("/exceptions", response_model=ExceptionsAnswer)
def exceptions(who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    """Flagged cards with their flagged entries; rejected pushes."""
    who.require_admin("read reports")
    with ledger.store.read() as s:
        return feed.exceptions(s)


@router.get("/day", response_model=DayAnswer)
def day(who: Auth, ledger: LedgerDep,
        date_: Annotated[date, Query(alias="date")]) -> dict[str, Any]:
    """Count, net and amount per store, terminal, entry type and currency."""
    who.require_admin("read reports")
    with ledger.store.read() as s:
        return feed.day(s, date_)


@router.get("/sync", response_model=SyncReport)
def sync_report(who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    """Each terminal's last push and pull."""
    who.require_admin("read reports")
    return {"terminals": ledger.sync_status()}
