"""`giftpos checkout`, `giftpos sale refund` and `giftpos report day` on a
real SQLite file: the main scenario as real processes, the others through the
same `main()` in this process (each process start costs about a second)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.money import parse_amount
from app.ops.service import CardService
from app.store.database import open_store

Run = Callable[..., tuple[int, dict[str, Any], str]]


@pytest.fixture
def giftpos(tmp_path: Path) -> Iterator[Run]:
    env = {**os.environ, "GIFTPOS_DB": f"sqlite:///{tmp_path / 'cli.db'}",
           "GIFTPOS_TERMINAL": "till-9"}
    issued = open_store(env["GIFTPOS_DB"])  # cards are issued in-process: faster

    def run(*args: str) -> tuple[int, dict[str, Any], str]:
        p = subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                           text=True, env=env, timeout=60)
        payload = json.loads(p.stdout) if "--json" in args and p.stdout.strip() else {}
        return p.returncode, payload, p.stdout + p.stderr

    run.cards = CardService(issued)  # type: ignore[attr-defined]
    yield run
    issued.close()


@pytest.fixture
def giftpos_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    from app.cli.main import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("GIFTPOS_DB", url)
    monkeypatch.setenv("GIFTPOS_TERMINAL", "till-9")
    issued = open_store(url)

    def run(*args: str) -> tuple[int, dict[str, Any], str]:
        capsys.readouterr()
        rc = main(list(args))
        got = capsys.readouterr()
        payload = json.loads(got.out) if "--json" in args and got.out.strip() else {}
        return rc, payload, got.out + got.err

    run.cards = CardService(issued)  # type: ignore[attr-defined]
    yield run
    issued.close()


def _cards(giftpos: Run, *amounts: str) -> list[str]:
    svc: CardService = giftpos.cards  # type: ignore[attr-defined]
    return [svc.issue(amount=parse_amount(a, "USD"))[0][0].number for a in amounts]


def test_split_tender_checkout_refund_and_z_report(giftpos: Run) -> None:
    a, b = _cards(giftpos, "40.00", "80.00")
    rc, sale, text = giftpos("checkout", "--total", "150.00", "--card", a, "--card", f"{b}:70.00",
                             "--cash", "50.00", "--json")
    assert rc == 0, text
    assert sale["status"] == "COMPLETED" and sale["total"] == 15000
    assert [(t["type"], t["card"], t["amount"], t["previous_balance"], t["new_balance"])
            for t in sale["tenders"]] == [
        ("GIFT_CARD", "•••• " + a[-4:], 4000, 4000, 0),
        ("GIFT_CARD", "•••• " + b[-4:], 7000, 8000, 1000),
        ("CASH", None, 5000, None, None)]
    assert (sale["remaining_due"], sale["change"]) == (0, 1000)
    assert "Change" in sale["receipt"] and a not in json.dumps(sale) and b not in json.dumps(sale)

    rc, refund, text = giftpos("sale", "refund", sale["sale_id"], "--json")
    assert rc == 0, text
    assert refund["status"] == "REFUNDED" and refund["total"] == 15000
    assert [r["amount"] for r in refund["refunds"]] == [4000, 7000]
    assert refund["cash_back"] == 4000  # 5,000 handed over, 1,000 of it came back as change

    rc, z, text = giftpos("report", "day", "--json")
    assert rc == 0, text
    assert (z["sales_count"], z["sales_total"], z["redemptions_amount"]) == (1, 15000, 11000)
    assert (z["refunds_amount"], z["cash_expected"], z["terminal"]) == (15000, 0, "till-9")
    assert z["by_tender"] == {"GIFT_CARD": 11000, "CASH": 4000, "EXTERNAL": 0}
    assert z["matches_journal"] is True


def test_not_covered_cancels_and_releases_everything(giftpos_here: Run) -> None:
    giftpos = giftpos_here
    a, = _cards(giftpos, "30.00")
    rc, sale, text = giftpos("checkout", "--line", "Boots=89.99", "--card", a,
                             "--external", "10.00:AUTH-1", "--json")
    assert rc == 3, text
    assert sale["status"] == "CANCELLED" and sale["total"] == 8999
    assert {t["status"] for t in sale["tenders"]} == {"RELEASED"}
    assert giftpos.cards.balance(number=a).balance == 3000  # type: ignore[attr-defined]

    rc, out, text = giftpos("checkout", "--total", "50.00", "--card", a, "--no-partial",
                            "--json")
    assert rc == 3 and out["status"] == "CANCELLED"
    assert out["declines"][0]["key"] == "gift_amount_exceeded"


def test_tenders_are_taken_in_the_order_typed(giftpos_here: Run) -> None:
    giftpos = giftpos_here
    a, = _cards(giftpos, "100.00")
    rc, sale, text = giftpos("checkout", "--line", "Tea=2.50", "--line", "Cake=3.75",
                             "--external", "1.25:VOUCHER 9", "--card", a, "--json")
    assert rc == 0, text
    assert [t["type"] for t in sale["tenders"]] == ["EXTERNAL", "GIFT_CARD"]
    assert [t["amount"] for t in sale["tenders"]] == [125, 500]
    rc, _, text = giftpos("sale", "void-last")
    assert rc == 0 and "VOIDED" in text
    assert giftpos.cards.balance(number=a).balance == 10000  # type: ignore[attr-defined]
