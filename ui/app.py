"""Starting the cashier window: the QApplication, the bridge, the terminal
built by the composition root, the window, the wedge filter and the devices,
in that order (devices start last, once their events have somewhere to go)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget

from app.config import TerminalConfig
from app.gateway import CardGateway
from app.store.database import Store
from drivers.formats import CardFormat
from drivers.wedge import WedgeResult
from ui.bridge import EventBridge
from ui.composition import Terminal, build_terminal
from ui.main_window import MainWindow
from ui.theme import apply_theme
from ui.wedge_filter import WedgeFilter
from ui.worker import Worker

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
                start_devices: bool = True, resume: bool = True) -> MainWindow:
    """Build the window (the caller shows it); devices and sync start here."""
    app = qt_app()
    apply_theme(app, cfg.theme, cfg.font_size)
    bridge = EventBridge()
    terminal = build_terminal(cfg, on_device_event=bridge.post_device_event, store=store,
                              gateway=gateway)
    for device in terminal.devices:
        bridge.register_device(device.name)
    if terminal.sync is not None:
        bridge.attach_sync(terminal.sync.monitor, terminal.sync.engine)
    worker = Worker()
    panel = side_panel(terminal, worker) if side_panel is not None else None
    window = MainWindow(terminal, bridge=bridge, worker=worker, side_panel=panel)
    bridge.setParent(window)
    worker.setParent(window)
    formats = terminal.formats
    window.wedge = WedgeFilter(lambda result: _wedge_scan(bridge, result, formats),
                               parent=window)
    app.installEventFilter(window.wedge)
    from ui.manager import install as install_manager

    install_manager(window)  # sign-in, approvals, Ctrl+M console (docs/manager.md)
    if start_devices:
        terminal.start_devices()
    terminal.start_sync()
    if resume:
        window.controller.resume()
    return window


def _wedge_scan(bridge: EventBridge, result: WedgeResult,
                formats: tuple[CardFormat, ...]) -> None:
    event = result.event(device="wedge", formats=formats)
    if event is not None:
        bridge.post_device_event(event)


def close_window(window: MainWindow) -> None:
    """Close the window and the terminal behind it (devices, sync, store)."""
    window.close()
    window.terminal.close()
