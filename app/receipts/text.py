"""A receipt as plain text (screen preview, logs, the CLI). Fixed width, so
the same rows feed the ESC/POS renderer."""

from __future__ import annotations

from dataclasses import dataclass

from app.money import format_money
from app.receipts.model import Receipt

WIDTH = 42  # characters per line of an 80 mm printer in font A


@dataclass(frozen=True)
class Row:
    text: str
    style: str = ""  # "", "title", "bold", "rule", "center"


def _pair(left: str, right: str, width: int) -> str:
    room = width - len(right) - 1
    if len(left) > room:
        left = left[: max(room - 1, 0)] + "…"
    return f"{left:<{room}} {right}"


def rows(r: Receipt, *, width: int = WIDTH) -> list[Row]:
    """The receipt line by line, with a hint of style for printers."""
    def m(minor: int) -> str:
        return format_money(minor, r.currency, r.locale)

    rule = Row("-" * width, "rule")
    out = [Row(h, "center") for h in r.header]
    out.append(Row(r.title + (" - COPY" if r.reprint else ""), "title"))
    sale = f"Sale {r.number}" if r.number else f"Sale {r.sale_id[:8]}"
    out.append(Row(_pair(sale, r.business_date.isoformat(), width)))
    who = " ".join(x for x in (f"Till {r.terminal}" if r.terminal else "",
                               f"Cashier {r.cashier}" if r.cashier else "") if x)
    if who:
        out.append(Row(who))
    out.append(rule)
    out += [Row(_pair(ln.description, m(ln.amount), width)) for ln in r.lines]
    out.append(rule)
    out.append(Row(_pair("TOTAL", m(r.total), width), "bold"))
    for t in r.tenders:
        label = f"{t.label} {t.card}" if t.card else t.label
        if t.status in ("RELEASED", "VOIDED", "REFUNDED"):
            label += f" ({t.status.lower()})"
        out.append(Row(_pair(label, m(t.amount), width)))
        if t.previous_balance is not None and t.new_balance is not None:
            out.append(Row(_pair("  balance", f"{m(t.previous_balance)} -> "
                                 f"{m(t.new_balance)}", width)))
        if t.reference:
            out.append(Row(f"  ref {t.reference}"))
    out.append(rule)
    out.append(Row(_pair("Paid", m(r.paid), width)))
    out.append(Row(_pair("Remaining due", m(r.remaining_due), width), "bold"))
    out.append(Row(_pair("Change", m(r.change), width), "bold"))
    out.append(rule)
    out.append(Row("Sale id"))
    out.append(Row(r.sale_id[:width]))
    out.append(Row(f"Business date {r.business_date.isoformat()}"))
    out.append(Row(r.printed_at.astimezone().strftime("%Y-%m-%d %H:%M")))
    if r.terms or r.balance_url:
        out.append(rule)
        out += [Row(t, "center") for t in r.terms]
    if r.balance_url:
        out.append(Row(r.balance_url, "qr"))  # a QR code where the printer draws one
    if r.card_terms:
        out.append(rule)
        out += [Row(t, "center") for t in r.card_terms]
    if r.barcode:
        # Code128 where the printer draws one (ESC/POS) or the preview does;
        # in plain text its content between asterisks, as under the bars.
        out.append(Row(r.barcode, "barcode"))
    out += [Row(f, "center") for f in r.footer]
    return out


def render_text(r: Receipt, *, width: int = WIDTH) -> str:
    lines = []
    for row in rows(r, width=width):
        text = f"*{row.text}*" if row.style == "barcode" else row.text
        lines.append(text.center(width).rstrip()
                     if row.style in ("center", "title", "qr", "barcode") else text)
    return "\n".join(lines) + "\n"
