"""E-gift cards through a real SMTP server on loopback: what arrived (subject
with the masked number, the amount, the message, the card's image whose
barcode is the number, the QR code of the balance page), scheduling, retry
with backoff after a refusal or a dead server, resend, and the CLI."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from app.domain import OpContext
from app.egift.service import EgiftService, backoff
from app.ops.service import CardService
from app.shop import settings as shop_settings
from app.store.database import open_store
from tests.clock import ManualClock
from tests.integration.shop.smtp_server import SmtpServer

zxingcpp = pytest.importorskip("zxingcpp")
NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)
URL = "https://shop.example/balance"


@pytest.fixture
def svc(any_db: str):  # type: ignore[no-untyped-def]
    store = open_store(any_db)
    with store.transaction() as s:
        cfg = shop_settings.with_value(shop_settings.load(s), "balance_page_url", URL)
        cfg = shop_settings.with_value(cfg, "shop_name", "Corner Books")
        shop_settings.save(s, cfg, now=NOW)
    clock = ManualClock(NOW)
    cards = CardService(store, clock=clock, context=OpContext(terminal="t1", store="store-1"))
    yield EgiftService(cards, clock=clock), clock
    store.close()


def _images(msg) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return {p.get_filename(): p.get_content() for p in msg.walk()
            if p.get_content_type() == "image/png"}


def test_sold_and_sent_with_design_amount_message_and_codes(svc, monkeypatch) -> None:
    egifts, _ = svc
    with SmtpServer() as smtp:
        monkeypatch.setenv("GIFTPOS_SMTP_URL", smtp.url)
        view, card = egifts.sell(amount=2500, paid=2250, to="ana@example.org",
                                 message_text="Happy birthday, Ana!", sender_name="Ben")
        assert view.state == "SENT" and view.attempts == 1
        [msg] = smtp.inbox.messages
    number = egifts.get_row(view.id).card_number
    assert smtp.inbox.envelopes[0][1] == ["ana@example.org"]
    subject = str(msg["Subject"])
    assert "$25.00" in subject and number[-4:] in subject and number not in subject
    assert msg["Message-ID"] == f"<egift-{view.id}@localhost>"
    text = msg.get_body(preferencelist=("plain",)).get_content()
    assert "Happy birthday, Ana!" in text and "$25.00" in text and URL in text
    assert " ".join(number[i:i + 4] for i in range(0, 16, 4)) in text
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert "Happy birthday, Ana!" in html and "cid:" in html
    images = _images(msg)
    card_img = Image.open(io.BytesIO(images["gift-card.png"])).convert("RGB")
    assert [r.text for r in zxingcpp.read_barcodes(card_img)] == [number]
    qr = Image.open(io.BytesIO(images["balance-qr.png"])).convert("RGB")
    assert [r.text for r in zxingcpp.read_barcodes(qr)] == [URL]
    assert card["balance"] == 2500 and card["number"].startswith("••••")


def test_scheduled_refused_then_retried_with_backoff_never_lost(svc, monkeypatch) -> None:
    egifts, clock = svc
    number = egifts.cards.issue(amount=5000)[0][0].number
    with SmtpServer() as smtp:
        monkeypatch.setenv("GIFTPOS_SMTP_URL", smtp.url)
        v = egifts.send(number=number, to="li@example.org", at=NOW + timedelta(hours=2))
        assert v.state == "SCHEDULED" and smtp.inbox.messages == []
        assert egifts.deliver_due() == {"due": 0, "sent": 0, "failed": 0}
        clock.now = NOW + timedelta(hours=2)
        smtp.inbox.refuse = 1
        assert egifts.deliver_due()["failed"] == 1
        v = egifts.get(v.id)
        assert v.state == "RETRYING" and v.attempts == 1 and "Try again later" in v.last_error
        assert egifts.deliver_due()["due"] == 0  # not before the backoff
        clock.now += backoff(1)
        assert egifts.deliver_due()["sent"] == 1
        assert egifts.get(v.id).state == "SENT" and len(smtp.inbox.messages) == 1
        assert egifts.deliver_due()["due"] == 0  # sent once


def test_a_dead_server_keeps_the_message_until_it_is_back(svc, monkeypatch) -> None:
    egifts, clock = svc
    number = egifts.cards.issue(amount=1000)[0][0].number
    smtp = SmtpServer()  # its port, nothing listening yet
    monkeypatch.setenv("GIFTPOS_SMTP_URL", smtp.url)
    v = egifts.send(number=number, to="kim@example.org")
    for n in (1, 2, 3):
        assert egifts.get(v.id).attempts == n and egifts.get(v.id).state == "RETRYING"
        clock.now += backoff(n)
        egifts.deliver_due()
    assert backoff(3) == timedelta(minutes=2) and backoff(20) == timedelta(hours=1)
    with smtp:
        clock.now += backoff(4)
        assert egifts.deliver_due()["sent"] == 1
        assert len(smtp.inbox.messages) == 1
    # Resend: the same card again, now, as a new message.
    with SmtpServer(smtp.port) as again:
        r = egifts.resend(v.id, to="kim2@example.org")
        assert r.state == "SENT" and r.id != v.id
        assert again.inbox.envelopes[0][1] == ["kim2@example.org"]


def test_bad_input_changes_nothing(svc) -> None:
    from app.errors import GiftposError

    egifts, _ = svc
    number = egifts.cards.issue(amount=1000)[0][0].number
    with pytest.raises(GiftposError) as e:
        egifts.send(number=number, to="not-an-address")
    assert e.value.key == "invalid_email"
    with pytest.raises(GiftposError) as e:
        egifts.sell(amount=1000, to="x")
    assert e.value.key == "invalid_email"
    assert egifts.list() == []


def test_cli_send_list_and_deliver(svc, tmp_path, monkeypatch, capsys) -> None:
    from app.cli.main import main

    egifts, _ = svc
    number = egifts.cards.issue(amount=4000)[0][0].number
    monkeypatch.setenv("GIFTPOS_DB", egifts.store.url)
    with SmtpServer() as smtp:
        monkeypatch.setenv("GIFTPOS_SMTP_URL", smtp.url)
        assert main(["egift", "send", number, "--to", "dee@example.org", "--message", "Hi",
                     "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["state"] == "SENT" and number not in json.dumps(out)
        assert main(["egift", "send", number, "--to", "dee@example.org", "--at",
                     "2099-01-01T09:00+00:00", "--json"]) == 0
        capsys.readouterr()
        assert main(["egift", "list", "--json"]) == 0
        states = sorted(e["state"] for e in json.loads(capsys.readouterr().out)["egifts"])
        assert states == ["SCHEDULED", "SENT"]
        assert main(["egift", "deliver", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["due"] == 0
        assert len(smtp.inbox.messages) == 1
    assert main(["egift", "send", number, "--to", "dee@example.org", "--at", "soon",
                 "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["key"] == "invalid_time"


def test_cli_refund_to_a_new_card_sent_by_email(svc, monkeypatch, capsys) -> None:
    from app.cli.main import main

    egifts, _ = svc
    monkeypatch.setenv("GIFTPOS_DB", egifts.store.url)
    assert main(["checkout", "--line", "Scarf=20.00", "--cash", "20.00", "--json"]) == 0
    sale_id = json.loads(capsys.readouterr().out)["sale_id"]
    with SmtpServer() as smtp:
        monkeypatch.setenv("GIFTPOS_SMTP_URL", smtp.url)
        assert main(["egift", "refund", sale_id, "--to", "ray@example.org", "--message",
                     "Sorry it did not fit", "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["state"] == "SENT" and out["refunded"] == 2000
        [msg] = smtp.inbox.messages
    assert "$20.00" in str(msg["Subject"])
    assert "Sorry it did not fit" in msg.get_body(preferencelist=("plain",)).get_content()


def test_a_card_of_a_program_this_till_does_not_know_is_sent_with_the_default_design(
        svc, monkeypatch) -> None:
    """The demo's cards (program 'demo', never made as a program), or a card
    issued from a program made elsewhere: sending it by e-mail failed with
    "There is no card program 'demo'". It goes out with the default cover."""
    egifts, _ = svc
    [(card, _)] = egifts.cards.issue(count=1, amount=4000, program="demo")
    with SmtpServer() as smtp:
        monkeypatch.setenv("GIFTPOS_SMTP_URL", smtp.url)
        view = egifts.send(number=card.number, to="ana@example.org")
        assert view.state == "SENT", view
        [msg] = smtp.inbox.messages
    card_img = Image.open(io.BytesIO(_images(msg)["gift-card.png"])).convert("RGB")
    assert [r.text for r in zxingcpp.read_barcodes(card_img)] == [card.number]
