"""Receipts from real sales (text, ESC/POS bytes, card labels) and the
hand-written migration against the models."""

from __future__ import annotations

import io

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from PIL import Image

from app.checkout import CheckoutService
from app.receipts.escpos_render import DRAWER_KICK, render_escpos
from app.receipts.label import card_barcode_png
from app.receipts.text import render_text
from tests.schemas import every_table

ESC_P = b"\x1bp\x00\x32\x32"  # ESC p, pin 2, 100 ms on / 100 ms off
CUT = b"\x1dV\x00"


def test_migrated_schema_matches_the_models(store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), every_table())
    ours = {"sales", "sale_lines", "tenders", "sale_refunds", "day_closes"}
    assert [d for d in diff if any(t in repr(d) for t in ours)] == []


def test_receipt_shows_each_card_tender_with_balances_and_kicks_the_drawer(
        checkout: CheckoutService, card) -> None:
    a, b = card(4_000), card(9_000)
    sale = checkout.add_item(checkout.open_sale(cashier="ann").id, description="Blanket",
                             amount=10_000)
    checkout.pay_with_card(sale.id, number=a)
    checkout.pay_with_card(sale.id, number=b, amount=5_000)
    checkout.pay_cash(sale.id, amount=2_000)
    checkout.complete(sale.id)
    receipt = checkout.receipt(sale.id)
    text = render_text(receipt)
    for n in (a, b):
        assert f"•••• {n[-4:]}" in text and n not in text
    assert "$40.00 -> $0.00" in text and "$90.00 -> $40.00" in text
    change = next(line for line in text.splitlines() if line.startswith("Change"))
    assert change.endswith("$10.00") and sale.id in text
    assert all(len(line) <= 42 for line in text.splitlines())

    raw = render_escpos(receipt)
    assert raw.startswith(b"\x1b@")  # printer initialised
    assert raw.count(ESC_P) == 1 and ESC_P == DRAWER_KICK
    assert raw.endswith(CUT) and raw.index(ESC_P) < raw.rindex(CUT)
    assert a[-4:].encode() in raw and a.encode() not in raw and b.encode() not in raw
    assert b"Blanket" in raw and b"$100.00" in raw

    copy = checkout.reprint_last()
    assert copy is not None and copy.reprint and "COPY" in render_text(copy)


def test_no_cash_no_drawer_kick(checkout: CheckoutService, card) -> None:
    a = card(5_000)
    sale = checkout.add_item(checkout.open_sale().id, description="Tea", amount=500)
    checkout.pay_with_card(sale.id, number=a)
    checkout.complete(sale.id)
    raw = render_escpos(checkout.receipt(sale.id))
    assert b"\x1bp" not in raw and raw.endswith(CUT)


def test_card_label_is_a_code128_png() -> None:
    png = card_barcode_png("6012345678901234")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    img = Image.open(io.BytesIO(png))
    assert img.width > img.height > 0
    # Code128 of 16 digits (code set C): start, 8 pairs, check, stop = 11 symbols
    # of 11 modules + 2: wider than that many modules at 0.3 mm and 300 dpi.
    assert img.width >= (11 * 11 + 2) * 0.3 / 25.4 * 300


def test_refund_receipt_shows_each_credit_and_opens_the_drawer_for_cash_back(
        checkout: CheckoutService, card) -> None:
    a = card(3_000)
    sale = checkout.open_sale()
    checkout.add_item(sale.id, description="Gloves", amount=2_000)
    checkout.add_item(sale.id, description="Hat", amount=2_500)
    checkout.pay_with_card(sale.id, number=a)
    checkout.pay_cash(sale.id, amount=2_000)
    checkout.complete(sale.id)
    result = checkout.refund(sale.id)
    assert len(result.line_ids) == 2
    receipt = checkout.refund_receipt(result)
    text = render_text(receipt)
    assert receipt.title == "REFUND" and "Gloves" in text and "Hat" in text
    assert f"Back to gift card •••• {a[-4:]}" in text and "$0.00 -> $30.00" in text
    assert any(x.startswith("Cash") and x.endswith("$15.00") for x in text.splitlines())
    assert a not in text
    assert render_escpos(receipt).count(ESC_P) == 1
