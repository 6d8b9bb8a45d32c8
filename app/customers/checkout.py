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

from app.checkout.models import SaleView, TenderOutcome
from app.checkout.service import CheckoutService
from app.customers.models import GiftView
from app.customers.service import CustomerService
from app.designs.service import DesignService
from app.errors import GiftposError, NotFound
from app.ops.journal import check_id, child_id

log = logging.getLogger(__name__)


def pay_with_saved_card(checkout: CheckoutService, customers: CustomerService, *,
                        sale_id: str, customer_id: str, saved_id: str | None = None,
                        amount: int | None = None, partial: bool | None = None,
                        entry_id: str | None = None) -> TenderOutcome:
    """"Pay with the customer's preferred card" (or the saved card chosen):
    a gift-card tender like a scanned one, without scanning."""
    card = customers.card_for_payment(customer_id=customer_id, saved_id=saved_id)
    log.info("sale %s: paying with %s's saved card %s", sale_id, customer_id, card.card)
    return checkout.pay_with_card(sale_id, number=card.number, amount=amount, partial=partial,
                                  entry_id=entry_id)


def gift_in_sale(checkout: CheckoutService, customers: CustomerService, *, sale_id: str,
                 recipient_id: str, amount: int, sender_id: str | None = None,
                 program: str | None = None, designs: DesignService | None = None,
                 message: str | None = None, op_id: str | None = None) -> GiftView:
    """Put a new card of ``amount`` for the recipient on the sale. The sale's
    tenders fund it; it is activated when the sale completes and then saved to
    the recipient (:func:`complete_sale`). Safe to repeat with the same id."""
    oid = check_id(op_id)
    customers.get(recipient_id)  # a cashier's typo fails before anything is issued
    card_id = child_id(oid, "card")
    if program:
        if designs is None:
            raise NotFound("Card programs are not available here.", key="program_not_found")
        made = designs.issue(program=program, amount=0, inactive=True, entry_id=card_id)
    else:
        made = checkout.cards.issue(amount=0, currency=checkout.settings.currency,
                                    inactive=True, entry_id=card_id) if checkout.cards else []
        if not made:
            raise NotFound("This till cannot issue cards.", key="cannot_issue")
    number = made[0][0].number
    gift = customers.record_sale_gift(recipient_id=recipient_id, number=number, amount=amount,
                                      currency=made[0][0].currency, sale_id=sale_id,
                                      sender_id=sender_id, message=message, op_id=oid)
    if gift.status != "PENDING":
        return gift
    try:
        checkout.add_card_sale(sale_id, number=number, amount=amount)
    except GiftposError as err:
        if err.key == "card_already_on_sale":
            return gift  # a retry: the first call put it there
        customers.settle_gift(gift_id=gift.id, sale_status="NOT_ON_SALE")
        raise
    return gift


def settle_sale_gifts(checkout: CheckoutService, customers: CustomerService,
                      sale_id: str) -> list[GiftView]:
    status = str(checkout.get(sale_id).status)
    return [customers.settle_gift(gift_id=gid, sale_status=status)
            for gid, _sid in customers.pending_gifts(sale_id)]


def complete_sale(checkout: CheckoutService, customers: CustomerService,
                  sale_id: str) -> tuple[SaleView, list[GiftView]]:
    """Complete the sale, then save its gift cards to their recipients."""
    sale = checkout.complete(sale_id)
    return sale, settle_sale_gifts(checkout, customers, sale_id)


def settle_pending_gifts(checkout: CheckoutService,
                         customers: CustomerService) -> list[GiftView]:
    """Catch up gifts whose sale ended without :func:`complete_sale`."""
    out: list[GiftView] = []
    for gid, sid in customers.pending_gifts():
        try:
            status = str(checkout.get(sid).status)
        except NotFound:
            status = "MISSING"
        if status != "OPEN":
            out.append(customers.settle_gift(gift_id=gid, sale_status=status))
    return out
