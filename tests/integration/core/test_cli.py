"""The `giftpos card ...` command line, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest


@pytest.fixture
def giftpos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Runs `giftpos` in this process (the real parser, handlers and exit
    codes); one test below also runs it as a real process."""
    from app.cli.main import main

    monkeypatch.setenv("GIFTPOS_DB", f"sqlite:///{tmp_path / 'cli.db'}")

    def run(*args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
        capsys.readouterr()
        try:
            rc = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            rc = int(exc.code or 0)
        out = capsys.readouterr()
        payload = json.loads(out.out) if "--json" in args and out.out.strip() else {}
        return rc, payload, out.out + out.err

    return run


def test_as_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "GIFTPOS_DB": f"sqlite:///{tmp_path / 'p.db'}"}
    p = subprocess.run([sys.executable, "-m", "app", "card", "issue", "--amount", "5",
                        "--json"], capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 0 and json.loads(p.stdout)["cards"][0]["balance"] == 500
    p = subprocess.run([sys.executable, "-m", "app", "card", "balance", "--json"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 3 and json.loads(p.stdout)["key"] == "number_or_key"
    p = subprocess.run([sys.executable, "-m", "app", "card", "frobnicate"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 2


def test_issue_redeem_partial_and_decline(giftpos) -> None:  # type: ignore[no-untyped-def]
    rc, out, _ = giftpos("card", "issue", "--amount", "50.00", "--count", "2", "--with-key",
                         "--json")
    assert rc == 0 and len(out["cards"]) == 2
    number, key = out["cards"][0]["number"], out["cards"][0]["key"]
    assert out["cards"][0]["balance"] == 5000

    rc, out, _ = giftpos("card", "redeem", number, "--amount", "60.00", "--json")
    assert rc == 3
    assert out["key"] == "gift_amount_exceeded" and out["code"] == 400
    assert number not in json.dumps(out)

    eid = str(uuid.uuid4())
    rc, out, _ = giftpos("card", "redeem", number, "--amount", "60.00", "--partial",
                         "--id", eid, "--json")
    assert rc == 0
    assert (out["amount"], out["requested_amount"], out["remaining_due"], out["partial"],
            out["previous_balance"], out["new_balance"]) == (5000, 6000, 1000, True, 5000, 0)
    assert out["card"].endswith(number[-4:]) and number not in json.dumps(out)
    rc, again, _ = giftpos("card", "redeem", number, "--amount", "60.00", "--partial",
                           "--id", eid, "--json")
    assert rc == 0 and again == out

    rc, out, _ = giftpos("card", "balance", "--key", key, "--json")
    assert rc == 0 and out["balance"] == 0 and out["status"] == "REDEEMED"
    assert out["number"] != number


def test_every_verb_runs(giftpos) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = giftpos("card", "issue", "--amount", "100.00", "--count", "3", "--json")
    a, b, c = (x["number"] for x in out["cards"])
    _, inactive, _ = giftpos("card", "issue", "--amount", "10", "--inactive", "--json")
    assert giftpos("card", "activate", inactive["cards"][0]["number"], "--json")[0] == 0
    assert giftpos("card", "load", a, "--amount", "5.00", "--json")[1]["new_balance"] == 10500
    _, hold, _ = giftpos("card", "hold", a, "--amount", "20.00", "--json")
    assert hold["status"] == "HELD"
    assert giftpos("card", "capture", hold["id"], "--amount", "15.00", "--json")[1][
        "amount"] == 1500
    _, hold2, _ = giftpos("card", "hold", a, "--amount", "1.00", "--json")
    assert giftpos("card", "release", hold2["id"], "--json")[1]["status"] == "RELEASED"
    _, red, _ = giftpos("card", "redeem", b, "--amount", "30.00", "--json")
    assert giftpos("card", "refund", red["id"], "--amount", "10.00", "--json")[1][
        "new_balance"] == 8000
    assert giftpos("card", "void", red["id"], "--json")[0] == 3  # partly refunded: refused
    _, red2, _ = giftpos("card", "redeem", b, "--amount", "1.00", "--json")
    assert giftpos("card", "void", red2["id"], "--json")[1]["status"] == "VOIDED"
    assert giftpos("card", "adjust", b, "--amount", "-2.50", "--reason", "miscount",
                   "--json")[1]["new_balance"] == 7750
    _, t, _ = giftpos("card", "transfer", c, "--deactivate-source", "--json")
    assert t["related"]["new_card"]["balance"] == 10000
    assert giftpos("card", "combine", t["related"]["new_card"]["number"], "--into", b,
                   "--json")[1]["new_balance"] == 17750
    for verb in ("freeze", "unfreeze", "cancel"):
        assert giftpos("card", verb, a, "--json")[0] == 0
    rc, out, _ = giftpos("card", "show", b, "--json")
    assert rc == 0 and len(out["history"]) >= 5 and out["balance"] == 17750
    assert b not in json.dumps(out)


@pytest.mark.parametrize("args,key", [
    (("card", "balance", "--json"), "number_or_key"),
    (("card", "balance", "0000000000000000", "--json"), "card_not_found"),
    (("card", "issue", "--amount", "1.234", "--json"), "invalid_amount"),
    (("card", "issue", "--amount", "abc", "--json"), "invalid_amount"),
    (("card", "issue", "--currency", "XX", "--json"), "invalid_currency"),
    (("card", "redeem", "12", "--amount", "1", "--id", "nope", "--json"), "card_not_found"),
])
def test_bad_input_exits_3_with_a_clear_key(giftpos, args, key) -> None:  # type: ignore[no-untyped-def]
    rc, out, _ = giftpos(*args)
    assert rc == 3 and out["key"] == key and out["message"]


def test_usage_error_exits_2(giftpos) -> None:  # type: ignore[no-untyped-def]
    rc, _, text = giftpos("card", "frobnicate")
    assert rc == 2 and "invalid choice" in text


def test_readable_output_masks_numbers(giftpos) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = giftpos("card", "issue", "--amount", "12.50", "--json")
    number = out["cards"][0]["number"]
    rc, _, text = giftpos("card", "redeem", number, "--amount", "2.50")
    assert rc == 0 and "$2.50" in text and "$10.00" in text and number not in text
