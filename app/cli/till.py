"""The till a command works on: its card service and the gateway its card
value moves through.

A till configured with a ledger (`giftpos --config terminal.toml ...`, or the
terminal.toml beside --db) goes through the same OnlineGateway as the
window: the ledger decides and the till mirrors its answer; when the ledger
cannot be reached, the offline limits and the outbox (the next `giftpos
sync` pushes it). Without a ledger, the local store decides (LocalGateway),
as it always did.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.cli.context import card_service
from app.config import TerminalConfig, load_config
from app.domain import OpContext
from app.gateway import CardGateway, LocalGateway
from app.ops.service import CardService
from app.reports.identity import TillIdentity, till_identity
from app.store.database import open_store

if TYPE_CHECKING:
    from app.sync.setup import TerminalSync


@dataclass
class Till:
    cards: CardService
    gateway: CardGateway
    identity: TillIdentity
    config: TerminalConfig | None = None
    sync: TerminalSync | None = field(default=None)

    @property
    def online(self) -> bool:
        return self.sync is not None and self.sync.monitor.online

    def close(self) -> None:
        if self.sync is not None:
            self.sync.client.close()
        self.cards.store.close()


def identity_of(args: argparse.Namespace) -> TillIdentity:
    return till_identity(config=getattr(args, "till_config", None),
                         db=getattr(args, "db", None) or os.environ.get("GIFTPOS_DB"))


def open_till(args: argparse.Namespace, *, identity: TillIdentity | None = None,
              cards: CardService | None = None) -> Till:
    """The till of this command (``cards``: the caller's own card service for
    that till's store). With a ledger in its configuration the ledger is asked
    once whether it answers (a health check): online, the ledger decides;
    else the till decides offline within its limits."""
    ident = identity or identity_of(args)
    cfg = load_config(ident.config) if ident.config is not None else None
    if cfg is None or not cfg.ledger.url:
        cards = cards or card_service(args)
        return Till(cards, LocalGateway(cards), ident, cfg)
    from app.sync.setup import build

    cards = cards or CardService(
        open_store(ident.db_url), limits=cfg.limits,
        context=OpContext(terminal=ident.terminal, store=ident.store,
                          cashier=getattr(args, "cashier", None)))
    parts = build(cfg, cards)
    parts.monitor.check_now()
    return Till(cards, parts.gateway, ident, cfg, parts)
