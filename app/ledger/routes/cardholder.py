"""Spends without the card present (a web shop, a phone order) through the
ledger: ``POST /v1/cards/remote-redemptions`` is a redemption (or a hold)
that first checks the card's security code when its program requires one or
the card has one (app/shop/codes.py: hashed, throttled per card, the wrong
tries counted even though the spend is refused). The code never reaches the
stored request: the redemption is recorded as the plain one it is."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field

from app.clock import utcnow
from app.ledger.deps import Auth, IdemKey, LedgerDep
from app.ledger.models import RedeemCardBody
from app.ledger.routes.cards import redeem_card
from app.shop import codes
from app.wire.answers import ERRORS, OpAnswer

router = APIRouter(prefix="/v1", tags=["cards"])


class RemoteRedeemBody(RedeemCardBody):
    security_code: str | None = Field(default=None, max_length=8)


@router.post("/cards/remote-redemptions", response_model=OpAnswer, responses=ERRORS)
def remote_redeem(body: RemoteRedeemBody, who: Auth, ledger: LedgerDep,
                  key: IdemKey = None) -> JSONResponse:
    """A redemption without the card: its security code first."""
    codes.check(ledger.cards.store, number=body.number, code=body.security_code,
                now=utcnow())
    plain = RedeemCardBody.model_validate(body.model_dump(exclude={"security_code"}))
    return redeem_card(ledger, who, plain, key)
