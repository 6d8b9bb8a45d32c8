"""Request bodies of the ledger API. Amounts are integers in minor units;
unknown fields are refused so a typo is an error, not a silent default."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt


class TillBody(BaseModel):
    """Fields every till operation may carry."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, description="entry id (UUID); the idempotency key "
                           "when no Idempotency-Key header is sent")
    cashier: str | None = Field(default=None, max_length=64)
    sale_id: str | None = Field(default=None, max_length=36)
    business_date: date | None = None
    terminal_time: datetime | None = None


class IssueBody(TillBody):
    count: StrictInt = 1
    prefix: str = "6"
    length: StrictInt = 16
    charset: str = "numeric"
    pattern: str | None = None
    luhn: StrictBool = True
    amount: StrictInt = 0
    currency: str = "USD"
    inactive: StrictBool = False
    expires_on: date | None = None
    with_key: StrictBool = False
    program: str | None = None


class AmountBody(TillBody):
    amount: StrictInt


class ActivateBody(TillBody):
    amount: StrictInt = 0


class RedemptionBody(TillBody):
    amount: StrictInt
    partial: StrictBool = False
    capture: StrictBool = False
    currency: str | None = None


class OptionalAmountBody(TillBody):
    amount: StrictInt | None = None
    reason: str | None = None


class VoidBody(TillBody):
    reason: str | None = None
    in_doubt: StrictBool = Field(default=False, description="the caller lost the answer to "
                                 "this entry: void it if it exists, else make sure it never "
                                 "will")


class AdjustBody(TillBody):
    amount: StrictInt
    reason: str


class TransferBody(TillBody):
    amount: StrictInt | None = None
    deactivate_source: StrictBool = False


class CombineBody(TillBody):
    sources: list[str]
    target: str


class StatusBody(TillBody):
    status: Literal["ACTIVE", "FROZEN", "CANCELLED"]
    reason: str | None = None


class PushBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: list[dict[str, Any]]
