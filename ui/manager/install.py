"""The manager's part of the cashier's window (GUI thread): sign-in, the idle
lock, approvals and the console. ui.composition builds it with the window
and hands it its header widgets; it uses the window's public screen host
(add_screen, show_screen, show_checkout) and never patches the window.

Nothing here builds a service of its own beyond the staff and report
services over the terminal's store; the card service, checkout, worker,
banner and bridge are the window's."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from app.config import TerminalConfig, default_config_path
from app.reports import ReportService
from app.reports.remote import LedgerReports
from app.staff import StaffService, StaffView
from app.staff.repairs import CardRepairs, ledger_for_repairs
from ui.fit_text import OneLineLabel
from ui.i18n import tr
from ui.manager.common import button
from ui.manager.console import ConsoleTab, ManagerConsole
from ui.manager.locked_page import LockedPage
from ui.manager.session import StaffSession
from ui.manager.style import style
from ui.theme import stylesheet

log = logging.getLogger(__name__)

_BLOCKED = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
            QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin, QEvent.Type.Wheel}


class _LockFilter(QObject):
    """While the till is locked, the window behind the sign-in prompt takes
    no keys, clicks or touches (the prompt itself, a dialog, still does)."""

    def __init__(self, manager: Manager) -> None:
        super().__init__(manager.window)
        self.manager = manager

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _BLOCKED or not self.manager.locked or not isinstance(obj, QWidget):
            return False
        page = self.manager._locked_page
        if page is not None and (obj is page or page.isAncestorOf(obj)):
            return False  # its sign-in button works
        return obj.window() is self.manager.window


class Manager(QObject):
    """What :func:`install` added to a window (``window.manager``)."""

    def __init__(self, window: Any, *, staff: StaffService | None = None,
                 config_path: Path | None = None,
                 header: tuple[QLabel, QPushButton] | None = None,
                 tabs: Callable[[], Sequence[ConsoleTab]] = tuple) -> None:
        """``tabs`` answers the console's tabs that live in modules of their
        own (ui/composition.py says which), asked when the console is built
        so the cashier's window starts without importing them."""
        super().__init__(window)
        self._tabs = tabs
        self.window = window
        terminal = window.terminal
        cfg: TerminalConfig = terminal.config
        self.staff = staff or StaffService(terminal.store, terminal=cfg.terminal_id)
        self.session = StaffSession(window, self.staff, idle_ms=cfg.idle_lock_s * 1000)
        self._config_path = config_path
        self._console: ManagerConsole | None = None
        self._locked_page: LockedPage | None = None
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.session.idle)
        self._lock_filter = _LockFilter(self)
        app.installEventFilter(self._lock_filter)
        window.closing.connect(self.shutdown)
        self.session.changed.connect(self._person_changed)
        self.session.locked.connect(self._on_lock)
        # The window's own key table: they work whatever has the focus, or
        # nothing (see MainWindow.add_shortcut).
        window.add_shortcut("Ctrl+M", lambda: self.open_console())
        window.add_shortcut("Ctrl+L", self.lock_or_sign_in)
        self.who, self.button = header or header_widgets()
        self.button.clicked.connect(lambda: self.open_console())

    def shutdown(self) -> None:
        """The window is closing: take our filters off the application and
        drop the console, so a closed window leaves nothing running (tests
        and the benchmark open many windows in one process)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.session.idle)
            app.removeEventFilter(self._lock_filter)
        self.session.idle.stop()
        for dialog in (self.session.sign_in_dialog, self.session.approval_dialog):
            if dialog is not None:
                dialog.hide()
        if self._console is not None:
            self._console.settings.close_tests()

    # -- state ---------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.session.person is None and self.session.staff_exist

    @property
    def config_path(self) -> Path:
        """Where settings are saved: as given, else the window's
        (``giftpos terminal --config``), else next to a demo's store, else the
        default location."""
        if self._config_path is not None:
            return self._config_path
        given = self.window.property("config_path")
        if given:
            return Path(given)
        url = self.window.terminal.config.db_url
        if url.startswith("sqlite:///") and url.endswith(".db"):
            return Path(url.removeprefix("sqlite:///")).with_name("terminal.toml")
        return default_config_path()

    @property
    def console(self) -> ManagerConsole:
        """Built on first use: the cashier's window starts without it."""
        if self._console is None:
            self._console = self._build_console()
        return self._console

    def _build_console(self) -> ManagerConsole:
        terminal = self.window.terminal
        cfg = terminal.config
        client = getattr(getattr(terminal, "sync", None), "client", None)
        repairs = CardRepairs(terminal.cards, ledger=ledger_for_repairs(cfg.ledger, client))
        ledger = LedgerReports(cfg.ledger.url, cfg.ledger.manager_token or cfg.ledger.token,
                               verify=cfg.ledger.verify_tls) if cfg.ledger.url else None
        reports = ReportService(terminal.store, terminal.checkout, ledger=ledger)
        console = ManagerConsole(self.window, session=self.session, staff=self.staff,
                                 reports=reports, repairs=repairs,
                                 config_path=self.config_path, apply=self.apply_settings,
                                 tabs=self._tabs())
        style(console, cfg.theme, cfg.font_size)
        self.window.add_screen(console)
        return console

    # -- actions -------------------------------------------------------------
    def open_console(self, tab: str = "cards") -> ManagerConsole:
        console = self.console
        if self.locked:
            self.session.ask_sign_in(required=True)
            return console
        self.window.banner.dismiss()
        self.window.show_screen(console)
        console.show_tab(tab)
        return console

    def lock_or_sign_in(self) -> None:
        if self.session.person is not None:
            self.session.lock()
        else:
            self.session.ask_sign_in(required=self.locked)

    def _on_lock(self) -> None:
        # Nothing (a sale, the console) stays on screen behind the sign-in
        # prompt, and a card scanned meanwhile goes nowhere.
        if self._locked_page is None:
            self._locked_page = LockedPage(self.lock_or_sign_in)
        self.window.show_screen(self._locked_page)

    def _person_changed(self, person: StaffView | None) -> None:
        self.who.setText(f"{person.name} · {tr(str(person.role).capitalize())}"
                         if person is not None else "")
        self.who.setVisible(person is not None)  # empty, it would still take room
        if person is not None and self.window.stack.currentWidget() is self._locked_page:
            self.window.show_checkout()

    def apply_settings(self, new: TerminalConfig, old: TerminalConfig) -> None:
        """Take saved settings into use where that needs no restart (GUI thread)."""
        terminal = self.window.terminal
        cfg = terminal.config
        if (new.theme, new.font_size) != (old.theme, old.font_size):
            app = QApplication.instance()
            if isinstance(app, QApplication):
                # The style (Fusion) is set once at start; only the sheet changes.
                app.setStyleSheet(stylesheet(new.theme, new.font_size))
            if self._console is not None:
                style(self._console, new.theme, new.font_size)
        cfg.theme, cfg.font_size, cfg.idle_lock_s = new.theme, new.font_size, new.idle_lock_s
        if new.business != old.business:  # the next receipt carries the new header
            from ui.terminal_parts import checkout_settings

            cfg.business = new.business.model_copy(deep=True)
            terminal.checkout.settings = checkout_settings(cfg)
        self.session.idle.set_timeout(new.idle_lock_s * 1000)
        if new.printer_url != old.printer_url:
            cfg.printer_url = new.printer_url
            self.window.worker.submit(lambda: _swap_printer(terminal, new.printer_url),
                                      on_err=self.session.problem, label="printer_swap")
        if new.devices != old.devices:
            cfg.devices = new.devices
            self._restart_devices(new)

    def _restart_devices(self, new: TerminalConfig) -> None:
        from ui.terminal_parts import build_device, card_formats

        terminal = self.window.terminal
        old_devices = list(terminal.devices)

        def close_old() -> None:
            for d in old_devices:
                d.close()

        def start_new(_r: object = None) -> None:
            bridge = self.window.bridge
            fresh = []
            for dev in new.devices:
                if dev.url:
                    fresh.append(build_device(dev, card_formats(terminal.config),
                                              bridge.post_device_event))
            terminal.devices[:] = fresh
            for d in fresh:
                bridge.register_device(d.name)
                d.start()
        self.window.worker.submit(close_old, on_ok=start_new, on_err=self.session.problem,
                                  label="devices_restart")


def _swap_printer(terminal: Any, url: str) -> None:
    """Worker thread: open the new printer, then retire the old one."""
    from drivers.printer import open_printer

    new = open_printer(url) if url else None
    old, terminal.printer = terminal.printer, new
    if old is not None:
        old.close()


def header_widgets() -> tuple[QLabel, QPushButton]:
    """Who is signed in, and the console's button, for the window's header."""
    who = OneLineLabel()  # cut short rather than widen the window
    who.setObjectName("headerWho")
    who.hide()  # until someone signs in
    b = button(tr("Manager  Ctrl+M"), None, name="managerButton", height=32)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return who, b


def install(window: Any, *, staff: StaffService | None = None,
            config_path: Path | None = None) -> Manager:
    """The manager's part the composition root built for ``window``
    (``config_path``, if given, is where its settings save from now on)."""
    manager = window.approvals.manager
    if not isinstance(manager, Manager):
        raise RuntimeError("this window was not built by ui.composition.open_window")
    if config_path is not None:
        manager._config_path = config_path
    if staff is not None:
        manager.staff = manager.session.staff = staff
    return manager
