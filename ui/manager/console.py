"""The manager console: one page of the main window's stack with a tab per
job (cards, reports, audit trail, staff, settings). A cashier signed in sees
the card lookup; the other tabs are for managers (or an unattended till with
no staff accounts yet, so the first manager can be added)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.reports import ReportService
from app.staff import StaffService, StaffView
from app.staff.repairs import CardRepairs
from ui.i18n import tr
from ui.manager.audit_screen import AuditScreen
from ui.manager.card_actions import CardsController
from ui.manager.common import button
from ui.manager.lookup import LookupScreen
from ui.manager.reports_screen import ReportsScreen
from ui.manager.session import StaffSession
from ui.manager.settings_screen import SettingsScreen
from ui.manager.staff_screen import StaffScreen
from ui.money import MoneyFormat

log = logging.getLogger(__name__)

TABS = ("cards", "reports", "audit", "staff", "settings", "designs", "items")


@dataclass(frozen=True)
class ConsoleTab:
    """A tab that lives in its own module, given to the console by the
    composition root (ui/composition.py) and built with it: ``build(console)``
    makes the page, which the console keeps as ``console.<name>``; a page
    with ``reload()`` and ``reload_on_show`` is reloaded each time it comes
    to the front. ``label`` is the English source (shown through tr())."""

    name: str
    label: str
    build: Callable[[ManagerConsole], QWidget]
    reload_on_show: bool = False


class ManagerConsole(QWidget):
    """``tab_shown(name)`` when a tab comes to the front."""

    tab_shown = Signal(str)

    def __init__(self, window: Any, *, session: StaffSession, staff: StaffService,
                 reports: ReportService, repairs: CardRepairs, config_path: Path,
                 apply: Any, tabs: Sequence[ConsoleTab] = ()) -> None:
        super().__init__()
        self.setObjectName("managerConsole")
        self.window_ = window
        self.session = session
        terminal = window.terminal
        cfg = terminal.config
        money = MoneyFormat(cfg.currency, cfg.locale)
        self.money = money
        worker, banner = window.worker, window.banner

        self.lookup = LookupScreen(money)
        self.cards = CardsController(self.lookup, cards=terminal.cards, repairs=repairs,
                                     session=session, worker=worker, money=money,
                                     banner=banner, terminal=cfg.terminal_id,
                                     store=cfg.store_id, parent=self)
        self.reports = ReportsScreen(reports, session=session, worker=worker, money=money,
                                     banner=banner, printer=lambda: terminal.printer)
        self.audit = AuditScreen(staff, worker=worker, money=money, banner=banner)
        self.staff = StaffScreen(staff, session=session, worker=worker, banner=banner)
        self.settings = SettingsScreen(cfg, config_path, session=session, worker=worker,
                                       banner=banner, apply=apply,
                                       running_devices=lambda: list(terminal.devices),
                                       main_bridge=window.bridge)
        from ui.designs import screen_for as designs_screen

        self.designs = designs_screen(window)  # programs, covers, print a card: ui/designs
        from app.catalog import CatalogService
        from ui.manager.items_screen import ItemsScreen

        catalog = terminal.catalog or CatalogService(terminal.store, currency=cfg.currency,
                                                     locale=cfg.locale)
        self.items = ItemsScreen(catalog, worker=worker, money=money, banner=banner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("managerTabs")
        self.tabs.setDocumentMode(True)
        self.pages: list[QWidget] = []
        for w, label in ((self.lookup, tr("Cards")), (self.reports, tr("Reports")),
                         (self.audit, tr("Audit trail")), (self.staff, tr("Staff")),
                         (self.settings, tr("Settings")), (self.designs, tr("Card designs")),
                         (self.items, tr("Items"))):
            self.pages.append(w)
            # In a scroll area: a tab bigger than a 1024x768 screen scrolls
            # instead of growing the window off the screen.
            self.tabs.addTab(_scrolled(w), label)
        self.names: tuple[str, ...] = TABS
        self._reloaded = {"audit", "staff", "designs", "items"}  # each time they are shown
        for spec in tabs:  # each scrolls as it needs: added as it is
            page = spec.build(self)
            setattr(self, spec.name, page)
            self.names += (spec.name,)
            if spec.reload_on_show:
                self._reloaded.add(spec.name)
            self.tabs.addTab(page, tr(spec.label))
        self.tabs.currentChanged.connect(self._tab_changed)
        self._loaded: set[str] = set()

        bar = QFrame()
        bar.setObjectName("consoleBar")
        self.who = QLabel("")
        self.who.setObjectName("consoleWho")
        self.lock_btn = button(tr("Ctrl+L  Lock"), self.session.lock, name="consoleLock", height=40)
        back = button(tr("Esc  Back to sale"), window.show_checkout, name="consoleBack", height=40)
        for b in (self.lock_btn, back):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 8, 24, 0)
        heading = QLabel(tr("Manager console"))
        heading.setObjectName("consoleTitle")
        row.addWidget(heading)
        row.addSpacing(16)
        row.addWidget(self.who)
        row.addStretch(1)
        row.addWidget(self.lock_btn)
        row.addWidget(back)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        outer.addWidget(bar)
        outer.addWidget(self.tabs, 1)
        session.changed.connect(self.signed_in)
        self.signed_in(session.person)

    def index_of(self, page: QWidget) -> int:
        """The tab index of one of the console's pages (they sit in scroll areas)."""
        if page in self.pages:
            return self.pages.index(page)
        return self.tabs.indexOf(page)  # a tab added as it is

    @property
    def current_page(self) -> QWidget:
        i = self.tabs.currentIndex()
        if i < len(self.pages):
            return self.pages[i]
        page = self.tabs.currentWidget()
        assert page is not None
        return page

    # -- who -----------------------------------------------------------------
    def signed_in(self, person: StaffView | None) -> None:
        unattended = person is None and not self.session.staff_exist
        manager = unattended or (person is not None and person.is_manager)
        if person is not None:
            self.who.setText(tr('Signed in: {name} ({role})')
                             .format(name=person.name, role=tr(str(person.role).capitalize())))
        else:
            self.who.setText(tr("No staff accounts yet: add a manager in Staff")
                             if unattended else tr("Nobody signed in"))
        self.lock_btn.setVisible(person is not None)
        for i in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(i, manager)
            self.tabs.setTabToolTip(i, "" if manager else tr("For managers"))
        if not manager and self.tabs.currentIndex() != 0:
            self.tabs.setCurrentIndex(0)

    # -- navigation ------------------------------------------------------------
    def show_tab(self, name: str) -> None:
        i = self.names.index(name)
        if not self.tabs.isTabEnabled(i):
            return
        if self.tabs.currentIndex() == i:
            self._tab_changed(i)
        else:
            self.tabs.setCurrentIndex(i)

    def _tab_changed(self, i: int) -> None:
        name = self.names[i]
        if name not in self._loaded or name in self._reloaded:
            self._loaded.add(name)
            if name == "reports":
                self.reports.show_report(self.reports.current)
            elif name == "audit":
                self.audit.reload()
            elif name == "staff":
                self.staff.reload()
            elif name == "designs":
                self.designs.reload()
            elif name == "items":
                self.items.reload()
            elif name in self._reloaded:
                getattr(self, name).reload()
        if name == "cards":
            self.lookup.focus_entry()
        self.tab_shown.emit(name)

    def take_code(self, code: str) -> None:
        """A product barcode scanned while the console is on screen."""
        if self.current_page is self.items:
            self.items.take_code(code)
        else:
            self.banner_notice(code)

    def banner_notice(self, code: str) -> None:
        self.window_.banner.info(tr('Barcode {code} scanned.').format(code=code),
                                 tr("Open Items to add it to the item list."))

    def take_card(self, number: str) -> None:
        """A scan or swipe while the console is on screen (GUI thread)."""
        if self.settings.test_dialog is not None:
            return  # the device test shows it
        if self.cards.take_card(number):
            return
        self.show_tab("cards")
        self.lookup.set_mode("number")
        self.cards.look_up("number", number)

    def focus_entry(self) -> None:
        if self.tabs.currentIndex() == 0:
            self.lookup.focus_entry()


def _scrolled(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setObjectName(f"{page.objectName() or 'page'}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area
