"""Security codes (hashed, throttled, required by a program for look-ups and
card-not-present spends) and the customers' balance page fetched over HTTP
from a real ledger (uvicorn on loopback)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from app.errors import Decline
from app.ops.service import CardService
from app.shop import cardholder, codes, promo
from app.shop import settings as shop_settings
from app.shop.schema import CardCodeRow
from app.store.database import open_store
from tests.clock import ManualClock
from tests.integration.ledger.support import LedgerEnv, ledger_on

NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)


@pytest.fixture
def cards(tmp_path: Path) -> Iterator[tuple[CardService, ManualClock]]:
    store = open_store(f"sqlite:///{tmp_path / 'codes.db'}")
    clock = ManualClock(NOW)
    yield CardService(store, clock=clock), clock
    store.close()


def _decline(fn) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(Decline) as e:
        fn()
    return e.value.key


def test_code_is_hashed_checked_and_throttled(cards) -> None:
    svc, clock = cards
    number = svc.issue(amount=5000)[0][0].number
    with svc.store.transaction() as s:
        code = codes.set_code(s, number=number, code=None, now=NOW)
    assert re.fullmatch(r"\d{4}", code)
    with svc.store.read() as s:
        stored = s.scalars(select(CardCodeRow)).one()
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    wrong = "0000" if code != "0000" else "1111"

    def look(c: str | None) -> object:
        return cardholder.balance_with_code(svc, number=number, code=c)

    assert _decline(lambda: look(None)) == "security_code_required"
    for _ in range(3):
        assert _decline(lambda: look(wrong)) == "security_code_wrong"
    assert _decline(lambda: look(code)) == "security_code_locked"  # even the right one
    clock.now = NOW + timedelta(seconds=31)
    assert look(code).balance == 5000  # type: ignore[attr-defined]
    assert _decline(lambda: look(wrong)) == "security_code_wrong"  # counting from zero
    with svc.store.transaction() as s, pytest.raises(Exception) as e:
        codes.set_code(s, number=number, code="12ab", now=NOW)
    assert getattr(e.value, "key", "") == "invalid_security_code"


def test_program_requires_code_for_spends_without_the_card(cards) -> None:
    svc, _ = cards
    number = svc.issue(amount=5000, program="web")[0][0].number
    with svc.store.transaction() as s:
        cfg = shop_settings.with_value(shop_settings.load(s), "programs.web.require_code",
                                       "true")
        shop_settings.save(s, cfg, now=NOW)
    spend = lambda c: cardholder.redeem_not_present(svc, number=number,  # noqa: E731
                                                    amount=1000, code=c)
    assert _decline(lambda: spend("1234")) == "security_code_not_set"
    with svc.store.transaction() as s:
        codes.set_code(s, number=number, code="482913", now=NOW)
    assert _decline(lambda: spend(None)) == "security_code_required"
    assert _decline(lambda: spend("482914")) == "security_code_wrong"
    assert svc.balance(number=number).balance == 5000  # nothing moved
    assert spend("482913").new_balance == 4000


def test_cli_set_code_and_remote_redeem(cards, monkeypatch, capsys) -> None:
    from app.cli.main import main

    svc, _ = cards
    number = svc.issue(amount=3000)[0][0].number
    monkeypatch.setenv("GIFTPOS_DB", svc.store.url)
    assert main(["card", "set-code", number, "--code", "7391", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"card": "•••• " + number[-4:], "code": "7391"}
    assert main(["card", "redeem-remote", number, "--amount", "5.00", "--code", "1", "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["key"] == "security_code_wrong"
    assert main(["card", "redeem-remote", number, "--amount", "5.00", "--code", "7391",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["new_balance"] == 2500


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LedgerEnv]:
    with ledger_on(request.param, tmp_path) as env:
        yield env


def test_balance_page_over_http(ledger: LedgerEnv) -> None:
    svc = CardService(ledger.store)
    plain = svc.issue(amount=4250)[0][0].number
    coded = svc.issue(amount=1000)[0][0].number
    with ledger.store.transaction() as s:
        codes.set_code(s, number=coded, code="5521", now=datetime.now(UTC))
    svc.run(lambda s: promo.grant(s, number=plain, amount=1500, expires_on=date(2099, 1, 31),
                                  ctx=svc.context, limits=svc.limits, clock=svc.clock))
    with httpx.Client(base_url=ledger.url, timeout=10) as web:
        form = web.get("/balance")
        assert form.status_code == 200 and form.headers["content-type"].startswith("text/html")
        assert '<form method="post" action="/balance">' in form.text
        assert 'name="number"' in form.text and 'name="code"' in form.text
        r = web.post("/balance", data={"number": plain})
        assert r.status_code == 200
        assert "$42.50" in r.text and "•••• " + plain[-4:] in r.text and plain not in r.text
        assert "Promotional value <b>$15.00</b> until 2099-01-31" in r.text
        assert web.post("/balance", data={"number": coded}).status_code == 400
        wrong = web.post("/balance", data={"number": coded, "code": "0000"})
        unknown = web.post("/balance", data={"number": "6000000000000000", "code": "0000"})
        assert wrong.status_code == unknown.status_code == 404
        assert wrong.text == unknown.text  # the page does not tell which numbers exist
        ok = web.post("/balance", data={"number": coded, "code": "5521"})
        assert ok.status_code == 200 and "$10.00" in ok.text
        assert web.post("/balance", content=b"number=" + b"1" * 5000, headers={
            "Content-Type": "application/x-www-form-urlencoded"}).status_code == 413
        statuses = [web.post("/balance", data={"number": plain}).status_code
                    for _ in range(7)]
    assert statuses[:4] == [200] * 4 and statuses[-1] == 429  # 10 a minute per address


def test_remote_redemption_through_the_ledger_needs_the_code(ledger: LedgerEnv) -> None:
    svc = CardService(ledger.store)
    number = svc.issue(amount=3000)[0][0].number
    with ledger.store.transaction() as s:
        codes.set_code(s, number=number, code="8080", now=datetime.now(UTC))
    with ledger.client("t1") as api:
        body = {"number": number, "amount": 1000, "capture": True}
        r = api.post("/v1/cards/remote-redemptions", json=body)
        assert r.status_code >= 400 and r.json()["key"] == "security_code_required"
        r = api.post("/v1/cards/remote-redemptions", json={**body, "security_code": "1111"})
        assert r.json()["key"] == "security_code_wrong"
        assert svc.balance(number=number).balance == 3000  # nothing moved
        r = api.post("/v1/cards/remote-redemptions", json={**body, "security_code": "8080"},
                     headers={"Idempotency-Key": "web-order-1"})
        assert r.status_code == 200 and r.json()["new_balance"] == 2000
        again = api.post("/v1/cards/remote-redemptions",
                         json={**body, "security_code": "8080"},
                         headers={"Idempotency-Key": "web-order-1"})
        assert again.json()["new_balance"] == 2000 and svc.balance(number=number).balance == 2000
    with ledger.store.read() as s:
        from sqlalchemy import text

        stored = " ".join(str(r) for r in s.execute(text("SELECT * FROM entries")).all())
    assert "8080" not in stored
