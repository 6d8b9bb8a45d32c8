"""Receipts: one model, rendered as text, ESC/POS bytes and card barcodes."""

from app.receipts.model import Receipt, ReceiptLine, ReceiptTender

__all__ = ["Receipt", "ReceiptLine", "ReceiptTender"]
