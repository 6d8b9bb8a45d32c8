"""The manager screens for `giftpos screenshots`: card lookup with history,
reports with charts, settings, and the approval prompt on the cashier's
screen. Demo staff (Morgan, manager; Casey, cashier) and a few days of
trading are made first, through the same services the window uses."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
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
    _egifts(session)
    console.show_tab("egifts")
    _settle(session)
    out.append(_save(window.grab(), folder, f"{n + 6:02d}-manager-egifts"))
    console.show_tab("card_jobs")
    _card_jobs(session, getattr(console, "card_jobs", None))
    _settle(session)
    out.append(_save(window.grab(), folder, f"{n + 7:02d}-manager-card-jobs"))
    return out


def _egifts(session: DemoSession) -> None:
    """Three e-gifts, one in each delivery state: one for a later date, one
    the mail server refused (it will be tried again), one sent. The mail
    server is a stand-in here: nothing leaves the machine."""
    from app.egift.service import EgiftService

    cards = session.window.terminal.cards
    refused: list[bool] = []

    def server(_message: object) -> None:
        if refused:
            refused.pop()
            raise ConnectionRefusedError(111, "Connection refused")

    egifts = EgiftService(cards, sender=server, locale=session.window.terminal.config.locale)
    sold = [v.number for v, _ in cards.issue(count=3, amount=5000)]
    egifts.send(number=sold[0], to="ana@example.org")
    refused.append(True)
    egifts.send(number=sold[1], to="ben@example.org")
    egifts.send(number=sold[2], to="cleo@example.org",
                at=datetime.now(UTC) + timedelta(days=18))


def _card_jobs(session: DemoSession, tab: QWidget | None) -> None:
    """A printed batch of 20 activated at $25.00 each, and the next job (a
    lost card's replacement) typed in, as a manager would leave the tab."""
    from app.cardnumbers import CodeConfig
    from ui.manager.card_jobs_tab import CardJobsTab

    assert isinstance(tab, CardJobsTab)
    window = session.window
    batch = CodeConfig(prefix="99", length=16)  # its own prefix: no demo card in the range
    printed = sorted(v.number for v, _ in window.terminal.cards.issue(
        count=20, inactive=True, config=batch))
    tab.first.setText(printed[0])
    tab.last.setText(printed[-1])
    tab.amount.setText(window.money.plain(2500))  # as the till's locale types it
    tab.activate_btn.click()
    _settle(session)
    tab.lost.setText(printed[3])
