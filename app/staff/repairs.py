"""A manager's repairs of a card: freeze, unfreeze, cancel, adjust, transfer
to a new card, combine, re-activate; and issuing cards (in bulk, like a
campaign).

Where the truth is decides where a repair is made: a standalone till (no
ledger configured) repairs its own store through CardService; a till with a
ledger asks the ledger (its /v1/cards/* endpoints, the number in the body,
with a manager's token), because repairs are not store-and-forward entries
and a local-only change would be undone by the next sync. The till's store
mirrors the ledger's answer at once (the entry and the card after it); what
else a repair touched (a transfer's new card, a combine's other cards) comes
with the next pull. Every call is idempotent by ``entry_id``. Used by the
manager console and by `giftpos card` alike. Runs on the caller's (worker)
thread."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from app.cardnumbers import CodeConfig
from app.config import LedgerConfig
from app.domain import CardView, OpContext, OpResult
from app.errors import SyncError, ValidationError
from app.ids import check_id
from app.ops.service import CardService

if TYPE_CHECKING:
    from pydantic import BaseModel

    from app.wire.answers import BalanceAnswer, IssueAnswer, IssuedCard, OpAnswer

log = logging.getLogger(__name__)

A = TypeVar("A", bound="BaseModel")

_STATUS = {"freeze": "FROZEN", "unfreeze": "ACTIVE", "cancel": "CANCELLED"}


class LedgerCaller(Protocol):
    """What app.sync.client.LedgerClient offers: a card operation, its answer
    parsed (and the ledger's refusals as GiftposErrors)."""

    def op(self, path: str, *, body: dict[str, Any], entry_id: str) -> OpAnswer: ...

    def issue(self, path: str, *, body: dict[str, Any], entry_id: str) -> IssueAnswer: ...

    def balance(self, *, number: str | None = None, key: str | None = None
                ) -> BalanceAnswer: ...

    def ask(self, model: type[A], method: str, path: str, *,
            body: dict[str, Any] | bytes | None = None, params: dict[str, Any] | None = None,
            key: str | None = None, timeout: float | None = None, read: bool = False) -> A: ...


def ledger_for_repairs(cfg: LedgerConfig, terminal_client: LedgerCaller | None
                       ) -> LedgerCaller | None:
    """The ledger client a manager's repairs go through: one holding the
    configured manager (admin) token, since the ledger refuses repairs from a
    terminal's token; without one, the terminal's own client, whose refusal the
    console shows. None on a standalone till."""
    if not cfg.url:
        return None
    if cfg.manager_token:
        from app.sync.client import LedgerClient

        return LedgerClient(cfg.url, cfg.manager_token, timeout_s=max(cfg.timeout_s, 5.0),
                            verify=cfg.verify_tls, allow_plain_http=cfg.allow_plain_http)
    return terminal_client


class CardRepairs:
    def __init__(self, cards: CardService, *, ledger: LedgerCaller | None = None) -> None:
        self.cards = cards
        self.ledger = ledger

    @property
    def where(self) -> str:
        return "ledger" if self.ledger is not None else "local"

    def _post(self, path: str, body: dict[str, Any], entry_id: str,
              ctx: OpContext) -> OpResult:
        from app.sync import replica
        from app.sync.gateway import result_from

        assert self.ledger is not None
        payload = {"id": entry_id, **({"cashier": ctx.cashier} if ctx.cashier else {}), **body}
        try:
            answer = self.ledger.op(path, body=payload, entry_id=entry_id)
        except SyncError as exc:
            raise SyncError("The ledger cannot be reached, and card repairs are made on the "
                            "ledger. Try again when the terminal is online.",
                            key="ledger_required") from exc

        def mirror(s: Session) -> None:
            replica.record_answer(s, answer, fp=None, limits=self.cards.limits)

        if answer.entry is not None and answer.card_state is not None:
            self.cards.run(mirror)
        return result_from(answer)

    def change_status(self, *, number: str, action: str, reason: str | None, entry_id: str,
                      ctx: OpContext) -> OpResult:
        eid = check_id(entry_id)
        if self.ledger is not None and action == "expire":
            raise ValidationError("On a till with a ledger, cards expire on the ledger "
                                  "(past their expiry date, by its sweep); a card cannot be "
                                  "expired by hand here. Cancel it instead if it must stop.",
                                  key="expire_on_ledger")
        if self.ledger is not None and action in _STATUS:
            body: dict[str, Any] = {"number": number, "status": _STATUS[action]}
            if reason:
                body["reason"] = reason
            return self._post("/v1/cards/status", body, eid, ctx)
        return self.cards.change_status(number=number, action=action, reason=reason,
                                        entry_id=eid, ctx=ctx)

    def adjust(self, *, number: str, amount: int, reason: str, entry_id: str,
               ctx: OpContext) -> OpResult:
        eid = check_id(entry_id)
        if self.ledger is not None:
            return self._post("/v1/cards/adjustments",
                              {"number": number, "amount": amount, "reason": reason}, eid, ctx)
        return self.cards.adjust(number=number, amount=amount, reason=reason, entry_id=eid,
                                 ctx=ctx)

    def transfer(self, *, number: str, amount: int | None, entry_id: str,
                 ctx: OpContext, deactivate_source: bool | None = None) -> OpResult:
        """Move ``amount`` (None: everything) to a new card; the source is
        cancelled when it is emptied (or as ``deactivate_source`` says)."""
        eid = check_id(entry_id)
        whole = amount is None if deactivate_source is None else deactivate_source
        if self.ledger is not None:
            return self._post("/v1/cards/transfer",
                              {"number": number, "amount": amount, "deactivate_source": whole},
                              eid, ctx)
        return self.cards.transfer(number=number, amount=amount, deactivate_source=whole,
                                   entry_id=eid, ctx=ctx)

    def combine(self, *, sources: list[str], target: str, entry_id: str,
                ctx: OpContext) -> OpResult:
        eid = check_id(entry_id)
        if self.ledger is not None:
            return self._post("/v1/cards/combine", {"sources": sources, "target": target},
                              eid, ctx)
        return self.cards.combine(sources=sources, target=target, entry_id=eid, ctx=ctx)

    def reactivate(self, *, number: str, entry_id: str, ctx: OpContext) -> OpResult:
        """An expired card back to life with what expired on it."""
        eid = check_id(entry_id)
        if self.ledger is not None:
            return self._post("/v1/cards/activate", {"number": number, "amount": 0}, eid, ctx)
        return self.cards.activate(number=number, amount=0, entry_id=eid, ctx=ctx)

    def issue(self, *, count: int, amount: int, currency: str, config: CodeConfig,
              inactive: bool, expires_on: date | None, with_key: bool,
              program: str | None, entry_id: str | None,
              ctx: OpContext) -> list[tuple[CardView, str | None]]:
        """New cards: on the ledger when there is one (a single card is then
        mirrored here, as a card sold at the till is; a campaign's cards are
        not this till's until it meets them), else in this till's store."""
        if self.ledger is None:
            return self.cards.issue(count=count, amount=amount, currency=currency,
                                    config=config, inactive=inactive, expires_on=expires_on,
                                    with_key=with_key, program=program, entry_id=entry_id,
                                    ctx=ctx)
        from app.sync import replica

        eid = check_id(entry_id)
        body: dict[str, Any] = {
            "id": eid, "count": count, "amount": amount, "currency": currency,
            "prefix": config.prefix, "length": config.length, "charset": config.charset,
            "pattern": config.pattern, "luhn": config.luhn, "inactive": inactive,
            "expires_on": expires_on.isoformat() if expires_on else None,
            "with_key": with_key, "program": program,
            **({"cashier": ctx.cashier} if ctx.cashier else {})}
        try:
            answer = self.ledger.issue("/v1/cards", body=body, entry_id=eid)
        except SyncError as exc:
            raise SyncError("The ledger cannot be reached, and cards are issued on the "
                            "ledger. Try again when the terminal is online.",
                            key="ledger_required") from exc
        if len(answer.cards) != 1:
            return [(_view(c), c.key) for c in answer.cards]
        card = answer.cards[0]
        seq = answer.seqs.get(card.number)
        opened = seq if seq is not None else self.ledger.balance(number=card.number).seq
        self.cards.run(lambda s: replica.ensure_card(s, card, opening=card.balance,
                                                     opened_seq=opened))
        return [(_view(card), card.key)]


def _view(card: IssuedCard) -> CardView:
    return CardView(number=card.number, status=card.status, currency=card.currency,
                    balance=card.balance, expires_on=card.expires_on, program=card.program,
                    has_key=card.key is not None, flagged=card.flagged)
