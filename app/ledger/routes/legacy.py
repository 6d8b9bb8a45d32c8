"""The card routes of API v1 as first published, with the card number in the
URL path (``/v1/cards/{number}/...``, ``GET /v1/balance?cardNumber=``).
Deprecated: a number in a path or query reaches access logs and proxies.
Kept for one release so tills not yet updated keep working; each answers
exactly as its body-carrying successor (app.ledger.routes.cards), which
the current client (app.sync.client) uses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from app.ledger import visibility
from app.ledger.deps import Auth, IdemKey, LedgerDep
from app.ledger.models import (
    MAX_POSITION,
    ActivateBody,
    ActivateCardBody,
    AdjustBody,
    AdjustCardBody,
    AmountBody,
    LoadCardBody,
    RedeemCardBody,
    RedemptionBody,
    StatusBody,
    StatusCardBody,
    TransferBody,
    TransferCardBody,
)
from app.ledger.routes import cards
from app.wire.answers import ERRORS, BalanceAnswer, CardDetails, OpAnswer

router = APIRouter(prefix="/v1", tags=["deprecated"], deprecated=True, responses=ERRORS)

Number = Annotated[str, Path(max_length=40, description="the card number")]


def _with(number: Number, body: Any, model: Any) -> Any:
    return model(number=number, **body.model_dump(exclude_unset=True))


@router.get("/balance", response_model=BalanceAnswer)
def balance(who: Auth, ledger: LedgerDep,
            cardNumber: Annotated[str | None, Query(max_length=40)] = None,
            key: Annotated[str | None, Query(max_length=64)] = None) -> dict[str, Any]:
    return visibility.seen(ledger, who, ledger.balance(who, number=cardNumber, key=key))


@router.get("/cards/{number}", response_model=CardDetails)
def details(number: Number, who: Auth, ledger: LedgerDep,
            limit: Annotated[int, Query(ge=1, le=500)] = 50,
            after: Annotated[int | None, Query(ge=0, le=MAX_POSITION)] = None,
            ) -> dict[str, Any]:
    return ledger.details(number=number, limit=limit, after=after)


@router.post("/cards/{number}/activate", response_model=OpAnswer)
def activate(number: Number, body: ActivateBody, who: Auth, ledger: LedgerDep,
             key: IdemKey = None) -> JSONResponse:
    return cards.activate_card(ledger, who, _with(number, body, ActivateCardBody), key)


@router.post("/cards/{number}/loads", response_model=OpAnswer)
def load(number: Number, body: AmountBody, who: Auth, ledger: LedgerDep,
         key: IdemKey = None) -> JSONResponse:
    return cards.load_card(ledger, who, _with(number, body, LoadCardBody), key)


@router.post("/cards/{number}/redemptions", response_model=OpAnswer)
def redeem(number: Number, body: RedemptionBody, who: Auth, ledger: LedgerDep,
           key: IdemKey = None) -> JSONResponse:
    return cards.redeem_card(ledger, who, _with(number, body, RedeemCardBody), key)


@router.post("/cards/{number}/adjustments", response_model=OpAnswer)
def adjust(number: Number, body: AdjustBody, who: Auth, ledger: LedgerDep,
           key: IdemKey = None) -> JSONResponse:
    return cards.adjust_card(ledger, who, _with(number, body, AdjustCardBody), key)


@router.post("/cards/{number}/transfer", response_model=OpAnswer)
def transfer(number: Number, body: TransferBody, who: Auth, ledger: LedgerDep,
             key: IdemKey = None) -> JSONResponse:
    return cards.transfer_card(ledger, who, _with(number, body, TransferCardBody), key)


@router.post("/cards/{number}/status", response_model=OpAnswer)
def status(number: Number, body: StatusBody, who: Auth, ledger: LedgerDep,
           key: IdemKey = None) -> JSONResponse:
    return cards.status_card(ledger, who, _with(number, body, StatusCardBody), key)
