"""First-run setup writes a configuration the terminal can start from."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.config import load_config, save_config
from app.errors import ValidationError
from ui.setup_dialog import SetupDialog


def test_setup_saves_a_config(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.offline_only.setChecked(False)
    dialog.ledger_url.setText("ftp://nope")
    with pytest.raises(ValidationError, match="https://"):
        dialog.build_config()
    dialog.ledger_url.setText("https://ledger.example.com")
    dialog.token.setText("s3cret")
    dialog.scanner_url.setText("/dev/ttyACM0")
    dialog.currency.setCurrentText("eur")
    dialog.locale_box.setCurrentText("de_DE")
    cfg = dialog.build_config()
    path = save_config(cfg, tmp_path / "terminal.toml")
    again = load_config(path)
    assert again is not None
    assert again.ledger.url == "https://ledger.example.com"
    assert again.currency == "EUR" and again.locale == "de_DE"
    assert [(d.name, d.url) for d in again.devices] == [("scanner", "/dev/ttyACM0")]


def test_setup_offline_only_clears_the_ledger(qtbot: QtBot) -> None:
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.offline_only.setChecked(True)
    assert not dialog.ledger_url.isEnabled()
    dialog.findChild(QPushButton, "setupSave").click()  # the cashier's button
    assert dialog.result_config is not None
    assert dialog.result_config.ledger.url == ""


def test_setup_names_themes_and_currencies_in_the_tills_language(qtbot: QtBot) -> None:
    from app.config import TerminalConfig
    from ui import i18n

    i18n.install("de_DE")
    try:
        cfg = TerminalConfig(locale="de_DE", currency="EUR", theme="dark")
        dialog = SetupDialog(cfg)
        qtbot.addWidget(dialog)
        assert dialog.theme.currentText() == "dunkel"
        assert dialog.currency.currentText() == "EUR — Euro"
        assert "USD — US-Dollar" in [dialog.currency.itemText(i)
                                     for i in range(dialog.currency.count())]
        dialog.theme.setCurrentIndex(dialog.theme.findData("high-contrast"))
        built = dialog.build_config()
        assert (built.currency, built.theme) == ("EUR", "high-contrast")  # codes kept
        dialog.currency.setCurrentText("chf")  # typed: a code still
        assert dialog.build_config().currency == "CHF"
    finally:
        i18n.install("en_US")
