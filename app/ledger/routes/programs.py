"""Card programs and cover templates on the ledger, so every till of the chain
sees the same ones and a card issued from a program exists where the money
is: list programs and templates, add a program (a manager), issue from a
program, and the Gate API's create (title, template, currency, amount)."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt
from sqlalchemy.orm import Session

from app.designs import programs, templates
from app.designs.service import issue_in_session
from app.domain import OpContext
from app.errors import ValidationError
from app.ledger.deps import Auth, IdemKey, LedgerDep, dump, till
from app.ledger.feed import card_seq
from app.ledger.models import Currency, Short, TillBody
from app.money import decimal_to_minor
from app.ops.journal import find_card
from app.wire.answers import (
    ERRORS,
    GateCreateAnswer,
    IssueAnswer,
    ProgramAnswer,
    ProgramsAnswer,
    TemplatesAnswer,
)

router = APIRouter(prefix="/v1", tags=["programs"], responses=ERRORS)


class ProgramBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Short
    title: Annotated[str, Field(max_length=120)]
    currency: Currency = "USD"
    default_amount: Annotated[StrictInt, Field(ge=0)] = 0
    template: Short = "classic"
    expiry_months: StrictInt | None = None
    expires_on: date | None = None


class ProgramIssueBody(TillBody):
    program: Short
    amount: Annotated[StrictInt, Field(ge=0)] | None = Field(
        default=None, description="minor units; default: the program's amount")
    count: Annotated[StrictInt, Field(ge=1, le=10_000)] = 1
    inactive: StrictBool = False
    with_key: StrictBool = False


class GateCreateBody(TillBody):
    """The Gate API's create: a card of ``amount`` (major units, as a string)
    with ``title`` and cover ``templateId``."""

    title: Annotated[str, Field(min_length=1, max_length=120)]
    templateId: Short
    currency: Currency
    amount: Annotated[str, Field(max_length=32)]



@router.get("/programs", response_model=ProgramsAnswer)
def list_programs(who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    """The chain's card programs (active ones)."""
    with ledger.store.read() as s:
        return {"programs": [p.to_dict() for p in programs.list_programs(s)]}


@router.post("/programs", response_model=ProgramAnswer)
def add_program(body: ProgramBody, who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    """Add a program (a manager). The same code with the same terms answers it
    again; other terms are refused (``program_exists``)."""
    who.require_admin("add card programs")
    from app.clock import utcnow

    with ledger.store.transaction() as s:
        templates.get_template(s, body.template)
        prog = programs.add_program(s, code=body.code, title=body.title,
                                    currency=body.currency, default_amount=body.default_amount,
                                    template=body.template, expiry_months=body.expiry_months,
                                    expires_on=body.expires_on, now=utcnow())
    return {"program": prog.to_dict()}


@router.get("/templates", response_model=TemplatesAnswer)
def list_templates(who: Auth, ledger: LedgerDep) -> dict[str, Any]:
    """Cover templates (the Gate API's template list)."""
    with ledger.store.read() as s:
        return {"templates": [{"templateId": t.id, "templateName": t.name, "status": "ACTIVE",
                               "source": t.source} for t in templates.list_templates(s)]}


def _issued(s: Session, made: list[Any], eid: str, with_key: bool) -> dict[str, Any]:
    cards, seqs = [], {}
    for view, k in made:
        d = view.to_dict(full_number=True)
        if with_key:
            d["key"] = k
        cards.append(d)
        seqs[view.number] = card_seq(s, find_card(s, view.number).id)
    return {"cards": cards, "id": eid, "seqs": seqs}


def _without_keys(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "cards": [{k: v for k, v in c.items() if k != "key"}
                                 for c in payload.get("cards", [])]}


@router.post("/programs/cards", response_model=IssueAnswer)
def issue_from_program(body: ProgramIssueBody, who: Auth, ledger: LedgerDep,
                       key: IdemKey = None) -> JSONResponse:
    """Issue from a program: its currency, default amount (unless given) and
    expiry. One card at a till; more by a manager."""
    if body.count != 1:
        who.require_admin("issue cards in bulk")
    lim, clk = ledger.cards.limits, ledger.cards.clock

    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        made = issue_in_session(s, program=body.program, amount=body.amount,
                                inactive=body.inactive, with_key=body.with_key,
                                count=body.count, entry_id=eid, ctx=ctx, limits=lim,
                                clock=clk)
        return _issued(s, made, eid, body.with_key)

    status, payload = ledger.mutate(who, route="program_issue", body=dump(body), key=key,
                                    till=till(body), op=op, redact=_without_keys)
    return JSONResponse(payload, status_code=status)


def gate_program_code(title: str, template: str, currency: str) -> str:
    """The program a Gate create lands in: one per (title, cover, currency)."""
    digest = hashlib.sha256(f"{title}\n{template}\n{currency}".encode()).hexdigest()[:12]
    return f"gate-{digest}"


@router.post("/gift/create", response_model=GateCreateAnswer)
def gate_create(body: GateCreateBody, who: Auth, ledger: LedgerDep,
                key: IdemKey = None) -> JSONResponse:
    """The Gate API's create: a card with ``title`` on cover ``templateId``, of
    ``amount`` in ``currency``, with a key. The title and cover are kept as a
    program (made on first use) so the card prints and lists like any other."""
    from app.clock import utcnow

    title = " ".join(body.title.split())
    currency = body.currency.upper()
    try:
        amount = decimal_to_minor(Decimal(body.amount.strip()), currency)
    except InvalidOperation as exc:
        raise ValidationError(f"'{body.amount}' is not an amount.",
                              key="invalid_amount") from exc
    code = gate_program_code(title, body.templateId, currency)
    lim, clk = ledger.cards.limits, ledger.cards.clock

    def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
        templates.get_template(s, body.templateId)
        programs.add_program(s, code=code, title=title, currency=currency, default_amount=0,
                             template=body.templateId, now=utcnow())
        made = issue_in_session(s, program=code, amount=amount, with_key=True, entry_id=eid,
                                ctx=ctx, limits=lim, clock=clk)
        view, k = made[0]
        return {"cardNumber": view.number, "key": k, "status": str(view.status),
                "program": code}

    status, payload = ledger.mutate(who, route="gate_create", body=dump(body), key=key,
                                    till=till(body), op=op,
                                    redact=lambda p: {**p, "key": None})
    return JSONResponse(payload, status_code=status)
