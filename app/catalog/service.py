"""CatalogService: find an item by its code, add or change one, take one off,
import a CSV (``code,description,price``, prices typed as people write them
in the till's locale). Runs on whatever thread calls it (the window calls it
off the GUI thread)."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.catalog.schema import CatalogItemRow
from app.errors import ValidationError
from app.money import parse_amount
from app.store.database import Store

log = logging.getLogger(__name__)

MAX_CODE = 64


@dataclass(frozen=True, kw_only=True)
class CatalogItem:
    code: str
    description: str
    price: int  # minor units


@dataclass(frozen=True, kw_only=True)
class ImportResult:
    added: int
    changed: int
    problems: tuple[str, ...]  # "line 4: ..." for rows left out


def clean_code(code: str) -> str:
    text = "".join(str(code).split())
    if not text or len(text) > MAX_CODE or not text.isprintable():
        raise ValidationError("An item code is 1 to 64 letters or digits (its barcode).",
                              key="invalid_item_code", details=text[:MAX_CODE])
    return text


def _description(text: str) -> str:
    desc = " ".join(str(text).split())[:200]
    if not desc:
        raise ValidationError("Describe the item (a word is enough).",
                              key="description_required")
    return desc


class CatalogService:
    def __init__(self, store: Store, *, currency: str = "USD", locale: str = "en_US") -> None:
        self.store = store
        self.currency = currency
        self.locale = locale

    @staticmethod
    def _view(row: CatalogItemRow) -> CatalogItem:
        return CatalogItem(code=row.code, description=row.description, price=row.price)

    def find(self, code: str) -> CatalogItem | None:
        """The active item with this barcode, or None."""
        try:
            key = clean_code(code)
        except ValidationError:
            return None
        with self.store.read() as s:
            row = s.get(CatalogItemRow, key)
            return self._view(row) if row is not None and row.active else None

    def items(self) -> list[CatalogItem]:
        with self.store.read() as s:
            rows = s.scalars(select(CatalogItemRow).where(CatalogItemRow.active.is_(True))
                             .order_by(CatalogItemRow.description)).all()
            return [self._view(r) for r in rows]

    def put(self, *, code: str, description: str, price: int) -> CatalogItem:
        """Add an item, or change the one with this code."""
        key, desc = clean_code(code), _description(description)
        if price <= 0:
            raise ValidationError("An item's price is more than zero.", key="invalid_amount")
        with self.store.transaction() as s:
            row = s.get(CatalogItemRow, key)
            if row is None:
                row = CatalogItemRow(code=key, description=desc, price=price, active=True)
                s.add(row)
            else:
                row.description, row.price, row.active = desc, price, True
            s.flush()
            return self._view(row)

    def remove(self, code: str) -> None:
        key = clean_code(code)
        with self.store.transaction() as s:
            row = s.get(CatalogItemRow, key)
            if row is None or not row.active:
                raise ValidationError("There is no item with that code.",
                                      key="item_not_found", details=key)
            row.active = False

    def import_csv(self, source: Path | str) -> ImportResult:
        """Rows ``code,description,price`` (a header row is skipped). Good
        rows go in, in one transaction; each bad row is named and left out."""
        text = Path(source).read_text(encoding="utf-8-sig") if isinstance(source, Path) \
            else source
        added = changed = 0
        problems: list[str] = []
        good: dict[str, tuple[str, int]] = {}
        for n, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            if not row or all(not c.strip() for c in row):
                continue
            if n == 1 and row[0].strip().lower() in ("code", "barcode", "sku"):
                continue
            if len(row) < 3:
                problems.append(f"line {n}: expected code,description,price")
                continue
            try:
                code, desc = clean_code(row[0]), _description(row[1])
                price = parse_amount(row[2].strip(), self.currency, self.locale)
                if price <= 0:
                    raise ValidationError("price must be more than zero", key="invalid_amount")
            except ValidationError as exc:
                problems.append(f"line {n}: {exc.message}")
                continue
            good[code] = (desc, price)
        with self.store.transaction() as s:
            for code, (desc, price) in good.items():
                row_ = s.get(CatalogItemRow, code)
                if row_ is None:
                    s.add(CatalogItemRow(code=code, description=desc, price=price, active=True))
                    added += 1
                else:
                    row_.description, row_.price, row_.active = desc, price, True
                    changed += 1
        log.info("catalog import: %d added, %d changed, %d left out", added, changed,
                 len(problems))
        return ImportResult(added=added, changed=changed, problems=tuple(problems))
