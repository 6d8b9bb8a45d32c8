"""EgiftService: queue an e-gift (durably, in the same transaction as the
card it sends when it sells one), deliver what is due, retry failures with
backoff, resend, and list the delivery state.

Delivery is at least once: a row is claimed (its next try pushed out by a
lease) before it is sent and marked SENT after; a crash in between sends it
again after the lease, under the same Message-ID. Nothing is ever dropped: a
failing row keeps being retried (the wait doubles up to an hour) and shows as
RETRYING with its last error until it goes out."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from app.clock import as_aware, utcnow
from app.designs.service import DesignService
from app.domain import CardStatus, mask
from app.egift import message
from app.errors import NotFound, ValidationError
from app.ops.journal import find_card
from app.ops.service import CardService
from app.shop import law
from app.shop import settings as shop_settings
from app.shop.qr import qr_png
from app.shop.schema import EgiftRow

log = logging.getLogger(__name__)

SCHEDULED, RETRYING, SENT = "SCHEDULED", "RETRYING", "SENT"
LEASE = timedelta(minutes=5)
FIRST_RETRY_S = 30
MAX_RETRY_S = 3600
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")

Sender = Callable[[EmailMessage], None]


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after ``attempts`` failed ones: 30 s, 1 min,
    2 min ... up to an hour, for ever."""
    return timedelta(seconds=min(FIRST_RETRY_S * 2 ** max(attempts - 1, 0), MAX_RETRY_S))


def check_email(address: str) -> str:
    a = (address or "").strip()
    if not _EMAIL.match(a) or len(a) > 254:
        raise ValidationError(key="invalid_email", params={"email": a})
    return a


@dataclass(frozen=True, kw_only=True)
class EgiftView:
    id: str
    card: str  # masked
    recipient: str
    state: str
    send_at: datetime
    attempts: int
    last_error: str | None
    sent_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "card": self.card, "recipient": self.recipient,
                "state": self.state, "send_at": self.send_at.isoformat(),
                "attempts": self.attempts, "last_error": self.last_error,
                "sent_at": self.sent_at.isoformat() if self.sent_at else None}


def view_of(r: EgiftRow) -> EgiftView:
    return EgiftView(id=r.id, card=mask(r.card_number), recipient=r.recipient, state=r.state,
                     send_at=as_aware(r.send_at), attempts=r.attempts, last_error=r.last_error,
                     sent_at=as_aware(r.sent_at) if r.sent_at else None)


def queue_in_session(session: Session, *, number: str, to: str, at: datetime | None,
                     message_text: str | None, sender_name: str | None, now: datetime,
                     egift_id: str | None = None) -> EgiftRow:
    """Add an e-gift to the outbox inside the caller's transaction."""
    card = find_card(session, number)
    if card.status not in (CardStatus.ACTIVE, CardStatus.REDEEMED):
        raise ValidationError(key="card_not_sendable",
                              params={"card": mask(card.number), "status": str(card.status)})
    eid = egift_id or str(uuid.uuid4())
    found = session.get(EgiftRow, eid)
    if found is not None:
        return found  # a replay of the same request
    when = as_aware(at) if at is not None else now
    text = (message_text or "").strip()[:1000] or None
    row = EgiftRow(id=eid, card_number=card.number, recipient=check_email(to),
                   sender_name=(sender_name or "").strip()[:120] or None, message=text,
                   send_at=when, state=SCHEDULED, attempts=0, next_try_at=when,
                   created_at=now)
    session.add(row)
    session.flush()
    return row


