"""Cards: issue, balance, look-up, activate, load, redeem (hold), and a
manager's repairs (adjust, status, transfer, combine). The card number
travels in the body, never in the path."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from app.cardnumbers import CodeConfig
from app.domain import OpContext
from app.ledger import guards, visibility
from app.ledger.auth import Caller
from app.ledger.deps import Auth, IdemKey, LedgerDep, dump, mutate, own_ids, till
from app.ledger.models import (
    ActivateCardBody,
    AdjustCardBody,
    BalanceBody,
    CombineBody,
    IssueBody,
    LoadCardBody,
    LookupBody,
    RedeemCardBody,
    StatusCardBody,
    TransferCardBody,
)
from app.ledger.service import Ledger, Op
from app.ops import lifecycle, payments
from app.ops.journal import when
from app.shop import law
from app.wire.answers import ERRORS, BalanceAnswer, CardDetails, IssueAnswer, OpAnswer

router = APIRouter(prefix="/v1", tags=["cards"], responses=ERRORS)


def _without_keys(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "cards": [{k: v for k, v in c.items() if k != "key"}
                                 for c in payload.get("cards", [])]}


@router.post("/cards", response_model=IssueAnswer)
def issue(body: IssueBody, who: Auth, ledger: LedgerDep, key: IdemKey = None) -> JSONResponse:
    """Issue cards: one at a till, in bulk by a manager. Keys (``with_key``)
    are in the first answer only; a retry answers the cards without them."""
    if body.count != 1:
        who.require_manager("issue cards in bulk")
    config = CodeConfig(prefix=body.prefix, length=body.length, charset=body.charset,
                        pattern=body.pattern, luhn=body.luhn)
    lim, clk = ledger.cards.limits, ledger.cards.clock

    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        if body.expires_on is not None:  # the store's expiry law (app/shop/law.py)
            law.check_issue(s, store=ctx.store, expires_on=body.expires_on,
                            today=when(ctx, clk)[1])
        made = lifecycle.issue(s, count=body.count, amount=body.amount,
                               currency=body.currency, config=config,
                               inactive=body.inactive, expires_on=body.expires_on,
                               with_key=body.with_key, program=body.program, entry_id=eid,
                               ctx=ctx, limits=lim, clock=clk)
        cards = []
        for view, k in made:
            d = view.to_dict(full_number=True)
            if body.with_key:
                d["key"] = k
            cards.append(d)
        return {"cards": cards, "id": eid}

    status, payload = ledger.mutate(who, route="issue", body=dump(body), key=key,
                                    till=till(body, ledger.clock()), op=own_ids(who, op),
                                    redact=_without_keys)
    return JSONResponse(payload, status_code=status)


@router.post("/balance", response_model=BalanceAnswer)
def balance(body: BalanceBody, who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    """A card's balance by its number or by its key (exactly one); key
    look-ups are rate-limited per terminal."""
    return visibility.seen(ledger, who, ledger.balance(who, number=body.number, key=body.key))


@router.post("/cards/lookup", response_model=CardDetails)
def lookup(body: LookupBody, who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    """A card and its history, newest first; ``next`` is the cursor for ``after``."""
    return ledger.details(number=body.number, limit=body.limit, after=body.after)


def activate_card(ledger: Ledger, who: Caller, body: ActivateCardBody,
                  key: str | None) -> JSONResponse:
    lim, clk = ledger.cards.limits, ledger.cards.clock

    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        out = lifecycle.activate(s, number=body.number, amount=body.amount, entry_id=eid,
                                 ctx=ctx, limits=lim, clock=clk)
        law.extend_on_load(s, number=body.number, ctx=ctx, clock=clk)  # sold: issued today
        return Ledger.answer(s, out)

    return mutate(ledger, who, f"activate:{body.number}", body, key, op)


@router.post("/cards/activate", response_model=OpAnswer)
def activate(body: ActivateCardBody, who: Auth, ledger: LedgerDep,
             key: IdemKey = None) -> JSONResponse:
    return activate_card(ledger, who, body, key)


def load_card(ledger: Ledger, who: Caller, body: LoadCardBody, key: str | None) -> JSONResponse:
    lim, clk = ledger.cards.limits, ledger.cards.clock

    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        out = lifecycle.load(s, number=body.number, amount=body.amount, entry_id=eid,
                             ctx=ctx, limits=lim, clock=clk)
        law.extend_on_load(s, number=body.number, ctx=ctx, clock=clk)  # US federal law
        return Ledger.answer(s, out)

    return mutate(ledger, who, f"load:{body.number}", body, key, op)


@router.post("/cards/loads", response_model=OpAnswer)
def load(body: LoadCardBody, who: Auth, ledger: LedgerDep, key: IdemKey = None) -> JSONResponse:
    return load_card(ledger, who, body, key)


def redeem_card(ledger: Ledger, who: Caller, body: RedeemCardBody,
                key: str | None) -> JSONResponse:
    lim, clk = ledger.cards.limits, ledger.cards.clock
    fn = payments.redeem if body.capture else payments.hold
    return mutate(ledger, who, f"redeem:{body.number}", body, key,
                  lambda s, eid, ctx: Ledger.answer(s, fn(
                      s, number=body.number, amount=body.amount, partial=body.partial,
                      currency=body.currency, entry_id=eid, ctx=ctx, limits=lim, clock=clk)),
                  card=body.number)


@router.post("/cards/redemptions", response_model=OpAnswer)
def redeem(body: RedeemCardBody, who: Auth, ledger: LedgerDep,
           key: IdemKey = None) -> JSONResponse:
    """A hold (``capture`` false) or a redemption captured at once; partial
    approval when ``partial``."""
    return redeem_card(ledger, who, body, key)


def _mine(who: Caller, numbers: list[str], action: str, op: Op) -> Op:
    """Repairs by a store's manager: only that store's cards (issue 15.4)."""
    def run(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        guards.require_repairer(s, who, numbers, action=action)
        return op(s, eid, ctx)
    return run


def adjust_card(ledger: Ledger, who: Caller, body: AdjustCardBody,
                key: str | None) -> JSONResponse:
    who.require_manager("adjust a balance")
    lim, clk = ledger.cards.limits, ledger.cards.clock
    return mutate(ledger, who, f"adjust:{body.number}", body, key,
                  _mine(who, [body.number], "adjust",
                        lambda s, eid, ctx: Ledger.answer(s, lifecycle.adjust(
                      s, number=body.number, amount=body.amount, reason=body.reason,
                      entry_id=eid, ctx=ctx, limits=lim, clock=clk))))


@router.post("/cards/adjustments", response_model=OpAnswer)
def adjust(body: AdjustCardBody, who: Auth, ledger: LedgerDep,
           key: IdemKey = None) -> JSONResponse:
    """A manager's signed correction of a balance."""
    return adjust_card(ledger, who, body, key)


