"""The manager screens for `giftpos screenshots`: card lookup with history,
reports with charts, settings, and the approval prompt on the cashier's
screen. Demo staff (Morgan, manager; Casey, cashier) and a few days of
trading are made first, through the same services the window uses."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from app.domain import OpContext
from ui.demo import DemoSession, build_demo
from ui.settling import settle

SIZE = (1366, 820)


def _settle(session: DemoSession) -> None:
    settle(session.window)


def _save(pixmap: QPixmap, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    if not pixmap.save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def _with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with a dimmed backdrop and the dialog over its middle (a
    dialog is a window of its own, so a grab of the main one misses it)."""
    QApplication.processEvents()
    shot = window.grab()
    p = QPainter(shot)
    p.fillRect(shot.rect(), QColor(0, 0, 0, 90))
    d = dialog.grab()
    p.drawPixmap(QPoint((shot.width() - d.width()) // 2, (shot.height() - d.height()) // 3), d)
    p.end()
    return shot


def _card(session: DemoSession, label: str) -> str:
    return next(c.number for c in session.cards if c.label == label)


def _trade(session: DemoSession) -> None:
    """A week of loads behind the demo cards, and today's sales by two people."""
    window = session.window
    cards = window.terminal.cards
    big = _card(session, "Big spender")
    today = date.today()
    for days, amount in ((6, 2500), (5, 4000), (3, 1500), (2, 6000), (1, 2000)):
        ctx = OpContext(terminal="demo-till", store="demo-shop", cashier="Casey",
                        business_date=today - timedelta(days=days))
        cards.issue(amount=amount, program="spring", ctx=ctx)
    cards.adjust(number=big, amount=-500, reason="customer complaint: damaged card",
                 ctx=OpContext(terminal="demo-till", cashier="Morgan"))
    ctl = window.controller
    for cashier, item, amount, card, cash in (
            ("Casey", "Scarf", 4500, "Birthday gift", 0),
            ("Casey", "Candle set", 3500, "Big spender", 1000),
            ("Morgan", "Notebook", 1800, None, 2000)):
        ctl.cashier = cashier
        ctl.add_item(amount, item)
        if cash:
            ctl.pay_cash(cash)
        if card:
            ctl.pay_card(_card(session, card))
        _settle(session)
    ctl.add_item(2600, "Tea tin")
    ctl.pay_external(2600, reference="4412", method="card terminal")
    _settle(session)
    window.banner.dismiss()


def render_manager(folder: Path, *, theme: str = "light", start: int = 8,
                   locale: str | None = None) -> list[Path]:
    folder = Path(folder)
    out: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="giftpos-shots-") as tmp:
        session = build_demo(data_dir=Path(tmp), theme=theme, offline=True, locale=locale,
                             virtual_scanner=True, shell_scanner=False, panel=False)
        try:
            out += _shots(session, folder, start)
        finally:
            session.close()
    return out


def _shots(session: DemoSession, folder: Path, n: int) -> list[Path]:
    from ui.manager import install

    window = session.window
    window.resize(*SIZE)
    window.show()
    manager = install(window)
    manager.staff.add(name="Morgan", role="manager", pin="2468")
    manager.staff.add(name="Casey", role="cashier", pin="1357")
    _settle(session)
    _trade(session)
    out: list[Path] = []
    # The approval prompt: Casey asks for a refund, a manager types a PIN.
    manager.session._set_person(manager.staff.sign_in(name="Casey", pin="1357"))
    window.action("returns")
    _settle(session)
    window.returns.submit(to_new_card=False)
    _settle(session)
    dialog = manager.session.approval_dialog
    if dialog is not None:
        dialog.choose("Morgan")
        dialog.pin.setText("24")
        out.append(_save(_with_dialog(window, dialog), folder, f"{n:02d}-manager-approval"))
        dialog.pin.setText("2468")
        dialog.submit()
    _settle(session)
    manager.staff.record(action="adjust", outcome="ok", actor="Morgan", approver="Morgan",
                         card=_card(session, "Big spender"), amount=-500, currency="USD",
                         detail="balance $150.00 → $145.00; customer complaint: damaged card")
    window.banner.dismiss()
    # The console, as the manager.
    manager.session._set_person(manager.staff.sign_in(name="Morgan", pin="2468"))
    window.banner.dismiss()
    console = manager.open_console()
    console.cards.look_up("number", _card(session, "Big spender"))
    _settle(session)
    out.append(_save(window.grab(), folder, f"{n + 1:02d}-manager-card-lookup"))
    console.show_tab("reports")
    _settle(session)
    out.append(_save(window.grab(), folder, f"{n + 2:02d}-manager-z-report"))
    console.reports.show_report("liability")
    _settle(session)
    out.append(_save(window.grab(), folder, f"{n + 3:02d}-manager-liability"))
    console.show_tab("audit")
    _settle(session)
    out.append(_save(window.grab(), folder, f"{n + 4:02d}-manager-audit-trail"))
    console.show_tab("settings")
    _settle(session)
    out.append(_save(window.grab(), folder, f"{n + 5:02d}-manager-settings"))
    return out
