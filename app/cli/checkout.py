"""`giftpos checkout`, `giftpos sale ...` and `giftpos report day`: a whole
sale from the command line, returns, voids, receipts and the Z report.

Amounts are typed in major units ("12.50"); JSON answers carry integer minor
units. Card value moves through the till's gateway: the ledger's (OnlineGateway)
when the till's configuration names one, else the local store's.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path
from typing import Any

from app.checkout import CheckoutService, CheckoutSettings, SaleStatus, SaleView
from app.cli.context import card_service
from app.cli.output import EXIT_DECLINED, emit, json_flag, locale_of, money
from app.cli.till import open_till
from app.domain import OpContext
from app.errors import GiftposError, ValidationError
from app.limits import limits_from_env
from app.money import parse_amount
from app.ops.service import CardService
from app.receipts.text import render_text
from app.reports.identity import till_identity
from app.shop import promo_till
from app.store.database import open_store


def checkout_service(args: argparse.Namespace) -> CheckoutService:
    """The sales of the till whose configuration is found (app.reports.identity:
    `giftpos --config`, the terminal.toml beside --db, or the terminal's own);
    without one, the command line's own terminal ($GIFTPOS_TERMINAL, "cli")."""
    till = till_identity(config=getattr(args, "till_config", None),
                         db=getattr(args, "db", None) or os.environ.get("GIFTPOS_DB"))
    if till.config is None:
        cards = card_service(args)
        currency = os.environ.get("GIFTPOS_CURRENCY", "USD")
    else:
        cards = CardService(open_store(till.db_url), limits=limits_from_env(),
                            context=OpContext(terminal=till.terminal, store=till.store,
                                              cashier=getattr(args, "cashier", None)))
        currency = till.currency
    locale = getattr(args, "locale", None) or (till.locale if till.config else locale_of(args))
    settings = CheckoutSettings(
        currency=currency, locale=locale,
        partial_approval=not getattr(args, "no_partial", False),
        gift_cards_pay_for_gift_cards=getattr(args, "cards_for_cards", False),
        terminal=cards.context.terminal, store=cards.context.store)
    # A till with a ledger goes through the same gateway as the window.
    gateway = open_till(args, identity=till, cards=cards).gateway
    return CheckoutService(cards.store, gateway, settings=settings, cards=cards)


class _InOrder(argparse.Action):
    """Keep tenders in the order they were typed: the sale takes them so."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        steps = list(getattr(namespace, "steps", None) or [])
        steps.append((self.dest, values))
        namespace.steps = steps


def _amount(args: argparse.Namespace, text: str, currency: str) -> int:
    return parse_amount(text, currency, locale_of(args))


def _split(text: str, what: str, sep: str = ":", *, last: bool = True) -> tuple[str, str]:
    head, mid, tail = text.rpartition(sep) if last else text.partition(sep)
    if not mid or not head.strip() or not tail.strip():
        raise ValidationError(f"'{text}' is not {what}.", key="invalid_request")
    return head.strip(), tail.strip()


def sale_payload(svc: CheckoutService, sale: SaleView, **extra: Any) -> dict[str, Any]:
    return {
        "sale_id": sale.id, "status": str(sale.status), "currency": sale.currency,
        "total": sale.total, "business_date": sale.business_date.isoformat(),
        "lines": [ln.to_dict() for ln in sale.lines],
        "tenders": [{"type": str(t.kind), "card": t.card, "amount": t.amount,
                     "previous_balance": t.previous_balance, "new_balance": t.new_balance,
                     "status": t.status, "reference": t.reference} for t in sale.tenders],
        "paid": sale.paid, "remaining_due": sale.remaining_due, "change": sale.change,
        "receipt": render_text(svc.receipt(sale.id)), **extra,
    }


def _checkout(args: argparse.Namespace) -> int:
    svc = checkout_service(args)
    cur = svc.settings.currency
    lines = [_split(x, 'a line "description=12.50"', "=") for x in args.line or []]
    sale = svc.open_sale(cashier=args.cashier)
    declines: list[dict[str, Any]] = []
    try:
        for desc, amt in lines:
            sale = svc.add_item(sale.id, description=desc, amount=_amount(args, amt, cur))
        for number, amt in (_split(x, "NUMBER:AMOUNT") for x in args.sell_card or []):
            sale = svc.add_card_sale(sale.id, number=number, amount=_amount(args, amt, cur))
        for number, amt in (_split(x, "NUMBER:AMOUNT") for x in args.reload or []):
            sale = svc.add_card_reload(sale.id, number=number, amount=_amount(args, amt, cur))
        if args.total is not None:
            total = _amount(args, args.total, cur)
            if not sale.lines:
                sale = svc.add_item(sale.id, description="Sale", amount=total)
            elif total != sale.total:
                raise ValidationError(f"The lines add up to {money(args, sale.total, cur)}, "
                                      f"not {money(args, total, cur)}.", key="total_mismatch")
        for kind, value in getattr(args, "steps", None) or []:
            if sale.remaining_due == 0:
                break  # covered: later tenders are not needed
            if kind == "card":
                number, _, amt = value.partition(":")
                # Its promotional value too, in the spend order (the ledger's
                # on a till with one), as the window's checkout does.
                assert svc.cards is not None  # checkout_service gives it
                out = promo_till.pay_card(svc, svc.cards, sale_id=sale.id, number=number,
                                          amount=_amount(args, amt, cur) if amt else None,
                                          partial=None)
                sale = out.sale
                if out.declined is not None:
                    declines.append({"card": number[-4:], **out.declined.to_dict()})
            elif kind == "cash":
                sale = svc.pay_cash(sale.id, amount=_amount(args, value, cur))
            else:
                amt, ref = _split(value, "AMOUNT:REFERENCE", last=False)
                sale = svc.pay_external(sale.id, amount=_amount(args, amt, cur), reference=ref)
        if sale.remaining_due == 0 and sale.total > 0:
            sale = svc.complete(sale.id)
        else:
            sale = svc.cancel(sale.id, reason="not covered")
    except GiftposError:
        # Nothing stays held or charged for a sale the command did not finish.
        svc.cancel(sale.id, reason="error")
        raise
    payload = sale_payload(svc, sale, declines=declines)

    def text() -> list[str]:
        out = [payload["receipt"].rstrip("\n"), ""]
        out += [f"Declined: card ••••{d['card']}: {d['message']} ({d['key']})" for d in declines]
        out.append(f"{sale.status}  sale {sale.id}")
        if sale.status == SaleStatus.CANCELLED:
            out.append("Not covered: every hold was released; nothing was charged.")
        return out
    emit(args, payload, text)
    return 0 if sale.status == SaleStatus.COMPLETED else EXIT_DECLINED


def _refund(args: argparse.Namespace) -> int:
    svc = checkout_service(args)
    lines = [x.strip() for x in args.lines.split(",")] if args.lines else None
    r = svc.refund(args.sale_id, line_ids=lines, to_new_card=args.to_new_card)
    cur = r.sale.currency

    def text() -> list[str]:
        out = [f"Refunded {money(args, r.total, cur)} of sale {r.sale.id} ({r.sale.status})"]
        for c in r.refunds:
            out.append(f"  card {c.card}: {money(args, c.amount, cur)}  balance "
                       f"{money(args, c.previous_balance, cur)} -> "
                       f"{money(args, c.new_balance, cur)}")
        if r.new_card:
            out.append(f"  store credit on new card {r.new_card}")
        if r.cash_back:
            out.append(f"  give back in cash: {money(args, r.cash_back, cur)}")
        if r.external_back:
            out.append(f"  give back by the external method: {money(args, r.external_back, cur)}")
        return out
    return emit(args, r.to_dict(), text)


def _show(args: argparse.Namespace) -> int:
    svc = checkout_service(args)
    sale = svc.get(args.sale_id)
    return emit(args, sale_payload(svc, sale), lambda: [render_text(svc.receipt(sale.id))])


def _open(args: argparse.Namespace) -> int:
    svc = checkout_service(args)
    sales = svc.open_sales()
    return emit(args, {"open_sales": [s.to_dict() for s in sales]}, lambda: [
        f"{s.id}  {s.created_at:%Y-%m-%d %H:%M}  total {money(args, s.total, s.currency)}  "
        f"paid {money(args, s.paid, s.currency)}" for s in sales] or ["No open sales."])


def _cancel(args: argparse.Namespace) -> int:
    svc = checkout_service(args)
    sale = svc.cancel(args.sale_id, reason=args.reason)
    return emit(args, sale_payload(svc, sale),
                lambda: [f"CANCELLED  sale {sale.id}: every hold released."])


def _void(args: argparse.Namespace) -> int:
    svc = checkout_service(args)
    sale = svc.void_last()
    return emit(args, sale_payload(svc, sale),
                lambda: [f"VOIDED  sale {sale.id}  {money(args, sale.total, sale.currency)}"])


def _receipt(args: argparse.Namespace) -> int:
    svc = checkout_service(args)
    if args.sale_id:
        receipt = svc.receipt(args.sale_id, reprint=True)
    else:
        last = svc.reprint_last()
        if last is None:
            raise ValidationError("No sale has been completed on this terminal yet.",
                                  key="no_receipt")
        receipt = last
    if args.escpos:
        # Imported here: python-escpos takes half a second to load, and every
        # other giftpos command would pay for it.
        from app.receipts.escpos_render import render_escpos

        Path(args.escpos).write_bytes(render_escpos(receipt))
    text = render_text(receipt)
    return emit(args, {"sale_id": receipt.sale_id, "receipt": text,
                       "escpos": args.escpos}, lambda: [text.rstrip("\n")])


def _label(args: argparse.Namespace) -> int:
    from app.receipts.label import card_barcode_png  # pillow is slow to load too

    png = card_barcode_png(args.number)
    Path(args.out).write_bytes(png)
    return emit(args, {"out": args.out, "bytes": len(png)},
                lambda: [f"Wrote a Code128 label to {args.out} ({len(png)} bytes)."])


def _day(args: argparse.Namespace) -> int:
    svc = checkout_service(args)
    day = date.fromisoformat(args.date) if args.date else None
    rep = svc.close_day(day) if args.close else svc.day_report(day)
    cur = rep.currency

    def text() -> list[str]:
        def row(label: str, amount: int, count: int | None = None) -> str:
            n = f"{count:>4}" if count is not None else "    "
            return f"  {label:<18}{n} {money(args, amount, cur):>12}"
        out = [f"Z report  {rep.business_date}  till {rep.terminal}"
               + ("  CLOSED" if rep.closed else ""),
               row("sales", rep.sales_total, rep.sales_count)]
        out += [row("  " + k.lower().replace("_", " "), v) for k, v in rep.by_tender.items()]
        out += [row("change given", rep.change_given),
                row("cards sold", rep.cards_sold_amount, rep.cards_sold),
                row("cards reloaded", rep.cards_reloaded_amount, rep.cards_reloaded),
                row("redemptions", rep.redemptions_amount, rep.redemptions),
                row("refunds", rep.refunds_amount, rep.refunds),
                row("voids", rep.voids_amount, rep.voids),
                f"  {'cancelled':<18}{rep.cancelled:>4}",
                row("cash expected", rep.cash_expected),
                f"  {'journal':<18}" + ("     agrees" if rep.matches_journal
                                         else "     DIFFERS: ask a manager")]
        if rep.open_sales:
            out.append(f"  {rep.open_sales} sale(s) still open")
        return out
    return emit(args, rep.to_dict(), text)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("checkout", help="run a whole sale: lines, then tenders in order")
    p.add_argument("--total", help="the sale's total (one line 'Sale' when no --line)")
    p.add_argument("--line", action="append", metavar='"DESC=AMOUNT"', help="an item line")
    p.add_argument("--sell-card", action="append", metavar="NUMBER:AMOUNT",
                   help="sell (activate) a card with this value")
    p.add_argument("--reload", action="append", metavar="NUMBER:AMOUNT", help="reload a card")
    p.add_argument("--card", action=_InOrder, metavar="NUMBER[:AMOUNT]",
                   help="pay with a gift card (all it can, up to what is due)")
    p.add_argument("--cash", action=_InOrder, metavar="AMOUNT", help="cash handed over")
    p.add_argument("--external", action=_InOrder, metavar="AMOUNT:REF",
                   help="a payment taken elsewhere (card terminal approval code...)")
    p.add_argument("--no-partial", action="store_true",
                   help="decline a card short of the amount instead of taking what it has")
    p.add_argument("--cards-for-cards", action="store_true",
                   help="let gift cards pay for gift cards sold or reloaded")
    p.add_argument("--cashier")
    json_flag(p)
    p.set_defaults(func=_checkout)

    sale = sub.add_parser("sale", help="refund, void, show, cancel, reprint sales")
    verbs = sale.add_subparsers(dest="verb", required=True, metavar="VERB")
    r = verbs.add_parser("refund", help="refund a sale to its cards (or a new card)")
    r.add_argument("sale_id")
    r.add_argument("--to-new-card", action="store_true", help="store credit on a new card")
    r.add_argument("--lines", help="comma-separated line ids (default: every item)")
    r.set_defaults(func=_refund)
    s = verbs.add_parser("show", help="a sale and its receipt")
    s.add_argument("sale_id")
    s.set_defaults(func=_show)
    o = verbs.add_parser("open", help="sales left open (e.g. by a crash)")
    o.set_defaults(func=_open)
    c = verbs.add_parser("cancel", help="cancel an open sale, releasing every hold")
    c.add_argument("sale_id")
    c.add_argument("--reason", default="cancelled")
    c.set_defaults(func=_cancel)
    v = verbs.add_parser("void-last", help="void the last sale of today")
    v.set_defaults(func=_void)
    rc = verbs.add_parser("receipt", help="reprint a receipt (default: the last sale)")
    rc.add_argument("sale_id", nargs="?")
    rc.add_argument("--escpos", metavar="FILE", help="also write the printer's bytes here")
    rc.set_defaults(func=_receipt)
    lb = verbs.add_parser("label", help="a Code128 barcode PNG of a card number")
    lb.add_argument("number")
    lb.add_argument("--out", required=True)
    lb.set_defaults(func=_label)
    for q in (r, s, o, c, v, rc, lb):
        json_flag(q)

    rep = sub.add_parser("report", help="reports")
    kinds = rep.add_subparsers(dest="kind", required=True, metavar="KIND")
    d = kinds.add_parser("day", help="the end-of-day (Z) report")
    d.add_argument("--date", help="business date YYYY-MM-DD (default: today's)")
    d.add_argument("--close", action="store_true", help="close the day (once)")
    json_flag(d)
    d.set_defaults(func=_day)
