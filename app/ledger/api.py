"""The ledger's HTTP API (FastAPI). Routes parse, authenticate and hand over to
app.ledger.service.Ledger; errors leave as
``{"code", "key", "message", "details"}`` with the CLI's keys."""

from __future__ import annotations

import logging
import os
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.cardnumbers import CodeConfig
from app.clock import utcnow
from app.domain import Limits, OpContext
from app.errors import GiftposError, NotFound, ValidationError
from app.ledger import feed
from app.ledger.auth import Caller
from app.ledger.models import (
    ActivateBody,
    AdjustBody,
    AmountBody,
    CombineBody,
    IssueBody,
    OptionalAmountBody,
    PushBody,
    RedemptionBody,
    StatusBody,
    TillBody,
    TransferBody,
    VoidBody,
)
from app.ledger.service import Ledger, LedgerSettings, Till
from app.ops import lifecycle, payments
from app.store.database import Store, open_store

log = logging.getLogger(__name__)

DB_ENV = "GIFTPOS_LEDGER_DB"
# A journal position fits a signed 64-bit integer; a larger one in a query was
# a 500 (OverflowError in the driver) instead of a 400.
MAX_POSITION = 2**63 - 1


def _till(body: TillBody) -> Till:
    return Till(cashier=body.cashier, sale_id=body.sale_id, business_date=body.business_date,
                terminal_time=body.terminal_time)


def _dump(body: TillBody) -> dict[str, Any]:
    return body.model_dump(mode="json", exclude_none=True)


def _caller(request: Request,
            authorization: Annotated[str | None, Header()] = None) -> Caller:
    ledger: Ledger = request.app.state.ledger
    return ledger.authenticate(authorization)


