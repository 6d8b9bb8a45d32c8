"""The terminal's configuration file (TOML).

One file holds everything a till needs: who it is, where the ledger is, its
offline limits, its devices, its printer, locale and currency, theme. The UI's
settings screen and first-run setup write it; `giftpos terminal --config PATH`
reads it. Secrets (the ledger token) live here only because the terminal must
send them; the file is written with mode 0600.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

from app.errors import ValidationError


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir("giftpos", appauthor=False)) / "terminal.toml"


@dataclass
class LedgerConfig:
    url: str = ""  # empty: offline only (a standalone shop)
    token: str = ""
    # An admin token (`giftpos ledger admin-token`) for the manager console's
    # card repairs and the ledger's reports, which a terminal token may not
    # do; empty: the console repairs only on a standalone till.
    manager_token: str = ""
    timeout_s: float = 2.0
    verify_tls: bool | str = True  # True, False, or a CA bundle path
    sync_interval_s: float = 15.0


@dataclass
class OfflineLimits:
    """Store-and-forward limits, in minor units of the terminal's currency."""

    allow_gift_cards: bool = True
    per_transaction: int = 10_000
    per_card: int = 20_000  # per card, per offline period
    per_terminal: int = 100_000  # total, per offline period


@dataclass
class DeviceConfig:
    name: str = "scanner"
    kind: str = "scanner"  # scanner | magstripe
    url: str = ""  # serial.serial_for_url URL; empty: not configured
    baudrate: int = 9600
    terminator: str = "CR"  # CR, LF, CRLF, TAB, ETX
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class CardFormatConfig:
    prefix: str = "6"
    length: int = 16
    luhn: bool = True


@dataclass
class CheckoutConfig:
    partial_approval: bool = True
    gift_cards_pay_for_gift_cards: bool = False
    # Cash handed over beyond this is confirmed first (a mistyped 1,000,000):
    # more than ``cash_confirm_factor`` times what is due (0: never), or more
    # than ``cash_confirm_above`` minor units (0: no fixed cap).
    cash_confirm_factor: int = 10
    cash_confirm_above: int = 0


@dataclass
class TerminalConfig:
    terminal_id: str = "till-1"
    store_id: str = "store-1"
    db_url: str = ""  # empty: the default store in the user data directory
    locale: str = "en_US"
    currency: str = "USD"
    theme: str = "light"  # light | dark | high-contrast
    font_size: int = 14
    idle_lock_s: int = 300
    printer_url: str = ""  # drivers.printer URL; empty: no printer
    ledger: LedgerConfig = field(default_factory=LedgerConfig)
    offline: OfflineLimits = field(default_factory=OfflineLimits)
    checkout: CheckoutConfig = field(default_factory=CheckoutConfig)
    card_formats: list[CardFormatConfig] = field(default_factory=lambda: [CardFormatConfig()])
    devices: list[DeviceConfig] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TerminalConfig:
        try:
            top = {k: v for k, v in data.items() if k in _simple_fields()}
            cfg = cls(**top)
            cfg.ledger = LedgerConfig(**data.get("ledger", {}))
            cfg.offline = OfflineLimits(**data.get("offline", {}))
            cfg.checkout = CheckoutConfig(**data.get("checkout", {}))
            if "card_formats" in data:
                cfg.card_formats = [CardFormatConfig(**f) for f in data["card_formats"]]
            cfg.devices = [DeviceConfig(**d) for d in data.get("devices", [])]
        except TypeError as exc:
            raise ValidationError(f"The configuration has an unknown setting: {exc}",
                                  key="invalid_config") from exc
        return cfg


def _simple_fields() -> set[str]:
    nested = {"ledger", "offline", "checkout", "card_formats", "devices"}
    return {f.name for f in dataclasses.fields(TerminalConfig)} - nested


def load_config(path: Path | None = None) -> TerminalConfig | None:
    """The configuration at ``path`` (default location if None); None if the
    file does not exist yet (first run)."""
    path = path or default_config_path()
    if not path.exists():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{path} is not valid TOML: {exc}", key="invalid_config") from exc
    return TerminalConfig.from_dict(data)


def save_config(cfg: TerminalConfig, path: Path | None = None) -> Path:
    """Write atomically (temp file, fsync, rename) with mode 0600."""
    path = path or default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        tomli_w.dump(_drop_none(cfg.to_dict()), fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value
