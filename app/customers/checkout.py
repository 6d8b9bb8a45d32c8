"""Customers at the till: pay with a saved card, and gift a new card paid in
the sale. The glue between CustomerService and CheckoutService; neither knows
the other.

Checkout has no completion hook, so a sale with a gift on it is completed
through :func:`complete_sale`, which completes the sale and then saves each
gift card to its recipient. That second step is idempotent; a sale completed
some other way (or a crash in between) is caught up by
:func:`settle_pending_gifts`, which the terminal runs at start-up and the CLI
runs before it looks up a customer.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.checkout.models import SaleStatus, SaleView, TenderOutcome
from app.checkout.service import CheckoutService
from app.customers.models import CustomerDirectory, GiftStatus, GiftView
from app.customers.service import CustomerService
from app.domain import CardStatus
from app.errors import GiftposError, NotFound
from app.ids import check_id, child_id

if TYPE_CHECKING:  # PIL, barcode and httpx load only when used, not at a till's start
    from app.designs.service import DesignService

log = logging.getLogger(__name__)


def pay_with_saved_card(checkout: CheckoutService, customers: CustomerDirectory, *,
                        sale_id: str, customer_id: str, saved_id: str | None = None,
                        amount: int | None = None, partial: bool | None = None,
                        entry_id: str | None = None) -> TenderOutcome:
    """"Pay with the customer's preferred card" (or the saved card chosen):
    a gift-card tender like a scanned one, without scanning."""
    card = customers.card_for_payment(customer_id=customer_id, saved_id=saved_id)
    log.info("sale %s: paying with %s's saved card %s", sale_id, customer_id, card.card)
    return checkout.pay_with_card(sale_id, number=card.number, amount=amount, partial=partial,
                                  entry_id=entry_id)


def _new_card(checkout: CheckoutService, designs: DesignService | None, *,
              program: str | None, entry_id: str) -> tuple[str, str]:
    """An unsold card for the gift: (number, currency). On a ledger-backed
    till the ledger issues it (selling a card needs the ledger anyway) and the
    gateway's balance call mirrors it into the local replica; otherwise the
    local store issues it."""
    currency, expires_on = checkout.settings.currency, None
    if program:
        if designs is None:
            raise NotFound("Card programs are not available here.", key="program_not_found")
        prog = designs.program(program)
        currency = prog.currency
        expires_on = prog.expiry_for(checkout.business_date())
    from app.sync.client import LedgerClient

    client = getattr(checkout.gateway, "client", None)
    if isinstance(client, LedgerClient) and getattr(checkout.gateway, "online", False):
        answer = client.issue("/v1/cards", entry_id=entry_id, body={
            "id": entry_id, "amount": 0, "currency": currency, "inactive": True,
            "program": program,
            "expires_on": expires_on.isoformat() if expires_on else None})
        number = answer.cards[0].number
        checkout.gateway.balance(number=number)  # mirror it here
        return number, currency
    if program and designs is not None:
        (view, _key), = designs.issue(program=program, amount=0, inactive=True,
                                      entry_id=entry_id)
        return view.number, view.currency
    if checkout.cards is None:
        raise NotFound("This till cannot issue cards.", key="cannot_issue")
    (view, _key), = checkout.cards.issue(amount=0, currency=currency, inactive=True,
                                         entry_id=entry_id)
    return view.number, view.currency


def gift_in_sale(checkout: CheckoutService, customers: CustomerService, *, sale_id: str,
                 recipient_id: str, amount: int, sender_id: str | None = None,
                 program: str | None = None, designs: DesignService | None = None,
                 message: str | None = None, op_id: str | None = None) -> GiftView:
    """Put a new card of ``amount`` for the recipient on the sale. The sale's
    tenders fund it; it is activated when the sale completes and then saved to
    the recipient (:func:`complete_sale`). Safe to repeat with the same id."""
    oid = check_id(op_id)
    customers.get(recipient_id)  # a cashier's typo fails before anything is issued
    number, currency = _new_card(checkout, designs, program=program,
                                 entry_id=child_id(oid, "card"))
    gift = customers.record_sale_gift(recipient_id=recipient_id, number=number, amount=amount,
                                      currency=currency, sale_id=sale_id,
                                      sender_id=sender_id, message=message, op_id=oid)
    if gift.status != GiftStatus.PENDING:
        return gift
    try:
        checkout.add_card_sale(sale_id, number=number, amount=amount)
    except GiftposError as err:
        if err.key == "card_already_on_sale":
            return gift  # a retry: the first call put it there
        customers.settle_gift(gift_id=gift.id, sale_status="NOT_ON_SALE")
        raise
    return gift


def _card_active(checkout: CheckoutService, number: str) -> bool | None:
    """The gift card's state as the till's gateway sees it (the ledger's, when
    there is one); None (ask the local store) when it cannot say."""
    try:
        card = checkout.gateway.balance(number=number)
    except GiftposError:
        return None
    return card.status in (CardStatus.ACTIVE, CardStatus.REDEEMED)


def settle_sale_gifts(checkout: CheckoutService, customers: CustomerService,
                      sale_id: str) -> list[GiftView]:
    status = str(checkout.get(sale_id).status)
    return [customers.settle_gift(gift_id=g.id, sale_status=status,
                                  card_active=_card_active(checkout, g.number)
                                  if status == SaleStatus.COMPLETED else None)
            for g in customers.pending_gifts(sale_id)]


def complete_sale(checkout: CheckoutService, customers: CustomerService,
                  sale_id: str) -> tuple[SaleView, list[GiftView]]:
    """Complete the sale, then save its gift cards to their recipients."""
    sale = checkout.complete(sale_id)
    return sale, settle_sale_gifts(checkout, customers, sale_id)


def settle_pending_gifts(checkout: CheckoutService,
                         customers: CustomerService) -> list[GiftView]:
    """Catch up gifts whose sale ended without :func:`complete_sale`."""
    out: list[GiftView] = []
    for g in customers.pending_gifts():
        try:
            status = str(checkout.get(g.sale_id or "").status)
        except NotFound:
            status = "MISSING"
        if status != SaleStatus.OPEN:
            out.append(customers.settle_gift(
                gift_id=g.id, sale_status=status,
                card_active=_card_active(checkout, g.number) if status == SaleStatus.COMPLETED
                else None))
    return out
