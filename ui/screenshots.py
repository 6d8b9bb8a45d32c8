"""`giftpos screenshots DIR`: every main screen, rendered offscreen with demo
data, to DIR/NN-name.png. The names never change, so the README can point at
them. Screens are driven through the same controller calls a cashier's keys
make, and each shot waits until the worker has answered."""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from ui.demo import DemoSession, build_demo
from ui.i18n import tr
from ui.settling import settle
from ui.setup_dialog import SetupDialog
from ui.theme import apply_theme

log = logging.getLogger(__name__)

SIZE = (1366, 768)


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    QApplication.processEvents()
    path = folder / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def _card(session: DemoSession, label: str) -> str:
    return next(c.number for c in session.cards if c.label == label)


def render_all(folder: Path, *, theme: str = "light", locale: str | None = None) -> list[Path]:
    """Every screen to ``folder``; ``locale`` (``giftpos --locale de_DE
    screenshots DIR``) renders them in that language and its amounts."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="giftpos-shots-") as tmp:
        session = build_demo(data_dir=Path(tmp), theme=theme, offline=True, locale=locale,
                             virtual_scanner=True, shell_scanner=False)
        try:
            out += _checkout_shots(session, folder)
        finally:
            session.close()
    out.append(_offline_shot(folder, theme, locale))
    with tempfile.TemporaryDirectory(prefix="giftpos-shots-") as tmp:
        session = build_demo(data_dir=Path(tmp), theme="dark", offline=True, locale=locale,
                             virtual_scanner=True, shell_scanner=False, panel=False)
        try:
            out.append(_dark_shot(session, folder))
        finally:
            session.close()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    dialog = SetupDialog(config_path="~/.config/giftpos/terminal.toml")
    dialog.resize(720, 780)
    dialog.show()
    out.append(_save(dialog, folder, "07-first-run-setup"))
    dialog.close()
    from ui.manager.screenshots import render_manager

    out += render_manager(folder, theme=theme, start=8,  # 08-15: the manager screens
                          locale=locale)
    return out


def _checkout_shots(session: DemoSession, folder: Path) -> list[Path]:
    window = session.window
    ctl = window.controller
    window.resize(*SIZE)
    window.show()
    settle(window)
    out: list[Path] = []
    # 1. Mid split tender: two items, a gift card took what it had, $30 due.
    ctl.add_item(4500, tr("Scarf"))
    ctl.add_item(3500, tr("Candle set"))
    ctl.pay_card(_card(session, "Birthday gift"), 5000)
    ctl.pay_card(_card(session, "Reload me"), 500)
    settle(window)
    window.banner.dismiss()
    out.append(_save(window, folder, "01-checkout-split-tender"))
    # 2. The cashier's question when a card has less than is due.
    ctl.pay_card(_card(session, "Small balance"))
    settle(window)
    out.append(_save(window, folder, "02-decline-take-what-it-has"))
    window.banner.dismiss()
    # 4. Finish with cash, then preview the receipt.
    ctl.pay_cash(5000)
    settle(window)
    window.action("receipt")
    settle(window)
    window.banner.dismiss()
    out.append(_save(window, folder, "04-receipt-preview"))
    # 5. Balance check.
    window.check_balance(_card(session, "Big spender"))
    settle(window)
    out.append(_save(window, folder, "05-balance-check"))
    window.show_checkout()
    return out


def _offline_shot(folder: Path, theme: str, locale: str | None) -> Path:
    """A real offline state: the embedded ledger answers, cards are seen
    online, then the ledger stops; the sale carries on offline and its card
    payment waits to sync."""
    with tempfile.TemporaryDirectory(prefix="giftpos-shots-") as tmp:
        session = build_demo(data_dir=Path(tmp), theme=theme, shell_scanner=False,
                             locale=locale)
        try:
            window = session.window
            ctl = window.controller
            window.resize(*SIZE)
            window.show()
            _pump_until(lambda: window.bridge.sync_status.online)
            for label in ("Big spender", "Birthday gift"):
                window.check_balance(_card(session, label))
            settle(window)
            window.show_checkout()
            for extra in session.extras:
                server = getattr(extra, "server", None)
                if server is not None:
                    server.stop()  # the ledger goes away mid-shift
            ctl.add_item(1800, tr("Tea tin"))
            ctl.add_item(4500, tr("Scarf"))
            ctl.pay_card(_card(session, "Big spender"), 4000)
            settle(window)
            window.refresh_sync_counts()
            settle(window)
            _pump_until(lambda: window.bridge.sync_status.pending > 0)
            return _save(window, folder, "03-offline-entries-waiting")
        finally:
            session.close()


def _pump_until(done: Callable[[], bool], timeout_s: float = 15.0) -> None:
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the demo did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def _dark_shot(session: DemoSession, folder: Path) -> Path:
    window = session.window
    ctl = window.controller
    window.resize(*SIZE)
    window.show()
    settle(window)
    ctl.add_item(2599, tr("Notebook"))
    ctl.sell_card(_card(session, "New card to sell"), 5000)
    settle(window)
    window.banner.dismiss()
    return _save(window, folder, "06-checkout-dark-sell-card")
