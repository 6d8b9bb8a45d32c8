"""Issue 13 item 3: a till connected to a ledger makes every card on the
ledger: the new card of a refund to a new card, the store credit when the
paying card is frozen, and cards issued from a program (the card-designs
tab's service). Programs and cover templates live on the ledger, with the
Gate API's create. Against a real uvicorn ledger on loopback."""

from __future__ import annotations

from collections.abc import Callable

from app.checkout import CheckoutService, CheckoutSettings
from app.designs.service import DesignService
from tests.integration.ledger.support import LedgerEnv
from tests.integration.sync.conftest import Terminal, issue, ledger_balance


def _checkout(t: Terminal) -> CheckoutService:
    return CheckoutService(t.cards.store, t.gateway, cards=t.cards,
                           settings=CheckoutSettings(terminal="t1", store="s1"))


def _paid_sale(checkout: CheckoutService, number: str, amount: int) -> str:
    sale = checkout.open_sale()
    checkout.add_item(sale.id, description="Scarf", amount=amount)
    taken = checkout.pay_with_card(sale.id, number=number)
    assert taken.declined is None, taken.declined
    checkout.complete(sale.id)
    return sale.id


def test_refund_to_a_new_card_is_on_the_ledger(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    t = make_terminal("t1")
    checkout = _checkout(t)
    paying = issue(ledger, 10_000)
    sale_id = _paid_sale(checkout, paying, 3_000)
    done = checkout.refund(sale_id, to_new_card=True)
    assert done.new_card is not None
    assert ledger_balance(ledger, done.new_card) == 3_000  # the ledger has the card
    assert t.cards.balance(number=done.new_card).balance == 3_000  # and the replica
    assert ledger_balance(ledger, paying) == 7_000

    # The paying card frozen on the ledger: the refund falls back to store credit,
    # again a card the ledger knows.
    sale2 = _paid_sale(checkout, paying, 2_000)
    with ledger.client("admin") as c:
        r = c.post("/v1/cards/status", json={"number": paying, "status": "FROZEN",
                                             "reason": "lost"})
        assert r.status_code == 200, r.text
    t.gateway.balance(number=paying)  # the till learns it is frozen
    credit = checkout.refund(sale2)
    assert credit.new_card is not None and credit.new_card != done.new_card
    assert ledger_balance(ledger, credit.new_card) == 2_000
    # A sync afterwards changes nothing on the ledger: no second card, no double.
    t.engine.sync_once()
    assert ledger_balance(ledger, credit.new_card) == 2_000
    assert ledger_balance(ledger, done.new_card) == 3_000


def test_programs_and_templates_live_on_the_ledger(
        ledger: LedgerEnv, make_terminal: Callable[..., Terminal]) -> None:
    with ledger.client("admin") as c:
        r = c.post("/v1/programs", json={"code": "holiday", "title": "Holiday Gift Card",
                                         "default_amount": 2_500, "template": "aurora",
                                         "expiry_months": 12})
        assert r.status_code == 200, r.text
    with ledger.client("t1") as c:
        r = c.post("/v1/programs", json={"code": "x", "title": "X"})
        assert r.status_code == 403  # a till does not add programs
        listed = c.get("/v1/templates").json()["templates"]
        assert {"aurora", "classic", "confetti"} <= {x["templateId"] for x in listed}
        # the Gate API's create: title, template, currency and amount
        r = c.post("/v1/gift/create", json={"title": "Spring", "templateId": "confetti",
                                            "currency": "EUR", "amount": "100"})
        assert r.status_code == 200, r.text
        gate = r.json()
        assert gate["key"] and len(gate["key"]) == 16
        r = c.post("/v1/balance", json={"number": gate["cardNumber"]})
        assert (r.json()["balance"], r.json()["currency"]) == (10_000, "EUR")
        assert r.json()["program"] == gate["program"]

    t = make_terminal("t1")
    designs = DesignService(t.cards.store, t.cards, gateway=t.gateway)
    codes = [p.code for p in designs.programs()]
    assert "holiday" in codes and gate["program"] in codes  # the ledger's, not the till's
    (card, _key), = designs.issue(program="holiday")
    assert card.balance == 2_500 and card.program == "holiday" and card.expires_on
    assert ledger_balance(ledger, card.number) == 2_500
    (stock, _key), = designs.issue(program="holiday", inactive=True)
    assert str(stock.status) == "INACTIVE"
    with ledger.client("t1") as c:
        r = c.post("/v1/balance", json={"number": stock.number})
        assert (r.json()["status"], r.json()["balance"]) == ("INACTIVE", 2_500)
