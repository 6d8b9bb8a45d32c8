"""`run(n)`: how fast a till checks out, on a real SQLite file (WAL,
synchronous=FULL) in a temporary directory.

Scenarios: ``sale_split`` is a whole sale (open, one item, two gift cards with
partial approval, cash with change, complete: 14 durable commits, 4 journal
entries); ``card_tender`` is one gift-card hold as the cashier waits for it;
``receipt`` renders the ESC/POS bytes of a finished sale.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from app.bench.common import timed
from app.checkout.models import CheckoutSettings
from app.checkout.service import CheckoutService
from app.gateway import LocalGateway
from app.ops.service import CardService
from app.receipts.escpos_render import render_escpos
from app.store.database import open_store


def run(n: int | None = None, **_: Any) -> dict[str, Any]:
    n = n or 200
    with tempfile.TemporaryDirectory(prefix="giftpos-bench-") as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'till.db'}")
        try:
            cards = CardService(store)
            svc = CheckoutService(store, LocalGateway(cards), settings=CheckoutSettings(),
                                  cards=cards)
            made = cards.issue(count=2 * n + n, amount=4_000)
            numbers = [v.number for v, _ in made]
            sale_ids: list[str] = []

            def sale(i: int) -> None:
                s = svc.add_item(svc.open_sale().id, description="Bench", amount=10_000)
                svc.pay_with_card(s.id, number=numbers[2 * i])
                svc.pay_with_card(s.id, number=numbers[2 * i + 1])
                svc.pay_cash(s.id, amount=5_000)
                sale_ids.append(svc.complete(s.id).id)

            sales = timed(n, sale)
            open_ids = [svc.add_item(svc.open_sale().id, description="Bench",
                                     amount=1_000).id for _ in range(n)]
            tender = timed(n, lambda i: svc.pay_with_card(open_ids[i],
                                                          number=numbers[2 * n + i]))
            receipt = timed(n, lambda i: render_escpos(svc.receipt(sale_ids[i])))
            for sid in open_ids:
                svc.cancel(sid)
        finally:
            store.close()
    return {"sale_split": {**sales, "commits": 14}, "card_tender": tender, "receipt": receipt}
