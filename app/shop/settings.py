"""The store's settings for the shop part, kept in the database (table
``shop_settings``) so the ledger and every till read the same: account codes
for the accounting export, how breakage is recognised, each store's
jurisdiction (expiry law, state for escheat, cash-out threshold), programs'
selling terms and the balance page's address.

Changed with `giftpos shop set PATH VALUE` (e.g. `accounts.liability 2400`,
`stores.store-1.state CA`); every change is validated as a whole document, so
a bad value is refused and nothing changes."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic import ValidationError as PydanticError
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.shop.schema import SettingRow

KEY = "shop"

ExpiryLaw = Literal["us_federal", "never", "none"]
# us_federal: the CARD Act: no expiry before 5 years after issue or the last
#   load; a reload extends it. never: cards never expire (California and
#   others). none: no rule enforced (outside the US).
BreakageMethod = Literal["remote", "proportional"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Accounts(_Model):
    """Chart-of-accounts codes the accounting export writes."""

    cash: str = "1000"  # the drawer: cash taken for cards, paid out at cash-out
    liability: str = "2400"  # gift cards outstanding (deferred revenue)
    breakage_reserve: str = "2410"  # contra-liability: breakage recognised ahead
    revenue: str = "4000"  # sales paid with gift cards
    breakage_income: str = "4900"
    discount: str = "4950"  # cards sold under face value
    marketing: str = "6100"  # promotional value given away
    adjustments: str = "6900"  # manager corrections
    promo_liability: str = "2420"  # promotional value outstanding, apart
    xero_tax_rate: str = "Tax Exempt"  # Xero wants a tax rate on every line


class Breakage(_Model):
    method: BreakageMethod = "remote"
    # For "proportional": the share of value expected never to be redeemed,
    # in basis points (1000 = 10%).
    rate_bp: int = Field(default=0, ge=0, le=9000)


class StoreTerms(_Model):
    state: str = ""  # where cards are sold: for escheat (dormancy report)
    expiry_law: ExpiryLaw = "none"  # a store opts in: us_federal or never
    cashout_threshold: int = Field(default=0, ge=0)  # minor units; 0: no cash-out

    @field_validator("state")
    @classmethod
    def _state(cls, v: str) -> str:
        return v.strip().upper()[:8]


class ProgramTerms(_Model):
    """Selling terms of a card program (min/max when sold or reloaded, the
    amounts offered as buttons) and whether its cards need a security code."""

    min_amount: int = Field(default=0, ge=0)
    max_amount: int = Field(default=0, ge=0)  # 0: no maximum beyond the card limit
    presets: list[int] = Field(default_factory=list)
    require_code: bool = False


class ShopSettings(_Model):
    accounts: Accounts = Field(default_factory=Accounts)
    breakage: Breakage = Field(default_factory=Breakage)
    default_store: StoreTerms = Field(default_factory=StoreTerms)
    stores: dict[str, StoreTerms] = Field(default_factory=dict)
    programs: dict[str, ProgramTerms] = Field(default_factory=dict)
    dormancy_years: int = Field(default=3, ge=1, le=20)
    balance_page_url: str = ""  # printed as a QR code on receipts and cards
    egift_from: str = "giftcards@localhost"
    shop_name: str = "giftpos"
    # Which value a spend takes first: promotional (soonest expiring first)
    # or purchased.
    promo_spend_order: Literal["promo_first", "purchased_first"] = "promo_first"

    def store(self, store_id: str) -> StoreTerms:
        return self.stores.get(store_id, self.default_store)

    def program(self, code: str | None) -> ProgramTerms:
        return self.programs.get(code or "", ProgramTerms())


def load(s: Session) -> ShopSettings:
    row = s.get(SettingRow, KEY)
    if row is None:
        return ShopSettings()
    return ShopSettings.model_validate_json(row.value)


def save(s: Session, settings: ShopSettings, *, now: datetime) -> ShopSettings:
    row = s.get(SettingRow, KEY)
    text = settings.model_dump_json()
    if row is None:
        s.add(SettingRow(key=KEY, value=text, updated_at=now))
    else:
        row.value, row.updated_at = text, now
    s.flush()
    return settings


def with_value(settings: ShopSettings, path: str, raw: str) -> ShopSettings:
    """A copy of ``settings`` with the dotted ``path`` set to ``raw`` (JSON if
    it parses, else the plain text), validated as a whole."""
    parts = [p for p in (path or "").split(".") if p]
    if not parts:
        raise ValidationError("Name a setting, e.g. accounts.liability.", key="invalid_setting")
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    doc = settings.model_dump()
    node: Any = doc
    for p in parts[:-1]:
        if not isinstance(node, dict):
            raise ValidationError(key="invalid_setting", params={"path": path})
        node = node.setdefault(p, {})
    if not isinstance(node, dict):
        raise ValidationError(key="invalid_setting", params={"path": path})
    node[parts[-1]] = value
    try:
        return ShopSettings.model_validate(doc)
    except PydanticError as exc:
        if value != raw:  # "2400" read as a number where a code (text) is wanted
            node[parts[-1]] = raw
            try:
                return ShopSettings.model_validate(doc)
            except PydanticError:
                pass
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ())) or path
        raise ValidationError(f"{where}: {first.get('msg', 'not a valid value')}. "
                              "Nothing was changed.", key="invalid_setting",
                              details=path) from exc
