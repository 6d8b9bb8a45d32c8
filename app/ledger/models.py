"""Request bodies of the ledger API. Amounts are integers in minor units;
unknown fields are refused so a typo is an error, not a silent default."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)

# Every text field has a bound (issue 15.6): a million-character card number or
# a 5 MB reason is refused at the door, never stored and sent to every till.
CardNumber = Annotated[str, StringConstraints(min_length=1, max_length=40)]
CardKey = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Reason = Annotated[str, StringConstraints(max_length=500)]
Currency = Annotated[str, StringConstraints(min_length=3, max_length=3)]
Short = Annotated[str, StringConstraints(max_length=64)]
# Amounts fit a signed 64-bit column; 10**40 is a 400, not a driver error.
MAX_AMOUNT = 2**53
Amount = Annotated[StrictInt, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]


class TillBody(BaseModel):
    """Fields every till operation may carry."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, max_length=64, description="entry id (UUID); the "
                           "idempotency key when no Idempotency-Key header is sent")
    cashier: str | None = Field(default=None, max_length=64)
    sale_id: str | None = Field(default=None, max_length=36)
    business_date: date | None = None
    terminal_time: datetime | None = None


class IssueBody(TillBody):
    count: Annotated[StrictInt, Field(le=100_000)] = 1
    prefix: Short | None = Field(default=None, description="default: 6, or none with a pattern")
    length: Annotated[StrictInt, Field(le=64)] = 16
    charset: Short = "numeric"
    pattern: Short | None = Field(default=None, description="'#' random, '+' the Luhn digit")
    luhn: StrictBool | None = Field(default=None, description="default: on, or with a "
                                    "pattern: whether it has a '+'")
    amount: Amount = 0
    currency: Currency = "USD"
    inactive: StrictBool = False
    expires_on: date | None = None
    with_key: StrictBool = False
    program: Short | None = None


class AmountBody(TillBody):
    amount: Amount


class ActivateBody(TillBody):
    amount: Amount = 0


class RedemptionBody(TillBody):
    amount: Amount
    partial: StrictBool = False
    capture: StrictBool = False
    currency: Currency | None = None


class OptionalAmountBody(TillBody):
    amount: Amount | None = None
    reason: Reason | None = None


class VoidBody(TillBody):
    reason: Reason | None = None
    in_doubt: StrictBool = Field(default=False, description="the caller lost the answer to "
                                 "this entry: void it if it exists, else make sure it never "
                                 "will")


class AdjustBody(TillBody):
    amount: Amount
    reason: Reason


class TransferBody(TillBody):
    amount: Amount | None = None
    deactivate_source: StrictBool = False


class CombineBody(TillBody):
    sources: list[CardNumber] = Field(min_length=1, max_length=20)
    target: CardNumber


class StatusBody(TillBody):
    status: Literal["ACTIVE", "FROZEN", "CANCELLED"]
    reason: Reason | None = None


class PushBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: list[dict[str, Any]] = Field(max_length=10_000)


# -- a till's audit trail (issue 15.10) ------------------------------------------
def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("a NUL character is not text")
    return text


def _utc(at: datetime) -> datetime:
    """An aware time that UTC can hold (9999-12-31T23:50-14:00 cannot)."""
    try:
        return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("a time outside what UTC can hold") from exc


NoNul = AfterValidator(_no_nul)
Text3 = Annotated[str, StringConstraints(max_length=3), NoNul]
Text16 = Annotated[str, StringConstraints(max_length=16), NoNul]
Text20 = Annotated[str, StringConstraints(max_length=20), NoNul]
Text32 = Annotated[str, StringConstraints(max_length=32), NoNul]
Text36 = Annotated[str, StringConstraints(max_length=36), NoNul]
Text64 = Annotated[str, StringConstraints(max_length=64), NoNul]
Detail = Annotated[str, StringConstraints(max_length=8000), NoNul]


Link = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Position = Annotated[StrictInt, Field(ge=0, le=2**62)]


class AuditRowBody(BaseModel):
    """One row of a till's audit trail, as the till chained it
    (app/audit_chain.py): its place in the chain, its content and its link."""

    model_config = ConfigDict(extra="forbid")

    position: Annotated[StrictInt, Field(ge=1, le=2**62)]
    id: Annotated[StrictInt, Field(ge=0, le=2**62)]
    at: Annotated[datetime, AfterValidator(_utc)]
    terminal: Text64
    action: Text32
    outcome: Text16
    actor: Text64 | None = None
    approver: Text64 | None = None
    card: Text20 | None = None
    amount: Amount | None = None
    currency: Text3 | None = None
    entry_id: Text36 | None = None
    detail: Detail | None = None
    link: Link


class AuditHeadBody(BaseModel):
    """Where the till's own chain ends: how many rows, and the last link
    ("" for none)."""

    model_config = ConfigDict(extra="forbid")

    position: Position
    link: Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})?$")]


class AuditPushBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    head: AuditHeadBody
    rows: list[AuditRowBody] = Field(default_factory=list, max_length=500)


# -- the same operations with the card number in the body -----------------------
# (card numbers never travel in URL paths, so they never reach an access log)
class CardBody(TillBody):
    number: CardNumber


class ActivateCardBody(ActivateBody):
    number: CardNumber


class LoadCardBody(AmountBody):
    number: CardNumber


class RedeemCardBody(RedemptionBody):
    number: CardNumber


class AdjustCardBody(AdjustBody):
    number: CardNumber


class TransferCardBody(TransferBody):
    number: CardNumber


class StatusCardBody(StatusBody):
    number: CardNumber


class BalanceBody(BaseModel):
    """The number, with the card's key when the caller has it (a key alone
    is refused: issue 15.8)."""

    model_config = ConfigDict(extra="forbid")

    number: CardNumber | None = None
    key: CardKey | None = None


MAX_POSITION = 2**63 - 1


class LookupBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: CardNumber
    limit: int = Field(default=50, ge=1, le=500)
    after: int | None = Field(default=None, ge=0, le=MAX_POSITION)


class PromoGrantBody(TillBody):
    """Promotional value given with a card ("buy $100, get $20")."""

    number: CardNumber
    amount: Amount
    expires_on: date | None = None
    reason: Reason | None = None


class PromoLookupBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: CardNumber


class RangeBody(TillBody):
    """A printed serial range to activate (a manager), ``amount`` on each."""

    first: CardNumber
    last: CardNumber
    amount: Amount = 0
