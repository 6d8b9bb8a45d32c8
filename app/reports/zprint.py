"""The Z report on paper: fixed-width text (screen, CLI) and ESC/POS bytes
for the receipt printer, made with python-escpos's recording printer the same
way receipts are. Sending the bytes is the printer driver's job."""

from __future__ import annotations

from datetime import datetime

from app.reports.table import show
from app.reports.zreport import ZReport, z_tables

WIDTH = 42


def _pair(left: str, right: str, width: int) -> str:
    room = max(width - len(right) - 1, 1)
    if len(left) > room:
        left = left[: max(room - 1, 0)] + "…"
    return f"{left:<{room}} {right}"


def z_lines(z: ZReport, *, locale: str = "en_US", width: int = WIDTH,
            printed_at: datetime | None = None) -> list[tuple[str, str]]:
    """(text, style) rows; style is "title", "bold", "rule" or ""."""
    rule = ("-" * width, "rule")
    out: list[tuple[str, str]] = [("Z REPORT" if z.day.closed else "X REPORT (day open)",
                                   "title")]
    for table in z_tables(z):
        out.append(rule)
        if table.title.lower() != "z report":  # the title above already names it
            out.append((table.title.upper(), "bold"))
        for row in table.rows:
            cells = [show(c, locale) for c in row]
            if len(cells) == 2:
                out.append((_pair(cells[0], cells[1], width), ""))
            else:
                out.append((_pair(cells[0], f"{cells[1]} sales  {cells[2]}", width), ""))
    out.append(rule)
    when = (printed_at or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M")
    out.append((f"Printed {when}", ""))
    return out


def z_text(z: ZReport, *, locale: str = "en_US", width: int = WIDTH,
           printed_at: datetime | None = None) -> str:
    rows = z_lines(z, locale=locale, width=width, printed_at=printed_at)
    return "\n".join(t.center(width).rstrip() if s == "title" else t for t, s in rows) + "\n"


def z_escpos(z: ZReport, *, locale: str = "en_US", width: int = WIDTH,
             printed_at: datetime | None = None) -> bytes:
    # Imported here: python-escpos parses a large capabilities YAML when
    # imported (0.3-0.6 s), which the manager console's import made every
    # till pay at start.
    from escpos.printer import Dummy

    p = Dummy()
    p.hw("INIT")
    for text, style in z_lines(z, locale=locale, width=width, printed_at=printed_at):
        if style == "title":
            p.set(align="center", bold=True, double_height=True, double_width=True)
        elif style == "bold":
            p.set(align="left", bold=True, normal_textsize=True)
        else:
            p.set(align="left", bold=False, normal_textsize=True)
        p.text(text + "\n")
    p.set(align="left", bold=False, normal_textsize=True)
    p.cut()
    return bytes(p.output)
