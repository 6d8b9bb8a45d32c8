"""The customers' balance page, served by the ledger: ``GET /balance`` is a
plain HTML form (card number and security code), ``POST /balance`` answers
with the card masked, its balance and expiry. Rate limited per client address
(the ``limits`` library, a moving window in each service process) and, for
cards with a security code, per card (app/shop/codes.py, in the database, so
shared by every process). Every "no" reads the same, so the page does not
tell which card numbers exist. Printed as a QR code on receipts, cards and
e-gifts (``balance_page_url``)."""

from __future__ import annotations

import html
import logging
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from limits import parse, storage, strategies

from app.clock import utcnow
from app.domain import CardStatus, mask
from app.errors import CardNotFound, Decline, GiftposError
from app.money import format_money
from app.shop import codes, promo

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
PER_ADDRESS = parse("10/minute")
FORM_MAX = 2048  # bytes; the ledger's gate leaves this open path to us


def _limiter(request: Request) -> strategies.MovingWindowRateLimiter:
    """One moving window per ledger app (each service process has its own)."""
    state = request.app.state
    lim = getattr(state, "balance_page_limiter", None)
    if lim is None:
        lim = state.balance_page_limiter = strategies.MovingWindowRateLimiter(
            storage.MemoryStorage())
    return lim

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gift card balance</title>
<style>body{{font-family:sans-serif;max-width:28em;margin:2em auto;padding:0 1em}}
label,input,button{{display:block;font-size:1.1em;margin:.4em 0;width:100%}}
.answer{{border:1px solid #ccc;padding:1em;border-radius:.5em}}</style></head>
<body><h1>Gift card balance</h1>{answer}
<form method="post" action="/balance">
<label for="number">Card number</label>
<input id="number" name="number" inputmode="numeric" autocomplete="off" required>
<label for="code">Security code (if your card has one)</label>
<input id="code" name="code" inputmode="numeric" autocomplete="off" maxlength="8">
<button type="submit">Check balance</button></form></body></html>"""

NOT_FOUND = "No card matches that number and security code."


def page(answer: str = "", status: int = 200) -> HTMLResponse:
    return HTMLResponse(_PAGE.format(answer=answer), status_code=status,
                        headers={"Cache-Control": "no-store",
                                 "Content-Security-Policy": "default-src 'none'; "
                                 "style-src 'unsafe-inline'; form-action 'self'"})


def _box(text: str) -> str:
    return f'<div class="answer" role="status">{text}</div>'


@router.get("/balance", response_class=HTMLResponse)
def balance_form() -> HTMLResponse:
    return page()


@router.post("/balance", response_class=HTMLResponse)
async def balance_answer(request: Request) -> HTMLResponse:
    client = request.client.host if request.client else "unknown"
    if not _limiter(request).hit(PER_ADDRESS, "balance", client):
        return page(_box("Too many look-ups from here. Wait a minute and try again."), 429)
    body = b""
    async for chunk in request.stream():  # a form of two short fields: refuse a flood
        body += chunk
        if len(body) > FORM_MAX:
            return page(_box("That is not a balance look-up."), 413)
    form = parse_qs(body.decode("utf-8", "replace"))
    number = "".join(ch for ch in (form.get("number") or [""])[0] if ch.isalnum())[:32]
    code = (form.get("code") or [""])[0].strip()[:8]
    if not number:
        return page(_box("Enter the card number."), 400)
    store = request.app.state.ledger.cards.store
    try:
        card = codes.check(store, number=number, code=code or None, now=utcnow())
    except CardNotFound:
        return page(_box(html.escape(NOT_FOUND)), 404)
    except Decline as exc:
        if exc.key == "security_code_locked":
            return page(_box(html.escape(exc.message)), 429)
        if exc.key == "security_code_required":
            return page(_box("This card needs its security code."), 400)
        return page(_box(html.escape(NOT_FOUND)), 404)
    except GiftposError as exc:
        return page(_box(html.escape(exc.message)), exc.code)
    usable = card.status in (CardStatus.ACTIVE, CardStatus.REDEEMED)
    lines = [f"Card <b>{html.escape(mask(card.number))}</b>",
             f"Balance <b>{html.escape(format_money(card.balance, card.currency))}</b>"]
    if card.expires_on is not None:
        lines.append(f"Valid until {card.expires_on.isoformat()}")
    with store.read() as s:  # promotional value given with the card, apart
        bonus = promo.balances(s, number=card.number, today=utcnow().date())
    for part in bonus["promotional_parts"]:
        until = f" until {part['expires_on']}" if part["expires_on"] else ""
        shown = html.escape(format_money(part["amount"], card.currency))
        lines.append(f"Promotional value <b>{shown}</b>{until}")
    if not usable:
        lines.append(f"This card is {html.escape(card.status.lower())}; ask the store.")
    log.info("balance page look-up of %s", mask(card.number))
    return page(_box("<br>".join(lines)))
