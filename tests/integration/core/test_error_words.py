"""Errors are worded in the reader's language (issue 13 item 11, beyond the
rules' declines): every sentence app/ may show a person is in the German and
Spanish catalogs (resources/translations/messages_*.po) with the same
placeholders, errors raised by the real services render in German with no
placeholder left, and `giftpos --locale de_DE` says its errors in German."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.errors import GiftposError
from app.messages import words
from app.ops.service import CardService
from app.sentences import sentences
from app.staff import StaffService
from app.store.database import open_store
from app.translations import LANGUAGES, po_path


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{[^}]*\}", text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_sentence_has_a_translation(lang: str) -> None:
    with po_path(lang).open("rb") as f:
        catalog = {str(m.id): str(m.string or "") for m in read_po(f) if m.id}
    wanted = sentences()
    assert len(wanted) > 250
    missing = [s for s in wanted if not catalog.get(s)]
    assert not missing, f"{lang}: {len(missing)} untranslated (make translations), " \
                        f"e.g. {missing[:5]}"
    wrong = [s for s in wanted if _placeholders(catalog[s]) != _placeholders(s)]
    assert not wrong, f"{lang}: placeholders differ in {wrong[:5]}"


def _error(fn) -> GiftposError:  # type: ignore[no-untyped-def]
    with pytest.raises(GiftposError) as info:
        fn()
    return info.value


def test_errors_of_the_real_services_in_german(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'till.db'}")
    cards = CardService(store)
    staff = StaffService(store, terminal="t1")
    (card, _), = cards.issue(amount=1000, currency="EUR")
    cards.change_status(number=card.number, action="freeze", reason="test")
    staff.add(name="Ana", role="manager", pin="2468")
    met = [
        _error(lambda: cards.balance(number="6000000000000000")),  # unknown card
        _error(lambda: cards.redeem(number=card.number, amount=500)),  # frozen
        _error(lambda: cards.issue(amount=1000, currency="EURO")),  # not a currency
        _error(lambda: staff.add(name="Ana", role="manager", pin="1357")),  # twice
        _error(lambda: staff.sign_in(name="Ana", pin="0000")),  # wrong PIN
    ]
    shown = [words(e, "de_DE") for e in met]
    for exc, text in zip(met, shown, strict=True):
        assert text != exc.message, f"{exc.key}: still English: {text}"
        assert "{" not in text, text
    assert "Keine Karte mit Endung 0000" in shown[0]
    assert "gesperrt" in shown[1]
    assert "Versuche" in shown[4], shown[4]


def test_the_cli_speaks_its_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli.main import main

    monkeypatch.setenv("GIFTPOS_DB", f"sqlite:///{tmp_path / 'cli.db'}")
    assert main(["--locale", "de_DE", "card", "balance", "6000000000000000"]) == 3
    err = capsys.readouterr().err
    assert "Keine Karte mit Endung 0000 ist hier bekannt." in err, err
    assert main(["--locale", "es_ES", "card", "issue", "--amount", "5,00x"]) == 3
    err = capsys.readouterr().err
    assert "no es un importe" in err, err


def test_an_error_inside_another_is_worded_in_the_same_language() -> None:
    """A pending refund and a card that could not be sold wrap another
    error's sentence: on a German till both sentences are German, the inner
    one with its amount in the till's format (issue 16 item 19)."""
    from app.errors import Decline
    from app.messages import reason

    inner = Decline(key="gift_amount_exceeded",
                    params={"have": 1250, "asked": 5000, "currency": "EUR"})
    pending = Decline(key="refund_card_unusable",
                      params={"why": "pending", "reason": reason(inner)})
    assert pending.message.startswith("Card has €12.50, less than €50.00.")
    assert pending.message.endswith("The refund is kept pending; ask a manager.")
    german = words(pending, "de_DE")
    assert "12,50" in german and "Rückerstattung" in german, german
    assert "Card has" not in german and "{" not in german, german
    frozen = Decline(key="card_frozen")
    failed = Decline(key=frozen.key, params={"as": "card_line_failed:sold",
                                             "card": "•••• 1234", "reason": reason(frozen)})
    assert failed.key == "card_frozen"  # what acts on the error still reads its key
    assert failed.message.startswith("Card •••• 1234 could not be sold: This card is frozen.")
    spanish = words(failed, "es_ES")
    assert spanish.startswith("No se pudo vender la tarjeta •••• 1234: "), spanish
    assert "frozen" not in spanish and "Cancel the sale" not in spanish, spanish
