"""Store-and-forward: a till pushes its offline entries and pulls card changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from app.errors import ValidationError
from app.ledger import feed, visibility
from app.ledger.deps import Auth, LedgerDep
from app.ledger.models import PushBody
from app.wire.answers import ERRORS, PullAnswer, PushAnswer

router = APIRouter(prefix="/v1/sync", tags=["sync"], responses=ERRORS)


# JSONResponse directly: these answers are large and need no conversion.
@router.post("/push", response_model=PushAnswer)
def push(body: PushBody, who: Auth, ledger: LedgerDep) -> JSONResponse:
    """Apply offline entries in the order pushed; per entry ``applied``,
    ``duplicate``, ``flagged`` or ``rejected``."""
    return JSONResponse(ledger.push(who, body.entries))


@router.get("/pull", response_model=PullAnswer)
def pull(who: Auth, ledger: LedgerDep,
         cursor: Annotated[str, Query(max_length=20)] = "0",
         limit: Annotated[int, Query(ge=1, le=feed.MAX_PULL)] = 500) -> JSONResponse:
    """Entries after ``cursor`` (``head``: the current end) and the cards they
    touch: of the cards this till has seen and what they became (a manager:
    every card). The cursor moves past the rest too."""
    if cursor != "head" and not (cursor.isascii() and cursor.isdigit()
                                 and int(cursor) <= MAX_POSITION):
        raise ValidationError("cursor is a journal position (or 'head').",
                              key="invalid_cursor")
    page = ledger.pull(who, cursor=cursor, limit=limit)
    if page["cards"] and not who.is_manager:
        with ledger.store.read() as s:
            page = visibility.filter_page(s, who, page)
    return JSONResponse(page)


MAX_POSITION = 2**63 - 1
