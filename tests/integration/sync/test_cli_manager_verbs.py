"""A manager's verbs of `giftpos card` (issue, adjust, transfer, combine,
freeze/unfreeze/cancel) on a till configured with a ledger go where the
window's manager console sends them (issue 13, "one path for a till"): to the
ledger, with a manager's own token, the till's store mirroring the answer.
Without a manager's token they are refused before anything moves, with a
message that says where the token goes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli.cards import MANAGER_TOKEN_ENV
from app.cli.main import main
from app.domain import CardStatus, CardView
from app.ops.service import CardService
from app.store.database import open_store
from tests.integration.ledger.support import LedgerEnv, running_ledger

Run = Callable[..., tuple[int, dict[str, Any]]]


@pytest.fixture
def led(tmp_path: Path) -> Iterator[LedgerEnv]:
    with running_ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as env:
        yield env


@pytest.fixture
def giftpos(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.delenv("GIFTPOS_DB", raising=False)
    monkeypatch.delenv(MANAGER_TOKEN_ENV, raising=False)

    def run(*args: str) -> tuple[int, dict[str, Any]]:
        capsys.readouterr()
        rc = main([*args, "--json"])
        out = capsys.readouterr().out
        return rc, json.loads(out) if out.strip() else {}

    return run


def _config(tmp_path: Path, url: str, token: str) -> str:
    path = tmp_path / "terminal.toml"
    path.write_text(f'terminal_id = "t1"\nstore_id = "s1"\n'
                    f'db_url = "sqlite:///{tmp_path / "till.db"}"\n'
                    f'[ledger]\nurl = "{url}"\ntoken = "{token}"\ntimeout_s = 5.0\n',
                    encoding="utf-8")
    return str(path)


def _on_ledger(led: LedgerEnv, number: str) -> dict[str, Any]:
    with led.client("admin") as c:
        r = c.post("/v1/balance", json={"number": number})
        assert r.status_code == 200, r.text
        return dict(r.json())


def _on_till(tmp_path: Path, number: str) -> CardView:
    store = open_store(f"sqlite:///{tmp_path / 'till.db'}")
    try:
        return CardService(store).balance(number=number)
    finally:
        store.close()


def _issue(led: LedgerEnv, amount: int) -> str:
    with led.client("admin") as c:
        return str(c.post("/v1/cards", json={"amount": amount}).json()["cards"][0]["number"])


def test_without_a_managers_token_nothing_moves(led: LedgerEnv, tmp_path: Path,
                                                giftpos: Run) -> None:
    number = _issue(led, 5_000)
    cfg = _config(tmp_path, led.url, led.tokens["t1"])
    for verb in (["freeze", number], ["adjust", number, "--amount", "-5.00", "--reason", "x"],
                 ["transfer", number], ["issue", "--count", "3", "--amount", "5.00"]):
        rc, out = giftpos("--config", cfg, "card", *verb)
        assert rc != 0 and out["key"] == "manager_token_required", (verb, out)
        assert MANAGER_TOKEN_ENV in out["message"]
    assert _on_ledger(led, number)["status"] == "ACTIVE"
    assert _on_ledger(led, number)["balance"] == 5_000


def test_manager_verbs_change_the_ledger_and_the_till_mirrors_them(
        led: LedgerEnv, tmp_path: Path, giftpos: Run,
        monkeypatch: pytest.MonkeyPatch) -> None:
    number, other = _issue(led, 5_000), _issue(led, 2_000)
    cfg = _config(tmp_path, led.url, led.tokens["t1"])
    monkeypatch.setenv(MANAGER_TOKEN_ENV, led.manager("mia"))

    rc, out = giftpos("--config", cfg, "card", "freeze", number, "--reason", "lost")
    assert rc == 0, out
    assert _on_ledger(led, number)["status"] == "FROZEN"
    assert _on_till(tmp_path, number).status == CardStatus.FROZEN
    rc, out = giftpos("--config", cfg, "card", "unfreeze", number)
    assert rc == 0 and _on_till(tmp_path, number).status == CardStatus.ACTIVE, out

    rc, out = giftpos("--config", cfg, "card", "adjust", number, "--amount", "-5.00",
                      "--reason", "miscount")
    assert rc == 0 and out["new_balance"] == 4_500, out
    assert _on_ledger(led, number)["balance"] == 4_500
    assert _on_till(tmp_path, number).balance == 4_500

    rc, out = giftpos("--config", cfg, "card", "transfer", number, "--amount", "10.00")
    assert rc == 0, out
    new = out["related"]["new_card"]["number"]
    assert _on_ledger(led, new)["balance"] == 1_000
    assert _on_ledger(led, number)["balance"] == _on_till(tmp_path, number).balance == 3_500

    rc, out = giftpos("--config", cfg, "card", "combine", other, "--into", number)
    assert rc == 0, out
    assert _on_ledger(led, number)["balance"] == 5_500
    assert _on_ledger(led, other)["balance"] == 0

    rc, out = giftpos("--config", cfg, "card", "cancel", new, "--reason", "duplicate")
    assert rc == 0 and _on_ledger(led, new)["status"] == "CANCELLED", out

    rc, out = giftpos("--config", cfg, "card", "issue", "--count", "3", "--amount", "5.00")
    assert rc == 0 and len(out["cards"]) == 3, out
    assert all(_on_ledger(led, c["number"])["balance"] == 500 for c in out["cards"])

    rc, out = giftpos("--config", cfg, "card", "expire", number)
    assert rc != 0 and out["key"] == "expire_on_ledger", out
    assert _on_ledger(led, number)["status"] == "ACTIVE"


def test_one_card_is_issued_on_the_ledger_with_the_tills_own_token(
        led: LedgerEnv, tmp_path: Path, giftpos: Run) -> None:
    cfg = _config(tmp_path, led.url, led.tokens["t1"])
    rc, out = giftpos("--config", cfg, "card", "issue", "--amount", "25.00")
    assert rc == 0, out
    (card,) = out["cards"]
    assert _on_ledger(led, card["number"])["balance"] == 2_500
    assert _on_till(tmp_path, card["number"]).balance == 2_500
