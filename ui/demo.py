"""`giftpos demo`: a newcomer's first minute. A throw-away store seeded with
demo cards, an embedded ledger in a background thread when app/ledger is
installed, a virtual scanner and a virtual magstripe reader on real ptys
(clickable from the side panel),
and a second scanner port that `giftpos devices simulate` can drive."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.config import DeviceConfig, TerminalConfig
from app.domain import OpContext
from app.ops.service import CardService
from app.store.database import open_store
from drivers.virtual import VirtualMagstripe, VirtualScanner
from ui.app import open_window, qt_app
from ui.composition import Terminal
from ui.demo_data import DemoCard, seed_cards
from ui.demo_ledger import start_ledger
from ui.demo_panel import DemoPanel
from ui.main_window import MainWindow
from ui.money import MoneyFormat
from ui.run_loop import exec_app
from ui.worker import Worker

log = logging.getLogger(__name__)


@dataclass
class DemoSession:
    window: MainWindow
    cards: list[DemoCard]
    data_dir: Path
    scanner: VirtualScanner | None
    shell_port: Path
    extras: list[Any] = field(default_factory=list)  # things to close (ledger server)
    magstripe: VirtualMagstripe | None = None

    def close(self) -> None:
        from ui.app import close_window

        close_window(self.window)
        for port in (self.scanner, self.magstripe):
            if port is not None:
                port.close()
        for extra in reversed(self.extras):
            extra.close()


def demo_config(data_dir: Path, *, currency: str = "USD", locale: str = "en_US",
                theme: str = "light", scanner_port: str = "",
                shell_port: str = "", magstripe_port: str = "") -> TerminalConfig:
    cfg = TerminalConfig(terminal_id="demo-till", store_id="demo-shop", locale=locale,
                         currency=currency, theme=theme,
                         db_url=f"sqlite:///{data_dir / 'terminal.db'}",
                         printer_url="dummy://")
    if scanner_port:
        cfg.devices.append(DeviceConfig(name="scanner", url=scanner_port))
    if magstripe_port:
        cfg.devices.append(DeviceConfig(name="magstripe", kind="magstripe", url=magstripe_port))
    if shell_port:
        cfg.devices.append(DeviceConfig(name="shell-scanner", url=shell_port))
    return cfg


def build_demo(*, data_dir: Path | None = None, theme: str = "light", currency: str = "USD",
               locale: str = "en_US", offline: bool = False, virtual_scanner: bool = True,
               shell_scanner: bool = True, panel: bool = True,
               ledger_url: Callable[[str], str] | None = None,
               ledger_timeout_s: float | None = None) -> DemoSession:
    """Everything `giftpos demo` shows, without running the event loop (tests,
    screenshots and the benchmark use it too). ``ledger_url`` maps the
    embedded ledger's URL to the one the terminal uses (tests put a fault
    proxy in between)."""
    qt_app()
    folder = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="giftpos-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    scanner = VirtualScanner(link=folder / "scanner") if virtual_scanner else None
    swiper = VirtualMagstripe(link=folder / "magstripe") if virtual_scanner else None
    shell_port = folder / "shell-scanner"
    cfg = demo_config(folder, currency=currency, locale=locale, theme=theme,
                      scanner_port=scanner.port if scanner else "",
                      magstripe_port=swiper.port if swiper else "",
                      shell_port=str(shell_port) if shell_scanner else "")
    extras: list[Any] = []
    ledger = None if offline else start_ledger(folder, terminal_id=cfg.terminal_id,
                                               store_id=cfg.store_id)
    store = open_store(cfg.db_url)
    if ledger is not None:
        extras.append(ledger)
        cfg.ledger.url = ledger_url(ledger.url) if ledger_url else ledger.url
        cfg.ledger.token = ledger.token
        cfg.ledger.sync_interval_s = 5.0
        if ledger_timeout_s is not None:
            cfg.ledger.timeout_s = ledger_timeout_s
        issuer = ledger.cards
    else:
        issuer = CardService(store, context=OpContext(terminal=cfg.terminal_id,
                                                      store=cfg.store_id))
    cards = seed_cards(issuer, folder, currency=cfg.currency)

    def side(terminal: Terminal, worker: Worker) -> DemoPanel:
        note = terminal.ledger_note if terminal.sync is None else (
            f"Embedded ledger: {ledger.url}" if ledger is not None else "")
        return DemoPanel(cards, scanner, worker, MoneyFormat(cfg.currency, cfg.locale),
                         ledger_note=note, shell_port=str(shell_port) if shell_scanner else "",
                         magstripe=swiper)

    window = open_window(cfg, store=store, side_panel=side if panel else None)
    return DemoSession(window, cards, folder, scanner, shell_port, extras, swiper)


def run_demo(*, data_dir: Path | None, theme: str, currency: str, locale: str,
             offline: bool) -> int:
    app = qt_app()
    session = build_demo(data_dir=data_dir, theme=theme, currency=currency, locale=locale,
                         offline=offline)
    print(f"giftpos demo: data in {session.data_dir}")
    ledger = session.window.terminal.config.ledger
    print(f"ledger: {ledger.url}" if ledger.url else "ledger: none (offline only)")
    if session.scanner is not None:
        print(f"virtual scanner pty: {session.scanner.port} -> {session.scanner.slave_name}")
    print(f"drive the second scanner from a shell:\n"
          f"  giftpos devices simulate scanner --link {session.shell_port}")
    for card in session.cards:
        print(f"  {card.label:<18} {card.number}")
    session.window.resize(1366, 768)
    session.window.show()
    try:
        return exec_app(app)
    finally:
        session.close()
