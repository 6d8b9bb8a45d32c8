"""The ledger's door (ASGI middleware, outside FastAPI's routing): who is
calling is checked from the headers *before* a byte of the body is read, and
a body is refused past its cap, so nobody without a token can make the ledger
read, buffer or parse anything (issue 15.2: four 400 MB posts without a token
took the service to 2.9 GB and a 47 MB one held /v1/health past a till's
timeout).

Caps: a push of 1,000 entries is about 0.5 MB (tests/security/
test_body_limits.py measures it), so a push may be 2 MiB; a till's push of
audit rows 1 MiB; every other request 64 KiB. A body announced larger
(``Content-Length``) is refused at once; one sent without a length
(chunked) is cut off where it passes the cap.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import GiftposError
from app.ledger.outage import DATABASE_UNAVAILABLE, database_unavailable

PUSH_BODY_MAX = 2 * 1024 * 1024
# A till's audit rows: up to 500 a push, a few hundred bytes each (a reason
# may be longer); the till sends fewer when they would pass this.
AUDIT_BODY_MAX = 1024 * 1024
BODY_MAX = 64 * 1024
# Routes anyone may call: the health probe and the API's own description.
# "/balance" is the customers' page (app/ledger/routes/balance_page.py): it
# caps its own form body and limits its rate.
OPEN_PATHS = frozenset({"/v1/health", "/openapi.json", "/docs", "/docs/oauth2-redirect",
                        "/redoc", "/balance"})


def body_cap(path: str) -> int:
    return {"/v1/sync/push": PUSH_BODY_MAX, "/v1/audit/push": AUDIT_BODY_MAX}.get(path, BODY_MAX)


class _TooLarge(HTTPException):
    """Raised inside the body read: FastAPI passes an HTTPException through
    (anything else it would turn into a 400), and the app's handler answers it
    in the API's error shape (key ``body_too_large``)."""

    def __init__(self, cap: int) -> None:
        super().__init__(413, _too_large(cap)["message"])


class Gate:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        ledger = scope["app"].state.ledger if "app" in scope else None
        if ledger is None:  # not mounted on the ledger's app: nothing to check against
            await self.app(scope, receive, send)
            return
        raw = headers.get(b"authorization")
        auth = raw.decode("latin-1") if raw is not None else None
        try:
            # A token this process knows costs no thread and no query
            # (app/ledger/tokencache.py); any other is looked up.
            caller = ledger.known_caller(auth)
            if caller is None:
                caller = await anyio.to_thread.run_sync(ledger.authenticate, auth)
        except GiftposError as err:
            await _refuse(send, err.code, err.to_dict())
            return
        except DBAPIError as err:  # the token is checked in the database
            if not database_unavailable(err):
                raise
            await _refuse(send, 503, DATABASE_UNAVAILABLE)
            return
        cap = body_cap(path)
        length = headers.get(b"content-length")
        if length is not None:
            try:
                announced = int(length)
            except ValueError:
                announced = cap + 1
            if announced > cap:
                await _refuse(send, 413, _too_large(cap))
                return
        scope.setdefault("state", {})["caller"] = caller
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise _TooLarge(cap)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if started:
                raise
            await _refuse(send, 413, _too_large(cap))


def _too_large(cap: int) -> dict[str, Any]:
    return {"code": 413, "key": "body_too_large",
            "message": f"The request body is over the ledger's limit of {cap} bytes; "
                       "push fewer entries at a time."}


async def _refuse(send: Send, status: int, body: dict[str, Any]) -> None:
    """Answer and close: the rest of the body is never read."""
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(data)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": data})
