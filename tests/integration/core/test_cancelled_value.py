"""A CANCELLED card's value is still the customer's (issue 13, item 5): a
manager can move it (transfer, combine), correct it (adjust) and expire it,
through the command line; the card stays CANCELLED. A transfer that cancels
its source moves the whole balance, never a part that would strand the rest
on a CANCELLED card."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main

Run = Callable[..., tuple[int, dict[str, Any]]]


@pytest.fixture
def giftpos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    monkeypatch.setenv("GIFTPOS_DB", f"sqlite:///{tmp_path / 'cli.db'}")

    def run(*args: str) -> tuple[int, dict[str, Any]]:
        capsys.readouterr()
        rc = main([*args, "--json"])
        out = capsys.readouterr().out
        return rc, json.loads(out) if out.strip() else {}

    yield run


def _cancelled(giftpos: Run, amount: str = "50.00") -> str:
    _rc, out = giftpos("card", "issue", "--amount", amount)
    number = out["cards"][0]["number"]
    assert giftpos("card", "cancel", number, "--reason", "lost")[0] == 0
    return str(number)


def _card(giftpos: Run, number: str) -> tuple[int, str]:
    rc, out = giftpos("card", "balance", number)
    assert rc == 0
    return int(out["balance"]), str(out["status"])


def test_a_manager_moves_a_cancelled_cards_value(giftpos: Run) -> None:
    a = _cancelled(giftpos)
    rc, out = giftpos("card", "adjust", a, "--amount", "-5.00", "--reason", "fee")
    assert rc == 0 and _card(giftpos, a) == (4_500, "CANCELLED")

    rc, out = giftpos("card", "transfer", a, "--amount", "15.00")
    assert rc == 0, out
    assert _card(giftpos, a) == (3_000, "CANCELLED")
    assert _card(giftpos, out["related"]["new_card"]["number"]) == (1_500, "ACTIVE")

    _rc, issued = giftpos("card", "issue", "--amount", "1.00")
    target = issued["cards"][0]["number"]
    rc, out = giftpos("card", "combine", a, "--into", target)
    assert rc == 0, out
    assert _card(giftpos, a) == (0, "COMBINED")
    assert _card(giftpos, target) == (3_100, "ACTIVE")

    b = _cancelled(giftpos, "20.00")
    rc, out = giftpos("card", "expire", b)
    assert rc == 0, out
    assert _card(giftpos, b) == (0, "CANCELLED")  # never EXPIRED: no way back to use


def test_a_partial_transfer_that_cancels_its_source_is_refused(giftpos: Run) -> None:
    rc, out = giftpos("card", "issue", "--amount", "50.00")
    number = out["cards"][0]["number"]
    rc, out = giftpos("card", "transfer", number, "--amount", "20.00", "--deactivate-source")
    assert rc != 0 and out["key"] == "partial_transfer_deactivates"
    assert _card(giftpos, number) == (5_000, "ACTIVE")  # nothing changed
    rc, out = giftpos("card", "transfer", number, "--deactivate-source")
    assert rc == 0
    assert _card(giftpos, number) == (0, "CANCELLED")
    assert _card(giftpos, out["related"]["new_card"]["number"]) == (5_000, "ACTIVE")
