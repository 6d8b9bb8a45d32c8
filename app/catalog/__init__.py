"""The shop's small item list: a product barcode (or code) with its
description and price, so a scanned product adds its line. Imported from CSV
and managed in the manager console (docs/checkout.md)."""

from app.catalog.service import CatalogItem, CatalogService, ImportResult

__all__ = ["CatalogItem", "CatalogService", "ImportResult"]
