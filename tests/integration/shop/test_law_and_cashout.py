"""The law: expiry rules per jurisdiction refuse programs and issues that
break them (with the reason, nothing written), a load extends a federal
expiry, receipts' terms; cash-out of small balances refused above the
threshold, paid from the drawer and shown on the Z report and in the books;
selling on a program's terms and at a discount."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.checkout import CheckoutService, CheckoutSettings
from app.designs.service import DesignService
from app.domain import OpContext
from app.errors import GiftposError
from app.gateway import LocalGateway
from app.ops.service import CardService
from app.reports import books
from app.reports.zreport import z_report, z_tables
from app.shop import law, selling
from app.shop import settings as shop_settings
from app.shop.cashout import cashout
from app.shop.schema import CardSaleRow
from app.store.database import open_store
from app.store.schema import Entry
from tests.clock import ManualClock

NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture
def svc(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'law.db'}")
    clock = ManualClock(NOW)
    cards = CardService(store, clock=clock,
                        context=OpContext(terminal="till-1", store="ca-1", cashier="amy"))
    yield cards
    store.close()


def _set(cards: CardService, path: str, value: str) -> None:
    with cards.store.transaction() as s:
        shop_settings.save(s, shop_settings.with_value(shop_settings.load(s), path, value),
                           now=NOW)


def _error(fn) -> GiftposError:  # type: ignore[no-untyped-def]
    with pytest.raises(GiftposError) as e:
        fn()
    return e.value


def _entries(cards: CardService) -> int:
    with cards.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Entry)) or 0)


def test_federal_and_never_refuse_what_breaks_them(svc) -> None:
    designs = DesignService(svc.store, svc, clock=svc.clock)
    designs.add_program(code="yearly", title="One year", expiry_months=12)  # no law yet
    _set(svc, "stores.ca-1.expiry_law", "us_federal")
    err = _error(lambda: designs.add_program(code="short", title="Short", expiry_months=24))
    assert err.key == "expiry_against_law" and "five years" in err.message
    designs.add_program(code="five", title="Five years", expiry_months=60)
    err = _error(lambda: designs.issue(program="yearly", amount=1000))
    assert err.key == "expiry_against_law"
    err = _error(lambda: selling.sell_card(svc, amount=1000, program="yearly"))
    assert err.key == "expiry_against_law"
    assert _entries(svc) == 0  # nothing written
    card = designs.issue(program="five", amount=1000)[0][0]
    assert card.expires_on == date(2031, 12, 5)
    _set(svc, "stores.ca-1.expiry_law", "never")
    err = _error(lambda: designs.add_program(code="six", title="Six", expiry_months=72))
    assert err.key == "expiry_against_law" and "may not expire" in err.message
    err = _error(lambda: law.check_store_expiry(svc.store, store="ca-1",
                                                expires_on=date(2040, 1, 1)))
    assert err.key == "expiry_against_law"


def test_a_load_extends_a_federal_expiry(svc) -> None:
    _set(svc, "stores.ca-1.expiry_law", "us_federal")
    number = svc.issue(amount=1000, expires_on=date(2031, 12, 5))[0][0].number
    svc.clock.now = datetime(2028, 3, 1, tzinfo=UTC)  # type: ignore[attr-defined]
    r = selling.reload_card(svc, number=number, amount=500)
    assert r.new_balance == 1500
    assert svc.balance(number=number).expires_on == date(2033, 3, 1)
    # A reload sold at the till's counter (F7: a sale line settled through
    # the till's gateway) extends it as well.
    other = svc.issue(amount=1000, expires_on=date(2031, 12, 5))[0][0].number
    checkout = CheckoutService(svc.store, LocalGateway(svc), clock=svc.clock, cards=svc,
                               settings=CheckoutSettings(terminal="till-1", store="ca-1"))
    sale = checkout.open_sale()
    checkout.add_card_reload(sale.id, number=other, amount=500)
    checkout.pay_cash(sale.id, amount=500)
    checkout.complete(sale.id)
    assert svc.balance(number=other).balance == 1500
    assert svc.balance(number=other).expires_on == date(2033, 3, 1)


def test_receipt_terms_follow_the_store(svc) -> None:
    _set(svc, "stores.ca-1", '{"state": "CA", "expiry_law": "never", "cashout_threshold": 1000}')
    _set(svc, "balance_page_url", "https://shop.example/balance")
    with svc.store.read() as s:
        lines = law.receipt_terms(s, store="ca-1")
    assert lines[0] == "This card never expires and has no fees."
    assert any("under $10.00 may be paid out in cash" in t for t in lines)
    assert lines[-1] == "Balance: https://shop.example/balance"
    fed = law.terms_text("us_federal", expires_on=date(2031, 12, 5))
    assert "at least 5 years after the last load" in fed[1]


def test_cashout_under_the_threshold_from_the_drawer(svc, monkeypatch, capsys) -> None:
    small = svc.issue(amount=850)[0][0].number
    big = svc.issue(amount=1000)[0][0].number
    run = lambda n: svc.run(lambda s: cashout(  # noqa: E731
        s, number=n, ctx=svc.context, limits=svc.limits, clock=svc.clock))
    assert _error(lambda: run(small)).key == "cashout_not_offered"
    _set(svc, "stores.ca-1.cashout_threshold", "1000")  # California: under $10
    err = _error(lambda: run(big))
    assert err.key == "cashout_above_threshold" and "$10.00" in err.message
    assert svc.balance(number=big).balance == 1000
    r = run(small)
    assert (r.amount, r.new_balance) == (850, 0)
    assert _error(lambda: run(small)).key == "cashout_nothing"
    checkout = CheckoutService(svc.store, LocalGateway(svc), clock=svc.clock, cards=svc,
                               settings=CheckoutSettings(terminal="till-1", store="ca-1"))
    z = z_report(checkout, TODAY)
    assert (z.cashouts, z.cashouts_amount) == (1, 850)
    summary = dict((row[0], row[1]) for row in z_tables(z)[0].rows)
    assert summary["Gift card cash-outs"] == 1
    assert summary["Cash paid out for cash-outs"].minor == 850  # type: ignore[union-attr]
    with svc.store.read() as s:
        lines = [ln for ln in books.lines(s, shop_settings.load(s)) if "ash-out" in ln.memo]
    assert {(ln.account, ln.debit, ln.credit) for ln in lines} == {("2400", 850, 0),
                                                                   ("1000", 0, 850)}
    from app.cli.main import main

    monkeypatch.setenv("GIFTPOS_DB", svc.store.url)
    monkeypatch.setenv("GIFTPOS_STORE", "ca-1")
    assert main(["card", "cashout", big, "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["key"] == "cashout_above_threshold"


def test_program_terms_and_discounted_sale(svc) -> None:
    _set(svc, "programs.classic", '{"min_amount": 1000, "max_amount": 20000, '
                                  '"presets": [2500, 5000, 10000]}')
    DesignService(svc.store, svc).add_program(code="classic", title="Classic")
    err = _error(lambda: selling.sell_card(svc, amount=500, program="classic"))
    assert err.key == "amount_below_minimum" and "$10.00" in err.message
    err = _error(lambda: selling.sell_card(svc, amount=25000, program="classic"))
    assert err.key == "amount_above_maximum"
    err = _error(lambda: selling.sell_card(svc, amount=5000, paid=6000, program="classic"))
    assert err.key == "invalid_price"
    assert _entries(svc) == 0
    card, _ = selling.sell_card(svc, amount=5000, paid=4500, program="classic")
    with svc.store.read() as s:
        row = s.scalars(select(CardSaleRow)).one()
        lines = books.lines(s, shop_settings.load(s))
    assert (row.face, row.paid, row.discount) == (5000, 4500, 500)
    assert {(ln.account, ln.debit, ln.credit) for ln in lines} == {
        ("1000", 4500, 0), ("4950", 500, 0), ("2400", 0, 5000)}
    err = _error(lambda: selling.reload_card(svc, number=card.number, amount=25000))
    assert err.key == "amount_above_maximum"
    with svc.store.read() as s:
        assert shop_settings.load(s).program("classic").presets == [2500, 5000, 10000]


def test_cli_sell_at_a_discount_and_reload(svc, monkeypatch, capsys) -> None:
    from app.cli.main import main

    monkeypatch.setenv("GIFTPOS_DB", svc.store.url)
    assert main(["shop", "sell", "--amount", "50.00", "--paid", "45.00", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["card"]["balance"], out["paid"], out["discount"]) == (5000, 4500, 500)
    assert main(["shop", "reload", out["card"]["number"], "--amount", "10.00", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["new_balance"] == 6000
    assert main(["shop", "sell", "--amount", "50.00", "--paid", "55.00", "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["key"] == "invalid_price"


def test_printed_card_carries_the_balance_page_qr(svc) -> None:
    number = svc.issue(amount=2000)[0][0].number
    designs = DesignService(svc.store, svc)
    assert b"\x1d(k" not in designs.escpos(number=number)  # no address set: no QR
    _set(svc, "balance_page_url", "https://shop.example/balance")
    raw = designs.escpos(number=number)
    # GS ( k: the printer's QR commands, with the address as their data.
    assert b"\x1d(k" in raw and b"https://shop.example/balance" in raw
    assert number.encode() in raw  # the Code128 barcode still has the number


def test_a_receipt_for_a_card_sold_prints_the_terms_and_the_qr(svc) -> None:
    from app.receipts.escpos_render import render_escpos
    from app.receipts.text import render_text

    _set(svc, "stores.ca-1", '{"state": "CA", "expiry_law": "never", "cashout_threshold": 1000}')
    _set(svc, "balance_page_url", "https://shop.example/balance")
    checkout = CheckoutService(svc.store, LocalGateway(svc), clock=svc.clock, cards=svc,
                               settings=CheckoutSettings(terminal="till-1", store="ca-1"))
    printed = svc.issue(amount=0, inactive=True)[0][0].number
    sale = checkout.open_sale()
    checkout.add_card_sale(sale.id, number=printed, amount=5000)
    checkout.pay_cash(sale.id, amount=5000)
    checkout.complete(sale.id)
    receipt = checkout.receipt(sale.id)
    assert receipt.terms[0] == "This card never expires and has no fees."
    assert receipt.balance_url == "https://shop.example/balance"
    text = render_text(receipt)
    assert "never expires" in text and "https://shop.example/balance" in text
    raw = render_escpos(receipt)
    assert b"\x1d(k" in raw and b"https://shop.example/balance" in raw
    # A sale of goods only prints no card terms.
    other = checkout.open_sale()
    checkout.add_item(other.id, description="Mug", amount=900)
    checkout.pay_cash(other.id, amount=900)
    checkout.complete(other.id)
    assert checkout.receipt(other.id).terms == ()
    assert b"\x1d(k" not in render_escpos(checkout.receipt(other.id))


def test_a_printed_pdf_card_has_a_back_with_the_qr(svc) -> None:
    import zxingcpp

    number = svc.issue(amount=2000)[0][0].number
    designs = DesignService(svc.store, svc)
    assert b"/Count 1" in designs.pdf(number=number)  # no balance page: the front only
    _set(svc, "balance_page_url", "https://shop.example/balance")
    _set(svc, "stores.ca-1.expiry_law", "never")
    pdf = designs.pdf(number=number)
    assert b"/Count 2" in pdf  # front and back
    back = designs.back((1012, 638), number=number)
    assert back is not None
    assert [r.text for r in zxingcpp.read_barcodes(back)] == ["https://shop.example/balance"]
