"""The terminal's configuration file (TOML).

One file holds everything a till needs: who it is, where the ledger is, its
offline limits, its devices, its printer, locale and currency, theme. The UI's
settings screen and first-run setup write it; `giftpos terminal --config PATH`
reads it. Secrets (the ledger token) live here only because the terminal must
send them; the file is written with mode 0600.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticError

from app.errors import ValidationError
from app.limits import Limits, limits_from_env


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir("giftpos", appauthor=False)) / "terminal.toml"


class _Section(BaseModel):
    """A part of the file: unknown keys and values of the wrong type are
    refused with the setting's name, also when a screen assigns them."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class LedgerConfig(_Section):
    url: str = ""  # empty: offline only (a standalone shop)
    token: str = ""
    # An admin token (`giftpos ledger admin-token`) for the manager console's
    # card repairs and the ledger's reports, which a terminal token may not
    # do; empty: the console repairs only on a standalone till.
    manager_token: str = ""
    timeout_s: float = 2.0
    verify_tls: bool | str = True  # True, False, or a CA bundle path
    # Plain http:// to a ledger on another machine is refused unless this is
    # set (the token would travel in clear); it is then said in the log.
    allow_plain_http: bool = False
    sync_interval_s: float = 15.0


class OfflineLimits(_Section):
    """Store-and-forward limits, in minor units of the terminal's currency."""

    allow_gift_cards: bool = True
    per_transaction: int = 10_000
    per_card: int = 20_000  # per card, per offline period
    per_terminal: int = 100_000  # total, per offline period


class DeviceConfig(_Section):
    name: str = "scanner"
    kind: str = "scanner"  # scanner | magstripe
    url: str = ""  # serial.serial_for_url URL; empty: not configured
    baudrate: int = 9600
    terminator: str = "CR"  # CR, LF, CRLF, TAB, ETX
    options: dict[str, Any] = Field(default_factory=dict)


class CardFormatConfig(_Section):
    prefix: str = "6"
    length: int = 16
    luhn: bool = True


class CheckoutConfig(_Section):
    partial_approval: bool = True
    gift_cards_pay_for_gift_cards: bool = False
    # Cash handed over beyond this is confirmed first (a mistyped 1,000,000):
    # more than ``cash_confirm_factor`` times what is due (0: never), or more
    # than ``cash_confirm_above`` minor units (0: no fixed cap).
    cash_confirm_factor: int = 10
    cash_confirm_above: int = 0


class BusinessConfig(_Section):
    """Who the receipts are from (Settings): name, address lines, tax number,
    and the gift card's terms printed on every receipt with a gift card."""

    name: str = ""
    address: list[str] = Field(default_factory=list)
    tax_number: str = ""
    card_terms: list[str] = Field(default_factory=list)


class TerminalConfig(_Section):
    terminal_id: str = "till-1"
    store_id: str = "store-1"
    db_url: str = ""  # empty: the default store in the user data directory
    locale: str = "en_US"
    currency: str = "USD"
    theme: str = "light"  # light | dark | high-contrast
    font_size: int = 14
    idle_lock_s: int = 300
    printer_url: str = ""  # drivers.printer URL; empty: no printer
    ledger: LedgerConfig = Field(default_factory=LedgerConfig)
    offline: OfflineLimits = Field(default_factory=OfflineLimits)
    checkout: CheckoutConfig = Field(default_factory=CheckoutConfig)
    business: BusinessConfig = Field(default_factory=BusinessConfig)
    card_formats: list[CardFormatConfig] = Field(default_factory=lambda: [CardFormatConfig()])
    devices: list[DeviceConfig] = Field(default_factory=list)
    # Program limits ([limits]: max_balance_major, max_balance_by_currency,
    # hold_ttl_s...): the Limits model the ledger reads too (app.limits); what
    # the file leaves out comes from GIFTPOS_* in the environment, else defaults.
    limits: Limits = Field(default_factory=limits_from_env)

    def to_dict(self) -> dict[str, Any]:
        out = self.model_dump()
        out["limits"] = self.limits.to_toml()  # TOML has no decimals: strings
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TerminalConfig:
        try:
            if isinstance(data.get("limits"), dict):
                data = {**data, "limits": {**limits_from_env().model_dump(exclude_none=True),
                                           **data["limits"]}}
            return cls.model_validate(data)
        except PydanticError as exc:
            raise ValidationError(_explain(exc), key="invalid_config") from exc


def _explain(exc: PydanticError) -> str:
    """Which setting is wrong and why, in the file's own words (``ledger.timeout_s``)."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top)"
        if err["type"] == "extra_forbidden":
            parts.append(f"{where} is not a setting")
        else:
            parts.append(f"{where}: {err['msg']} (got {err.get('input')!r})")
    return "The configuration has a wrong setting: " + "; ".join(parts) + "."


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
    # A fresh temporary file each time (mkstemp: O_EXCL, mode 0600): a
    # leftover "terminal.tmp" of another mode was reused, and the tokens in it
    # ended up world-readable (issue 15.10).
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            tomli_w.dump(_drop_none(cfg.to_dict()), fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value
