"""`giftpos customer ...`: customers, their saved cards, shares and gifts.

Customers are named by id or by phone; saved cards by their saved-card id or
the card's last four digits. Card numbers are shown masked; amounts are typed
in major units ("30.00") and answered in minor units with --json.
"""

from __future__ import annotations

import argparse
import os
import uuid
from pathlib import Path
from typing import Any

from app.checkout import CheckoutService, CheckoutSettings
from app.cli.context import card_service
from app.cli.output import add_verb, emit, locale_of, money
from app.customers.checkout import complete_sale, gift_in_sale, settle_pending_gifts
from app.customers.models import CustomerView, GiftView, SavedCardView
from app.customers.service import CustomerService
from app.designs.service import DesignService
from app.errors import NotFound, ValidationError
from app.gateway import LocalGateway
from app.money import parse_amount
from app.ops.service import CardService


def _services(args: argparse.Namespace) -> tuple[CardService, CustomerService]:
    cards = card_service(args)
    return cards, CustomerService(cards)


def _checkout(args: argparse.Namespace, cards: CardService) -> CheckoutService:
    settings = CheckoutSettings(currency=os.environ.get("GIFTPOS_CURRENCY", "USD"),
                                locale=locale_of(args), terminal=cards.context.terminal,
                                store=cards.context.store)
    return CheckoutService(cards.store, LocalGateway(cards), settings=settings, cards=cards)


def resolve_customer(svc: CustomerService, who: str) -> CustomerView:
    """A customer by id, or by a phone that names exactly one customer."""
    try:
        return svc.get(str(uuid.UUID(who)))
    except ValueError:
        pass
    found = svc.find(phone=who)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"No customer has the phone '{who}'. Add them with "
                       "`giftpos customer add`.", key="customer_not_found", details=who)
    raise ValidationError(f"{len(found)} customers match '{who}'; use the customer's id "
                          "(see `giftpos customer find`).", key="customer_ambiguous")


def resolve_saved(svc: CustomerService, customer_id: str, which: str) -> SavedCardView:
    """A saved card by its id, or by the card's last four digits."""
    cards = svc.cards_of(customer_id)
    hit = [c for c in cards if c.id == which] or [c for c in cards if c.last4 == which]
    if len(hit) == 1:
        return hit[0]
    if not hit:
        raise NotFound(f"No saved card '{which}' on this account. List them with "
                       "`giftpos customer cards`.", key="saved_card_not_found", details=which)
    raise ValidationError(f"Several saved cards end in {which}; use the saved-card id.",
                          key="saved_card_ambiguous")


def _customer_lines(c: CustomerView) -> list[str]:
    return [f"{c.name}  {c.phone}" + (f"  {c.email}" if c.email else "") + f"  id {c.id}"]


def _card_line(args: argparse.Namespace, c: SavedCardView) -> str:
    tags = ["preferred"] if c.preferred else []
    if c.role == "SHARED":
        tags.append(f"shared by {c.owner_name or c.owner_id}")
    if c.shared_with:
        tags.append("shared with " + ", ".join(s.name for s in c.shared_with))
    return (f"{c.card}  {c.status:<8} {money(args, c.balance, c.currency or 'USD'):>12}"
            + (f"  [{'; '.join(tags)}]" if tags else "") + f"  id {c.id}")


def _gift_lines(args: argparse.Namespace, g: GiftView, to: CustomerView) -> list[str]:
    what = "new card" if g.mode == "NEW" else "saved card handed over"
    return [f"Gift {g.status}: {what} {g.card} "
            f"{money(args, g.amount, g.currency)} to {to.name}",
            f"  id {g.id}" + (f"  sale {g.sale_id}" if g.sale_id else "")]


# -- handlers --------------------------------------------------------------------

def _add(args: argparse.Namespace) -> int:
    _, svc = _services(args)
    c = svc.create(name=args.name, phone=args.phone, email=args.email, op_id=args.id)
    return emit(args, {"customer": c.to_dict()}, lambda: _customer_lines(c))


def _find(args: argparse.Namespace) -> int:
    cards, svc = _services(args)
    settle_pending_gifts(_checkout(args, cards), svc)
    found = svc.find(phone=args.phone, name=args.name)
    return emit(args, {"customers": [c.to_dict() for c in found]},
                lambda: [ln for c in found for ln in _customer_lines(c)] or ["No customer."])


