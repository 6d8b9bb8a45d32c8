"""Scheduled e-gifts go out by themselves: the process that holds the e-gift
outbox (the ledger's `giftpos ledger serve`, or a running terminal over its
own store) runs :meth:`EgiftService.deliver_due` every GIFTPOS_EGIFT_S
seconds (default 60) on a thread of its own, the way app/ops/sweep.py's
Sweeper runs the timed rules. A failed round is logged and tried again; the
outbox's lease keeps two deliverers on one database from sending a message
twice at once."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.clock import utcnow
from app.ops.service import CardService
from app.ops.sweep import Sweeper, interval_from_env
from app.shop.schema import EgiftRow

if TYPE_CHECKING:
    from app.egift.service import EgiftService

log = logging.getLogger(__name__)

EGIFT_ENV = "GIFTPOS_EGIFT_S"


def egift_interval() -> float:
    """Seconds between delivery rounds: $GIFTPOS_EGIFT_S, else 60."""
    return interval_from_env(EGIFT_ENV, key="invalid_egift_interval")


def start_deliverer(cards: CardService, *, interval_s: float | None = None,
                    name: str = "egift-deliverer") -> Sweeper[dict[str, int]]:
    """Deliver what is due now, then every ``interval_s`` seconds (default
    $GIFTPOS_EGIFT_S), until ``stop()``."""
    egifts: list[EgiftService] = []

    def round_() -> dict[str, int]:
        if not due_now(cards):  # the usual round: one query, nothing imported
            return {"due": 0, "sent": 0, "failed": 0}
        if not egifts:  # composing a message needs Pillow, barcodes, QR codes: now
            from app.egift.service import EgiftService

            egifts.append(EgiftService(cards))
        counts = egifts[0].deliver_due()
        if counts["due"]:
            log.info("e-gifts: %d due, %d sent, %d failed (tried again later)",
                     counts["due"], counts["sent"], counts["failed"])
        return counts

    return Sweeper(round_, interval_s=interval_s or egift_interval(), name=name).start()


def due_now(cards: CardService) -> int:
    """How many e-gifts of the outbox are due (not sent, their time come)."""
    with cards.store.read() as s:
        return int(s.scalar(select(func.count(EgiftRow.id)).where(
            EgiftRow.state != "SENT", EgiftRow.next_try_at <= utcnow())) or 0)
