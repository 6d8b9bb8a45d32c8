"""The item list's table, in the terminal's store (migration 0009_catalog)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from app.store.schema import Base


class CatalogItemRow(Base):
    __tablename__ = "catalog_items"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)  # the barcode
    description: Mapped[str] = mapped_column(String(200))
    price: Mapped[int] = mapped_column(BigInteger)  # minor units of the till's currency
    active: Mapped[bool] = mapped_column(Boolean, default=True)