def _cards(args: argparse.Namespace) -> int:
    cards, svc = _services(args)
    settle_pending_gifts(_checkout(args, cards), svc)
    c = resolve_customer(svc, args.customer)
    saved = svc.cards_of(c.id)
    return emit(args, {"customer": c.to_dict(), "cards": [s.to_dict() for s in saved]},
                lambda: [f"{c.name}:"] + ([_card_line(args, s) for s in saved]
                                          or ["  no saved cards"]))


def _save(args: argparse.Namespace) -> int:
    _, svc = _services(args)
    c = resolve_customer(svc, args.customer)
    s = svc.save_card(customer_id=c.id, number=args.number, preferred=args.preferred,
                      op_id=args.id)
    return emit(args, {"saved_card": s.to_dict()}, lambda: [_card_line(args, s)])


def _prefer(args: argparse.Namespace) -> int:
    _, svc = _services(args)
    c = resolve_customer(svc, args.customer)
    s = svc.prefer(customer_id=c.id, saved_id=resolve_saved(svc, c.id, args.card).id)
    return emit(args, {"saved_card": s.to_dict()}, lambda: [_card_line(args, s)])


def _share(args: argparse.Namespace) -> int:
    _, svc = _services(args)
    owner = resolve_customer(svc, args.owner)
    other = resolve_customer(svc, args.with_)
    s = svc.share(owner_id=owner.id, saved_id=resolve_saved(svc, owner.id, args.card).id,
                  with_customer=other.id, op_id=args.id)
    return emit(args, {"share": s.to_dict()},
                lambda: [f"Shared {s.card} with {other.name}; share id {s.id}"])


def _revoke(args: argparse.Namespace) -> int:
    _, svc = _services(args)
    owner = resolve_customer(svc, args.owner)
    s = svc.revoke(owner_id=owner.id, share_id=args.share)
    return emit(args, {"share": s.to_dict()}, lambda: [f"Share of {s.card} revoked."])


def _write_card(args: argparse.Namespace, cards: CardService, g: GiftView) -> dict[str, Any]:
    """The e-gift image for the recipient: the only place a full number is
    printed (and only with --full-number); the barcode always carries it."""
    out: dict[str, Any] = {}
    if not (args.png or args.pdf) or g.status != "DONE":
        return out
    designs = DesignService(cards.store, cards)
    kw = {"number": g.number, "full_number": args.full_number, "locale": locale_of(args)}
    if args.png:
        Path(args.png).write_bytes(designs.png(**kw))
        out["png"] = args.png
    if args.pdf:
        Path(args.pdf).write_bytes(designs.pdf(**kw))
        out["pdf"] = args.pdf
    return out


def _gift(args: argparse.Namespace) -> int:
    cards, svc = _services(args)
    sender = resolve_customer(svc, args.sender)
    recipient = resolve_customer(svc, args.to)
    if args.card:
        if args.amount or args.source or args.pay:
            raise ValidationError("A saved card is handed over as it is: no amount or "
                                  "payment.", key="invalid_request")
        g = svc.gift_existing(sender_id=sender.id, recipient_id=recipient.id,
                              saved_id=resolve_saved(svc, sender.id, args.card).id,
                              message=args.message, op_id=args.id)
        extra: dict[str, Any] = {}
    else:
        if not args.amount or bool(args.source) == bool(args.pay):
            raise ValidationError("A new gift card needs --amount and either --pay (take the "
                                  "payment in a sale here) or --source (a payment taken "
                                  "elsewhere); or give --card to hand over a saved card.",
                                  key="invalid_request")
        currency = (DesignService(cards.store, cards).program(args.program).currency
                    if args.program else os.environ.get("GIFTPOS_CURRENCY", "USD"))
        amount = parse_amount(args.amount, currency, locale_of(args))
        if args.source:
            g = svc.gift_new_funded(sender_id=sender.id, recipient_id=recipient.id,
                                    amount=amount, currency=currency, source_ref=args.source,
                                    program=args.program, message=args.message,
                                    op_id=args.id)
            extra = {}
        else:
            g, extra = _gift_in_a_sale(args, cards, svc, sender, recipient, amount)
    extra.update(_write_card(args, cards, g))
    return emit(args, {"gift": g.to_dict(), **extra},
                lambda: _gift_lines(args, g, recipient) + [f"  wrote {v}" for k, v in extra.items()
                                                if k in ("png", "pdf")])


