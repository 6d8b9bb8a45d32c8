"""Settings: devices (with a live "test device"), the ledger, offline limits,
the printer, locale and currency, theme, font size and the idle lock. Saved to
the terminal's config file; theme, font size, idle lock, printer and devices
take effect at once, the rest at the next start (the screen says which)."""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import CardFormatConfig, DeviceConfig, TerminalConfig, save_config
from app.errors import ValidationError
from app.money import currency_code
from ui.choices import chosen_theme, currency_name, theme_box
from ui.i18n import QT_TR_NOOP, tr
from ui.manager.common import button, heading, hint, title
from ui.manager.device_test import DeviceTestDialog
from ui.manager.session import StaffSession
from ui.manager.style import style_for
from ui.money import MoneyFormat
from ui.wording import explain
from ui.worker import Worker

log = logging.getLogger(__name__)

KINDS = ("scanner", "magstripe")
TERMINATORS = ("CR", "LF", "CRLF", "TAB", "ETX")
LOCALES = ("en_US", "en_GB", "en_CA", "fr_FR", "fr_CA", "de_DE", "es_ES", "it_IT", "nl_NL",
           "pt_BR", "ja_JP", "sv_SE")
# Settings that need a restart to take effect (the services are built once).
RESTART = {"terminal_id": QT_TR_NOOP("terminal id"), "store_id": QT_TR_NOOP("store id"),
           "db_url": QT_TR_NOOP("database"),
           "locale": QT_TR_NOOP("language and formats"), "currency": QT_TR_NOOP("currency"),
           "ledger": QT_TR_NOOP("ledger"), "offline": QT_TR_NOOP("offline limits"),
           "checkout": QT_TR_NOOP("checkout"), "card_formats": QT_TR_NOOP("card formats")}


def _section(name: str) -> tuple[QFrame, QFormLayout]:
    box = QFrame()
    box.setObjectName("balancePanel")
    form = QFormLayout(box)
    form.setContentsMargins(20, 14, 20, 14)
    form.setVerticalSpacing(8)
    form.addRow(heading(name))
    return box, form


