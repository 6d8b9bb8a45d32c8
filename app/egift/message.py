"""An e-gift email: the subject and preview show the card masked; the body
gives the recipient what they need to use it (the number, the amount, the
sender's message), the card's design as an image (its barcode carries the
number to scan at the till) and a QR code of the balance page."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from app.domain import mask
from app.money import format_money


@dataclass(frozen=True, kw_only=True)
class Egift:
    id: str
    number: str = field(repr=False)
    amount: int
    currency: str
    recipient: str
    sender_name: str | None = None
    message: str | None = None
    shop_name: str = "giftpos"
    from_addr: str = "giftcards@localhost"
    balance_url: str = ""
    terms: tuple[str, ...] = ()
    locale: str = "en_US"


def message_id(egift_id: str, from_addr: str) -> str:
    """Stable per e-gift: a send retried after a crash is the same message to
    the recipient's mail program."""
    domain = from_addr.rpartition("@")[2] or "localhost"
    return f"<egift-{egift_id}@{domain}>"


def build(e: Egift, *, card_png: bytes, qr_png: bytes | None) -> EmailMessage:
    value = format_money(e.amount, e.currency, e.locale)
    who = e.sender_name or e.shop_name
    msg = EmailMessage()
    msg["Subject"] = f"{who} sent you a {value} gift card ({mask(e.number)})"
    msg["From"] = formataddr((e.shop_name, e.from_addr))
    msg["To"] = e.recipient
    msg["Message-ID"] = message_id(e.id, e.from_addr)
    grouped = " ".join(e.number[i:i + 4] for i in range(0, len(e.number), 4))
    text = [f"{who} sent you a {e.shop_name} gift card worth {value}.", ""]
    if e.message:
        text += [e.message, ""]
    text += [f"Card number: {grouped}",
             "Show the attached card at the till (its barcode is the number).", ""]
    if e.balance_url:
        text += [f"Check your balance: {e.balance_url}", ""]
    text += list(e.terms)
    msg.set_content("\n".join(text))
    card_cid = make_msgid("card")
    qr_cid = make_msgid("qr")
    qr_html = (f'<p><img src="cid:{qr_cid[1:-1]}" alt="QR code: check your balance" '
               f'width="160"><br><a href="{html.escape(e.balance_url)}">Check your '
               "balance</a></p>" if qr_png and e.balance_url else "")
    body = (f"<html><body><h2>{html.escape(who)} sent you a {html.escape(value)} gift card"
            "</h2>"
            + (f"<blockquote>{html.escape(e.message)}</blockquote>" if e.message else "")
            + f'<p><img src="cid:{card_cid[1:-1]}" alt="Your gift card" width="500"></p>'
            f"<p>Card number: <b>{html.escape(grouped)}</b></p>{qr_html}"
            + "".join(f"<p><small>{html.escape(t)}</small></p>" for t in e.terms)
            + "</body></html>")
    msg.add_alternative(body, subtype="html")
    related = msg.get_body(preferencelist=("html",))
    assert isinstance(related, EmailMessage)
    related.add_related(card_png, maintype="image", subtype="png", cid=card_cid,
                        filename="gift-card.png")
    if qr_png and e.balance_url:
        related.add_related(qr_png, maintype="image", subtype="png", cid=qr_cid,
                            filename="balance-qr.png")
    return msg
