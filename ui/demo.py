"""`giftpos demo`: a newcomer's first minute, and a till to try a whole day on.

The demo keeps everything in one data directory (by default the user data
directory, ``platformdirs.user_data_dir("giftpos")/demo``; ``--fresh`` starts
over): the till's store, its configuration file (``terminal.toml``, which the
manager's Settings save to and the next start honours), the embedded ledger
(``ledger.db``) with the terminal's and the manager's credentials, and the
demo cards, seeded on first use. A sale left open is recovered after a
restart, as on a real till.

Each start brings up the embedded ledger on a loopback port in a background
thread (when app/ledger is installed), a virtual scanner and a virtual
magstripe reader on real ptys (clickable from the side panel) and, with
``--shell-scanner``, a scanner port that `giftpos devices simulate` drives."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QTimer

from app.config import DeviceConfig, TerminalConfig, load_config, save_config
from app.domain import OpContext
from app.ops.service import CardService
from app.store.database import open_store
from drivers.virtual import VirtualMagstripe, VirtualScanner
from ui.composition import open_window, qt_app
from ui.demo_data import DemoCard, seed_cards
from ui.demo_ledger import EmbeddedLedger, start_ledger
from ui.demo_panel import DemoPanel
from ui.main_window import MainWindow
from ui.money import MoneyFormat
from ui.run_loop import exec_app
from ui.terminal_parts import Terminal
from ui.worker import Worker

log = logging.getLogger(__name__)

CONFIG_NAME = "terminal.toml"
SHELL_SCANNER = "shell-scanner"


def default_demo_dir() -> Path:
    """Where `giftpos demo` keeps its data unless told otherwise."""
    return Path(platformdirs.user_data_dir("giftpos", appauthor=False)) / "demo"


@dataclass
class DemoSession:
    window: MainWindow
    cards: list[DemoCard]
    data_dir: Path
    scanner: VirtualScanner | None
    shell_port: Path
    extras: list[Any] = field(default_factory=list)  # things to close (ledger server)
    magstripe: VirtualMagstripe | None = None
    ledger: EmbeddedLedger | None = None
    config_path: Path | None = None

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
    """The configuration a new demo data directory starts with."""
    cfg = TerminalConfig(terminal_id="demo-till", store_id="demo-shop", locale=locale,
                         currency=currency, theme=theme,
                         db_url=f"sqlite:///{data_dir / 'terminal.db'}",
                         printer_url="dummy://")
    cfg.ledger.sync_interval_s = 5.0
    if scanner_port:
        cfg.devices.append(DeviceConfig(name="scanner", url=scanner_port))
    if magstripe_port:
        cfg.devices.append(DeviceConfig(name="magstripe", kind="magstripe", url=magstripe_port))
    if shell_port:
        cfg.devices.append(DeviceConfig(name=SHELL_SCANNER, url=shell_port))
    return cfg


def _config(folder: Path, *, theme: str | None, currency: str | None, locale: str | None,
            scanner_port: str, magstripe_port: str, shell_port: str) -> TerminalConfig:
    """The saved configuration of ``folder`` (what the manager's Settings
    wrote), or a new one; the shell scanner's port is there only when asked
    for. Theme and locale given on the command line apply to the run only."""
    saved = load_config(folder / CONFIG_NAME)
    if saved is None:
        return demo_config(folder, currency=currency or "USD", locale=locale or "en_US",
                           theme=theme or "light", scanner_port=scanner_port,
                           magstripe_port=magstripe_port, shell_port=shell_port)
    if currency and currency != saved.currency:
        log.warning("this demo's cards are in %s; --currency %s needs --fresh",
                    saved.currency, currency)
    saved.devices = [d for d in saved.devices if d.name != SHELL_SCANNER]
    if shell_port:
        saved.devices.append(DeviceConfig(name=SHELL_SCANNER, url=shell_port))
    return saved


def build_demo(*, data_dir: Path | None = None, theme: str | None = None,
               currency: str | None = None, locale: str | None = None,
               offline: bool = False, virtual_scanner: bool = True,
               shell_scanner: bool = False, panel: bool = True, fresh: bool = False,
               ledger_url: Callable[[str], str] | None = None,
               ledger_timeout_s: float | None = None) -> DemoSession:
    """Everything `giftpos demo` shows, without running the event loop (tests,
    screenshots and the benchmark use it too). ``ledger_url`` maps the
    embedded ledger's URL to the one the terminal uses (tests put a fault
    proxy in between)."""
    qt_app()
    folder = Path(data_dir) if data_dir else default_demo_dir()
    if fresh and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    scanner = VirtualScanner(link=folder / "scanner") if virtual_scanner else None
    swiper = VirtualMagstripe(link=folder / "magstripe") if virtual_scanner else None
    shell_port = folder / SHELL_SCANNER
    cfg = _config(folder, theme=theme, currency=currency, locale=locale,
                  scanner_port=scanner.port if scanner else "",
                  magstripe_port=swiper.port if swiper else "",
                  shell_port=str(shell_port) if shell_scanner else "")
    cfg.db_url = f"sqlite:///{folder / 'terminal.db'}"
    extras: list[Any] = []
    ledger = None if offline else start_ledger(folder, terminal_id=cfg.terminal_id,
                                               store_id=cfg.store_id)
    store = open_store(cfg.db_url)
    if ledger is not None:
        extras.append(ledger)
        cfg.ledger.url = ledger_url(ledger.url) if ledger_url else ledger.url
        cfg.ledger.token = ledger.token
        cfg.ledger.manager_token = ledger.manager_token
        if ledger_timeout_s is not None:
            cfg.ledger.timeout_s = ledger_timeout_s
        issuer = ledger.cards
    else:
        cfg.ledger.url = ""
        issuer = CardService(store, context=OpContext(terminal=cfg.terminal_id,
                                                      store=cfg.store_id))
    config_path = save_config(cfg, folder / CONFIG_NAME)
    # Asked for on the command line: this run only (Settings keep the saved ones).
    if theme:
        cfg.theme = theme
    if locale:
        cfg.locale = locale
    cards = seed_cards(issuer, folder, currency=cfg.currency)

    def side(terminal: Terminal, worker: Worker) -> DemoPanel:
        return DemoPanel(cards, scanner, worker, MoneyFormat(cfg.currency, cfg.locale),
                         terminal=terminal, ledger=ledger,
                         shell_port=str(shell_port) if shell_scanner else "",
                         magstripe=swiper)

    window = open_window(cfg, store=store, side_panel=side if panel else None,
                         config_path=config_path)  # where the manager's Settings save
    return DemoSession(window, cards, folder, scanner, shell_port, extras, swiper,
                       ledger=ledger, config_path=config_path)


def run_demo(*, data_dir: Path | None, theme: str | None, currency: str | None,
             locale: str | None, offline: bool, fresh: bool = False,
             shell_scanner: bool = False) -> int:
    app = qt_app()
    session = build_demo(data_dir=data_dir, theme=theme, currency=currency, locale=locale,
                         offline=offline, fresh=fresh, shell_scanner=shell_scanner)
    print(f"giftpos demo: data in {session.data_dir} (--fresh starts over)")
    print(f"settings: {session.config_path}")
    ledger = session.window.terminal.config.ledger
    print(f"ledger: {ledger.url}" if ledger.url else "ledger: none (offline only)")
    if session.scanner is not None:
        print(f"virtual scanner pty: {session.scanner.port} -> {session.scanner.slave_name}")
    if shell_scanner:
        print(f"drive the second scanner from a shell:\n"
              f"  giftpos devices simulate scanner --link {session.shell_port}")
    for card in session.cards:
        print(f"  {card.label:<18} {card.number}")
    session.window.resize(1366, 768)
    session.window.show()
    # Once the loop runs, the window is up: scripts (and the install test) wait on it.
    QTimer.singleShot(0, lambda: print("ready: the cashier window is open", flush=True))
    try:
        # Ctrl+C in the shell stops the demo without the window's open-sale
        # question: a sale left open is picked up at the next start.
        return exec_app(app, on_interrupt=session.window.close_now)
    finally:
        session.close()
