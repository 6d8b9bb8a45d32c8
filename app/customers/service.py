"""CustomerService: customers, their saved cards, shares and gifts over one
store, each call one committed transaction (like CardService). The ledger API
calls the same session-level functions inside its own idempotent requests."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.customers import gifts, people, wallet
from app.customers.models import CustomerView, GiftView, SavedCardView
from app.errors import Decline, StoreError
from app.ids import check_id
from app.ops.service import CardService

log = logging.getLogger(__name__)
T = TypeVar("T")


class CustomerService:
    def __init__(self, cards: CardService) -> None:
        self.cards = cards
        self.store = cards.store
        self.clock = cards.clock

    def _tx(self, fn: Callable[[Session], T]) -> T:
        try:
            with self.store.transaction() as session:
                return fn(session)
        except IntegrityError as exc:
            # Only the one-owner / one-preferred indexes can say this: two tills
            # saved the same card at once, and the other one won.
            raise Decline("Someone else just changed this card's account; look the "
                          "customer up again.", key="saved_card_conflict", code=409) from exc
        except OperationalError as exc:
            raise StoreError("The local database is busy or unavailable. Try again.") from exc

    def _read(self, fn: Callable[[Session], T]) -> T:
        with self.store.read() as session:
            return fn(session)

    # -- customers -------------------------------------------------------------
    def create(self, *, name: str, phone: str, email: str | None = None,
               op_id: str | None = None) -> CustomerView:
        oid = check_id(op_id)
        return self._tx(lambda s: people.create(s, name=name, phone=phone, email=email,
                                                op_id=oid, now=self.clock()))

    def get(self, customer_id: str) -> CustomerView:
        return self._read(lambda s: people.view_of(people.customer_row(s, customer_id)))

    def find(self, *, phone: str | None = None, name: str | None = None,
             limit: int = 20) -> list[CustomerView]:
        return self._read(lambda s: people.find(s, phone=phone, name=name, limit=limit))

    # -- saved cards -------------------------------------------------------------
    def cards_of(self, customer_id: str) -> list[SavedCardView]:
        return self._read(lambda s: wallet.saved_cards(s, customer_id=customer_id))

    def save_card(self, *, customer_id: str, number: str, preferred: bool = False,
                  op_id: str | None = None) -> SavedCardView:
        oid = check_id(op_id)
        return self._tx(lambda s: wallet.save_card(s, customer_id=customer_id, number=number,
                                                   preferred=preferred, op_id=oid,
                                                   now=self.clock()))

    def prefer(self, *, customer_id: str, saved_id: str) -> SavedCardView:
        return self._tx(lambda s: wallet.prefer(s, customer_id=customer_id, saved_id=saved_id))

    def share(self, *, owner_id: str, saved_id: str, with_customer: str,
              op_id: str | None = None) -> SavedCardView:
        oid = check_id(op_id)
        return self._tx(lambda s: wallet.share(s, owner_id=owner_id, saved_id=saved_id,
                                               with_customer=with_customer, op_id=oid,
                                               now=self.clock()))

    def revoke(self, *, owner_id: str, share_id: str) -> SavedCardView:
        return self._tx(lambda s: wallet.revoke(s, owner_id=owner_id, share_id=share_id,
                                                now=self.clock()))

    def card_for_payment(self, *, customer_id: str,
                         saved_id: str | None = None) -> SavedCardView:
        return self._read(lambda s: wallet.card_for_payment(s, customer_id=customer_id,
                                                            saved_id=saved_id))

    # -- gifts ---------------------------------------------------------------------
    def gift_existing(self, *, sender_id: str, saved_id: str, recipient_id: str,
                      message: str | None = None, op_id: str | None = None) -> GiftView:
        oid = check_id(op_id)
        return self._tx(lambda s: gifts.gift_existing(
            s, sender_id=sender_id, saved_id=saved_id, recipient_id=recipient_id,
            message=message, op_id=oid, now=self.clock()))

    def gift_new_funded(self, *, recipient_id: str, amount: int, currency: str,
                        source_ref: str, sender_id: str | None = None,
                        program: str | None = None, message: str | None = None,
                        op_id: str | None = None) -> GiftView:
        oid = check_id(op_id)
        return self._tx(lambda s: gifts.gift_new_funded(
            s, sender_id=sender_id, recipient_id=recipient_id, amount=amount,
            currency=currency, source_ref=source_ref, program=program, message=message,
            op_id=oid, ctx=self.cards.context, limits=self.cards.limits,
            clock=self.cards.clock))

    def record_sale_gift(self, *, recipient_id: str, number: str, amount: int, currency: str,
                         sale_id: str, op_id: str, sender_id: str | None = None,
                         message: str | None = None) -> GiftView:
        return self._tx(lambda s: gifts.record_sale_gift(
            s, sender_id=sender_id, recipient_id=recipient_id, number=number, amount=amount,
            currency=currency, sale_id=sale_id, message=message, op_id=op_id,
            now=self.clock()))

    def settle_gift(self, *, gift_id: str, sale_status: str,
                    card_active: bool | None = None) -> GiftView:
        return self._tx(lambda s: gifts.settle(s, gift_id=gift_id, sale_status=sale_status,
                                               now=self.clock(), card_active=card_active))

    def pending_gifts(self, sale_id: str | None = None) -> list[GiftView]:
        """Gifts waiting for their sale to end."""
        return self._read(lambda s: [gifts.view(s, g)
                                     for g in gifts.pending_for_sale(s, sale_id)])

    def gifts_of(self, customer_id: str) -> list[GiftView]:
        return self._read(lambda s: gifts.gifts_of(s, customer_id))