def _gift_in_a_sale(args: argparse.Namespace, cards: CardService, svc: CustomerService,
                    sender: CustomerView, recipient: CustomerView,
                    amount: int) -> tuple[GiftView, dict[str, Any]]:
    """One whole sale: the gift card on it, paid by --pay, completed."""
    checkout = _checkout(args, cards)
    sale = checkout.open_sale(cashier=cards.context.cashier)
    designs = DesignService(cards.store, cards) if args.program else None
    try:
        gift = gift_in_sale(checkout, svc, sale_id=sale.id, recipient_id=recipient.id,
                            amount=amount, sender_id=sender.id, program=args.program,
                            designs=designs, message=args.message, op_id=args.id)
        kind, _, ref = args.pay.partition(":")
        if kind == "cash":
            checkout.pay_cash(sale.id, amount=amount)
        elif kind == "external" and ref.strip():
            checkout.pay_external(sale.id, amount=amount, reference=ref)
        else:
            raise ValidationError("--pay is 'cash' or 'external:REFERENCE'.",
                                  key="invalid_request")
        done, gifts = complete_sale(checkout, svc, sale.id)
    except Exception:
        if checkout.get(sale.id).is_open:
            checkout.cancel(sale.id, reason="gift not completed")
        raise
    g = next((x for x in gifts if x.id == gift.id), gift)
    return g, {"sale_id": done.id, "sale_status": str(done.status)}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("customer", help="customers, saved cards, shares and gifts")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")

    def verb(name: str, handler: Any, help_: str, *, op_id: bool = False
             ) -> argparse.ArgumentParser:
        return add_verb(verbs, name, handler, help_, op_id=op_id)

    v = verb("add", _add, "add a customer", op_id=True)
    v.add_argument("--name", required=True)
    v.add_argument("--phone", required=True)
    v.add_argument("--email", help="optional")
    v = verb("find", _find, "find customers by phone (or its last digits) or name")
    v.add_argument("--phone")
    v.add_argument("--name")
    v = verb("cards", _cards, "a customer's saved cards with balances")
    v.add_argument("customer", help="customer id or phone")
    v = verb("save-card", _save, "save a card to a customer's account", op_id=True)
    v.add_argument("customer", help="customer id or phone")
    v.add_argument("number", help="the card number (scanned or typed)")
    v.add_argument("--preferred", action="store_true", help="make it the preferred card")
    v = verb("prefer", _prefer, "make a saved card the preferred one")
    v.add_argument("customer")
    v.add_argument("card", help="saved-card id or the card's last four digits")
    v = verb("share", _share, "share a saved card with another customer", op_id=True)
    v.add_argument("owner", help="the owner: customer id or phone")
    v.add_argument("card", help="saved-card id or last four digits")
    v.add_argument("--with", dest="with_", required=True, help="the other customer")
    v = verb("revoke", _revoke, "take back a share")
    v.add_argument("owner")
    v.add_argument("share", help="the share id (from `share` or `cards`)")
    v = verb("gift", _gift, "gift a new card (paid) or hand over a saved card", op_id=True)
    v.add_argument("sender", help="who gives: customer id or phone")
    v.add_argument("--to", required=True, help="the recipient: customer id or phone")
    v.add_argument("--card", help="hand over this saved card (id or last four digits)")
    v.add_argument("--amount", help="a new card of this amount")
    v.add_argument("--pay", help="take the payment here: 'cash' or 'external:REFERENCE'")
    v.add_argument("--source", help="or: the reference of a payment taken elsewhere")
    v.add_argument("--program", help="issue the new card from this card program")
    v.add_argument("--message", help="a note for the recipient")
    v.add_argument("--png", help="write the e-gift card image here")
    v.add_argument("--pdf", help="write the e-gift card as a PDF here")
    v.add_argument("--full-number", action="store_true",
                   help="print the full number on the e-gift (the recipient needs it)")
