"""The cashier's window: it assembles the screens, the banner and the status
bar, routes keys (function keys, Enter/Esc for the banner) and card reads to
the screen on top. What an action does lives in the screens and the
controller, not here."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from babel.dates import format_datetime
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QKeyEvent,
    QKeySequence,
    QMoveEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.checkout.models import RefundResult
from ui.approvals import Approvals
from ui.banner import BannerSlot, Level, MessageBanner
from ui.bridge import EventBridge, SyncStatus
from ui.fit_text import OneLineLabel
from ui.i18n import tr
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
RECEIPT_CODE = re.compile(r"^[Ss]\d{1,12}$")  # a receipt's barcode (app.receipts.model)


def _real_screen() -> bool:
    """Whether the screen is one to fit: any real one, and an offscreen one
    only when its size was given (``offscreen:configfile=...``, as the fit
    test does); the offscreen default (800x800) is no screen anybody sees, and
    screenshots and tests ask for their own window size there."""
    if QApplication.platformName() != "offscreen":
        return True
    return "configfile" in os.environ.get("QT_QPA_PLATFORM", "")


class MainWindow(QMainWindow):
    """``ticked()`` every second from the clock in the header: a GUI that
    keeps ticking is a GUI that is not blocked (tests rely on it)."""

    ticked = Signal()
    closing = Signal()  # the window is really closing (after any question)

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
        self.setWindowTitle(tr('giftpos — {terminal_id}').format(terminal_id=cfg.terminal_id))

        self.banner = MessageBanner()
        self.checkout = CheckoutScreen(self.controller, self.money, terminal.formats)
        self.balance = BalanceScreen(self.money)
        self.receipt = ReceiptScreen()
        self.returns = ReturnsScreen(self.money)
        self.stack = QStackedWidget()
        # A screen bigger than the room left scrolls or squeezes (the console's
        # tabs scroll); it never grows the window off the screen.
        self.stack.setMinimumSize(1, 1)
        for screen in (self.checkout, self.balance, self.receipt, self.returns, *screens):
            self.stack.addWidget(screen)
        self.status = StatusBar(self.bridge, ledger_note=terminal.ledger_note,
                                security_warnings=terminal.sync.client.security_warnings
                                if terminal.sync is not None else ())

        work = QVBoxLayout()
        work.setContentsMargins(0, 0, 0, 0)
        work.setSpacing(0)
        work.addWidget(self._header(header_widgets))
        self.banner_slot = BannerSlot(self.banner)
        work.addWidget(self.banner_slot)
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
        self._shortcuts: dict[str, Callable[[], object]] = {}
        self._close_confirmed = False
        self.close_question: QMessageBox | None = None
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
        # Gives way when the screen is narrow (1024 with the demo panel), on
        # one line: the store's name is cut short or left out, never the till's.
        where = OneLineLabel(cfg.store_id, cfg.terminal_id)
        where.setObjectName("headerWhere")
        self.busy = QLabel(tr("Working…"))
        self.busy.setObjectName("busy")
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        # "Working…" takes the clock's place while the worker is busy: a label
        # of its own appearing would take room from the others and move them.
        self.clock_slot = QStackedWidget()
        self.clock_slot.setObjectName("clockSlot")
        self.clock_slot.addWidget(self.clock)
        self.clock_slot.addWidget(self.busy)
        self.clock_slot.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(brand)
        row.addWidget(where, 1)
        for widget in extras:
            row.addWidget(widget)
        row.addWidget(self.clock_slot)
        self._tick()
        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start(1000)
        return header

    def _tick(self) -> None:
        # The till's locale: "Sun 06 Dec 00:48" in en_US, "So. 06.12. 00:48" in de_DE.
        self.clock.setText(format_datetime(datetime.now(), "EEE dd MMM  HH:mm",
                                           locale=self.money.locale))
        self.ticked.emit()

    def _connect(self) -> None:
        c = self.controller
        c.problem.connect(self.show_problem)
        self.checkout.problem.connect(self.show_problem)
        c.offer.connect(self._offer)
        c.notice.connect(lambda text, step: self.banner.success(text, step))
        c.balance_ready.connect(self.balance.show_card)
        c.balance_failed.connect(self.balance.clear_card)
        c.receipt_ready.connect(self._receipt_ready)
        c.sale_finished.connect(self._finished)
        c.sale_finished.connect(lambda *_: self.refresh_sync_counts())
        c.refunded.connect(self._refunded)
        c.started.connect(lambda: self.clock_slot.setCurrentWidget(self.busy))
        c.idle.connect(lambda: self.clock_slot.setCurrentWidget(self.clock))
        self.checkout.action.connect(self.action)
        self.checkout.balance_wanted.connect(self.check_balance)
        self.balance.lookup.connect(c.check_balance)
        self.balance.back.connect(self.show_checkout)
        self.balance.cashout.connect(
            lambda number: self.guard("cashout", lambda: c.cash_out(number)))
        self.receipt.back.connect(self.show_checkout)
        self.receipt.print_requested.connect(c.reprint_last)
        self.returns.back.connect(self.show_checkout)
        self.returns.refund.connect(
            lambda sid, ids, new: self.guard("refund", lambda: c.refund(
                sid, line_ids=ids, to_new_card=new)))
        self.bridge.card_read.connect(self.card_read)
        self.bridge.code_read.connect(self.code_read)
        self.returns.find_wanted.connect(self.find_sale)
        self.bridge.sync_changed.connect(self._ledger_changed)
        self.bridge.read_problem.connect(
            lambda _dev, msg: self.banner.error(Message(msg, tr("Scan or swipe it again, "
                                                             "or type the number."))))

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

    def code_read(self, _device: str, code: str) -> None:
        """A product or receipt barcode (not a card) from a scanner or the
        wedge (GUI thread): a receipt opens its sale for a return, a product
        adds its item to the sale."""
        current = self.stack.currentWidget()
        take_code = getattr(current, "take_code", None)
        if take_code is not None and current is not self.returns:
            take_code(code)  # a screen that takes codes itself (the item list)
            return
        if RECEIPT_CODE.match(code):
            self.find_sale(code)
            return
        self.show_checkout()
        self.controller.add_product(code, self.checkout.take_quantity())

    def find_sale(self, code: str) -> None:
        self.stack.setCurrentWidget(self.returns)
        self.controller.find_sale(code, self.returns.show_sale)

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
            self.returns.focus_entry()
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
            self.banner.success(tr("The ledger is back."),
                                tr("Sales made offline are being sent to it now."))
        elif (not status.online and self._ledger_was_online and not self._offline_announced
              and not self.banner.has_prompt):  # never talk over a question
            self._offline_announced = True
            self.banner.show_message(Message(
                tr("The ledger is not answering: this terminal is working offline."),
                tr("Carry on selling: gift cards are taken within the offline limits and "
                "sent to the ledger when it is back.")), Level.WARNING, timeout_ms=8000)
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
        self.banner.error(explain(exc, self.terminal.config.locale))

    def _offer(self, offer: Offer) -> None:
        self.banner.show_message(offer.message, Level.WARNING, action=offer.action,
                                 on_accept=offer.accept)

    def _finished(self, done: Finished) -> None:
        change = done.sale.change
        text = tr("Sale complete.")
        if change:
            text += " " + tr("Give {change} change.").format(change=self.money.show(change))
        step = tr("Receipt printed.") if done.printed else tr("Receipt on screen: F11.")
        self.banner.success(text, step, timeout_ms=6000)

    def _receipt_ready(self, receipt: object) -> None:
        self.receipt.show_receipt(receipt)
        if self._show_receipt_next:
            self._show_receipt_next = False
            self.stack.setCurrentWidget(self.receipt)

    def _refunded(self, result: RefundResult) -> None:
        self.returns.show_result(result)
        self.banner.success(tr('Returned {show}.').format(show=self.money.show(result.total)), "")

    # -- keys ------------------------------------------------------------------
    def add_shortcut(self, sequence: str, run: Callable[[], object]) -> None:
        """A key combination (``"Ctrl+K"``) that works anywhere in this window,
        whatever has the focus, or nothing has (after a restart, a wedge scan,
        or without a window manager, where Qt's own QShortcut never fires;
        and the entry field would take Ctrl+K as "delete to the end")."""
        self._shortcuts[QKeySequence(sequence).toString()] = run

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) \
                or not isinstance(obj, QWidget) or obj.window() is not self:
            return False
        assert isinstance(event, QKeyEvent)
        mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                    | Qt.KeyboardModifier.AltModifier)
        if mods:
            run = self._shortcuts.get(QKeySequence(event.keyCombination()).toString())
            if run is None:
                return False
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # ours: no QShortcut or editing key takes it
                return True
            run()
            return True
        if kind != QEvent.Type.KeyPress:
            return False
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
        if (current is self.checkout and key == Qt.Key.Key_Delete
                and not self.checkout.entry.text()):
            self.checkout.function_key("remove")
            return True
        if current is self.balance and key == Qt.Key.Key_F1:
            self.balance.request_cashout()
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

    # -- the screen ----------------------------------------------------------------
    def fit_screen(self) -> None:
        """Never bigger than the screen it is on (1024x768 included): the
        status bar (online/offline, waiting to sync) must stay visible."""
        screen = self.screen()
        if screen is None or not _real_screen():
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()
        most = room.size() - frame
        self.setMaximumSize(most)
        if self.width() > most.width() or self.height() > most.height():
            self.resize(min(self.width(), most.width()), min(self.height(), most.height()))
        geo = self.frameGeometry()
        if not room.contains(geo):
            self.move(max(room.left(), min(geo.left(), room.right() - geo.width() + 1)),
                      max(room.top(), min(geo.top(), room.bottom() - geo.height() + 1)))

    def showEvent(self, event: QShowEvent) -> None:
        self.fit_screen()
        super().showEvent(event)
        # Again once the frame's size is known; the window is the timer's
        # context, so it never fires after the window is gone.
        QTimer.singleShot(0, self, self.fit_screen)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            # What the window needs at least changed (fonts polished, a new
            # screen): fit again once that settled.
            QTimer.singleShot(0, self, self.fit_screen)
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.isVisible():
            self.fit_screen()

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        if self.isVisible():
            self.fit_screen()  # the frame (and so the room left) is known by now

    # -- shutdown --------------------------------------------------------------
    def close_now(self) -> None:
        """Close without asking (the program is ending anyway)."""
        self._close_confirmed = True
        self.close()

    def _ask_before_closing(self) -> None:
        sale = self.controller.sale
        assert sale is not None
        box = QMessageBox(QMessageBox.Icon.Warning, tr("A sale is open"),
                          (tr("A sale of {total} is still open with {paid} paid. Close the "
                              "till anyway?") if sale.paid else
                           tr("A sale of {total} is still open. Close the till anyway?"))
                          .format(total=self.money.show(sale.total),
                                  paid=self.money.show(sale.paid)), parent=self)
        box.setInformativeText(tr("The sale stays open (card holds included) and comes back "
                               "when the till starts again. To end it now, keep selling "
                               "and finish (F12) or cancel (F8) it."))
        keep = box.addButton(tr("Keep selling"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(tr("Close anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(keep)

        def answered() -> None:
            self.close_question = None
            if box.clickedButton() is not keep and box.clickedButton() is not None:
                self.close_now()
        box.finished.connect(lambda _r: answered())
        self.close_question = box
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._close_confirmed and self.controller.sale is not None:
            event.ignore()
            if self.close_question is None:
                self._ask_before_closing()
            return
        self.closing.emit()
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
