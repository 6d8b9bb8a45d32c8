"""The composition root: the one place a terminal is wired together.

:func:`open_window` builds, in order, the QApplication, the event bridge, the
terminal's parts (:mod:`ui.terminal_parts`: store, card and checkout
services, gateway, sync engine, devices, printer), the worker and the sale
controller, the features that live beside the cashier's screens (the
customers panel, the manager's sign-in, approvals and console), the window
with all of them given to its constructor, and finally starts devices and
sync (once their events have somewhere to go). No widget builds a service or
opens a port, and no feature reaches into the window after it is built.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from app.config import TerminalConfig
from app.gateway import CardGateway
from app.store.database import Store
from drivers.formats import CardFormat
from drivers.wedge import WedgeResult
from ui.approvals import Approvals
from ui.bridge import EventBridge
from ui.main_window import MainWindow
from ui.money import MoneyFormat
from ui.sale_controller import SaleController
from ui.terminal_parts import (
    Terminal,
    build_device,
    build_terminal,
    card_formats,
    checkout_settings,
)
from ui.theme import apply_theme
from ui.wedge_filter import WedgeFilter
from ui.worker import Worker

if TYPE_CHECKING:
    from ui.manager.console import ConsoleTab

__all__ = ["Terminal", "build_device", "build_terminal", "card_formats", "checkout_settings",
           "close_window", "open_window", "qt_app"]

log = logging.getLogger(__name__)


def qt_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("giftpos")
    assert isinstance(app, QApplication)
    return app


def open_window(cfg: TerminalConfig, *, store: Store | None = None,
                gateway: CardGateway | None = None,
                side_panel: Callable[[Terminal, Worker], QWidget] | None = None,
                start_devices: bool = True, resume: bool = True,
                config_path: Path | None = None) -> MainWindow:
    """Build the window (the caller shows it); devices and sync start here.
    ``config_path`` is where the manager's Settings save (default: beside a
    demo's store, else the default location)."""
    from ui.customers import SHORTCUT, CustomerPanel, directory_for, open_button
    from ui.manager.install import Manager, header_widgets

    app = qt_app()
    from ui import i18n

    i18n.install(cfg.locale)  # before any widget: every tr() after this is in its language
    apply_theme(app, cfg.theme, cfg.font_size)
    bridge = EventBridge()
    terminal = build_terminal(cfg, on_device_event=bridge.post_device_event, store=store,
                              gateway=gateway)
    for device in terminal.devices:
        bridge.register_device(device.name)
    if terminal.sync is not None:
        bridge.attach_sync(terminal.sync.monitor, terminal.sync.engine)
    worker = Worker()
    money = MoneyFormat(cfg.currency, cfg.locale)
    controller = SaleController(terminal, worker, money)
    panel = side_panel(terminal, worker) if side_panel is not None else None
    formats = terminal.formats
    wedge = WedgeFilter(lambda result: _wedge_scan(bridge, result, formats))

    customers = CustomerPanel(directory_for(terminal), worker, money, controller=controller)
    customers_button = open_button()
    who, manager_button = header_widgets()
    approvals = Approvals()
    window = MainWindow(terminal, bridge=bridge, worker=worker, controller=controller,
                        side_panel=panel, wedge=wedge, approvals=approvals,
                        header_widgets=(customers_button, who, manager_button),
                        screens=(customers,))
    app.installEventFilter(wedge)

    # The customers panel (Ctrl+K, the header's button; docs/customers.md).
    customers.wanted.connect(lambda: window.show_screen(customers))
    customers.back.connect(window.show_checkout)
    customers.paying.connect(window.show_checkout)
    customers.problem.connect(window.show_problem)
    customers.notice.connect(lambda text, step: window.banner.success(text, step))
    customers_button.clicked.connect(customers.open_panel)
    window.add_shortcut(SHORTCUT, customers.open_panel)

    # The manager's part: sign-in, the idle lock, approvals, Ctrl+M (docs/manager.md).
    manager = Manager(window, config_path=config_path, header=(who, manager_button),
                      tabs=_console_tabs)
    approvals.gate = manager.session
    approvals.manager = manager
    manager.session.refresh()

    _settle_gifts(terminal, worker)
    if start_devices:
        terminal.start_devices()
    terminal.start_sync()
    if resume:
        controller.resume()
    return window


def _console_tabs() -> tuple[ConsoleTab, ...]:
    """The manager console's tabs that live in modules of their own, beside
    the ones it builds itself (imported when the console is first opened)."""
    from ui.manager import card_jobs_tab, egift_tab

    return (egift_tab.TAB, card_jobs_tab.TAB)


def _settle_gifts(terminal: Terminal, worker: Worker) -> None:
    """Gift cards sold in a sale that ended without the gift step (a crash in
    between) are saved to their recipients now."""
    from app.customers.checkout import settle_pending_gifts
    from app.customers.service import CustomerService

    checkout, local = terminal.checkout, CustomerService(terminal.cards)
    worker.submit(lambda: settle_pending_gifts(checkout, local), label="customers_settle_gifts")


def _wedge_scan(bridge: EventBridge, result: WedgeResult,
                formats: tuple[CardFormat, ...]) -> None:
    event = result.event(device="wedge", formats=formats)
    if event is not None:
        bridge.post_device_event(event)


def close_window(window: MainWindow) -> None:
    """Close the window and the terminal behind it (devices, sync, store),
    without the open-sale question (the program is ending)."""
    window.close_now()
    window.terminal.close()
