"""Receipts rendered from a hand-made model: text layout and ESC/POS bytes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from app.checkout.models import DayReport
from app.checkout.report import from_dict
from app.receipts.escpos_render import drawer_kick, render_escpos
from app.receipts.model import Receipt, ReceiptLine, ReceiptTender
from app.receipts.text import render_text


def receipt(*tenders: ReceiptTender, change: int = 0, reprint: bool = False,
            locale: str = "en_US", currency: str = "USD") -> Receipt:
    return Receipt(
        title="SALE", header=("Corner Shop", "1 Main St"), sale_id="0" * 8 + "-1111-2222-3333-"
        + "4" * 12, business_date=date(2026, 11, 27),
        printed_at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC), currency=currency, locale=locale,
        lines=(ReceiptLine(description="A very long description of a scarf, hand knitted",
                           amount=4_250),),
        tenders=tenders, total=4_250, paid=sum(t.amount for t in tenders),
        remaining_due=max(4_250 - sum(t.amount for t in tenders), 0), change=change,
        footer=("Thank you!",), cashier="ann", terminal="till-1", reprint=reprint)


GIFT = ReceiptTender(label="Gift card", amount=3_000, card="•••• 1234",
                     previous_balance=3_000, new_balance=0)


def test_text_fits_the_paper_and_shows_what_the_issue_asks() -> None:
    text = render_text(receipt(GIFT, ReceiptTender(label="Cash", amount=2_000), change=750))
    lines = text.splitlines()
    assert all(len(x) <= 42 for x in lines)
    assert any(x.startswith("A very long description") and x.endswith("$42.50")
               for x in lines)
    assert any(x.startswith("Gift card •••• 1234") and x.endswith("$30.00") for x in lines)
    assert any("$30.00 -> $0.00" in x for x in lines)
    assert any(x.startswith("Remaining due") and x.endswith("$0.00") for x in lines)
    assert any(x.startswith("Change") and x.endswith("$7.50") for x in lines)
    assert "Business date 2026-11-27" in text and "COPY" not in text
    assert "COPY" in render_text(receipt(GIFT, reprint=True))


def test_text_follows_the_locale() -> None:
    text = render_text(receipt(GIFT, locale="de_DE", currency="EUR"))
    assert "30,00\xa0€" in text


def test_escpos_kicks_the_drawer_only_for_cash_and_always_cuts() -> None:
    with_cash = render_escpos(receipt(GIFT, ReceiptTender(label="Cash", amount=1_250)))
    assert with_cash.count(b"\x1bp\x00\x32\x32") == 1
    assert with_cash.endswith(b"\x1dV\x00")
    card_only = render_escpos(receipt(GIFT))
    assert b"\x1bp" not in card_only and card_only.endswith(b"\x1dV\x00")
    assert b"\x1bE\x01" in card_only  # the total is bold
    assert render_escpos(receipt(GIFT), kick_drawer=True).count(b"\x1bp") == 1
    assert b"1234" in card_only
    assert drawer_kick() == b"\x1bp\x00\x32\x32"


def test_a_closed_z_report_reads_back_as_it_was_printed() -> None:
    rep = DayReport(business_date=date(2026, 11, 27), currency="USD", terminal="till-1",
                    sales_count=3, by_tender={"GIFT_CARD": 1, "CASH": 2, "EXTERNAL": 3},
                    closed=True, closed_at=datetime(2026, 11, 27, 22, tzinfo=UTC))
    assert from_dict(json.loads(json.dumps(rep.to_dict()))) == rep