Auth = Annotated[Caller, Depends(_caller)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key")]


def _without_keys(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "cards": [{k: v for k, v in c.items() if k != "key"}
                                 for c in payload.get("cards", [])]}


def create_app(store: Store | str, *, limits: Limits | None = None,
               settings: LedgerSettings | None = None) -> FastAPI:
    if isinstance(store, str):
        store = open_store(store, **service_engine_options(store))
    ledger = Ledger(store, limits=limits, settings=settings)
    app = FastAPI(title="giftpos ledger", version="1",
                  description="The central ledger of giftpos stored-value cards.")
    app.state.ledger = ledger

    @app.exception_handler(GiftposError)
    async def _giftpos_error(_req: Request, err: GiftposError) -> JSONResponse:
        return JSONResponse(err.to_dict(), status_code=err.code)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_req: Request, err: RequestValidationError) -> JSONResponse:
        first = err.errors()[0] if err.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return JSONResponse({"code": 400, "key": "invalid_request",
                             "message": f"{where}: {first.get('msg', 'invalid')}"},
                            status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_req: Request, err: StarletteHTTPException) -> JSONResponse:
        # Starlette's own refusals (a body that is not JSON, an unknown path,
        # a wrong method) in the API's error shape too.
        keys = {400: "invalid_request", 404: "not_found", 405: "method_not_allowed"}
        return JSONResponse({"code": err.status_code,
                             "key": keys.get(err.status_code, "http_error"),
                             "message": str(err.detail)}, status_code=err.status_code,
                            headers=getattr(err, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(_req: Request, err: Exception) -> JSONResponse:
        log.exception("ledger request failed")
        return JSONResponse({"code": 500, "key": "internal_error",
                             "message": "The ledger hit an internal error; try again."},
                            status_code=500)

    v1 = APIRouter(prefix="/v1")

    @v1.get("/health")
    def health() -> dict[str, Any]:
        return ledger.health()

    def result(session: Session, res: Any) -> dict[str, Any]:
        return Ledger.answer(session, res)

    def run(who: Caller, route: str, body: TillBody, key: str | None,
            op: Any) -> JSONResponse:
        status, payload = ledger.mutate(who, route=route, body=_dump(body), key=key,
                                        till=_till(body), op=op)
        return JSONResponse(payload, status_code=status)

    lim = ledger.cards.limits
    clk = ledger.cards.clock

    # -- cards ---------------------------------------------------------------
    @v1.post("/cards")
    def issue(body: IssueBody, who: Auth, key: IdemKey = None) -> JSONResponse:
        if body.count != 1:
            who.require_admin("issue cards in bulk")
        config = CodeConfig(prefix=body.prefix, length=body.length, charset=body.charset,
                            pattern=body.pattern, luhn=body.luhn)

        def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
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

        # Keys exist in clear only in the first answer; a retry gets the cards.
        status, payload = ledger.mutate(who, route="issue", body=_dump(body), key=key,
                                        till=_till(body), op=op, redact=_without_keys)
        return JSONResponse(payload, status_code=status)

    @v1.get("/balance")
    def balance(who: Auth, cardNumber: str | None = None,
                key: str | None = None) -> dict[str, Any]:
        return ledger.balance(who, number=cardNumber, key=key)

    @v1.get("/cards/{number}")
    def details(number: str, who: Auth, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                after: Annotated[int | None, Query(ge=0, le=MAX_POSITION)] = None,
                ) -> dict[str, Any]:
        return ledger.details(number=number, limit=limit, after=after)

    @v1.post("/cards/{number}/activate")
    def activate(number: str, body: ActivateBody, who: Auth,
                 key: IdemKey = None) -> JSONResponse:
        return run(who, f"activate:{number}", body, key, lambda s, eid, ctx: result(
            s, lifecycle.activate(s, number=number, amount=body.amount, entry_id=eid, ctx=ctx,
                                  limits=lim, clock=clk)))

    @v1.post("/cards/{number}/loads")
    def load(number: str, body: AmountBody, who: Auth, key: IdemKey = None) -> JSONResponse:
        return run(who, f"load:{number}", body, key, lambda s, eid, ctx: result(
            s, lifecycle.load(s, number=number, amount=body.amount, entry_id=eid, ctx=ctx,
                              limits=lim, clock=clk)))

    @v1.post("/cards/{number}/redemptions")
    def redeem(number: str, body: RedemptionBody, who: Auth,
               key: IdemKey = None) -> JSONResponse:
        fn = payments.redeem if body.capture else payments.hold
        return run(who, f"redeem:{number}", body, key, lambda s, eid, ctx: result(
            s, fn(s, number=number, amount=body.amount, partial=body.partial,
                  currency=body.currency, entry_id=eid, ctx=ctx, limits=lim, clock=clk)))

    @v1.post("/holds/{hold_id}/capture")
    def capture(hold_id: str, body: OptionalAmountBody, who: Auth,
                key: IdemKey = None) -> JSONResponse:
        return run(who, f"capture:{hold_id}", body, key, lambda s, eid, ctx: result(
            s, payments.capture(s, hold_id=hold_id, amount=body.amount, entry_id=eid, ctx=ctx,
                                clock=clk)))

    @v1.post("/holds/{hold_id}/release")
    def release(hold_id: str, body: OptionalAmountBody, who: Auth,
                key: IdemKey = None) -> JSONResponse:
        return run(who, f"release:{hold_id}", body, key, lambda s, eid, ctx: result(
            s, payments.release(s, hold_id=hold_id, entry_id=eid, ctx=ctx, clock=clk,
                                reason=body.reason)))

    @v1.post("/entries/{entry_id}/void")
    def void(entry_id: str, body: VoidBody, who: Auth, key: IdemKey = None) -> JSONResponse:
        def op(s: Session, eid: str, ctx: OpContext) -> dict[str, Any]:
            if body.in_doubt:
                return _void_in_doubt(s, entry_id, eid, ctx, body.reason)
            return result(s, payments.void(s, original_id=entry_id, entry_id=eid, ctx=ctx,
                                           clock=clk, reason=body.reason))

        return run(who, f"void:{entry_id}", body, key, op)

    def _void_in_doubt(s: Session, original: str, eid: str, ctx: OpContext,
                       reason: str | None) -> dict[str, Any]:
        """Reverse an entry whose answer the terminal never got: void it if it
        is here; if not, tombstone its id so it is refused should it arrive."""
        from app.ids import check_id
        from app.ledger import guards

        original = check_id(original)
        try:
            with s.begin_nested():
                res = payments.void(s, original_id=original, entry_id=eid, ctx=ctx, clock=clk,
                                    reason=reason or "reversal after a timeout")
            guards.tombstone(s, original, utcnow())
            return {**result(s, res), "outcome": "voided"}
        except NotFound:
            guards.tombstone(s, original, utcnow())
            return {"id": eid, "status": "NOTHING_TO_VOID", "outcome": "not_applied"}
        except GiftposError as exc:
            if exc.key in ("already_voided", "void_not_possible"):
                guards.tombstone(s, original, utcnow())
                return {"id": eid, "status": "NOTHING_TO_VOID", "outcome": exc.key}
            raise

    @v1.post("/entries/{entry_id}/refund")
    def refund(entry_id: str, body: OptionalAmountBody, who: Auth,
               key: IdemKey = None) -> JSONResponse:
        return run(who, f"refund:{entry_id}", body, key, lambda s, eid, ctx: result(
            s, payments.refund(s, original_id=entry_id, amount=body.amount, entry_id=eid,
                               ctx=ctx, clock=clk, reason=body.reason)))

    @v1.post("/cards/{number}/adjustments")
    def adjust(number: str, body: AdjustBody, who: Auth, key: IdemKey = None) -> JSONResponse:
        who.require_admin("adjust a balance")
        return run(who, f"adjust:{number}", body, key, lambda s, eid, ctx: result(
            s, lifecycle.adjust(s, number=number, amount=body.amount, reason=body.reason,
                                entry_id=eid, ctx=ctx, limits=lim, clock=clk)))

    @v1.post("/cards/{number}/transfer")
    def transfer(number: str, body: TransferBody, who: Auth,
                 key: IdemKey = None) -> JSONResponse:
        return run(who, f"transfer:{number}", body, key, lambda s, eid, ctx: result(
            s, lifecycle.transfer(s, number=number, amount=body.amount,
                                  deactivate_source=body.deactivate_source, entry_id=eid,
                                  ctx=ctx, limits=lim, clock=clk)))

    @v1.post("/cards/combine")
    def combine(body: CombineBody, who: Auth, key: IdemKey = None) -> JSONResponse:
        return run(who, "combine", body, key, lambda s, eid, ctx: result(
            s, lifecycle.combine(s, sources=body.sources, target=body.target, entry_id=eid,
                                 ctx=ctx, limits=lim, clock=clk)))

    @v1.post("/cards/{number}/status")
    def status(number: str, body: StatusBody, who: Auth, key: IdemKey = None) -> JSONResponse:
        who.require_admin("change a card's status")
        action = {"FROZEN": "freeze", "ACTIVE": "unfreeze", "CANCELLED": "cancel"}[body.status]
        return run(who, f"status:{number}", body, key, lambda s, eid, ctx: result(
            s, lifecycle.change_status(s, number=number, action=action, reason=body.reason,
                                       entry_id=eid, ctx=ctx, clock=clk)))

    # -- sync ------------------------------------------------------------------
    # JSONResponse directly: these answers are large and need no conversion.
    @v1.post("/sync/push")
    def push(body: PushBody, who: Auth) -> JSONResponse:
        return JSONResponse(ledger.push(who, body.entries))

    @v1.get("/sync/pull")
    def pull(who: Auth, cursor: str = "0",
             limit: Annotated[int, Query(ge=1, le=feed.MAX_PULL)] = 500) -> JSONResponse:
        if cursor != "head" and not cursor.isdigit():
            raise ValidationError("cursor is a journal position (or 'head').",
                                  key="invalid_cursor")
        return JSONResponse(ledger.pull(who, cursor=cursor, limit=limit))

    # -- reports ---------------------------------------------------------------
    @v1.get("/reports/liability")
    def liability(who: Auth) -> dict[str, Any]:
        who.require_admin("read reports")
        with ledger.store.read() as s:
            return feed.liability(s)

    @v1.get("/reports/exceptions")
    def exceptions(who: Auth) -> dict[str, Any]:
        who.require_admin("read reports")
        with ledger.store.read() as s:
            return feed.exceptions(s)

    @v1.get("/reports/day")
    def day(who: Auth, date_: Annotated[date, Query(alias="date")]) -> dict[str, Any]:
        who.require_admin("read reports")
        with ledger.store.read() as s:
            return feed.day(s, date_)

    @v1.get("/reports/sync")
    def sync_report(who: Auth) -> dict[str, Any]:
        who.require_admin("read reports")
        return {"terminals": ledger.sync_status()}

    app.include_router(v1)
    # Customers' endpoints (/v1/customers) live in their own module, which
    # imports this one: imported here, not at the top, to avoid a cycle.
    from app.customers.api import router as customers_router

    app.include_router(customers_router)
    return app


def app_from_env() -> FastAPI:
    """uvicorn factory for `giftpos ledger serve --workers N`: each worker
    process opens the database named in GIFTPOS_LEDGER_DB (already migrated by
    the parent)."""
    from app.cli.context import limits_from_env

    url = os.environ[DB_ENV]
    return create_app(open_store(url, migrate_schema=False, **service_engine_options(url)),
                      limits=limits_from_env())


def service_engine_options(url: str) -> dict[str, Any]:
    """A pool as wide as the request thread pool, and no ping per checkout on
    PostgreSQL (a round trip per request; a dead connection after a database
    restart fails one request, which the terminal retries)."""
    from sqlalchemy.engine import make_url

    if make_url(url).get_backend_name() != "postgresql":
        return {}
    return {"pool_pre_ping": False, "pool_size": 20, "max_overflow": 20}
