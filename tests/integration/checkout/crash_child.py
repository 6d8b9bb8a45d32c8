"""Run in a child process by test_recovery: opens a sale, takes card
tenders, says READY at the point to crash, then blocks until killed.

usage: python -m tests.integration.checkout.crash_child DB_URL WHERE CARD...
WHERE is "between_tenders" (after the first card's hold is recorded) or
"inside_hold" (the hold is made by the gateway but its answer not recorded).
"""

from __future__ import annotations

import sys

from app.checkout import CheckoutService, CheckoutSettings
from app.domain import OpContext, OpResult
from app.gateway import LocalGateway
from app.ops.service import CardService
from app.store.database import open_store


class StopsAfterHold(LocalGateway):
    def hold(self, *, number: str, amount: int, partial: bool, entry_id: str,
             ctx: OpContext) -> OpResult:
        result = super().hold(number=number, amount=amount, partial=partial,
                              entry_id=entry_id, ctx=ctx)
        ready(ctx.sale_id or "")
        return result


def ready(sale_id: str) -> None:
    print(f"READY {sale_id}", flush=True)
    sys.stdin.readline()  # the parent kills us while we wait here
    raise SystemExit("not killed")


def main() -> None:
    url, where, *numbers = sys.argv[1:]
    store = open_store(url)
    cards = CardService(store)
    gateway = StopsAfterHold(cards) if where == "inside_hold" else LocalGateway(cards)
    svc = CheckoutService(store, gateway, settings=CheckoutSettings(), cards=cards)
    sale = svc.add_item(svc.open_sale(cashier="crash").id, description="TV", amount=90_000)
    svc.pay_with_card(sale.id, number=numbers[0])
    if where == "between_tenders":
        ready(sale.id)
    svc.pay_with_card(sale.id, number=numbers[1])


if __name__ == "__main__":
    main()
