"""A sale that sold or reloaded a gift card prints the store's terms (its
expiry law, cash-out of small balances) and the customers' balance page as a
QR code under the receipt."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.checkout.models import LineKind
from app.receipts.model import Receipt
from app.shop import law
from app.shop import settings as shop_settings
from app.store.database import Store

CARD_LINES = (LineKind.CARD_SALE, LineKind.CARD_RELOAD)


def with_card_terms(store: Store, receipt: Receipt, sale: Any) -> Receipt:
    if not any(getattr(ln, "kind", None) in CARD_LINES for ln in sale.lines):
        return receipt
    with store.read() as s:
        terms = law.receipt_terms(s, store=getattr(sale, "store", "") or "",
                                  currency=receipt.currency)
        url = shop_settings.load(s).balance_page_url
    # The URL is printed as a QR code below; the terms need not repeat it.
    return replace(receipt, terms=tuple(t for t in terms if not t.startswith("Balance: ")),
                   balance_url=url)
