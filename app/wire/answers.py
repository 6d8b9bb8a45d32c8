"""The ledger's answers on the wire, as pydantic models shared by both ends:
the ledger's routes declare them (``response_model``, so ``/openapi.json``
describes every answer) and the till's client parses every answer into them
once, at the edge (app/sync/client.py), so the till reads attributes, typed.

The routes that answer a lot (push, pull, every mutation's stored answer)
still send prepared JSON (a ``JSONResponse``); these models document that
JSON and a test holds the two together (tests/security/test_openapi.py).
The entry is one type everywhere: :class:`app.wire.entry.WireEntry`, parsed
by its own hand-written parser (the push's hot path) whether it arrives in a
push or in an answer. Amounts are integers in minor units; card numbers
appear in full only where a till needs them (the entry and card of an
operation's answer, the sync pull, an issue's answer)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

from app.domain import CardStatus, EntryType
from app.errors import GiftposError
from app.wire.entry import WireEntry


class _Answer(BaseModel):
    # Answers may grow a field before the model does: a client reading an
    # answer must not break on it.
    model_config = ConfigDict(extra="allow")


class ErrorAnswer(_Answer):
    code: int = Field(description="the HTTP status again")
    key: str = Field(description="machine-readable reason, the same keys as the CLI")
    message: str = Field(description="what happened and what to do, for a person")
    details: Any = None


def _entry(value: Any) -> WireEntry:
    if isinstance(value, WireEntry):
        return value
    if not isinstance(value, dict):
        raise ValueError("an entry is a JSON object")
    try:
        return WireEntry.parse(value)
    except GiftposError as exc:  # a pydantic error, so the answer is refused as one
        raise ValueError(exc.message) from exc


# A journal entry as the ledger has it (and as a till pushes it): the one
# entry type, checked by WireEntry.parse; its schema is WireEntry's fields.
EntryWire = Annotated[WireEntry, PlainValidator(_entry, json_schema_input_type=WireEntry)]


class CardWire(_Answer):
    number: str
    currency: str
    status: CardStatus
    balance: int
    expires_on: date | None = None
    program: str | None = None
    flagged: bool = False


class OpAnswer(_Answer):
    """What a card operation answers (the same as the CLI's JSON), with the
    entry and the card after it for the till to mirror."""

    id: str
    type: EntryType
    card: str = Field(description="masked: last four digits")
    currency: str
    amount: int
    requested_amount: int
    previous_balance: int
    new_balance: int
    remaining_due: int = 0
    partial: bool = False
    status: str
    card_status: CardStatus
    offline: bool = False
    related: dict[str, Any] = Field(default_factory=dict)
    seq: int | None = None
    entry: EntryWire | None = None
    card_state: CardWire | None = None
    outcome: str | None = Field(default=None, description="in-doubt voids: voided, "
                                "not_applied, or why nothing could be voided")
    original: EntryWire | None = Field(default=None, description="in-doubt voids: the "
                                       "entry voided, for a till that never recorded it")


class NothingVoided(_Answer):
    """An in-doubt void of an entry the ledger does not have (or cannot void):
    its id is tombstoned so the original is refused should it arrive."""

    id: str
    status: str = "NOTHING_TO_VOID"
    outcome: str


class IssuedCard(CardWire):
    masked: str
    key: str | None = Field(default=None, description="in the first answer only")


class IssueAnswer(_Answer):
    cards: list[IssuedCard]
    id: str
    seqs: dict[str, int] = Field(default_factory=dict, description="each card's journal "
                                 "position after its issue (programs' issues)")


class BalanceAnswer(CardWire):
    masked: str
    seq: int = Field(description="the card's latest journal position")


class HistoryEntry(_Answer):
    id: str
    type: str
    card: str
    amount: int
    balance_after: int
    created_at: str
    business_date: str | None = None
    terminal: str
    store: str
    cashier: str | None = None
    sale_id: str | None = None
    offline: bool = False
    posted_at: str | None = None


class CardDetails(IssuedCard):
    history: list[HistoryEntry]
    next: int | None = Field(default=None, description="the cursor for `after`")


class PushAck(_Answer):
    """What a till needs back about an entry it pushed."""

    seq: int
    posted_at: datetime | None = None
    amount: int
    balance_after: int
    status_after: CardStatus
    flagged: bool = False


class PushResult(_Answer):
    id: str
    status: str = Field(description="applied | duplicate | flagged | rejected")
    key: str | None = None
    message: str | None = None
    entry: PushAck | None = None


class PushAnswer(_Answer):
    results: list[PushResult]


class PullAnswer(_Answer):
    entries: list[EntryWire]
    cards: list[CardWire]
    cursor: int
    next_cursor: int
    more: bool


class HealthAnswer(_Answer):
    status: str
    database: str
    time: str
    pid: int


class LiabilityRow(_Answer):
    currency: str
    program: str | None = None
    cards: int
    outstanding: int
    overdrawn: int
    held: int = Field(default=0, description="in open holds: still the customers' money")
    owed: int = Field(default=0, description="outstanding + held")


class LiabilityAnswer(_Answer):
    rows: list[LiabilityRow]


class FlaggedEntry(_Answer):
    id: str
    type: str
    amount: int
    terminal: str
    store: str
    offline: bool
    created_at: str
    reason: str | None = None


class FlaggedCard(_Answer):
    card: str
    status: str
    balance: int
    currency: str
    entries: list[FlaggedEntry]


class RejectedEntry(_Answer):
    id: str | None = Field(default=None, description="the entry (none for a till's audit "
                           "trail that does not extend the ledger's copy: kind 'audit')")
    kind: str
    terminal: str | None = None
    store: str | None = None
    key: str | None = None
    message: str | None = None
    created_at: str


class ExceptionsAnswer(_Answer):
    flagged_cards: list[FlaggedCard]
    rejected: list[RejectedEntry]


class DayRow(_Answer):
    store: str
    terminal: str
    type: str
    currency: str
    count: int
    net: int
    amount: int


class DayAnswer(_Answer):
    date: str
    rows: list[DayRow]


class TerminalSync(_Answer):
    terminal: str
    pushed: int | None = None
    cursor: int | None = None
    last_push_at: str | None = None
    last_pull_at: str | None = None


class SyncReport(_Answer):
    terminals: list[TerminalSync]


class AuditRow(_Answer):
    at: str
    principal: str
    action: str
    subject: str | None = None
    count: int = 0


class AuditAnswer(_Answer):
    records: list[AuditRow]


# -- the tills' audit trails (app/ledger/trail.py) -------------------------------
class AuditHeadAnswer(_Answer):
    epoch: int = Field(description="a manager's new starts of this till's trail so far")
    position: int = Field(description="how many of the till's audit rows the ledger holds")
    link: str = Field(description="the hash-chain link of the newest ('' for none)")


class AuditPushAnswer(AuditHeadAnswer):
    status: str = Field(description="appended | same | behind (the till says it has rows "
                        "it did not send)")
    appended: int


class AuditCopyRow(_Answer):
    position: int
    id: int = Field(description="the row's id on the till")
    at: str
    terminal: str
    action: str
    outcome: str
    actor: str | None = None
    approver: str | None = None
    card: str | None = Field(default=None, description="masked")
    amount: int | None = None
    currency: str | None = None
    entry_id: str | None = None
    detail: str | None = None
    link: str
    received_at: str


class AuditFinding(_Answer):
    id: int
    key: str = Field(description="audit_chain_truncated | audit_chain_rewritten")
    message: str
    created_at: str
    details: dict[str, Any]


class AuditTrailAnswer(AuditHeadAnswer):
    terminal: str
    store: str
    shown_epoch: int
    rows: list[AuditCopyRow] = Field(description="newest first")
    next_before: int | None = None
    exceptions: list[AuditFinding]


class AuditRestartAnswer(AuditHeadAnswer):
    terminal: str
    store: str


# -- customers ----------------------------------------------------------------
class CustomerWire(_Answer):
    id: str
    name: str
    phone: str
    email: str | None = None
    created_at: str | None = None


class ShareWire(_Answer):
    share_id: str
    customer_id: str
    name: str


class SavedCardWire(_Answer):
    id: str
    customer_id: str
    role: str
    preferred: bool
    card: str = Field(description="masked")
    last4: str
    status: str
    balance: int
    currency: str
    expires_on: str | None = None
    program: str | None = None
    owner_id: str | None = None
    owner_name: str | None = None
    shared_with: list[ShareWire] = Field(default_factory=list)
    revoked: bool = False


class GiftWire(_Answer):
    id: str
    mode: str
    status: str
    sender_id: str
    recipient_id: str
    card: str | None = None
    amount: int | None = None
    currency: str | None = None
    sale_id: str | None = None
    source_ref: str | None = None
    message: str | None = None
    saved_card_id: str | None = None


class CustomerAnswer(_Answer):
    customer: CustomerWire


class CustomerWithCards(_Answer):
    customer: CustomerWire
    cards: list[SavedCardWire]


class CustomersAnswer(_Answer):
    customers: list[CustomerWire]


class SavedCardsAnswer(_Answer):
    cards: list[SavedCardWire]


class SavedCardAnswer(_Answer):
    saved_card: SavedCardWire


class PaymentCardAnswer(_Answer):
    saved_card: SavedCardWire
    number: str = Field(description="the full number the till sends to pay")


class ShareAnswer(_Answer):
    share: SavedCardWire = Field(description="the other customer's saved card (a share), "
                                 "as it is after the share or its revocation")


class GiftAnswer(_Answer):
    gift: GiftWire
    new_card_number: str | None = Field(default=None, description="a new e-gift card's "
                                        "number, to print (gifts of a new card only)")


# The refusals every authenticated route may answer, documented once.
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorAnswer, "description": what} for code, what in (
        (400, "invalid request or a decline"), (401, "token missing or not valid"),
        (403, "this token may not do this"), (404, "not found"),
        (409, "conflict (idempotency key, cancelled operation)"),
        (413, "body too large"), (429, "rate limited"))}


class PromoCard(CardWire):
    seq: int = Field(description="the card's latest journal position")


class PromoAnswer(_Answer):
    """A card and the promotional value given with it, for a till to mirror
    and to draw on in ``order``: the companion cards (program ``promo``) still
    usable today, soonest expiring first."""

    card: PromoCard
    companions: list[PromoCard]
    order: str = Field(description="promo_spend_order: promo_first | purchased_first")
    id: str | None = Field(default=None, description="a grant's entry id")


# -- card programs and cover templates (app/ledger/routes/programs.py) -----------
class ProgramWire(_Answer):
    code: str
    title: str
    currency: str
    default_amount: int
    template: str
    expiry_months: int | None = None
    expires_on: date | None = None
    expiry_rule: str
    active: bool = True


class ProgramsAnswer(_Answer):
    programs: list[ProgramWire]


class ProgramAnswer(_Answer):
    program: ProgramWire


class TemplateWire(_Answer):
    """As the Gate API lists cover templates."""

    templateId: str
    templateName: str
    status: str = "ACTIVE"
    source: str


class TemplatesAnswer(_Answer):
    templates: list[TemplateWire]


class GateCreateAnswer(_Answer):
    cardNumber: str
    key: str | None = None
    status: str
    program: str


class RangeAnswer(_Answer):
    id: str
    first: str = Field(description="masked")
    last: str = Field(description="masked")
    count: int
    amount_each: int
    currency: str
