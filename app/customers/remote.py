"""Customers kept by the central ledger, for a ledger-backed till: the same
calls as CustomerService's lookup and wallet, over `/v1/customers`. Every till
of the shop then sees the same customers and saved cards.

Runs on a worker thread (it waits for the ledger up to the client's timeout).
When the ledger cannot be reached the call fails with ``ledger_unavailable``;
the cashier scans the card instead.
"""

from __future__ import annotations

from typing import Any

from app.customers.models import CustomerView, SavedCardView
from app.ids import check_id
from app.sync.client import LedgerClient


class RemoteCustomers:
    def __init__(self, client: LedgerClient) -> None:
        self.client = client

    def _post(self, path: str, body: dict[str, Any], op_id: str | None = None) -> dict[str, Any]:
        oid = check_id(op_id)
        return self.client.call("POST", path, body={**body, "id": oid}, key=oid)

    def create(self, *, name: str, phone: str, email: str | None = None,
               op_id: str | None = None) -> CustomerView:
        got = self._post("/v1/customers", {"name": name, "phone": phone, "email": email}, op_id)
        return CustomerView.from_dict(got["customer"])

    def get(self, customer_id: str) -> CustomerView:
        got = self.client.call("GET", f"/v1/customers/{customer_id}")
        return CustomerView.from_dict(got["customer"])

    def find(self, *, phone: str | None = None, name: str | None = None,
             limit: int = 20) -> list[CustomerView]:
        params: dict[str, Any] = {"limit": limit}
        if phone:
            params["phone"] = phone
        if name:
            params["name"] = name
        got = self.client.call("GET", "/v1/customers", params=params)
        return [CustomerView.from_dict(c) for c in got["customers"]]

    def cards_of(self, customer_id: str) -> list[SavedCardView]:
        got = self.client.call("GET", f"/v1/customers/{customer_id}/cards")
        return [SavedCardView.from_dict(c) for c in got["cards"]]

    def save_card(self, *, customer_id: str, number: str, preferred: bool = False,
                  op_id: str | None = None) -> SavedCardView:
        got = self._post(f"/v1/customers/{customer_id}/cards",
                         {"number": number, "preferred": preferred}, op_id)
        return SavedCardView.from_dict(got["saved_card"])

    def prefer(self, *, customer_id: str, saved_id: str) -> SavedCardView:
        got = self._post(f"/v1/customers/{customer_id}/cards/{saved_id}/preferred", {})
        return SavedCardView.from_dict(got["saved_card"])

    def share(self, *, owner_id: str, saved_id: str, with_customer: str,
              op_id: str | None = None) -> SavedCardView:
        got = self._post(f"/v1/customers/{owner_id}/cards/{saved_id}/shares",
                         {"with_customer": with_customer}, op_id)
        return SavedCardView.from_dict(got["share"])

    def revoke(self, *, owner_id: str, share_id: str) -> SavedCardView:
        got = self._post(f"/v1/customers/{owner_id}/shares/{share_id}/revoke", {})
        return SavedCardView.from_dict(got["share"])

    def card_for_payment(self, *, customer_id: str,
                         saved_id: str | None = None) -> SavedCardView:
        params = {"saved_card_id": saved_id} if saved_id else None
        got = self.client.call("GET", f"/v1/customers/{customer_id}/payment-card",
                               params=params)
        return SavedCardView.from_dict(got["saved_card"], number=str(got["number"]))
