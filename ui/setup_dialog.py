"""First-run setup: the few things a till needs before it can trade: who it
is, where the ledger is (or offline only), its devices, its currency."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.config import DeviceConfig, LedgerConfig, TerminalConfig
from app.errors import ValidationError
from ui.choices import chosen_currency, chosen_theme, currency_box, theme_box
from ui.i18n import tr

log = logging.getLogger(__name__)

CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK")
LOCALES = ("en_US", "en_GB", "en_CA", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "ja_JP",
           "sv_SE")


class SetupDialog(QDialog):
    def __init__(self, initial: TerminalConfig | None = None, *, config_path: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowTitle(tr("giftpos — set up this terminal"))
        cfg = initial or TerminalConfig()
        self.base = cfg
        title = QLabel(tr("Set up this terminal"))
        title.setObjectName("screenTitle")
        intro = QLabel(tr("Three things and the till is ready. You can change them later in "
                          "the configuration file{value}.")
                       .format(value=f' ({config_path})' if config_path else ''))
        intro.setObjectName("screenHint")
        intro.setWordWrap(True)

        self.terminal_id = QLineEdit(cfg.terminal_id)
        self.store_id = QLineEdit(cfg.store_id)
        self.offline_only = QCheckBox(tr("Offline only — a single shop without a central ledger"))
        self.ledger_url = QLineEdit(cfg.ledger.url)
        self.ledger_url.setPlaceholderText("https://ledger.example.com")
        self.token = QLineEdit(cfg.ledger.token)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(tr("terminal token from the manager"))
        self.offline_only.toggled.connect(self._offline_toggled)
        self.offline_only.setChecked(not cfg.ledger.url)
        scanner = next((d for d in cfg.devices if d.kind == "scanner"), None)
        reader = next((d for d in cfg.devices if d.kind == "magstripe"), None)
        self.scanner_url = QLineEdit(scanner.url if scanner else "")
        self.scanner_url.setPlaceholderText(tr("/dev/ttyACM0 (empty: keyboard-wedge or typing)"))
        self.reader_url = QLineEdit(reader.url if reader else "")
        self.reader_url.setPlaceholderText(tr("/dev/ttyUSB0 (empty: none)"))
        self.printer_url = QLineEdit(cfg.printer_url)
        self.printer_url.setPlaceholderText(tr("tcp://192.168.1.50:9100 (empty: none)"))
        self.currency = currency_box(CURRENCIES, cfg.currency, cfg.locale)
        self.locale_box = QComboBox()
        self.locale_box.setEditable(True)
        self.locale_box.addItems(list(LOCALES))
        self.locale_box.setCurrentText(cfg.locale)
        self.theme = theme_box(cfg.theme)

        form = QFormLayout()
        form.setSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self._section(tr("This till")))
        form.addRow(tr("Terminal"), self.terminal_id)
        form.addRow(tr("Shop"), self.store_id)
        form.addRow(self._section(tr("Ledger")))
        form.addRow("", self.offline_only)
        form.addRow(tr("Ledger URL"), self.ledger_url)
        form.addRow(tr("Token"), self.token)
        form.addRow(self._section(tr("Devices")))
        form.addRow(tr("Barcode scanner"), self.scanner_url)
        form.addRow(tr("Magstripe reader"), self.reader_url)
        form.addRow(tr("Receipt printer"), self.printer_url)
        form.addRow(self._section(tr("Money and looks")))
        form.addRow(tr("Currency"), self.currency)
        form.addRow(tr("Locale"), self.locale_box)
        form.addRow(tr("Theme"), self.theme)

        self.error = QLabel("")
        self.error.setObjectName("setupError")
        self.error.setWordWrap(True)
        self.error.hide()
        save = QPushButton(tr("Save and start"))
        save.setObjectName("setupSave")
        save.setProperty("tone", "primary")
        save.setDefault(True)
        cancel = QPushButton(tr("Cancel"))
        for b in (save, cancel):
            b.setMinimumHeight(48)
        save.clicked.connect(self._save)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.setSpacing(12)
        outer.addWidget(title)
        outer.addWidget(intro)
        outer.addLayout(form)
        outer.addWidget(self.error)
        outer.addLayout(buttons)
        self.result_config: TerminalConfig | None = None

    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text.upper())
        label.setProperty("heading", True)
        return label

    def _offline_toggled(self, offline: bool) -> None:
        self.ledger_url.setEnabled(not offline)
        self.token.setEnabled(not offline)

    def build_config(self) -> TerminalConfig:
        """The configuration as filled in; ValidationError says what to fix."""
        cfg = TerminalConfig.from_dict(self.base.to_dict())
        cfg.terminal_id = self.terminal_id.text().strip() or "till-1"
        cfg.store_id = self.store_id.text().strip() or "store-1"
        if self.offline_only.isChecked():
            cfg.ledger = LedgerConfig()
        else:
            url = self.ledger_url.text().strip()
            if not url.startswith(("http://", "https://")):
                raise ValidationError(tr("The ledger URL starts with https:// (or tick "
                                      "Offline only)."), key="invalid_config")
            if not self.token.text().strip():
                raise ValidationError(tr("Enter the terminal's token (ask a manager)."),
                                      key="invalid_config")
            cfg.ledger = LedgerConfig(url=url, token=self.token.text().strip())
        cfg.devices = []
        if self.scanner_url.text().strip():
            cfg.devices.append(DeviceConfig(name="scanner", kind="scanner",
                                            url=self.scanner_url.text().strip()))
        if self.reader_url.text().strip():
            cfg.devices.append(DeviceConfig(name="magstripe", kind="magstripe",
                                            url=self.reader_url.text().strip()))
        cfg.printer_url = self.printer_url.text().strip()
        cfg.currency = chosen_currency(self.currency)
        cfg.locale = self.locale_box.currentText().strip() or "en_US"
        cfg.theme = chosen_theme(self.theme)
        return cfg

    def _save(self) -> None:
        try:
            self.result_config = self.build_config()
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.accept()
