"""`giftpos egift send|sell|resend|list|deliver`: e-gift cards by email
through the SMTP server named by GIFTPOS_SMTP_URL (smtp://host:port)."""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from app.cli.context import card_service
from app.cli.output import emit, json_flag, locale_of
from app.egift.service import EgiftService, EgiftView
from app.errors import ValidationError
from app.money import parse_amount


def egift_service(args: argparse.Namespace) -> EgiftService:
    return EgiftService(card_service(args), locale=locale_of(args))


def _at(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        t = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError("Give --at as an ISO time, e.g. 2026-12-24T09:00+01:00.",
                              key="invalid_time", details=text) from exc
    return t if t.tzinfo else t.astimezone(UTC)


def _line(v: EgiftView) -> str:
    extra = f"  ({v.last_error})" if v.last_error else ""
    return (f"{v.id}  {v.card}  {v.recipient}  {v.state}  at {v.send_at:%Y-%m-%d %H:%M} "
            f"tries {v.attempts}{extra}")


def _send(args: argparse.Namespace) -> int:
    v = egift_service(args).send(number=args.number, to=args.to, at=_at(args.at),
                                 message_text=args.message, sender_name=args.sender,
                                 egift_id=args.id)
    return emit(args, v.to_dict(), lambda: [_line(v)])


def _sell(args: argparse.Namespace) -> int:
    svc = egift_service(args)
    amount = parse_amount(args.amount, args.currency, locale_of(args))
    paid = parse_amount(args.paid, args.currency, locale_of(args)) if args.paid else None
    v, card = svc.sell(amount=amount, paid=paid, program=args.program, currency=args.currency,
                       to=args.to, at=_at(args.at), message_text=args.message,
                       sender_name=args.sender, entry_id=args.id)
    return emit(args, {**v.to_dict(), "card_view": card}, lambda: [_line(v)])


def _refund(args: argparse.Namespace) -> int:
    """A return refunded onto a new card, and that card sent by email."""
    from app.cli.checkout import checkout_service

    r = checkout_service(args).refund(args.sale_id, line_ids=args.line or None,
                                      to_new_card=True)
    if not r.new_card:
        raise ValidationError("This refund went back to the cards that paid, not to a new "
                              "card; there is nothing to send.", key="no_new_card")
    v = egift_service(args).send(number=r.new_card, to=args.to, at=_at(args.at),
                                 message_text=args.message, sender_name=args.sender)
    return emit(args, {**v.to_dict(), "refunded": r.total},
                lambda: [f"REFUNDED to a new card, sent: {_line(v)}"])


def _resend(args: argparse.Namespace) -> int:
    v = egift_service(args).resend(args.egift_id, to=args.to)
    return emit(args, v.to_dict(), lambda: [_line(v)])


def _list(args: argparse.Namespace) -> int:
    rows = egift_service(args).list(state=args.state)
    return emit(args, {"egifts": [v.to_dict() for v in rows]},
                lambda: [_line(v) for v in rows] or ["(no e-gifts)"])


def _deliver(args: argparse.Namespace) -> int:
    svc = egift_service(args)
    counts = svc.deliver_due()
    while args.watch:  # a service loop (cron-like), not a test
        time.sleep(args.watch)
        counts = svc.deliver_due()
    return emit(args, counts, lambda: [f"due {counts['due']}, sent {counts['sent']}, "
                                       f"failed {counts['failed']}"])


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("egift", help="e-gift cards by email (GIFTPOS_SMTP_URL)")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("--to", required=True, help="the recipient's email address")
        q.add_argument("--at", help="send at this ISO time (default: now)")
        q.add_argument("--message", help="a message printed in the email")
        q.add_argument("--sender", help="who it is from (default: the shop)")
        q.add_argument("--id", help="request id (UUID): the same id twice sends once")
        json_flag(q)

    s = verbs.add_parser("send", help="send an existing card to an email address")
    s.add_argument("number")
    common(s)
    s.set_defaults(func=_send)
    sell = verbs.add_parser("sell", help="sell a new card and send it")
    sell.add_argument("--amount", required=True)
    sell.add_argument("--paid", help="what the customer paid, if under face value")
    sell.add_argument("--program")
    sell.add_argument("--currency", default="USD")
    common(sell)
    sell.set_defaults(func=_sell)
    rf = verbs.add_parser("refund", help="refund a sale to a new card and send that card")
    rf.add_argument("sale_id")
    rf.add_argument("--line", action="append", help="refund only this line (repeatable)")
    common(rf)
    rf.set_defaults(func=_refund)
    r = verbs.add_parser("resend", help="send an e-gift again, now")
    r.add_argument("egift_id")
    r.add_argument("--to", help="another address (default: the same)")
    json_flag(r)
    r.set_defaults(func=_resend)
    ls = verbs.add_parser("list", help="e-gifts and their delivery state")
    ls.add_argument("--state", choices=("scheduled", "retrying", "sent"))
    json_flag(ls)
    ls.set_defaults(func=_list)
    d = verbs.add_parser("deliver", help="send what is due and retry failures")
    d.add_argument("--watch", type=float, default=0, help="keep going, every N seconds")
    json_flag(d)
    d.set_defaults(func=_deliver)
