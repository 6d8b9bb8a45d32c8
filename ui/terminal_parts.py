"""The terminal's parts that are not widgets (ui.composition assembles them
with the window).

From a :class:`~app.config.TerminalConfig` it builds the store, the card and
checkout services, the gateway (local, or the ledger-backed one with offline
fallback when app/sync exists and a ledger is configured), the sync engine,
the devices and the printer. Widgets receive what they need from the
:class:`Terminal`; none of them builds a service or opens a port.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.catalog import CatalogService
from app.checkout.models import CheckoutSettings
from app.checkout.service import CheckoutService
from app.config import DeviceConfig, TerminalConfig
from app.domain import OpContext
from app.gateway import CardGateway, LocalGateway
from app.ops.service import CardService
from app.store.database import Store, default_db_url, open_store
from drivers.events import DeviceEvent
from drivers.formats import CardFormat
from drivers.framing import CR, ETX, LF, TAB
from drivers.magstripe import MagstripeReader, magstripe_config
from drivers.scanner import BarcodeScanner, scanner_config
from drivers.serial_device import SerialDevice

if TYPE_CHECKING:  # both import heavy libraries; loaded only when configured
    from app.ops.sweep import Sweeper
    from app.sync.setup import TerminalSync
    from drivers.printer import Printer

log = logging.getLogger(__name__)

_TERMINATORS = {"CR": (CR,), "LF": (LF,), "CRLF": (CR, LF), "TAB": (TAB,), "ETX": (ETX,)}


@dataclass
class Terminal:
    """Everything a running terminal holds. ``ledger`` is a short description
    for the status bar when there is no sync engine."""

    config: TerminalConfig
    store: Store
    cards: CardService
    gateway: CardGateway
    checkout: CheckoutService
    catalog: CatalogService | None = None  # the item list (product barcodes)
    devices: list[SerialDevice] = field(default_factory=list)
    printer: Printer | None = None  # opened on first use, on a worker thread
    sync: TerminalSync | None = None  # ledger client, monitor, online gateway, sync engine
    sweeper: Sweeper[Any] | None = None  # the timed rules on this till's store (start_sync)
    egift_deliverer: Sweeper[Any] | None = None  # scheduled e-gifts sent (start_sync)
    ledger_note: str = "Offline only (no ledger configured)"
    closers: list[Callable[[], None]] = field(default_factory=list)
    closed: bool = False
    _printer_lock: threading.Lock = field(default_factory=threading.Lock)

    def receipt_printer(self) -> Printer | None:
        """The configured printer, opened on first use (worker thread: opening
        one imports python-escpos and may touch a device). None if none is
        configured; PrinterError if it cannot be opened (tried again next time)."""
        if not self.config.printer_url:
            return None
        with self._printer_lock:
            if self.printer is None:
                from drivers.printer import open_printer

                self.printer = open_printer(self.config.printer_url)
            return self.printer

    @property
    def formats(self) -> tuple[CardFormat, ...]:
        return card_formats(self.config)

    def start_devices(self) -> None:
        for device in self.devices:
            device.start()

    def start_sync(self) -> None:
        """Health checks and background sync, and the timed rules (expired
        holds released, cards past their date expired) swept every
        GIFTPOS_SWEEP_S seconds: each on a thread of its own, never the GUI's."""
        if self.sync is not None:
            self.sync.start()
        if self.sweeper is None:
            from app.ops.sweep import Sweeper, sweep, sweep_interval

            cards = self.cards
            self.sweeper = Sweeper(lambda: sweep(cards), interval_s=sweep_interval(),
                                   name="till-sweep").start()
            self.closers.append(self.sweeper.stop)
        if self.egift_deliverer is None:  # this till's e-gift outbox (app/egift/deliverer.py)
            from app.egift.deliverer import start_deliverer

            self.egift_deliverer = start_deliverer(self.cards, name="till-egifts")
            self.closers.append(self.egift_deliverer.stop)

    def close(self) -> None:
        """Stop devices, sync and the store (any thread but the devices').
        Closing twice is harmless."""
        if self.closed:
            return
        self.closed = True
        for device in self.devices:
            try:
                device.close()
            except Exception:  # shutting down: log and carry on closing
                log.exception("closing %s", device.name)
        for closer in reversed(self.closers):
            try:
                closer()
            except Exception:
                log.exception("closing terminal part")
        if self.printer is not None:
            self.printer.close()
        self.store.close()


