"""`giftpos card ...` and `giftpos checkout` on a till configured with a
ledger (`giftpos --config terminal.toml`) go through the same gateway as the
window (issue 13): online the ledger decides and the till mirrors it;
without the ledger the till decides within its offline limits and queues
the work for `giftpos sync`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.ledger.runner import free_socket
from tests.integration.ledger.support import LedgerEnv, running_ledger

Run = Callable[..., tuple[int, dict[str, Any]]]


@pytest.fixture
def led(tmp_path: Path) -> Iterator[LedgerEnv]:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as env:
        yield env


def _config(tmp_path: Path, url: str, token: str) -> Path:
    path = tmp_path / "terminal.toml"
    path.write_text(f'terminal_id = "t1"\nstore_id = "s1"\n'
                    f'db_url = "sqlite:///{tmp_path / "till.db"}"\n'
                    f'[ledger]\nurl = "{url}"\ntoken = "{token}"\ntimeout_s = 5.0\n'
                    "[offline]\nper_transaction = 5000\nper_card = 5000\n"
                    "per_terminal = 50000\n", encoding="utf-8")
    return path


@pytest.fixture
def giftpos(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.delenv("GIFTPOS_DB", raising=False)

    def run(*args: str) -> tuple[int, dict[str, Any]]:
        capsys.readouterr()
        rc = main([*args, "--json"])
        out = capsys.readouterr().out
        return rc, json.loads(out) if out.strip() else {}

    return run


def _ledger_balance(led: LedgerEnv, number: str) -> int:
    with led.client("admin") as c:
        return int(c.post("/v1/balance", json={"number": number}).json()["balance"])


def test_card_verbs_and_checkout_reach_the_ledger(led: LedgerEnv, tmp_path: Path,
                                                   giftpos: Run) -> None:
    with led.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 10_000}).json()["cards"][0]["number"]
    cfg = str(_config(tmp_path, led.url, led.tokens["t1"]))

    rc, out = giftpos("--config", cfg, "card", "balance", number)
    assert rc == 0 and out["balance"] == 10_000  # the ledger's card, mirrored
    rc, out = giftpos("--config", cfg, "card", "redeem", number, "--amount", "12.50")
    assert rc == 0 and out["new_balance"] == 8_750 and not out["offline"]
    rc, out = giftpos("--config", cfg, "card", "load", number, "--amount", "5.00")
    assert rc == 0, out
    rc, sale = giftpos("--config", cfg, "checkout", "--total", "20.00", "--card", number)
    assert rc == 0, sale
    assert _ledger_balance(led, number) == 10_000 - 1_250 + 500 - 2_000
    rc, out = giftpos("--config", cfg, "card", "balance", number)
    assert out["balance"] == _ledger_balance(led, number)


def test_without_the_ledger_the_till_decides_offline_and_syncs_later(
        led: LedgerEnv, tmp_path: Path, giftpos: Run) -> None:
    with led.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 10_000}).json()["cards"][0]["number"]
    online = str(_config(tmp_path, led.url, led.tokens["t1"]))
    assert giftpos("--config", online, "card", "balance", number)[0] == 0  # seen once
    dead = free_socket()
    port = dead.getsockname()[1]
    dead.close()  # nothing listens there
    offline_dir = tmp_path / "off"
    offline_dir.mkdir()
    cfg = _config(offline_dir, f"http://127.0.0.1:{port}", led.tokens["t1"])
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        str(offline_dir / "till.db"), str(tmp_path / "till.db")), encoding="utf-8")

    rc, out = giftpos("--config", str(cfg), "card", "redeem", number, "--amount", "30.00")
    assert rc == 0 and out["offline"] and out["new_balance"] == 7_000
    rc, out = giftpos("--config", str(cfg), "card", "redeem", number, "--amount", "30.00")
    assert rc != 0 and out["key"] == "offline_limit_exceeded"  # 50.00 per card offline
    assert _ledger_balance(led, number) == 10_000  # not yet
    rc, out = giftpos("sync", "--config", online)
    assert rc == 0 and out["pushed"] == 1, out
    assert _ledger_balance(led, number) == 7_000


def test_card_promo_balances_and_spend_reach_the_ledger(led: LedgerEnv, tmp_path: Path,
                                                        giftpos: Run) -> None:
    """`card promo`, `card balances` and `card spend` on a till with a ledger:
    the bonus is made on the ledger, a spend takes from both in the order
    there, all or nothing, and a retry under its id takes nothing more."""
    with led.client("admin") as c:
        number = c.post("/v1/cards", json={"amount": 10_000}).json()["cards"][0]["number"]
    cfg = str(_config(tmp_path, led.url, led.tokens["t1"]))
    rc, out = giftpos("--config", cfg, "card", "promo", number, "--amount", "20.00",
                      "--expires", "2099-01-31", "--reason", "buy 100, get 20")
    assert rc == 0 and (out["purchased"], out["promotional"]) == (10_000, 2_000), out
    rc, out = giftpos("--config", cfg, "card", "spend", number, "--amount", "130.00")
    assert rc != 0 and out["key"] == "gift_amount_exceeded"
    assert _ledger_balance(led, number) == 10_000  # nothing moved
    spend = ("--config", cfg, "card", "spend", number, "--amount", "30.00", "--id",
             "5c7d8e9f-0a1b-4c2d-8e3f-405162738495")
    rc, out = giftpos(*spend)
    assert rc == 0, out
    assert [(p["source"], p["amount"]) for p in out["parts"]] == [
        ("promotional", 2_000), ("purchased", 1_000)]
    assert (out["balances"]["purchased"], out["balances"]["promotional"]) == (9_000, 0)
    rc, again = giftpos(*spend)  # a retry: the same parts, nothing more taken
    assert rc == 0 and again["parts"] == out["parts"], again
    assert _ledger_balance(led, number) == 9_000
    rc, out = giftpos("--config", cfg, "card", "balances", number)
    assert rc == 0 and (out["purchased"], out["promotional"], out["total"]) == (9_000, 0, 9_000)
    # `checkout --card` draws on a new bonus first, as the window does.
    rc, _ = giftpos("--config", cfg, "card", "promo", number, "--amount", "5.00")
    assert rc == 0
    rc, sale = giftpos("--config", cfg, "checkout", "--total", "15.00", "--card", number)
    assert rc == 0 and sale["status"] == "COMPLETED", sale
    rc, out = giftpos("--config", cfg, "card", "balances", number)
    assert (out["purchased"], out["promotional"]) == (8_000, 0)
    assert _ledger_balance(led, number) == 8_000


def test_card_cashout_reaches_the_ledger(led: LedgerEnv, tmp_path: Path,
                                         giftpos: Run) -> None:
    """`card cashout` on a till with a ledger pays out what the ledger holds
    (as the F1 key does), never the till's replica alone."""
    with led.client("admin") as c:
        small = c.post("/v1/cards", json={"amount": 850}).json()["cards"][0]["number"]
    cfg = str(_config(tmp_path, led.url, led.tokens["t1"]))
    till_db = f"sqlite:///{tmp_path / 'till.db'}"
    rc, _ = giftpos("--db", till_db, "shop", "set", "default_store.cashout_threshold", "1000")
    assert rc == 0
    rc, out = giftpos("--config", cfg, "card", "cashout", small)
    assert rc == 0 and (out["amount"], out["new_balance"], out["offline"]) == (850, 0, False)
    assert _ledger_balance(led, small) == 0
