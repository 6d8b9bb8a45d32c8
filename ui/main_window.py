"""The cashier's window: it assembles the screens, the banner and the status
bar, routes keys (function keys, Enter/Esc for the banner) and card reads to
the screen on top. What an action does lives in the screens and the
controller, not here."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.checkout.models import RefundResult
from ui.approvals import Approvals
from ui.banner import Level, MessageBanner
from ui.bridge import EventBridge, SyncStatus
from ui.money import MoneyFormat
from ui.sale_controller import Finished, Offer, SaleController
from ui.screens.balance import BalanceScreen
from ui.screens.checkout import CHECKOUT_KEYS, CheckoutScreen
from ui.screens.receipt import ReceiptScreen
from ui.screens.returns import ReturnsScreen
from ui.status_bar import StatusBar
from ui.wedge_filter import WedgeFilter
from ui.wording import Message, explain
from ui.worker import Worker

if TYPE_CHECKING:
    from ui.terminal_parts import Terminal

log = logging.getLogger(__name__)

_FKEYS = {fk.key: fk.name for fk in CHECKOUT_KEYS}


class MainWindow(QMainWindow):
    """``ticked()`` every second from the clock in the header: a GUI that
    keeps ticking is a GUI that is not blocked (tests rely on it)."""

    ticked = Signal()

    def __init__(self, terminal: Terminal, *, bridge: EventBridge | None = None,
                 worker: Worker | None = None, controller: SaleController | None = None,
                 side_panel: QWidget | None = None, wedge: WedgeFilter | None = None,
                 header_widgets: Sequence[QWidget] = (), screens: Sequence[QWidget] = (),
                 approvals: Approvals | None = None) -> None:
        """Everything the window shows is given here (ui.composition builds
        it): ``header_widgets`` go before the clock, ``screens`` into the stack
        beside the cashier's own, ``approvals`` is the gate for refunds."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.terminal = terminal
        cfg = terminal.config
        self.money = MoneyFormat(cfg.currency, cfg.locale)
        self.bridge = bridge or EventBridge(self)
        self.bridge.setParent(self)
        self.worker = worker or Worker(self)
        self.worker.setParent(self)
        self.controller = controller or SaleController(terminal, self.worker, self.money, self)
        self.controller.setParent(self)
        self.approvals = approvals or Approvals()
        self.setWindowTitle(f"giftpos — {cfg.terminal_id}")

        self.banner = MessageBanner()
        self.checkout = CheckoutScreen(self.controller, self.money, terminal.formats)
        self.balance = BalanceScreen(self.money)
        self.receipt = ReceiptScreen()
        self.returns = ReturnsScreen(self.money)
        self.stack = QStackedWidget()
        for screen in (self.checkout, self.balance, self.receipt, self.returns, *screens):
            self.stack.addWidget(screen)
        self.status = StatusBar(self.bridge, ledger_note=terminal.ledger_note)

        work = QVBoxLayout()
        work.setContentsMargins(0, 0, 0, 0)
        work.setSpacing(0)
        work.addWidget(self._header(header_widgets))
        work.addWidget(self.banner)
        work.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addLayout(work, 1)
        self.side_panel = side_panel
        if side_panel is not None:
            body.addWidget(side_panel)
        root = QWidget()
        root.setObjectName("root")
        outer = QVBoxLayout(root)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(body, 1)
        outer.addWidget(self.status)
        self.setCentralWidget(root)
        self._connect()
        self._sync_counts = QTimer(self)
        if terminal.sync is not None:
            # Sales add to the outbox without telling anyone: count it now and then.
            self._sync_counts.timeout.connect(self.refresh_sync_counts)
            self._sync_counts.start(2000)
            self.refresh_sync_counts()
        self._show_receipt_next = False
        self._ledger_was_online = False
        self._offline_announced = False
        self.wedge = wedge
        if wedge is not None:
            wedge.setParent(self)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self.checkout.focus_entry()

    def _header(self, extras: Sequence[QWidget]) -> QWidget:
        header = QFrame()
        header.setObjectName("header")
        brand = QLabel("giftpos")
        brand.setObjectName("brand")
        cfg = self.terminal.config
        where = QLabel(f"{cfg.store_id} · {cfg.terminal_id}")
        where.setObjectName("headerWhere")
        self.busy = QLabel("Working…")
        self.busy.setObjectName("busy")
        self.busy.hide()
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(brand)
        row.addWidget(where)
        row.addStretch(1)
        row.addWidget(self.busy)
        for widget in extras:
            row.addWidget(widget)
        row.addWidget(self.clock)
        self._tick()
        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start(1000)
        return header

    def _tick(self) -> None:
        self.clock.setText(datetime.now().strftime("%a %d %b  %H:%M"))
        self.ticked.emit()

    def _connect(self) -> None:
        c = self.controller
        c.problem.connect(self.show_problem)
        self.checkout.problem.connect(self.show_problem)
        c.offer.connect(self._offer)
        c.notice.connect(lambda text, step: self.banner.success(text, step))
        c.balance_ready.connect(self.balance.show_card)
        c.receipt_ready.connect(self._receipt_ready)
        c.sale_finished.connect(self._finished)
        c.sale_finished.connect(lambda *_: self.refresh_sync_counts())
        c.refunded.connect(self._refunded)
        c.started.connect(self.busy.show)
        c.idle.connect(self.busy.hide)
        self.checkout.action.connect(self.action)
        self.checkout.balance_wanted.connect(self.check_balance)
        self.balance.lookup.connect(c.check_balance)
        self.balance.back.connect(self.show_checkout)
        self.receipt.back.connect(self.show_checkout)
        self.receipt.print_requested.connect(c.reprint_last)
        self.returns.back.connect(self.show_checkout)
        self.returns.refund.connect(
            lambda sid, ids, new: self.guard("refund", lambda: c.refund(
                sid, line_ids=ids, to_new_card=new)))
        self.bridge.card_read.connect(self.card_read)
        self.bridge.sync_changed.connect(self._ledger_changed)
        self.bridge.read_problem.connect(
            lambda _dev, msg: self.banner.error(Message(msg, "Scan or swipe it again, "
                                                             "or type the number.")))

    # -- routing -------------------------------------------------------------
    def card_read(self, _device: str, number: str) -> None:
        """A card from a scanner, a swipe or the wedge (GUI thread)."""
        if self.stack.currentWidget() is self.balance:
            self.controller.check_balance(number)
            return
        take_card = getattr(self.stack.currentWidget(), "take_card", None)
        if take_card is not None:  # a screen that takes cards itself (manager console)
            take_card(number)
            return
        self.show_checkout()
        self.checkout.card_input(number)

    def check_balance(self, number: str) -> None:
        self.stack.setCurrentWidget(self.balance)
        self.balance.focus_entry()
        self.controller.check_balance(number)

    def show_checkout(self) -> None:
        self.stack.setCurrentWidget(self.checkout)
        self.checkout.focus_entry()

    def action(self, name: str) -> None:
        if name == "balance":
            self.stack.setCurrentWidget(self.balance)
            self.balance.focus_entry()
        elif name == "returns":
            self.stack.setCurrentWidget(self.returns)
            self.controller.last_sale(self.returns.show_sale)
        elif name == "receipt":
            self._show_receipt_next = True
            self.controller.preview()

    def _ledger_changed(self, status: SyncStatus) -> None:
        """Say so once when the ledger goes away, and when it comes back."""
        if not status.configured:
            return
        if status.online and self._offline_announced:
            self._offline_announced = False
            self.banner.success("The ledger is back.",
                                "Sales made offline are being sent to it now.")
        elif (not status.online and self._ledger_was_online and not self._offline_announced
              and not self.banner.has_prompt):  # never talk over a question
            self._offline_announced = True
            self.banner.show_message(Message(
                "The ledger is not answering: this terminal is working offline.",
                "Carry on selling: gift cards are taken within the offline limits and "
                "sent to the ledger when it is back."), Level.WARNING, timeout_ms=8000)
        self._ledger_was_online = self._ledger_was_online or status.online

    def refresh_sync_counts(self) -> None:
        """Entries waiting and last sync time, read off the GUI thread."""
        sync = self.terminal.sync
        if sync is None or self.terminal.closed:
            return
        engine = sync.engine

        def read() -> tuple[int, datetime | None]:
            return engine.pending(), engine.last_sync_at()

        self.worker.submit(read, label="sync_counts",
                           on_ok=lambda r: self.bridge.update_sync(pending=r[0], last_sync=r[1]))

    def guard(self, action: str, run: Callable[[], object]) -> None:
        """Run a guarded action (refund, void...) through the approvals gate."""
        self.approvals.guard(action, run)

    # -- the screen host (features built by ui.composition use it) --------------
    def add_screen(self, screen: QWidget) -> None:
        if self.stack.indexOf(screen) < 0:
            self.stack.addWidget(screen)

    def show_screen(self, screen: QWidget) -> None:
        self.add_screen(screen)
        self.stack.setCurrentWidget(screen)
        focus = getattr(screen, "focus_entry", None)
        if focus is not None:
            focus()

    def show_problem(self, exc: BaseException) -> None:
        self.banner.error(explain(exc))

    def _offer(self, offer: Offer) -> None:
        self.banner.show_message(offer.message, Level.WARNING, action=offer.action,
                                 on_accept=offer.accept)

    def _finished(self, done: Finished) -> None:
        change = done.sale.change
        text = "Sale complete."
        if change:
            text += f" Give {self.money.show(change)} change."
        step = "Receipt printed." if done.printed else "Receipt on screen: F11."
        self.banner.success(text, step, timeout_ms=6000)

    def _receipt_ready(self, receipt: object) -> None:
        self.receipt.show_receipt(receipt)
        if self._show_receipt_next:
            self._show_receipt_next = False
            self.stack.setCurrentWidget(self.receipt)

    def _refunded(self, result: RefundResult) -> None:
        self.returns.show_result(result)
        self.banner.success(f"Returned {self.money.show(result.total)}.", "")

    # -- keys ------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QWidget):
            return False
        if obj.window() is not self:
            return False
        assert isinstance(event, QKeyEvent)
        return self.handle_key(Qt.Key(event.key()))

    def handle_key(self, key: Qt.Key) -> bool:
        if ((self.banner.has_prompt or key == Qt.Key.Key_Escape)
                and self.banner.handle_key(key)):
            self._refocus()
            return True
        if self.banner.has_prompt and key in _FKEYS:
            self.banner.dismiss()  # another action is the answer "no"
        current = self.stack.currentWidget()
        if key == Qt.Key.Key_Escape:
            if current is self.checkout:
                return self.checkout.cancel_mode()
            self.show_checkout()
            return True
        if current is self.returns and key in (Qt.Key.Key_F1, Qt.Key.Key_F2):
            self.returns.submit(to_new_card=key == Qt.Key.Key_F2)
            return True
        name = _FKEYS.get(key)
        if name is None:
            return False
        if current is not self.checkout and name not in ("reprint", "balance"):
            self.show_checkout()
        self.checkout.function_key(name)
        return True

    def _refocus(self) -> None:
        current = self.stack.currentWidget()
        if current is self.balance:
            self.balance.focus_entry()
        elif current is self.checkout:
            self.checkout.focus_entry()

    # -- shutdown --------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            if self.wedge is not None:
                app.removeEventFilter(self.wedge)
        self._sync_counts.stop()
        self._clock_timer.stop()
        self.worker.wait_idle(5000)
        self.terminal.close()
        event.accept()
