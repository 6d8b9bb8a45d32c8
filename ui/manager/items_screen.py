"""The item list for managers: the products a scanned barcode adds to a sale
(code, description, price). Import a CSV (``code,description,price``), add or
change one (a barcode scanned while this tab is open fills its code), take
one off. Every call runs on the worker; problems go to the window's banner."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from app.catalog import CatalogItem, CatalogService, ImportResult
from app.errors import ValidationError
from ui.i18n import tr
from ui.manager.common import button, fill, heading, hint, table, title
from ui.money import MoneyFormat
from ui.wording import explain
from ui.worker import Worker


class ItemsScreen(QWidget):
    """``loaded(list[CatalogItem])`` after each reload; ``imported(ImportResult)``."""

    loaded = Signal(object)
    imported = Signal(object)

    def __init__(self, catalog: CatalogService, *, worker: Worker, money: MoneyFormat,
                 banner: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemsScreen")
        self.catalog = catalog
        self.worker = worker
        self.money = money
        self.banner = banner
        self.items: list[CatalogItem] = []
        self.view = table((tr("Barcode"), tr("Item"), tr("Price")), "itemsTable", stretch=1)
        self.view.itemSelectionChanged.connect(self._picked)
        self.code, self.description, self.price = QLineEdit(), QLineEdit(), QLineEdit()
        self.code.setObjectName("itemCode")
        self.code.setPlaceholderText(tr("Scan the product or type its code"))
        self.description.setObjectName("itemDescription")
        self.price.setObjectName("itemPrice")
        self.price.setPlaceholderText(tr("e.g. 4.50"))
        self.csv_path = QLineEdit()
        self.csv_path.setObjectName("itemsCsv")
        self.csv_path.setPlaceholderText(tr("/path/to/items.csv  (code,description,price)"))
        form_box = QFrame()
        form_box.setObjectName("balancePanel")
        form = QFormLayout(form_box)
        form.addRow(heading(tr("Add or change an item")))
        form.addRow(tr("Barcode"), self.code)
        form.addRow(tr("Item"), self.description)
        form.addRow(tr("Price"), self.price)
        row = QHBoxLayout()
        row.addWidget(button(tr("Save item"), self.save, tone="primary", name="itemSave"))
        row.addWidget(button(tr("Take off the list"), self.remove, tone="danger",
                             name="itemRemove"))
        form.addRow(row)
        form.addRow(heading(tr("Import a CSV")))
        form.addRow(self.csv_path)
        form.addRow(button(tr("Import"), self.import_csv, name="itemsImport"))
        form_box.setFixedWidth(420)
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addWidget(form_box)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addWidget(title(tr("Items")))
        outer.addWidget(hint(tr("A product's barcode scanned at the till adds its item at this "
                             "price; type 3* first for three of it. A gift card scanned is "
                             "still taken as a card.")))
        outer.addLayout(body, 1)

    def _fail(self, exc: BaseException) -> None:
        self.banner.error(explain(exc))  # type: ignore[attr-defined]

    def reload(self) -> None:
        self.worker.submit(self.catalog.items, on_ok=self._show, on_err=self._fail,
                           label="catalog_items")

    def _show(self, items: list[CatalogItem]) -> None:
        self.items = list(items)
        fill(self.view, [[i.code, i.description, self.money.show(i.price)] for i in items],
             right=(2,))
        self.loaded.emit(self.items)

    def _picked(self) -> None:
        rows = {i.row() for i in self.view.selectedIndexes()}
        if rows and min(rows) < len(self.items):
            item = self.items[min(rows)]
            self.code.setText(item.code)
            self.description.setText(item.description)
            self.price.setText(self.money.plain(item.price))

    def take_code(self, code: str) -> None:
        """A product barcode scanned while this tab is open: its code field."""
        self.code.setText(code)
        known = next((i for i in self.items if i.code == code), None)
        if known is not None:
            self.description.setText(known.description)
        self.description.setFocus()

    def save(self) -> None:
        code, desc, text = self.code.text(), self.description.text(), self.price.text().strip()
        try:
            price = self.money.parse(text)
        except ValidationError as exc:
            self._fail(exc)
            return

        def done(item: CatalogItem) -> None:
            self.banner.success(f"{item.description}: {self.money.show(item.price)}.",  # type: ignore[attr-defined]
                                tr("Scan it at the till to sell it."))
            self.reload()

        self.worker.submit(lambda: self.catalog.put(code=code, description=desc, price=price),
                           on_ok=done, on_err=self._fail, label="catalog_put")

    def remove(self) -> None:
        code = self.code.text()

        def done(_r: object) -> None:
            self.code.clear()
            self.description.clear()
            self.price.clear()
            self.reload()

        self.worker.submit(lambda: self.catalog.remove(code), on_ok=done, on_err=self._fail,
                           label="catalog_remove")

    def import_csv(self, path: str | None = None) -> None:
        source = Path(path or self.csv_path.text().strip())

        def done(result: ImportResult) -> None:
            step = "; ".join(result.problems[:3]) + (" …" if len(result.problems) > 3 else "")
            self.banner.success(  # type: ignore[attr-defined]
                (tr("Items imported: {added} new, {changed} changed, {left} left out.")
                 if result.problems else
                 tr("Items imported: {added} new, {changed} changed."))
                .format(added=result.added, changed=result.changed, left=len(result.problems)),
                step,
                timeout_ms=0 if result.problems else 6000)
            self.imported.emit(result)
            self.reload()

        def read() -> ImportResult:
            if not source.is_file():
                raise ValidationError(tr('There is no file at {source}.').format(source=source),
                                      key="file_not_found")
            return self.catalog.import_csv(source)

        self.worker.submit(read, on_ok=done, on_err=self._fail, label="catalog_import")

