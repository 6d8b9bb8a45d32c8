"""Issue 13's card rules, entered the way a user meets them: `giftpos card ...`,
`giftpos checkout ...` and `giftpos report liability` on a real SQLite file."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.cardnumbers import luhn_ok

Run = Callable[..., tuple[int, dict, str]]  # type: ignore[type-arg]


@pytest.fixture
def giftpos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> Run:
    from app.cli.main import main

    monkeypatch.setenv("GIFTPOS_DB", f"sqlite:///{tmp_path / 'cli.db'}")

    def run(*args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
        capsys.readouterr()
        try:
            rc = main(list(args))
        except SystemExit as exc:
            rc = int(exc.code or 0)
        out = capsys.readouterr()
        payload = json.loads(out.out) if "--json" in args and out.out.strip() else {}
        return rc, payload, out.out + out.err

    return run


def _issue(giftpos: Run, *args: str) -> dict:  # type: ignore[type-arg]
    rc, out, text = giftpos("card", "issue", *args, "--json")
    assert rc == 0, text
    return out["cards"][0]  # type: ignore[no-any-return]


def _outstanding(giftpos: Run) -> list[str]:
    rc, out, text = giftpos("report", "liability", "--json")
    assert rc == 0, text
    col = out["headers"].index("Outstanding")
    return [row[col] for row in out["rows"]]


def _as_of(giftpos: Run) -> dict[str, int]:
    rc, out, text = giftpos("report", "liability", "--as-of",
                            (date.today() + timedelta(days=1)).isoformat(), "--json")
    assert rc == 0, text
    return dict(out["totals"])


# -- item 1: one canonical number ---------------------------------------------------

@pytest.mark.parametrize(("args", "printed"), [
    (("--pattern", "GC-####-####", "--charset", "alphanumeric"),
     lambda n: f"{n[:2]}-{n[2:6]}-{n[6:]}"),
    (("--prefix", "gc-", "--length", "14", "--no-luhn"), lambda n: "gc-" + n[2:]),
    (("--pattern", "gc-####-####", "--charset", "abcdef0123"),
     lambda n: f"gc-{n[2:6].lower()}-{n[6:].lower()}"),
])
def test_a_card_is_found_by_what_is_printed_on_it(giftpos: Run, args: tuple[str, ...],
                                                  printed: Callable[[str], str]) -> None:
    card = _issue(giftpos, "--amount", "20", *args)
    number = card["number"]
    assert not number.startswith("6"), "a pattern or prefix gets no default prefix"
    for typed in (number, printed(number), printed(number).lower()):
        rc, out, text = giftpos("card", "balance", typed, "--json")
        assert rc == 0, text
        assert out["balance"] == 2000 and out["masked"].endswith(number[-4:])


def test_a_pattern_carries_its_check_digit_or_says_it_has_none(giftpos: Run) -> None:
    number = _issue(giftpos, "--pattern", "6000-####-####-###+")["number"]
    assert len(number) == 16 and number.startswith("6000") and luhn_ok(number)
    rc, out, _ = giftpos("card", "issue", "--pattern", "6000-####-####", "--luhn", "--json")
    assert rc == 3 and out["key"] == "invalid_code_config" and "'+'" in out["message"]
    rc, out, _ = giftpos("card", "issue", "--pattern", "GC-####-###+", "--json")
    assert rc == 3 and out["key"] == "invalid_code_config"


# -- item 2: a pre-valued INACTIVE card does not double -------------------------------

def test_pre_valued_card_activates_with_its_value(giftpos: Run) -> None:
    number = _issue(giftpos, "--inactive", "--amount", "25")["number"]
    assert _outstanding(giftpos) == [], "an unsold card is no liability"
    assert _as_of(giftpos) == {}
    rc, out, _ = giftpos("card", "activate", number, "--amount", "30", "--json")
    assert rc == 3 and out["key"] == "activation_amount_mismatch"
    assert "$25.00" in out["message"] and number not in json.dumps(out)
    rc, out, text = giftpos("card", "activate", number, "--amount", "25", "--json")
    assert rc == 0, text
    assert out["new_balance"] == 2500 and out["card_status"] == "ACTIVE"
    rc, out, _ = giftpos("card", "balance", number, "--json")
    assert out["balance"] == 2500
    assert _outstanding(giftpos) == ["25.00"]
    assert _as_of(giftpos) == {"USD": 2500}  # the books: liability from the sale on


def test_unsold_stock_that_expires_owes_nothing(giftpos: Run) -> None:
    number = _issue(giftpos, "--inactive", "--amount", "25")["number"]
    assert giftpos("card", "expire", number, "--json")[0] == 0
    assert _as_of(giftpos) == {}  # (was -25.00: an expiry of value never owed)
    assert set(_outstanding(giftpos)) <= {"0.00"}


def test_pre_valued_card_sold_in_a_checkout_does_not_double(giftpos: Run) -> None:
    number = _issue(giftpos, "--inactive", "--amount", "25")["number"]
    rc, out, _ = giftpos("checkout", "--sell-card", f"{number}:30.00", "--cash", "30",
                         "--json")
    assert rc == 3 and out["key"] == "activation_amount_mismatch"
    rc, out, text = giftpos("checkout", "--sell-card", f"{number}:25.00", "--cash", "25",
                            "--json")
    assert rc == 0, text
    rc, out, _ = giftpos("card", "balance", number, "--json")
    assert (out["balance"], out["status"]) == (2500, "ACTIVE")


def test_program_stock_sold_for_its_value(giftpos: Run) -> None:
    rc, _, text = giftpos("program", "add", "holiday", "--title", "Holiday", "--amount", "25",
                          "--json")
    assert rc == 0, text
    rc, out, text = giftpos("program", "issue", "holiday", "--inactive", "--show-numbers",
                            "--json")
    assert rc == 0, text
    number = out["cards"][0]["number"]
    assert _outstanding(giftpos) == []
    rc, out, text = giftpos("checkout", "--sell-card", f"{number}:25.00", "--cash", "25",
                            "--json")
    assert rc == 0, text
    rc, out, _ = giftpos("card", "balance", number, "--json")
    assert (out["balance"], out["status"]) == (2500, "ACTIVE")
    assert _outstanding(giftpos) == ["25.00"]


def test_blank_inactive_card_is_loaded_when_sold(giftpos: Run) -> None:
    number = _issue(giftpos, "--inactive")["number"]
    rc, out, _ = giftpos("checkout", "--sell-card", f"{number}:2000.01", "--cash", "2000.01",
                         "--json")
    assert rc == 3 and out["key"] == "balance_limit_exceeded"  # refused before any payment
    rc, out, text = giftpos("card", "activate", number, "--amount", "40", "--json")
    assert rc == 0 and out["new_balance"] == 4000, text


# -- item 10: limits per currency, issue checks, cancelled activation -----------------

@pytest.mark.parametrize(("currency", "at_cap", "over_cap", "minor"), [
    ("USD", "2000.00", "2000.01", 200_000),
    ("JPY", "200000", "200001", 200_000),
    ("KWD", "2000.000", "2000.001", 2_000_000),
])
def test_load_cap_follows_the_currency(giftpos: Run, currency: str, at_cap: str,
                                       over_cap: str, minor: int) -> None:
    rc, out, text = giftpos("card", "issue", "--currency", currency, "--amount", over_cap,
                            "--json")
    assert rc == 3 and out["key"] == "invalid_amount", text
    number = _issue(giftpos, "--currency", currency, "--amount", at_cap)["number"]
    rc, out, _ = giftpos("card", "balance", number, "--json")
    assert out["balance"] == minor
    rc, out, _ = giftpos("card", "redeem", number, "--amount", "1", "--json")
    assert rc == 0
    rc, out, _ = giftpos("card", "load", number, "--amount", "2", "--json")
    assert rc == 3 and out["key"] == "balance_limit_exceeded"
    assert out["params"]["cap"] == minor and out["params"]["currency"] == currency


def test_unknown_currency_and_past_expiry_are_refused_at_issue(giftpos: Run) -> None:
    rc, out, _ = giftpos("card", "issue", "--currency", "XXZ", "--amount", "5", "--json")
    assert rc == 3 and out["key"] == "unknown_currency" and "XXZ" in out["message"]
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    rc, out, _ = giftpos("card", "issue", "--expires", yesterday, "--json")
    assert rc == 3 and out["key"] == "expiry_in_past"
    rc, out, text = giftpos("card", "issue", "--expires", date.today().isoformat(), "--json")
    assert rc == 0, text


def test_cancelled_card_activation_says_cancelled(giftpos: Run) -> None:
    number = _issue(giftpos, "--inactive")["number"]
    assert giftpos("card", "cancel", number, "--json")[0] == 0
    rc, out, _ = giftpos("card", "activate", number, "--amount", "5", "--json")
    assert rc == 3 and out["key"] == "card_cancelled"
    assert "already active" not in out["message"]


# -- item 7: keyed bulk issue never fails on a duplicate key ---------------------------

def test_ten_thousand_keyed_cards(giftpos: Run) -> None:
    started = time.perf_counter()
    rc, out, text = giftpos("card", "issue", "--count", "10000", "--with-key", "--json")
    elapsed = time.perf_counter() - started
    assert rc == 0, text[-500:]
    cards = out["cards"]
    keys = {c["key"] for c in cards}
    assert len(cards) == 10_000 and len(keys) == 10_000
    assert all(len(k) == 16 for k in keys)
    print(f"10,000 keyed cards issued in {elapsed:.1f} s")
    assert elapsed < 240, f"bulk issue took {elapsed:.0f} s"
    rc, out, _ = giftpos("card", "balance", "--key", cards[1234]["key"], "--json")
    assert rc == 0 and out["masked"] == cards[1234]["masked"]


def test_a_drawn_key_that_is_taken_is_drawn_again(giftpos: Run,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the odds, a key another card has (in the batch or before it) is
    never given twice: the issue draws again instead of failing."""
    from app.ops import lifecycle

    draws = iter(["1111222233334444", "1111222233334444", "5555666677778888",
                  "1111222233334444", "5555666677778888", "9999000011112222"])
    monkeypatch.setattr(lifecycle, "generate_key", lambda: next(draws))
    rc, out, text = giftpos("card", "issue", "--count", "2", "--with-key", "--json")
    assert rc == 0, text
    assert [c["key"] for c in out["cards"]] == ["1111222233334444", "5555666677778888"]
    rc, out, text = giftpos("card", "issue", "--with-key", "--json")
    assert rc == 0, text
    assert out["cards"][0]["key"] == "9999000011112222"


# -- item 11: declines worded in the locale where they are shown ------------------------

def test_a_decline_is_worded_in_the_clis_locale(giftpos: Run,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIFTPOS_LOCALE", "de_DE")
    number = _issue(giftpos, "--currency", "EUR", "--amount", "12,50")["number"]
    rc, _, text = giftpos("card", "redeem", number, "--amount", "50")
    assert rc == 3
    # In German, amounts as de_DE writes them (app/translations.py).
    assert "Abgelehnt: Die Karte hat 12,50\xa0€, weniger als 50,00\xa0€" in text, text
    assert "€12.50" not in text
    rc, out, _ = giftpos("card", "redeem", number, "--amount", "50", "--json")
    assert out["params"] == {"currency": "EUR", "have": 1250, "asked": 5000, "why": "partial"}
