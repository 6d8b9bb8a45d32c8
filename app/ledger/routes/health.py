"""GET /v1/health: the only route without a token (a till's connectivity probe)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.ledger.deps import LedgerDep
from app.wire.answers import HealthAnswer

router = APIRouter(prefix="/v1", tags=["health"])


@router.get("/health", response_model=HealthAnswer)
def health(ledger: LedgerDep) -> dict[str, Any]:
    return ledger.health()
