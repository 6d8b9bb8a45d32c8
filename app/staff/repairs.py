"""A manager's repairs of a card: freeze, unfreeze, cancel, adjust, transfer
to a new card, combine, re-activate.

Where the truth is decides where a repair is made: a standalone till (no
ledger configured) repairs its own store through CardService; a till with a
ledger asks the ledger (its /v1/cards/* endpoints, the number in the body),
because repairs are not store-and-forward entries and a local-only change would be undone by the
next sync. The replica catches up on the next pull. Every call is idempotent
by ``entry_id``. Runs on the caller's (worker) thread."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from app.config import LedgerConfig
from app.domain import OpContext, OpResult
from app.errors import SyncError
from app.ids import check_id
from app.ops.service import CardService

if TYPE_CHECKING:
    from app.wire.answers import OpAnswer

log = logging.getLogger(__name__)

_STATUS = {"freeze": "FROZEN", "unfreeze": "ACTIVE", "cancel": "CANCELLED"}


class LedgerCaller(Protocol):
    """What app.sync.client.LedgerClient offers: a card operation, its answer
    parsed (and the ledger's refusals as GiftposErrors)."""

    def op(self, path: str, *, body: dict[str, Any], entry_id: str) -> OpAnswer: ...


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
        from app.sync.gateway import result_from

        assert self.ledger is not None
        payload = {"id": entry_id, **({"cashier": ctx.cashier} if ctx.cashier else {}), **body}
        try:
            return result_from(self.ledger.op(path, body=payload, entry_id=entry_id))
        except SyncError as exc:
            raise SyncError("The ledger cannot be reached, and card repairs are made on the "
                            "ledger. Try again when the terminal is online.",
                            key="ledger_required") from exc

    def change_status(self, *, number: str, action: str, reason: str, entry_id: str,
                      ctx: OpContext) -> OpResult:
        eid = check_id(entry_id)
        if self.ledger is not None and action in _STATUS:
            return self._post("/v1/cards/status",
                              {"number": number, "status": _STATUS[action], "reason": reason},
                              eid, ctx)
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
                 ctx: OpContext) -> OpResult:
        """Move ``amount`` (None: everything) to a new card; the source is
        cancelled when it is emptied."""
        eid = check_id(entry_id)
        whole = amount is None
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
