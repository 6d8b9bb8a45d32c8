"""Customers kept by the central ledger, for a ledger-backed till: the same
calls as CustomerService's lookup and wallet, over `/v1/customers`. Every till
of the shop then sees the same customers and saved cards.

Runs on a worker thread (it waits for the ledger up to the client's timeout).
When the ledger cannot be reached the call fails with ``ledger_unavailable``;
the cashier scans the card instead.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from app.customers.models import CustomerView, SavedCardView
from app.ids import check_id
from app.sync.client import LedgerClient
from app.wire.answers import (
    CustomerAnswer,
    CustomersAnswer,
    PaymentCardAnswer,
    SavedCardAnswer,
    SavedCardsAnswer,
    ShareAnswer,
)

A = TypeVar("A", bound=BaseModel)


class RemoteCustomers:
    def __init__(self, client: LedgerClient) -> None:
        self.client = client

    def _post(self, model: type[A], path: str, body: dict[str, Any],
              op_id: str | None = None) -> A:
        oid = check_id(op_id)
        return self.client.ask(model, "POST", path, body={**body, "id": oid}, key=oid)

    def create(self, *, name: str, phone: str, email: str | None = None,
               op_id: str | None = None) -> CustomerView:
        got = self._post(CustomerAnswer, "/v1/customers",
                         {"name": name, "phone": phone, "email": email}, op_id)
        return CustomerView.from_wire(got.customer)

    def get(self, customer_id: str) -> CustomerView:
        got = self.client.ask(CustomerAnswer, "GET", f"/v1/customers/{customer_id}")
        return CustomerView.from_wire(got.customer)

    def find(self, *, phone: str | None = None, name: str | None = None,
             limit: int = 20) -> list[CustomerView]:
        params: dict[str, Any] = {"limit": limit}
        if phone:
            params["phone"] = phone
        if name:
            params["name"] = name
        got = self.client.ask(CustomersAnswer, "GET", "/v1/customers", params=params)
        return [CustomerView.from_wire(c) for c in got.customers]

    def cards_of(self, customer_id: str) -> list[SavedCardView]:
        got = self.client.ask(SavedCardsAnswer, "GET", f"/v1/customers/{customer_id}/cards")
        return [SavedCardView.from_wire(c) for c in got.cards]

    def save_card(self, *, customer_id: str, number: str, preferred: bool = False,
                  op_id: str | None = None) -> SavedCardView:
        got = self._post(SavedCardAnswer, f"/v1/customers/{customer_id}/cards",
                         {"number": number, "preferred": preferred}, op_id)
        return SavedCardView.from_wire(got.saved_card)

    def prefer(self, *, customer_id: str, saved_id: str) -> SavedCardView:
        got = self._post(SavedCardAnswer,
                         f"/v1/customers/{customer_id}/cards/{saved_id}/preferred", {})
        return SavedCardView.from_wire(got.saved_card)

    def share(self, *, owner_id: str, saved_id: str, with_customer: str,
              op_id: str | None = None) -> SavedCardView:
        got = self._post(ShareAnswer, f"/v1/customers/{owner_id}/cards/{saved_id}/shares",
                         {"with_customer": with_customer}, op_id)
        return SavedCardView.from_wire(got.share)

    def revoke(self, *, owner_id: str, share_id: str) -> SavedCardView:
        got = self._post(ShareAnswer, f"/v1/customers/{owner_id}/shares/{share_id}/revoke", {})
        return SavedCardView.from_wire(got.share)

    def card_for_payment(self, *, customer_id: str,
                         saved_id: str | None = None) -> SavedCardView:
        params = {"saved_card_id": saved_id} if saved_id else None
        got = self.client.ask(PaymentCardAnswer, "GET",
                              f"/v1/customers/{customer_id}/payment-card", params=params)
        return SavedCardView.from_wire(got.saved_card, number=got.number)
