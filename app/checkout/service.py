"""CheckoutService: a sale at the till, paid by any mix of gift cards, cash
and external payments.

Every method commits before it returns (the sale lives in the terminal's
durable store), so a crash loses at most the step in flight, and that step is
resolvable on restart by its deterministic entry id. Card value moves only
through the :class:`~app.gateway.CardGateway`.

Runs on whatever thread calls it (the window calls it off the GUI thread);
it holds no state between calls beyond the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import rules
from app.checkout import records, returns, settle
from app.checkout.locks import SaleLocks, one_at_a_time
from app.checkout.models import (
    HELD,
    PENDING,
    RECORDED,
    CheckoutSettings,
    DayReport,
    LineKind,
    RefundResult,
    SaleStatus,
    SaleView,
    TenderKind,
    TenderOutcome,
)
from app.checkout.schema import SaleLineRow, SaleRow, TenderRow
from app.clock import Clock, utcnow
from app.domain import CardStatus, CardView, OpContext, mask
from app.errors import Decline, GiftposError, StoreError, ValidationError
from app.gateway import CardGateway
from app.ids import check_id, child_id, new_id
from app.money import format_money, positive_amount
from app.ops.journal import clean_number
from app.ops.service import CardService
from app.receipts.model import Receipt
from app.store.database import Store

log = logging.getLogger(__name__)
T = TypeVar("T")


class CheckoutService:
    def __init__(self, store: Store, gateway: CardGateway, *, settings: CheckoutSettings,
                 clock: Clock = utcnow, cards: CardService | None = None) -> None:
        self.store = store
        self.gateway = gateway
        self.settings = settings
        self.clock = clock
        self.cards = cards
        self.sale_locks = SaleLocks()

    # -- plumbing ----------------------------------------------------------
    def tx(self, fn: Callable[[Session], T]) -> T:
        """One committed step."""
        try:
            with self.store.transaction() as session:
                return fn(session)
        except OperationalError as exc:
            raise StoreError("The local database is busy or unavailable. Try again; if it "
                             "keeps happening, restart the terminal.") from exc

    def ctx(self, sale: SaleRow | SaleView | None = None, *,
            business_date: date | None = None) -> OpContext:
        """Who and when, for the entries this sale makes."""
        return OpContext(terminal=self.settings.terminal, store=self.settings.store,
                         cashier=sale.cashier if sale else None,
                         sale_id=sale.id if sale else None,
                         business_date=business_date or (sale.business_date if sale else None))

    def money(self, minor: int) -> str:
        return format_money(minor, self.settings.currency, self.settings.locale)

    def business_date(self) -> date:
        with self.store.read() as s:
            return records.business_date(s, terminal=self.settings.terminal, now=self.clock())

    # -- building the sale -----------------------------------------------------
    def open_sale(self, *, cashier: str | None = None) -> SaleView:
        def step(s: Session) -> SaleView:
            now = self.clock()
            row = SaleRow(id=new_id(), seq=records.next_seq(s), status=str(SaleStatus.OPEN),
                          currency=self.settings.currency, terminal=self.settings.terminal,
                          store=self.settings.store, cashier=cashier, created_at=now,
                          business_date=records.business_date(
                              s, terminal=self.settings.terminal, now=now))
            s.add(row)
            s.flush()
            log.info("sale %s opened", row.id)
            return records.view(s, row)
        return self.tx(step)

    @one_at_a_time()
    def _add_line(self, sale_id: str, *, kind: LineKind, description: str, amount: int,
                  number: str | None = None, quantity: int = 1) -> SaleView:
        positive_amount(amount)

        def step(s: Session) -> SaleView:
            sale = records.open_row(s, sale_id)
            if number is not None and any(
                    ln.card_number == number and not ln.removed
                    for ln in records.line_rows(s, sale.id)):
                raise ValidationError("This card is already on the sale.",
                                      key="card_already_on_sale", details=mask(number))
            s.add(SaleLineRow(id=new_id(), sale_id=sale.id, kind=str(kind), amount=amount,
                              position=records.next_position(s, SaleLineRow, sale.id),
                              description=description, card_number=number, removed=False,
                              refunded=0, done=False, quantity=quantity))
            s.flush()
            return records.view(s, sale)
        return self.tx(step)

    def add_item(self, sale_id: str, *, description: str, amount: int,
                 quantity: int = 1) -> SaleView:
        """An item line: ``amount`` is the line's total for ``quantity`` of it."""
        desc = " ".join((description or "").split())[:200]
        if not desc:
            raise ValidationError("Describe the item (a word is enough).",
                                  key="description_required")
        if not 1 <= quantity <= 9999:
            raise ValidationError("A quantity is 1 to 9999.", key="invalid_quantity")
        return self._add_line(sale_id, kind=LineKind.ITEM, description=desc, amount=amount,
                              quantity=quantity)

    def _card_for_line(self, number: str) -> tuple[str, CardView]:
        n = clean_number(number)
        card = self.gateway.balance(number=n)
        if card.currency != self.settings.currency:
            raise Decline(key="currency_mismatch", details=card.masked,
                          params={"why": "till", "card_currency": card.currency,
                                  "asked_currency": self.settings.currency})
        return n, card

    def add_card_sale(self, sale_id: str, *, number: str, amount: int | None) -> SaleView:
        """Sell a printed card with ``amount`` on it. It stays INACTIVE until the
        sale completes, so an abandoned sale leaves it unsold. A card issued
        with a value (pre-valued stock) is sold for that value: ``amount`` is
        that value or None, anything else is refused now (rules.sale_amount),
        and completing the sale activates it without adding to it."""
        n, card = self._card_for_line(number)
        if card.status != CardStatus.INACTIVE:
            raise Decline("This card has already been sold. Reload it instead, or take "
                          "another card.", key="card_already_active", details=mask(n))
        price = rules.sale_amount(rules.CardState(number=n, status=card.status,
                                                  balance=card.balance,
                                                  currency=card.currency), amount)
        if self.cards is not None and price > self.cards.limits.cap(card.currency):
            cap = self.cards.limits.cap(card.currency)
            raise Decline(key="balance_limit_exceeded", details=mask(n),
                          params={"cap": cap, "room": cap, "currency": card.currency})
        return self._add_line(sale_id, kind=LineKind.CARD_SALE, amount=price, number=n,
                              description=f"Gift card {mask(n)}")

    def add_card_reload(self, sale_id: str, *, number: str, amount: int) -> SaleView:
        n, card = self._card_for_line(number)
        status = card.status
        if status not in (CardStatus.ACTIVE, CardStatus.REDEEMED):
            raise Decline(key=f"card_{status.lower()}", details=mask(n),
                          params={"why": "reload", "status": str(status)})
        if self.cards is not None:
            room = self.cards.limits.cap(card.currency) - card.balance
            if amount > room:
                raise Decline(key="balance_limit_exceeded", details=mask(n),
                              params={"why": "room", "room": max(room, 0),
                                      "currency": card.currency})
        return self._add_line(sale_id, kind=LineKind.CARD_RELOAD, amount=amount, number=n,
                              description=f"Reload {mask(n)}")

    @one_at_a_time()
    def remove_line(self, sale_id: str, line_id: str) -> SaleView:
        def step(s: Session) -> SaleView:
            sale = records.open_row(s, sale_id)
            lines, tenders = records.line_rows(s, sale.id), records.tender_rows(s, sale.id)
            line = next((ln for ln in lines if ln.id == line_id and not ln.removed), None)
            if line is None:
                raise ValidationError("That line is not on the sale.", key="line_not_found",
                                      details=line_id)
            if line.done:  # its card was already activated or loaded by complete()
                raise ValidationError("This card was already sold in this sale; cancel the "
                                      "sale instead.", key="line_done", details=line_id)
            line.removed = True
            # Only cash may overpay: what cards and external payments already
            # cover must still fit in what is left.
            non_cash = sum(t.amount for t in records.live_tenders(tenders)
                           if t.kind != TenderKind.CASH)
            items = sum(ln.amount for ln in records.live_lines(lines) if ln.kind == LineKind.ITEM)
            cards = sum(t.amount for t in records.live_tenders(tenders)
                        if t.kind == TenderKind.GIFT_CARD)
            if non_cash > records.total_of(lines) or (
                    not self.settings.gift_cards_pay_for_gift_cards and cards > items):
                raise ValidationError("Payments already cover more than would be left. "
                                      "Remove a payment first.", key="remove_tender_first")
            s.flush()
            return records.view(s, sale)
        return self.tx(step)

    # -- tenders -----------------------------------------------------------------
    @one_at_a_time()
    def pay_with_card(self, sale_id: str, *, number: str, amount: int | None = None,
                      partial: bool | None = None,
                      entry_id: str | None = None) -> TenderOutcome:
        """Hold value on a gift card for this sale. With partial approval the
        card gives min(balance, due); without it, a card short of the amount
        is declined (``gift_amount_exceeded``) and nothing moves. A decline is
        in the answer, not raised. The hold is captured by :meth:`complete`."""
        n = clean_number(number)
        partial = self.settings.partial_approval if partial is None else partial
        hold_id = check_id(entry_id) if entry_id is not None else None
        if amount is not None:
            positive_amount(amount)

        def record(s: Session) -> TenderOutcome | tuple[SaleRow, str, str, int]:
            sale = records.open_row(s, sale_id)
            tenders = records.tender_rows(s, sale.id)
            if hold_id is not None:  # a retry of the same request answers the same
                seen = next((t for t in tenders if t.hold_id == hold_id), None)
                if seen is not None:
                    return settle.outcome_of(s, sale, seen)
            lines = records.line_rows(s, sale.id)
            due = records.due_of(lines, tenders)
            if due == 0:
                raise ValidationError("Nothing is left to pay on this sale.", key="nothing_due")
            room = records.gift_card_room(
                lines, tenders, cards_pay_for_cards=self.settings.gift_cards_pay_for_gift_cards)
            ask = room if amount is None else amount
            if room == 0:
                return settle.declined(s, sale, ask, Decline(
                    key="gift_card_for_gift_card",
                    params={"why": "none", "due": due, "currency": sale.currency}))
            if ask > room and room < due:
                return settle.declined(s, sale, ask, Decline(
                    key="gift_card_for_gift_card",
                    params={"why": "part", "room": room, "currency": sale.currency}))
            if ask > room:
                raise ValidationError(key="amount_exceeds_due",
                                      params={"why": "card", "due": due,
                                              "currency": sale.currency})
            tid = new_id()
            hid = hold_id or child_id(tid, "hold")
            # Recorded before the card is asked, so a crash in between leaves a
            # PENDING tender whose hold id recovery can release.
            s.add(TenderRow(id=tid, sale_id=sale.id, kind=str(TenderKind.GIFT_CARD),
                            position=records.next_position(s, TenderRow, sale.id),
                            status=PENDING, amount=0, requested=ask, card_number=n,
                            hold_id=hid, offline=False, removed=False, refunded=0,
                            created_at=self.clock()))
            return sale, tid, hid, ask

        got = self.tx(record)
        if isinstance(got, TenderOutcome):
            return got
        sale, tid, hid, ask = got
        try:
            result = self.gateway.hold(number=n, amount=ask, partial=partial, entry_id=hid,
                                       ctx=self.ctx(sale))
        except GiftposError as err:
            if err.code >= 500:  # unknown whether the hold was made: undo by its id
                settle.resolve_pending(self, tid)
                raise
            declined: GiftposError = err
            return self.tx(lambda s: settle.tender_declined(s, sale.id, tid, ask, declined))
        if result.currency != sale.currency:
            # The gateway does not take a currency: check the answer, give it back.
            settle.resolve_pending(self, tid)
            wrong = Decline(key="currency_mismatch", details=result.card,
                            params={"why": "sale", "card_currency": result.currency,
                                    "asked_currency": sale.currency})
            return self.tx(lambda s: settle.tender_declined(s, sale.id, tid, ask, wrong))
        return self.tx(lambda s: settle.tender_held(s, sale.id, tid, result))

    @one_at_a_time()
    def pay_cash(self, sale_id: str, *, amount: int) -> SaleView:
        """Cash handed over; anything above what is due is change."""
        positive_amount(amount)

        def step(s: Session) -> SaleView:
            sale = records.open_row(s, sale_id)
            if records.due_of(records.line_rows(s, sale.id),
                              records.tender_rows(s, sale.id)) == 0:
                raise ValidationError("Nothing is left to pay on this sale.", key="nothing_due")
            self._record(s, sale, kind=TenderKind.CASH, amount=amount)
            return records.view(s, sale)
        return self.tx(step)

    @one_at_a_time()
    def pay_external(self, sale_id: str, *, amount: int, reference: str,
                     method: str = "card terminal") -> SaleView:
        """A payment taken elsewhere (a card terminal, a voucher): recorded only."""
        positive_amount(amount)
        ref = (reference or "").strip()[:100]
        if not ref:
            raise ValidationError("Enter the approval code or reference of the payment.",
                                  key="reference_required")

        def step(s: Session) -> SaleView:
            sale = records.open_row(s, sale_id)
            due = records.due_of(records.line_rows(s, sale.id), records.tender_rows(s, sale.id))
            if amount > due:
                raise ValidationError(key="amount_exceeds_due",
                                      params={"why": "external", "due": due,
                                              "currency": sale.currency})
            self._record(s, sale, kind=TenderKind.EXTERNAL, amount=amount, reference=ref,
                         method=(method or "external")[:40])
            return records.view(s, sale)
        return self.tx(step)

    def _record(self, s: Session, sale: SaleRow, *, kind: TenderKind, amount: int,
                reference: str | None = None, method: str | None = None) -> None:
        s.add(TenderRow(id=new_id(), sale_id=sale.id, kind=str(kind), status=RECORDED,
                        position=records.next_position(s, TenderRow, sale.id), amount=amount,
                        requested=amount, reference=reference, method=method, offline=False,
                        removed=False, refunded=0, created_at=self.clock()))
        s.flush()

    @one_at_a_time()
    def remove_tender(self, sale_id: str, tender_id: str) -> SaleView:
        """Take a payment off the sale; a card's hold is released."""
        def find(s: Session) -> TenderRow:
            records.open_row(s, sale_id)
            row = s.get(TenderRow, tender_id)
            if row is None or row.sale_id != sale_id or row.removed:
                raise ValidationError("That payment is not on the sale.",
                                      key="tender_not_found", details=tender_id)
            return row
        row = self.tx(find)
        if row.kind == TenderKind.GIFT_CARD and row.status in (HELD, PENDING):
            settle.undo_tender(self, row)
        elif row.kind == TenderKind.GIFT_CARD:
            raise ValidationError("This payment was already captured; cancel the sale instead.",
                                  key="tender_captured")

        def drop(s: Session) -> SaleView:
            t = s.get(TenderRow, tender_id)
            assert t is not None
            t.removed = True
            return records.view(s, records.sale_row(s, sale_id))
        return self.tx(drop)

    # -- ending the sale -----------------------------------------------------------
    @one_at_a_time(ends=True)
    def complete(self, sale_id: str) -> SaleView:
        return settle.complete(self, sale_id)

    @one_at_a_time(ends=True)
    def cancel(self, sale_id: str, *, reason: str = "cancelled") -> SaleView:
        return settle.cancel(self, sale_id, reason=reason)

    @one_at_a_time()
    def resume(self, sale_id: str) -> SaleView:
        """Take up a sale left open (e.g. by a crash): a card tender whose
        answer was never recorded is released (the cashier asks the card
        again); holds already recorded stay and are captured on completion."""
        with self.store.read() as s:
            sale = records.open_row(s, sale_id)
            pending = [t.id for t in records.tender_rows(s, sale.id) if t.status == PENDING]
        for tid in pending:
            settle.resolve_pending(self, tid)
        return self.get(sale_id)

    # -- reading -----------------------------------------------------------------
    def get(self, sale_id: str) -> SaleView:
        with self.store.read() as s:
            return records.view(s, records.sale_row(s, sale_id))

    def open_sales(self) -> list[SaleView]:
        """Sales left OPEN (e.g. by a crash), oldest first: resume or cancel each."""
        with self.store.read() as s:
            rows = s.scalars(select(SaleRow).where(
                SaleRow.status == str(SaleStatus.OPEN),
                SaleRow.terminal == self.settings.terminal).order_by(SaleRow.seq)).all()
            return [records.view(s, r) for r in rows]

    def last_completed(self) -> SaleView | None:
        with self.store.read() as s:
            row = s.scalars(select(SaleRow).where(
                SaleRow.completed_at.is_not(None),
                SaleRow.terminal == self.settings.terminal)
                .order_by(SaleRow.seq.desc())).first()
            return records.view(s, row) if row is not None else None

    # -- after the sale -------------------------------------------------------------
    @one_at_a_time(ends=True)
    def refund(self, sale_id: str, *, line_ids: list[str] | None = None,
               to_new_card: bool = False) -> RefundResult:
        return returns.refund(self, sale_id, line_ids=line_ids, to_new_card=to_new_card)

    def void_last(self) -> SaleView:
        return returns.void_last(self)

    def day_report(self, business_date: date | None = None) -> DayReport:
        from app.checkout import report

        return report.day_report(self, business_date)

    def close_day(self, business_date: date | None = None) -> DayReport:
        from app.checkout import report

        return report.close_day(self, business_date)

    def receipt(self, sale_id: str, *, reprint: bool = False) -> Receipt:
        from app.receipts.build import receipt_of

        sale = self.get(sale_id)
        receipt = receipt_of(sale, settings=self.settings, now=self.clock(), reprint=reprint)
        from app.shop.receipt_terms import with_card_terms  # issue 17: terms and QR

        return with_card_terms(self.store, receipt, sale)

    def refund_receipt(self, result: RefundResult) -> Receipt:
        from app.receipts.build import refund_receipt_of

        return refund_receipt_of(result, settings=self.settings, now=self.clock())

    def reprint_last(self) -> Receipt | None:
        """The last completed sale's receipt, marked as a copy."""
        last = self.last_completed()
        return self.receipt(last.id, reprint=True) if last is not None else None
