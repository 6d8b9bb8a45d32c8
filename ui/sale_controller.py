"""What the cashier's actions do, without any widget: the checkout flow on
:class:`app.checkout.service.CheckoutService`.

Every service call goes through :class:`ui.worker.Worker`, one at a time and
in the order the cashier asked (a scan that arrives while a cash payment is
still being recorded waits its turn). Results come back as signals on the GUI
thread; problems go out through ``problem`` to the one message banner.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.checkout.models import SaleView, TenderKind, TenderOutcome
from app.domain import CardView, OpResult
from app.errors import GiftposError
from ui.i18n import tr
from ui.money import MoneyFormat
from ui.printing import is_printer_error, print_receipt
from ui.terminal_parts import Terminal
from ui.wording import Message
from ui.worker import Worker

log = logging.getLogger(__name__)

Job = Callable[[str | None], Any]


@dataclass(frozen=True)
class Offer:
    """A question with a one-key answer (the banner shows it)."""

    message: Message
    action: str
    accept: Callable[[], None]


@dataclass(frozen=True)
class Finished:
    sale: SaleView
    receipt: Any  # app.receipts.model.Receipt
    printed: bool
    print_error: Exception | None = None


class SaleController(QObject):
    """Signals (GUI thread): ``sale_changed(SaleView | None)``,
    ``sale_finished(Finished)``, ``balance_ready(CardView)``,
    ``receipt_ready(Receipt)``, ``problem(exc)``, ``offer(Offer)``,
    ``notice(text, next_step)``; ``started()`` when a call goes out and
    ``idle()`` when nothing is left queued."""

    sale_changed = Signal(object)
    sale_finished = Signal(object)
    balance_ready = Signal(object)
    balance_failed = Signal(str)  # the number that could not be looked up
    receipt_ready = Signal(object)
    refunded = Signal(object)
    cashed_out = Signal(object)  # OpResult of a cash-out
    presets_ready = Signal(str, str, object)  # mode, card number, [amounts]
    problem = Signal(object)
    offer = Signal(object)
    notice = Signal(str, str)
    started = Signal()
    idle = Signal()

    def __init__(self, terminal: Terminal, worker: Worker, money: MoneyFormat,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.terminal = terminal
        self.checkout = terminal.checkout
        self.worker = worker
        self.money = money
        self.sale: SaleView | None = None
        self.cashier: str | None = None
        self.resumed = False  # resume() has looked for a sale left open
        self._queue: deque[tuple[str, Job, Callable[[Any], None]]] = deque()
        self._running = False

    # -- the queue ---------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._running or bool(self._queue)

    def _call(self, label: str, job: Job, on_ok: Callable[[Any], None]) -> None:
        self._queue.append((label, job, on_ok))
        self._pump()

    def _pump(self) -> None:
        if self._running:
            return
        if not self._queue:
            self.idle.emit()
            return
        label, job, on_ok = self._queue.popleft()
        self._running = True
        self.started.emit()
        sale_id = self.sale.id if self.sale is not None and self.sale.is_open else None

        def done(result: Any) -> None:
            self._running = False
            try:
                on_ok(result)
            finally:
                self._pump()

        def failed(exc: BaseException) -> None:
            self._running = False
            if label == "balance":
                self.balance_failed.emit(getattr(exc, "failed_number", ""))
            self.problem.emit(exc)
            self._pump()

        self.worker.submit(lambda: job(sale_id), on_ok=done, on_err=failed, label=label)

    def _open(self, sale_id: str | None) -> str:
        """Worker thread: the open sale's id, opening one on first use."""
        return sale_id or self.checkout.open_sale(cashier=self.cashier).id

    def _set_sale(self, sale: SaleView | None) -> None:
        self.sale = sale if sale is not None and sale.is_open else None
        self.sale_changed.emit(self.sale)

    # -- lines ---------------------------------------------------------------
    def resume(self) -> None:
        """Pick up a sale left open (a crash, a restart)."""
        def done(sales: list[SaleView]) -> None:
            self.resumed = True
            self._set_sale(sales[0] if sales else None)

        self._call("resume", lambda _sid: self.checkout.open_sales(), done)

    def add_item(self, amount: int, description: str | None = None, quantity: int = 1) -> None:
        """A line of ``quantity`` x ``amount`` (the price of one); with no
        description, "Item" in the till's language (it is on the receipt)."""
        text = description or tr("Item")
        self._call("add_item", lambda sid: self.checkout.add_item(
            self._open(sid), description=text, amount=amount * quantity,
            quantity=quantity), self._set_sale)

    def add_product(self, code: str, quantity: int = 1) -> None:
        """A scanned product barcode: its item from the item list."""
        catalog = self.terminal.catalog

        def job(sid: str | None) -> SaleView:
            item = catalog.find(code) if catalog is not None else None
            if item is None:
                raise GiftposError(tr('No item with the barcode {code} is on the item list.')
                                   .format(code=code),
                                   key="item_not_found")
            return self.checkout.add_item(self._open(sid), description=item.description,
                                          amount=item.price * quantity, quantity=quantity)

        self._call("add_product", job, self._set_sale)

    def find_sale(self, code: str, on_ok: Callable[[SaleView | None], None]) -> None:
        """A sale of this till by its receipt's barcode or its number."""
        from app.checkout.returns import find_sale

        self._call("find_sale", lambda _sid: find_sale(self.checkout, code), on_ok)

    def sell_card(self, number: str, amount: int) -> None:
        def job(sid: str | None) -> SaleView:
            self._program_allows(number, amount, "sold")
            return self.checkout.add_card_sale(self._open(sid), number=number, amount=amount)

        self._call("sell_card", job, self._after_card_line)

    def reload_card(self, number: str, amount: int) -> None:
        def job(sid: str | None) -> SaleView:
            self._program_allows(number, amount, "reloaded")
            return self.checkout.add_card_reload(self._open(sid), number=number, amount=amount)

        self._call("reload_card", job, self._after_card_line)

    def _program_allows(self, number: str, amount: int, what: str) -> None:
        """Worker thread: the card's program's minimum and maximum (shop settings)."""
        from app.shop.selling import check_at_till

        check_at_till(self.terminal.cards, self.terminal.gateway, number=number, amount=amount,
                      currency=self.terminal.config.currency, what=what)

    def card_presets(self, mode: str, number: str) -> None:
        """The amounts the card's program offers (shop settings ``presets``),
        for the sell or reload key pressed before an amount was typed:
        ``presets_ready(mode, number, amounts)``."""
        from app.shop.selling import card_terms

        def job(_sid: str | None) -> list[int]:
            terms, _card = card_terms(self.terminal.cards, self.terminal.gateway, number=number)
            return sorted(set(terms.presets))

        self._call("presets", job, lambda amounts: self.presets_ready.emit(mode, number, amounts))

    def _after_card_line(self, sale: SaleView) -> None:
        self._set_sale(sale)
        line = sale.lines[-1] if sale.lines else None
        if line is not None:
            self.notice.emit(f"{line.description}: {self.money.show(line.amount)}",
                             tr("Take payment for it (cash F3, other F4)."))

    def remove_line(self, line_id: str) -> None:
        self._call("remove_line", lambda sid: self.checkout.remove_line(
            self._need(sid), line_id), self._set_sale)

    def remove_tender(self, tender_id: str) -> None:
        self._call("remove_tender", lambda sid: self.checkout.remove_tender(
            self._need(sid), tender_id), self._set_sale)

    @staticmethod
    def _need(sale_id: str | None) -> str:
        if sale_id is None:
            raise GiftposError(tr("There is no sale open."), key="no_open_sale")
        return sale_id

    # -- tenders -------------------------------------------------------------
    def pay_card(self, number: str, amount: int | None = None) -> None:
        """Ask the card for ``amount`` (default: all that is due). When the card
        has less, offer to take what it has instead of declining outright."""
        ask_partial = self.checkout.settings.partial_approval

        def job(sid: str | None) -> tuple[TenderOutcome, CardView | None]:
            outcome = self._pay_parts(self._need(sid), number, amount)
            card = None
            if (outcome.declined is not None and ask_partial
                    and outcome.declined.key in ("gift_amount_exceeded",
                                                 "offline_limit_exceeded")):
                card = self.terminal.gateway.balance(number=number)
            return outcome, card

        self._call("pay_card", job, lambda r: self._after_card_tender(number, *r))

    def _pay_parts(self, sale_id: str, number: str, amount: int | None) -> TenderOutcome:
        """Worker thread: the card's promotional value first or last (the spend
        order: the ledger's on a till with one), each part its own card
        tender: held now, captured at F12, released by F8
        (app/shop/promo_till.py)."""
        from app.shop import promo_till

        return promo_till.pay_card(self.checkout, self.terminal.cards, sale_id=sale_id,
                                   number=number, amount=amount)

    def _after_card_tender(self, number: str, outcome: TenderOutcome,
                           card: CardView | None) -> None:
        self._set_sale(outcome.sale)
        if outcome.declined is None:
            self._maybe_finish()
            return
        take = partial_take(outcome, card)
        if card is not None and take > 0:
            has = self.money.show(take)
            # What the sale will still owe once the card gives ``take``: the
            # sale's due now, not what was asked of this card.
            rest = self.money.show(max(0, outcome.sale.remaining_due - take))
            what = (tr("can give offline") if outcome.declined.key == "offline_limit_exceeded"
                    else tr("has"))
            self.offer.emit(Offer(
                Message(tr('Card {masked} {what} {has} — take it and collect the rest?')
                        .format(masked=card.masked, what=what, has=has),
                        tr('Enter takes {has}; {rest} will still be due. Esc: another payment.')
                        .format(has=has, rest=rest)),
                tr('Take {has}').format(has=has), lambda: self.pay_card(number, take)))
            return
        used = sum(t.amount for t in outcome.sale.tenders
                   if t.counts and t.kind == TenderKind.GIFT_CARD
                   and (t.card or "")[-4:] == number[-4:])
        if used and take <= 0:
            # Scanned again by mistake: it is not "empty", it already paid.
            self.problem.emit(GiftposError(
                tr('Card •••• {number} already pays {show} of this sale; it has nothing more.')
                .format(number=number[-4:],
                        show=self.money.show(used)), key="card_already_on_sale"))
            return
        if card is not None and outcome.declined.key == "gift_amount_exceeded":
            self.problem.emit(GiftposError(tr('Card {masked} is empty ({show}).')
                                           .format(masked=card.masked, show=self.money.show(0)),
                                           key="card_empty"))
            return
        self.problem.emit(outcome.declined)

    def cash_needs_asking(self, amount: int | None) -> bool:
        """Whether ``amount`` of cash is so far above what is due that the
        cashier is asked first (the till's checkout settings)."""
        if amount is None or self.sale is None:
            return False
        rules = self.terminal.config.checkout
        due = self.sale.remaining_due
        over_factor = rules.cash_confirm_factor > 0 and amount > rules.cash_confirm_factor * due
        over_cap = rules.cash_confirm_above > 0 and amount > rules.cash_confirm_above
        return amount > due and (over_factor or over_cap)

    def take_cash(self, amount: int | None = None) -> None:
        """F3: cash handed over (None: exactly what is due), asking first when
        it is far above what is due."""
        if self.sale is not None and amount is not None and self.cash_needs_asking(amount):
            due = self.sale.remaining_due
            given, change = self.money.show(amount), self.money.show(amount - due)
            self.offer.emit(Offer(
                Message(tr('Take {given} in cash for {show} due?')
                        .format(given=given, show=self.money.show(due)),
                        tr('That is {change} change. Enter takes it; Esc: type the amount again.')
                        .format(change=change)),
                tr('Take {given}').format(given=given), lambda: self.pay_cash(amount)))
            return
        self.pay_cash(amount)

    def pay_cash(self, amount: int | None = None) -> None:
        def job(sid: str | None) -> SaleView:
            sale_id = self._need(sid)
            given = amount if amount is not None else self.checkout.get(sale_id).remaining_due
            return self.checkout.pay_cash(sale_id, amount=given)

        self._call("pay_cash", job, self._after_tender)

    def pay_external(self, amount: int | None = None, *, reference: str = "",
                     method: str = "card terminal") -> None:
        def job(sid: str | None) -> SaleView:
            sale_id = self._need(sid)
            taken = amount if amount is not None else self.checkout.get(sale_id).remaining_due
            return self.checkout.pay_external(sale_id, amount=taken,
                                              reference=reference or "manual", method=method)

        self._call("pay_external", job, self._after_tender)

    def _after_tender(self, sale: SaleView) -> None:
        self._set_sale(sale)
        self._maybe_finish()

    def _maybe_finish(self) -> None:
        if self.sale is not None and self.sale.covered:
            self.finish()

    # -- ending a sale -------------------------------------------------------
    def finish(self) -> None:
        def job(sid: str | None) -> Finished:
            sale = self.checkout.complete(self._need(sid))
            receipt = self.checkout.receipt(sale.id)
            try:
                printed = print_receipt(self.terminal, receipt)
            except Exception as exc:
                if not is_printer_error(exc):
                    raise
                return Finished(sale, receipt, False, exc)  # done; it can be reprinted
            return Finished(sale, receipt, printed)

        self._call("finish", job, self._finished)

    def _finished(self, done: Finished) -> None:
        self._set_sale(None)
        self.sale_finished.emit(done)
        self.receipt_ready.emit(done.receipt)
        if done.print_error is not None:
            self.problem.emit(done.print_error)

    def ask_cancel(self) -> None:
        """F8: cancel, asking first when cards hold money for this sale."""
        sale = self.sale
        held = [t for t in sale.tenders if t.counts and t.kind == TenderKind.GIFT_CARD] \
            if sale is not None else []
        if not held:
            self.cancel()
            return
        total = self.money.show(sum(t.amount for t in held))
        cards = ", ".join(t.card or "" for t in held)
        self.offer.emit(Offer(
            Message(tr('Cancel this sale? {total} held on {value} {cards} goes back.')
                    .format(total=total, value='card' if len(held) == 1 else 'cards', cards=cards),
                    tr("Enter cancels the sale and releases every hold; Esc: keep selling.")),
            tr("Cancel sale"), self.cancel))

    def cancel(self) -> None:
        if self.sale is None and not self.busy:
            self.notice.emit(tr("There is no sale to cancel."), "")
            return
        self._call("cancel", lambda sid: self.checkout.cancel(self._need(sid)),
                   self._cancelled)

    def _cancelled(self, sale: SaleView) -> None:
        self._set_sale(None)
        self.notice.emit(tr("Sale cancelled. Every card hold was released."), "")

    # -- around the sale -----------------------------------------------------
    def check_balance(self, number: str) -> None:
        def job(_sid: str | None) -> CardView:
            try:
                return self.terminal.gateway.balance(number=number)
            except GiftposError as exc:
                exc.failed_number = number  # type: ignore[attr-defined]
                raise

        self._call("balance", job, self.balance_ready.emit)

    def cash_out(self, number: str) -> None:
        """Pay a small balance out in cash (the store's cash-out threshold,
        app/shop/cashout.py): the cashier hands the cash from the drawer."""
        from app.shop.cashout import cashout_at_till

        gateway = self.terminal.gateway if self.terminal.sync is not None else None

        def job(_sid: str | None) -> OpResult:
            return cashout_at_till(self.terminal.cards, gateway, number=number)

        def done(result: OpResult) -> None:
            self.cashed_out.emit(result)
            self.notice.emit(tr('Pay out {show} in cash for card {card}.')
                             .format(show=self.money.show(result.amount), card=result.card),
                             tr('Its balance is now {show}.')
                             .format(show=self.money.show(result.new_balance)))
            self.check_balance(number)

        self._call("cashout", job, done)

    def preview(self, sale_id: str | None = None) -> None:
        def job(sid: str | None) -> Any:
            target = sale_id or sid
            if target is None:
                last = self.checkout.last_completed()
                if last is None:
                    raise GiftposError(tr("There is no receipt yet."), key="no_receipt")
                target = last.id
            return self.checkout.receipt(target)

        self._call("preview", job, self.receipt_ready.emit)

    def reprint_last(self) -> None:
        def job(_sid: str | None) -> tuple[Any, bool]:
            last = self.checkout.last_completed()
            if last is None:
                raise GiftposError(tr("There is no sale to reprint yet."), key="no_receipt")
            receipt = self.checkout.receipt(last.id, reprint=True)
            return receipt, print_receipt(self.terminal, receipt, required=True)

        def done(result: tuple[Any, bool]) -> None:
            self.receipt_ready.emit(result[0])
            self.notice.emit(tr("Receipt reprinted.") if result[1]
                             else tr("Receipt shown (no printer)."), "")

        self._call("reprint", job, done)

    def last_sale(self, on_ok: Callable[[SaleView | None], None]) -> None:
        self._call("last_sale", lambda _sid: self.checkout.last_completed(), on_ok)

    def refund(self, sale_id: str, *, line_ids: list[str] | None = None,
               to_new_card: bool = False) -> None:
        self._call("refund", lambda _sid: self.checkout.refund(
            sale_id, line_ids=line_ids, to_new_card=to_new_card),
            self.refunded.emit)


def partial_take(outcome: TenderOutcome, card: CardView | None) -> int:
    """What a card short of the amount can still give: its balance, or what
    the offline limits leave (the decline's ``limit``), whichever is less."""
    if card is None or outcome.declined is None:
        return 0
    take = min(max(card.balance, 0), outcome.requested)
    limit = outcome.declined.params.get("limit")
    if outcome.declined.key == "offline_limit_exceeded" and isinstance(limit, int):
        take = min(take, limit)
    return max(take, 0)