def transfer_card(ledger: Ledger, who: Caller, body: TransferCardBody,
                  key: str | None) -> JSONResponse:
    who.require_manager("move value to another card")
    lim, clk = ledger.cards.limits, ledger.cards.clock
    return mutate(ledger, who, f"transfer:{body.number}", body, key,
                  _mine(who, [body.number], "transfer",
                        lambda s, eid, ctx: Ledger.answer(s, lifecycle.transfer(
                      s, number=body.number, amount=body.amount,
                      deactivate_source=body.deactivate_source, entry_id=eid, ctx=ctx,
                      limits=lim, clock=clk))))


@router.post("/cards/transfer", response_model=OpAnswer)
def transfer(body: TransferCardBody, who: Auth, ledger: LedgerDep,
             key: IdemKey = None) -> JSONResponse:
    """Move value to a new card (``related.new_card``)."""
    return transfer_card(ledger, who, body, key)


@router.post("/cards/combine", response_model=OpAnswer)
def combine(body: CombineBody, who: Auth, ledger: LedgerDep,
            key: IdemKey = None) -> JSONResponse:
    who.require_manager("combine cards")
    lim, clk = ledger.cards.limits, ledger.cards.clock
    return mutate(ledger, who, "combine", body, key,
                  _mine(who, [*body.sources, body.target], "combine",
                        lambda s, eid, ctx: Ledger.answer(s, lifecycle.combine(
                      s, sources=body.sources, target=body.target, entry_id=eid, ctx=ctx,
                      limits=lim, clock=clk))))


_ACTIONS = {"FROZEN": "freeze", "ACTIVE": "unfreeze", "CANCELLED": "cancel"}


def status_card(ledger: Ledger, who: Caller, body: StatusCardBody,
                key: str | None) -> JSONResponse:
    who.require_manager("change a card's status")
    action, clk = _ACTIONS[body.status], ledger.cards.clock
    return mutate(ledger, who, f"status:{body.number}", body, key,
                  _mine(who, [body.number], action,
                        lambda s, eid, ctx: Ledger.answer(s, lifecycle.change_status(
                      s, number=body.number, action=action, reason=body.reason,
                      entry_id=eid, ctx=ctx, clock=clk))))


@router.post("/cards/status", response_model=OpAnswer)
def status(body: StatusCardBody, who: Auth, ledger: LedgerDep,
           key: IdemKey = None) -> JSONResponse:
    """A manager freezes, unfreezes or cancels a card."""
    return status_card(ledger, who, body, key)