class EgiftService:
    def __init__(self, cards: CardService, *, sender: Sender | None = None,
                 clock: Callable[[], datetime] = utcnow, locale: str = "en_US") -> None:
        self.cards = cards
        self.store = cards.store
        self.designs = DesignService(cards.store, cards)
        self._sender = sender
        self.clock = clock
        self.locale = locale

    def sender(self) -> Sender:
        """The given sender, else the server GIFTPOS_SMTP_URL names now (read at
        each send, so a corrected setting takes effect on the next retry)."""
        if self._sender is not None:
            return self._sender
        from app.egift.smtp import SmtpTarget

        return SmtpTarget.from_env().send

    # -- queueing --------------------------------------------------------------
    def send(self, *, number: str, to: str, at: datetime | None = None,
             message_text: str | None = None, sender_name: str | None = None,
             egift_id: str | None = None) -> EgiftView:
        """Queue the card for ``to`` (now, or at ``at``) and try at once if due."""
        now = self.clock()
        with self.store.transaction() as s:
            row = queue_in_session(s, number=number, to=to, at=at, message_text=message_text,
                                   sender_name=sender_name, now=now, egift_id=egift_id)
            eid = row.id
        self.deliver_due(only=eid)
        return self.get(eid)

    def sell(self, *, amount: int, to: str, paid: int | None = None,
             program: str | None = None, currency: str = "USD", at: datetime | None = None,
             message_text: str | None = None, sender_name: str | None = None,
             entry_id: str | None = None) -> tuple[EgiftView, dict[str, Any]]:
        """Sell a new card (through app/ops) and queue it for ``to`` in the same
        transaction: a card sold is never an e-gift forgotten."""
        from app.ids import check_id
        from app.shop import selling

        eid = check_id(entry_id)
        egift_id = str(uuid.uuid5(uuid.UUID(eid), "egift"))
        check_email(to)

        def run(s: Session) -> tuple[str, dict[str, Any]]:
            card, _ = selling.sell(s, amount=amount, paid=paid, program=program,
                                   currency=currency, entry_id=eid, ctx=self.cards.context,
                                   limits=self.cards.limits, clock=self.cards.clock)
            queue_in_session(s, number=card.number, to=to, at=at, message_text=message_text,
                             sender_name=sender_name, now=self.clock(), egift_id=egift_id)
            return egift_id, card.to_dict(full_number=False)

        gid, card = self.cards.run(run)
        self.deliver_due(only=gid)
        return self.get(gid), card

    def resend(self, egift_id: str, *, to: str | None = None) -> EgiftView:
        """The same card and words again (to the same or another address), now."""
        old = self.get_row(egift_id)
        return self.send(number=old.card_number, to=to or old.recipient,
                         message_text=old.message, sender_name=old.sender_name)

    # -- reading ---------------------------------------------------------------
    def get_row(self, egift_id: str) -> EgiftRow:
        with self.store.read() as s:
            row = s.get(EgiftRow, egift_id)
        if row is None:
            raise NotFound("No e-gift with that id (see `giftpos egift list`).",
                           key="egift_not_found", details=egift_id)
        return row

    def get(self, egift_id: str) -> EgiftView:
        return view_of(self.get_row(egift_id))

    def list(self, *, state: str | None = None, limit: int = 100) -> list[EgiftView]:
        with self.store.read() as s:
            stmt = select(EgiftRow).order_by(EgiftRow.created_at.desc()).limit(limit)
            if state:
                stmt = stmt.where(EgiftRow.state == state.upper())
            return [view_of(r) for r in s.scalars(stmt)]

    # -- delivering ------------------------------------------------------------
    def deliver_due(self, *, only: str | None = None) -> dict[str, int]:
        """Send every due message once (or just ``only``). Answers counts."""
        now = self.clock()
        with self.store.read() as s:
            stmt = select(EgiftRow.id).where(EgiftRow.state != SENT,
                                             EgiftRow.next_try_at <= now)
            if only is not None:
                stmt = stmt.where(EgiftRow.id == only)
            due = list(s.scalars(stmt.order_by(EgiftRow.next_try_at)))
        sent = failed = 0
        for eid in due:
            ok = self._deliver_one(eid, now)
            if ok is None:
                continue
            sent += ok
            failed += not ok
        return {"due": len(due), "sent": sent, "failed": failed}

    def _claim(self, eid: str, now: datetime) -> EgiftRow | None:
        with self.store.transaction() as s:
            row = s.get(EgiftRow, eid)
            if row is None or row.state == SENT or as_aware(row.next_try_at) > now:
                return None
            res = s.execute(update(EgiftRow).where(
                EgiftRow.id == eid, EgiftRow.next_try_at == row.next_try_at)
                .values(next_try_at=now + LEASE))
            took = cast(CursorResult[Any], res).rowcount
            return row if took == 1 else None

    def _deliver_one(self, eid: str, now: datetime) -> bool | None:
        row = self._claim(eid, now)
        if row is None:
            return None  # another deliverer has it, or it was sent meanwhile
        try:
            msg = self.compose(row)
            self.sender()(msg)
        except Exception as exc:  # any failure of the server or the network: retry later
            attempts = row.attempts + 1
            log.info("e-gift %s to %s failed (attempt %d): %s", eid, mask(row.card_number),
                        attempts, exc)
            with self.store.transaction() as s:
                s.execute(update(EgiftRow).where(EgiftRow.id == eid).values(
                    state=RETRYING, attempts=attempts, last_error=str(exc)[:500],
                    next_try_at=now + backoff(attempts)))
            return False
        with self.store.transaction() as s:
            s.execute(update(EgiftRow).where(EgiftRow.id == eid).values(
                state=SENT, attempts=row.attempts + 1, sent_at=self.clock(), last_error=None,
                message_id=str(msg["Message-ID"])))
        log.info("e-gift %s sent for card %s", eid, mask(row.card_number))
        return True

    def compose(self, row: EgiftRow) -> EmailMessage:
        card = self.cards.balance(number=row.card_number)
        with self.store.read() as s:
            cfg = shop_settings.load(s)
            store_id = self.cards.context.store
            terms = law.receipt_terms(s, store=store_id, expires_on=card.expires_on,
                                      currency=card.currency)
        png = self.designs.png(number=row.card_number, locale=self.locale)
        url = cfg.balance_page_url
        e = message.Egift(id=row.id, number=card.number, amount=card.balance,
                          currency=card.currency, recipient=row.recipient,
                          sender_name=row.sender_name, message=row.message,
                          shop_name=cfg.shop_name, from_addr=cfg.egift_from, balance_url=url,
                          terms=tuple(terms), locale=self.locale)
        return message.build(e, card_png=png, qr_png=qr_png(url) if url else None)