class SettingsScreen(QWidget):
    """Signals: ``saved(TerminalConfig, list[str])`` (what needs a restart),
    ``device_test(DeviceTestDialog)`` when a test window opens."""

    saved = Signal(object, object)
    device_test = Signal(object)

    def __init__(self, cfg: TerminalConfig, path: Path, *, session: StaffSession,
                 worker: Worker, banner: Any, apply: Any, running_devices: Any,
                 main_bridge: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsScreen")
        self.cfg = copy.deepcopy(cfg)
        self.path = Path(path)
        self.session = session
        self.worker = worker
        self.banner = banner
        self.apply = apply  # (new, old) -> None, GUI thread
        self.running_devices = running_devices  # () -> list of running SerialDevice
        self.main_bridge = main_bridge
        self.test_dialog: DeviceTestDialog | None = None

        self.terminal_id, self.store_id = QLineEdit(), QLineEdit()
        self.ledger_url, self.ledger_token = QLineEdit(), QLineEdit()
        self.ledger_token.setEchoMode(QLineEdit.EchoMode.Password)
        # The ledger's admin token, for repairs and the ledger's reports from
        # this till (docs/manager.md); kept in the 0600 config beside the
        # terminal's own token.
        self.manager_token = QLineEdit()
        self.manager_token.setEchoMode(QLineEdit.EchoMode.Password)
        self.manager_token.setPlaceholderText(tr("optional: repairs and chain-wide reports"))
        self.ledger_url.setPlaceholderText(tr("https://ledger.example:8443 (empty: offline only)"))
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(0.2, 30.0)
        self.timeout.setSuffix(tr(" s"))
        self.allow_offline = QCheckBox(tr("Take gift cards while the ledger is unreachable"))
        self.per_tx, self.per_card, self.per_terminal = QLineEdit(), QLineEdit(), QLineEdit()
        self.printer = QLineEdit()
        self.printer.setPlaceholderText(tr("tcp://192.168.1.50:9100, serial:///dev/ttyS0, dummy://"))
        self.locale_box = QComboBox()
        self.locale_box.setEditable(True)
        self.locale_box.addItems(LOCALES)
        self.currency = QLineEdit()
        self.currency.setMaxLength(3)
        # The code's name in the till's language beside it (babel): "Euro".
        self.currency_name = QLabel("")
        self.currency_name.setObjectName("setCurrencyName")
        self.currency.textChanged.connect(lambda code: self.currency_name.setText(
            currency_name(code.strip().upper(), self.cfg.locale) if len(code.strip()) == 3
            else ""))
        self.theme = theme_box(cfg.theme)
        self.font_size = QSpinBox()
        self.font_size.setRange(10, 28)
        self.font_size.setSuffix(tr(" px"))
        self.idle = QSpinBox()
        self.idle.setRange(0, 24 * 3600)
        self.idle.setSuffix(tr(" s"))
        self.idle.setSpecialValueText("never")
        for spin in (self.timeout, self.font_size, self.idle):
            # Typed like every other field (keyboard first); arrows only clutter.
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        for name, w in (("setTerminal", self.terminal_id), ("setStore", self.store_id),
                        ("setLedgerUrl", self.ledger_url), ("setLedgerToken", self.ledger_token),
                        ("setManagerToken", self.manager_token),
                        ("setTimeout", self.timeout), ("setAllowOffline", self.allow_offline),
                        ("setPerTx", self.per_tx), ("setPerCard", self.per_card),
                        ("setPerTerminal", self.per_terminal), ("setPrinter", self.printer),
                        ("setLocale", self.locale_box), ("setCurrency", self.currency),
                        ("setTheme", self.theme), ("setFontSize", self.font_size),
                        ("setIdle", self.idle)):
            w.setObjectName(name)

        self.devices = QTableWidget(0, 5)
        self.devices.setObjectName("setDevices")
        self.devices.setHorizontalHeaderLabels([tr("Name"), tr("Kind"), tr("Port URL"),
                                                tr("Baud"), tr("Ends with")])
        self.devices.verticalHeader().hide()
        self.devices.horizontalHeader().setStretchLastSection(True)
        self.devices.setMinimumHeight(150)
        self.devices.verticalHeader().setDefaultSectionSize(44)
        self.formats = QTableWidget(0, 3)
        self.formats.setObjectName("setFormats")
        self.formats.setHorizontalHeaderLabels([tr("Prefix"), tr("Length"), tr("Luhn check")])
        self.formats.verticalHeader().hide()
        self.formats.horizontalHeader().setStretchLastSection(True)
        self.formats.setMaximumHeight(130)
        self.formats.verticalHeader().setDefaultSectionSize(40)

        till, f1 = _section(tr("This terminal"))
        f1.addRow(tr("Terminal id"), self.terminal_id)
        f1.addRow(tr("Store id"), self.store_id)
        f1.addRow(tr("Locale"), self.locale_box)
        money_row = QHBoxLayout()
        money_row.addWidget(self.currency)
        money_row.addWidget(self.currency_name, 1)
        f1.addRow(tr("Currency"), money_row)
        ledger, f2 = _section(tr("Central ledger"))
        f2.addRow(tr("URL"), self.ledger_url)
        f2.addRow(tr("Token"), self.ledger_token)
        f2.addRow(tr("Manager token"), self.manager_token)
        f2.addRow(tr("Timeout"), self.timeout)
        offline, f3 = _section(tr("Offline limits"))
        f3.addRow(self.allow_offline)
        f3.addRow(tr("Per sale"), self.per_tx)
        f3.addRow(tr("Per card"), self.per_card)
        f3.addRow(tr("Per terminal"), self.per_terminal)
        look, f4 = _section(tr("Screen"))
        f4.addRow(tr("Theme"), self.theme)
        f4.addRow(tr("Font size"), self.font_size)
        f4.addRow(tr("Lock when idle after"), self.idle)
        devices, f5 = _section(tr("Devices"))
        f5.addRow(self.devices)
        drow = QHBoxLayout()
        drow.addWidget(button(tr("Add device"), self._add_device, name="setAddDevice"))
        drow.addWidget(button(tr("Remove"), self._remove_device, name="setRemoveDevice"))
        drow.addStretch(1)
        drow.addWidget(button(tr("Test device"), self.test_device, tone="primary",
                              name="setTestDevice"))
        f5.addRow(drow)
        f5.addRow(hint(tr("Card formats the scanner and reader accept:")))
        f5.addRow(self.formats)
        frow = QHBoxLayout()
        frow.addWidget(button(tr("Add format"), self._add_format, name="setAddFormat"))
        frow.addStretch(1)
        f5.addRow(frow)
        printer, f6 = _section(tr("Receipt printer"))
        f6.addRow(tr("Printer URL"), self.printer)
        # Who the receipts are from, and the gift card's terms (app.config.BusinessConfig).
        self.biz_name, self.biz_tax = QLineEdit(), QLineEdit()
        self.biz_name.setObjectName("setBusinessName")
        self.biz_tax.setObjectName("setTaxNumber")
        self.biz_address, self.biz_terms = QPlainTextEdit(), QPlainTextEdit()
        self.biz_address.setObjectName("setAddress")
        self.biz_terms.setObjectName("setCardTerms")
        for box in (self.biz_address, self.biz_terms):
            box.setMaximumHeight(80)
            box.setTabChangesFocus(True)
        self.biz_address.setPlaceholderText(tr("One line per line of the address"))
        self.biz_terms.setPlaceholderText(tr("Printed on every receipt with a gift card"))
        f6.addRow(tr("Business name"), self.biz_name)
        f6.addRow(tr("Address"), self.biz_address)
        f6.addRow(tr("Tax number"), self.biz_tax)
        f6.addRow(tr("Gift card terms"), self.biz_terms)

        grid = QGridLayout()
        grid.setSpacing(14)
        grid.addWidget(till, 0, 0)
        grid.addWidget(look, 0, 1)
        grid.addWidget(ledger, 1, 0)
        grid.addWidget(offline, 1, 1)
        grid.addWidget(devices, 2, 0, 1, 2)
        grid.addWidget(printer, 3, 0, 1, 2)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        top = QHBoxLayout()
        top.addWidget(title(tr("Settings")))
        top.addStretch(1)
        top.addWidget(button(tr("Revert"), self.revert, name="setRevert"))
        top.addWidget(button(tr("Save"), self.save, tone="primary", name="setSave"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addLayout(top)
        self.where = hint(tr('Saved to {path}').format(path=self.path))
        outer.addWidget(self.where)
        outer.addWidget(scroll, 1)
        self.show_config(self.cfg)

    # -- showing -------------------------------------------------------------
    def _money(self) -> MoneyFormat:
        return MoneyFormat(self.cfg.currency, self.cfg.locale)

    def show_config(self, cfg: TerminalConfig) -> None:
        self.cfg = copy.deepcopy(cfg)
        m = self._money()
        self.terminal_id.setText(cfg.terminal_id)
        self.store_id.setText(cfg.store_id)
        self.ledger_url.setText(cfg.ledger.url)
        self.ledger_token.setText(cfg.ledger.token)
        self.manager_token.setText(cfg.ledger.manager_token)
        self.timeout.setValue(cfg.ledger.timeout_s)
        self.allow_offline.setChecked(cfg.offline.allow_gift_cards)
        self.per_tx.setText(m.plain(cfg.offline.per_transaction))
        self.per_card.setText(m.plain(cfg.offline.per_card))
        self.per_terminal.setText(m.plain(cfg.offline.per_terminal))
        self.printer.setText(cfg.printer_url)
        self.biz_name.setText(cfg.business.name)
        self.biz_address.setPlainText("\n".join(cfg.business.address))
        self.biz_tax.setText(cfg.business.tax_number)
        self.biz_terms.setPlainText("\n".join(cfg.business.card_terms))
        self.locale_box.setCurrentText(cfg.locale)
        self.currency.setText(cfg.currency)
        self.theme.setCurrentIndex(max(self.theme.findData(cfg.theme), 0))
        self.font_size.setValue(cfg.font_size)
        self.idle.setValue(cfg.idle_lock_s)
        self.devices.setRowCount(0)
        for d in cfg.devices:
            self._add_device(d)
        self.formats.setRowCount(0)
        for f in cfg.card_formats:
            self._add_format(f)

    def _add_device(self, dev: DeviceConfig | None = None) -> None:
        d = dev or DeviceConfig(name=f"device-{self.devices.rowCount() + 1}")
        r = self.devices.rowCount()
        self.devices.insertRow(r)
        self.devices.setItem(r, 0, QTableWidgetItem(d.name))
        kind = QComboBox()
        kind.addItems(KINDS)
        kind.setCurrentText(d.kind)
        self.devices.setCellWidget(r, 1, kind)
        self.devices.setItem(r, 2, QTableWidgetItem(d.url))
        self.devices.setItem(r, 3, QTableWidgetItem(str(d.baudrate)))
        term = QComboBox()
        term.addItems(TERMINATORS)
        term.setCurrentText(d.terminator.upper())
        self.devices.setCellWidget(r, 4, term)
        # Options the table does not show are kept as they were.
        _item(self.devices, r, 0).setData(256, dict(d.options))

    def _remove_device(self) -> None:
        r = self.devices.currentRow()
        if r >= 0:
            self.devices.removeRow(r)

    def _add_format(self, fmt: CardFormatConfig | None = None) -> None:
        f = fmt or CardFormatConfig()
        r = self.formats.rowCount()
        self.formats.insertRow(r)
        self.formats.setItem(r, 0, QTableWidgetItem(f.prefix))
        self.formats.setItem(r, 1, QTableWidgetItem(str(f.length)))
        luhn = QCheckBox()
        luhn.setChecked(f.luhn)
        self.formats.setCellWidget(r, 2, luhn)

    def set_device(self, row: int, *, name: str | None = None, url: str | None = None,
                   kind: str | None = None) -> None:
        """Edit a device row (tests and first-run helpers)."""
        while self.devices.rowCount() <= row:
            self._add_device()
        if name is not None:
            _item(self.devices, row, 0).setText(name)
        if url is not None:
            _item(self.devices, row, 2).setText(url)
        if kind is not None:
            w = self.devices.cellWidget(row, 1)
            assert isinstance(w, QComboBox)
            w.setCurrentText(kind)
        self.devices.setCurrentCell(row, 0)

    # -- reading the form ----------------------------------------------------
    def _device(self, r: int) -> DeviceConfig:
        def text(c: int) -> str:
            item = self.devices.item(r, c)
            return item.text().strip() if item is not None else ""

        def combo(c: int) -> str:
            w = self.devices.cellWidget(r, c)
            return w.currentText() if isinstance(w, QComboBox) else ""
        try:
            baud = int(text(3) or "9600")
        except ValueError as exc:
            raise ValidationError(tr('Device {text}: the baud rate is a number like 9600.')
                                  .format(text=text(0)),
                                  key="invalid_config") from exc
        first = self.devices.item(r, 0)
        options = first.data(256) if first is not None else None
        return DeviceConfig(name=text(0) or f"device-{r + 1}", kind=combo(1) or "scanner",
                            url=text(2), baudrate=baud, terminator=combo(4) or "CR",
                            options=dict(options or {}))

    def collect(self) -> TerminalConfig:
        """The form as a configuration; ValidationError says what to fix."""
        cfg = copy.deepcopy(self.cfg)
        cfg.terminal_id = self.terminal_id.text().strip() or cfg.terminal_id
        cfg.store_id = self.store_id.text().strip() or cfg.store_id
        cfg.locale = self.locale_box.currentText().strip() or "en_US"
        cfg.currency = currency_code(self.currency.text().strip() or "USD")
        m = MoneyFormat(cfg.currency, cfg.locale)
        cfg.ledger.url = self.ledger_url.text().strip()
        cfg.ledger.token = self.ledger_token.text().strip()
        cfg.ledger.manager_token = self.manager_token.text().strip()
        cfg.ledger.timeout_s = float(self.timeout.value())
        if cfg.ledger.url and not cfg.ledger.url.startswith(("http://", "https://")):
            raise ValidationError(tr("The ledger URL starts with https:// (or http://)."),
                                  key="invalid_config")
        cfg.offline.allow_gift_cards = self.allow_offline.isChecked()
        cfg.offline.per_transaction = m.parse(self.per_tx.text() or "0")
        cfg.offline.per_card = m.parse(self.per_card.text() or "0")
        cfg.offline.per_terminal = m.parse(self.per_terminal.text() or "0")
        cfg.printer_url = self.printer.text().strip()
        cfg.business.name = self.biz_name.text().strip()
        cfg.business.address = _lines(self.biz_address.toPlainText())
        cfg.business.tax_number = self.biz_tax.text().strip()
        cfg.business.card_terms = _lines(self.biz_terms.toPlainText())
        cfg.theme = chosen_theme(self.theme)
        cfg.font_size = int(self.font_size.value())
        cfg.idle_lock_s = int(self.idle.value())
        cfg.devices = [self._device(r) for r in range(self.devices.rowCount())]
        names = [d.name for d in cfg.devices]
        if len(set(names)) != len(names):
            raise ValidationError(tr("Two devices have the same name."), key="invalid_config")
        formats = []
        for r in range(self.formats.rowCount()):
            prefix = _item(self.formats, r, 0).text().strip()
            length = _item(self.formats, r, 1).text().strip()
            luhn = self.formats.cellWidget(r, 2)
            if not length.isdigit() or not 4 <= int(length) <= 32:
                raise ValidationError(tr("A card format's length is 4 to 32 digits."),
                                      key="invalid_config")
            formats.append(CardFormatConfig(prefix=prefix, length=int(length),
                                            luhn=isinstance(luhn, QCheckBox) and luhn.isChecked()))
        cfg.card_formats = formats or cfg.card_formats
        return cfg

    # -- acting --------------------------------------------------------------
    def revert(self) -> None:
        self.show_config(self.cfg)

    def save(self) -> None:
        try:
            new = self.collect()
        except ValidationError as exc:
            self.banner.error(explain(exc))
            return
        old, path = self.cfg, self.path

        def done(_p: Path) -> None:
            restart = [tr(label) for key, label in RESTART.items()
                       if getattr(new, key) != getattr(old, key)]
            self.cfg = copy.deepcopy(new)
            self.apply(new, old)
            changed = [k for k in new.to_dict() if new.to_dict()[k] != old.to_dict()[k]]
            self.session.record(action="settings", outcome="ok",
                                detail="changed " + (", ".join(changed) or "nothing"))
            self.banner.success(tr("Settings saved."),
                                tr("Restart the terminal for: {what}.").format(
                                    what=", ".join(restart))
                                if restart else tr("They are in effect now."),
                                timeout_ms=0 if restart else 4000)
            self.saved.emit(new, restart)
        self.session.request("settings", run=lambda _a: self.worker.submit(
            lambda: save_config(new, path), on_ok=done,
            on_err=lambda e: self.banner.error(explain(e)), label="save_config"))

    def close_tests(self) -> None:
        if self.test_dialog is not None:
            self.test_dialog.reject()

    def test_device(self) -> None:
        r = self.devices.currentRow()
        if r < 0:
            r = 0 if self.devices.rowCount() else -1
        if r < 0:
            self.banner.error(explain(ValidationError(tr("Add a device first."),
                                                      key="no_device")))
            return
        try:
            dev = self._device(r)
            fmts = tuple(_fmt(f) for f in self.collect().card_formats)
        except ValidationError as exc:
            self.banner.error(explain(exc))
            return
        running = next((d for d in self.running_devices()
                        if d.name == dev.name and getattr(d, "port", None) == dev.url), None)
        dialog = DeviceTestDialog(dev, fmts, running=running, main_bridge=self.main_bridge,
                                  worker=self.worker, parent=self.window())
        style_for(dialog, self.window())
        self.test_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "test_dialog", None))
        dialog.open()
        self.device_test.emit(dialog)


def _fmt(f: CardFormatConfig) -> Any:
    from drivers.formats import CardFormat

    return CardFormat(f.prefix, f.length, f.luhn)


def _item(t: QTableWidget, r: int, c: int) -> QTableWidgetItem:
    item = t.item(r, c)
    if item is None:
        item = QTableWidgetItem("")
        t.setItem(r, c, item)
    return item


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]
