"""The amount parser and every door an amount comes through: whatever is
typed, the answer is minor units in range or a clear InvalidAmount; what we
format, we parse back to the same cents in every locale and currency."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.errors import Decline, GiftposError, InvalidAmount, ValidationError
from app.money import MAX_AMOUNT_MINOR, digits, format_plain, parse_amount, positive_amount
from app.ops.service import CardService
from tests.fuzz.conftest import budget

ROOT = Path(__file__).resolve().parents[2]
PAIRS = [("USD", "en_US"), ("EUR", "de_DE"), ("EUR", "fr_FR"), ("JPY", "ja_JP"),
         ("KWD", "ar_KW"), ("CHF", "de_CH"), ("INR", "en_IN"), ("GBP", "en_GB")]
typed = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789.,-+ eE'\u00a0\u202fNaInfy$€", max_size=25),
    st.from_regex(r"-?[0-9]{1,25}([.,][0-9]{0,6})?", fullmatch=True),
)


@budget(600)
@given(text=typed, pair=st.sampled_from(PAIRS))
@example(text="0", pair=("USD", "en_US"))
@example(text="-5", pair=("USD", "en_US"))
@example(text="1.234", pair=("USD", "en_US"))
@example(text="1.5", pair=("JPY", "ja_JP"))
@example(text="1.2345", pair=("KWD", "ar_KW"))
@example(text="1e30", pair=("USD", "en_US"))
@example(text="NaN", pair=("USD", "en_US"))
@example(text="Infinity", pair=("EUR", "de_DE"))
@example(text="99999999999999999999", pair=("USD", "en_US"))
@example(text="12,50", pair=("USD", "en_US"))
@example(text="10,000,000,000,000,000,000,000,000", pair=("USD", "en_US"))  # found by fuzzing
@example(text="9999999999999999999999999.1", pair=("EUR", "de_DE"))
@example(text="abc", pair=("EUR", "fr_FR"))
def test_anything_typed_is_cents_in_range_or_a_clear_refusal(text: str,
                                                             pair: tuple[str, str]) -> None:
    currency, locale = pair
    try:
        minor = parse_amount(text, currency, locale)
    except InvalidAmount as exc:
        assert exc.message and exc.code == 400 and exc.key == "invalid_amount"
        return
    assert isinstance(minor, int) and 0 <= minor <= MAX_AMOUNT_MINOR


@budget(400)
@given(minor=st.integers(0, MAX_AMOUNT_MINOR), pair=st.sampled_from(PAIRS))
def test_what_we_show_parses_back_to_the_same_cents(minor: int, pair: tuple[str, str]) -> None:
    currency, locale = pair
    assert parse_amount(format_plain(minor, currency, locale), currency, locale) == minor


@pytest.mark.parametrize(("text", "currency"), [
    ("0", "USD"), ("-5", "USD"), ("1.234", "USD"), ("1.5", "JPY"), ("1.2345", "KWD"),
    ("1e30", "USD"), ("99999999999999999999", "USD"), ("NaN", "USD"), ("twelve", "USD")])
def test_edge_amounts_never_move_value(text: str, currency: str, store: object) -> None:
    cards = CardService(store)  # type: ignore[arg-type]
    (card, _), = cards.issue(amount=5_000, currency="USD")
    try:
        minor = parse_amount(text, currency)
    except InvalidAmount:
        minor = None
    if minor is not None:  # parsed (zero): the operation itself refuses it
        assert digits(currency) >= 0 and minor == 0
        with pytest.raises(InvalidAmount):
            positive_amount(minor)
        with pytest.raises(GiftposError):
            cards.redeem(number=card.number, amount=minor)
    assert cards.balance(number=card.number).balance == 5_000


def test_another_currency_than_the_cards_is_declined(store: object) -> None:
    cards = CardService(store)  # type: ignore[arg-type]
    (card, _), = cards.issue(amount=5_000, currency="USD")
    for cur in ("EUR", "JPY"):
        with pytest.raises((Decline, ValidationError)) as no:
            cards.redeem(number=card.number, amount=100, currency=cur)
        assert "currenc" in no.value.message.lower() or "currenc" in no.value.key
    with pytest.raises((Decline, ValidationError)):
        cards.redeem(number=card.number, amount=100, currency="EURO")
    assert cards.balance(number=card.number).balance == 5_000


def test_the_cli_refuses_bad_amounts_with_a_message(db_url: str, store: object) -> None:
    cards = CardService(store)  # type: ignore[arg-type]
    (card, _), = cards.issue(amount=5_000)
    bad = ["0", "-5", "1.234", "1e30", "abc", "99999999999999", "", "12,50",
           "10,000,000,000,000,000,000,000,000"]
    script = ("import json, sys\nfrom app.cli.main import main\n"
              "for a in json.loads(sys.argv[2]):\n"
              "    print('exit', main(['--db', sys.argv[1], 'card', 'redeem', sys.argv[3],"
              " '--amount', a, '--json']), flush=True)\n")
    r = subprocess.run([sys.executable, "-c", script, db_url, json.dumps(bad), card.number],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    lines = r.stdout.splitlines()
    answers = [json.loads(line) for line in lines if line.startswith("{")]
    assert [line for line in lines if line.startswith("exit")] == ["exit 3"] * len(bad)
    assert [a["key"] for a in answers] == ["invalid_amount"] * len(bad)
    assert all(len(a["message"]) > 10 for a in answers)
    assert cards.balance(number=card.number).balance == 5_000
