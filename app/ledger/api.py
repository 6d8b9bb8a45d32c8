"""The ledger's HTTP API (FastAPI): the application, its error shape and its
routers (app.ledger.routes, one per resource). Routes parse, authenticate
and hand over to app.ledger.service.Ledger; errors leave as
``{"code", "key", "message", "details"}`` with the CLI's keys."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import pepper
from app.clock import Clock, utcnow
from app.domain import Limits
from app.errors import GiftposError
from app.ledger.gate import Gate
from app.ledger.outage import DATABASE_UNAVAILABLE, database_unavailable
from app.ledger.routes import ROUTERS
from app.ledger.service import Ledger, LedgerSettings
from app.limits import limits_from_env
from app.store.database import Store, open_store

log = logging.getLogger(__name__)

DB_ENV = "GIFTPOS_LEDGER_DB"


def create_app(store: Store | str, *, limits: Limits | None = None,
               settings: LedgerSettings | None = None, clock: Clock = utcnow,
               token_cache: bool = False) -> FastAPI:
    """The ledger's app. ``clock``: the ledger's time, which decides every
    online operation (tests give a simulated one). ``token_cache``: while the
    app runs (its lifespan), this process knows the tokens it has seen and
    forgets them when any changes (app/ledger/tokencache.py); `giftpos ledger
    serve` turns it on."""
    if isinstance(store, str):
        store = open_store(store, **service_engine_options(store))
    with store.read() as s:
        pepper.require(s)  # moved out of the database: the configuration must give it
    ledger = Ledger(store, limits=limits, settings=settings, clock=clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if token_cache:
            await anyio.to_thread.run_sync(ledger.tokens.start, ledger.store)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(ledger.tokens.stop)

    app = FastAPI(title="giftpos ledger", version="1", lifespan=lifespan,
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
        keys = {400: "invalid_request", 404: "not_found", 405: "method_not_allowed",
                413: "body_too_large"}
        return JSONResponse({"code": err.status_code,
                             "key": keys.get(err.status_code, "http_error"),
                             "message": str(err.detail)}, status_code=err.status_code,
                            headers=getattr(err, "headers", None))

    @app.exception_handler(DBAPIError)
    async def _database_error(_req: Request, err: DBAPIError) -> JSONResponse:
        if database_unavailable(err):
            return JSONResponse(DATABASE_UNAVAILABLE, status_code=503)
        log.exception("ledger request failed")
        return JSONResponse({"code": 500, "key": "internal_error",
                             "message": "The ledger hit an internal error; try again."},
                            status_code=500)

    @app.exception_handler(Exception)
    async def _crash(_req: Request, err: Exception) -> JSONResponse:
        log.exception("ledger request failed")
        return JSONResponse({"code": 500, "key": "internal_error",
                             "message": "The ledger hit an internal error; try again."},
                            status_code=500)

    for router in ROUTERS:
        app.include_router(router)
    # Outside the routing: the token is checked before the body is read.
    app.add_middleware(Gate)
    return app


# The database was lost (a failover, a restart) or cannot be reached: a
# transaction cut mid-way may or may not have committed, so the till takes
# the request as in doubt and asks again under the same id, which lands once.
# SQLAlchemy has already dropped the pool's connections to the old server;
# the next request connects to whichever server now takes writes.
def app_from_env() -> FastAPI:
    """uvicorn factory for `giftpos ledger serve --workers N`: each worker
    process opens the database named in GIFTPOS_LEDGER_DB (already migrated by
    the parent)."""
    url = os.environ[DB_ENV]
    return create_app(open_store(url, migrate_schema=False, **service_engine_options(url)),
                      limits=limits_from_env(), token_cache=True)


def service_engine_options(url: str) -> dict[str, Any]:
    """A pool as wide as the request thread pool, and no ping per checkout on
    PostgreSQL (a round trip per request; a dead connection after a database
    restart fails one request, which the terminal retries)."""
    from sqlalchemy.engine import make_url

    if make_url(url).get_backend_name() != "postgresql":
        return {}
    return {"pool_pre_ping": False, "pool_size": 20, "max_overflow": 20}