def card_formats(cfg: TerminalConfig) -> tuple[CardFormat, ...]:
    return tuple(CardFormat(f.prefix, f.length, f.luhn) for f in cfg.card_formats)


def build_device(dev: DeviceConfig, formats: tuple[CardFormat, ...],
                 on_event: Callable[[DeviceEvent], None]) -> SerialDevice:
    terminators = _TERMINATORS.get(dev.terminator.upper(), (CR,))
    if dev.kind == "magstripe":
        return MagstripeReader(dev.name, magstripe_config(dev.url, baudrate=dev.baudrate,
                                                          **dev.options),
                               on_event, formats=formats)
    config = scanner_config(dev.url, baudrate=dev.baudrate, terminators=terminators,
                            **dev.options)
    return BarcodeScanner(dev.name, config, formats, on_event)


def receipt_header(cfg: TerminalConfig) -> tuple[str, ...]:
    """The business's name, address and tax number (Settings), else "giftpos"."""
    biz = cfg.business
    lines = [biz.name.strip()] if biz.name.strip() else []
    lines += [ln.strip() for ln in biz.address if ln.strip()]
    if biz.tax_number.strip():
        lines.append(f"Tax no. {biz.tax_number.strip()}")
    return tuple(lines) or ("giftpos",)


def checkout_settings(cfg: TerminalConfig) -> CheckoutSettings:
    return CheckoutSettings(currency=cfg.currency, locale=cfg.locale,
                            partial_approval=cfg.checkout.partial_approval,
                            gift_cards_pay_for_gift_cards=cfg.checkout.gift_cards_pay_for_gift_cards,
                            terminal=cfg.terminal_id, store=cfg.store_id,
                            receipt_header=receipt_header(cfg),
                            card_terms=tuple(t for t in cfg.business.card_terms if t.strip()))


def build_terminal(cfg: TerminalConfig, *, on_device_event: Callable[[DeviceEvent], None],
                   store: Store | None = None,
                   gateway: CardGateway | None = None) -> Terminal:
    """Wire a terminal. Devices are built but not started (the window starts
    them once its bridge is connected). ``store``/``gateway`` override the
    configured ones (tests, demo)."""
    store = store or open_store(cfg.db_url or default_db_url())
    ctx = OpContext(terminal=cfg.terminal_id, store=cfg.store_id)
    cards = CardService(store, context=ctx, limits=cfg.limits)  # [limits] of terminal.toml
    sync: TerminalSync | None = None
    if gateway is None and cfg.ledger.url:
        # Ask the ledger first, fall back to the local replica within the
        # offline limits; the engine forwards what was done offline.
        from app.sync.setup import build as build_sync

        sync = build_sync(cfg, cards)
        gateway = sync.gateway
    term_gateway: CardGateway = gateway or LocalGateway(cards)
    terminal = Terminal(config=cfg, store=store, cards=cards, gateway=term_gateway,
                        checkout=CheckoutService(store, term_gateway,
                                                 settings=checkout_settings(cfg), cards=cards),
                        catalog=CatalogService(store, currency=cfg.currency, locale=cfg.locale),
                        sync=sync)
    if sync is not None:
        terminal.ledger_note = ""
        terminal.closers.append(sync.stop)
    formats = card_formats(cfg)
    for dev in cfg.devices:
        if dev.url:
            terminal.devices.append(build_device(dev, formats, on_device_event))
    return terminal

