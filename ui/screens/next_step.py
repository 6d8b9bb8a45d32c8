"""The checkout screen's one clear next step: the sentence for where the
sale stands (:func:`next_step`), and the label that shows it in a fixed room
of three lines, so the entry field and the keypad below never move (a touch
screen would mis-tap), with a smaller font rather than a cut-off sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QLabel, QSizePolicy

from app.checkout.models import LineKind, SaleView, TenderKind
from ui.fit_text import fit, theme_px
from ui.i18n import tr

if TYPE_CHECKING:
    from ui.money import MoneyFormat
    from ui.sale_controller import Finished, SaleController


class NextStepLabel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("nextStep")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._px = 0  # the theme's font size, before any shrinking

    def say(self, text: str) -> None:
        self.setText(text)
        self.fit()

    def fix_height(self) -> None:
        """Three lines of the theme's font (after a theme or font change)."""
        self._px = theme_px(self)
        m = self.contentsMargins()
        self.setFixedHeight(3 * self.fontMetrics().lineSpacing() + m.top() + m.bottom() + 2)
        self.fit()

    def fit(self) -> None:
        """A long sentence on a narrow screen gets a smaller font (down to
        two thirds: the German "start a sale or check a card" at 1024 beside
        the demo's panel) instead of being cut off."""
        room = self.contentsRect()
        fit([(self, self._px)], room.width(), room.height(), floor=0.65)


class StepScreen(Protocol):
    """What the next step is read from: the checkout screen's state (a
    protocol, so this module does not import the screen that imports it)."""

    controller: SaleController
    money: MoneyFormat
    mode: str
    pending_quantity: int
    mode_amount: int | None
    mode_card: str
    last_finished: Finished | None


def next_step(screen: StepScreen) -> str:
    """What the cashier does next on ``screen``, in the till's language."""
    sale = screen.controller.sale
    money = screen.money
    if screen.pending_quantity > 1:
        return tr("{quantity} x: scan the item, or type its price and press Enter (Esc: "
                  "stop).").format(quantity=screen.pending_quantity)
    if screen.mode in ("sell", "reload"):
        return _card_mode(screen)
    if screen.mode == "card":
        return tr("Type the gift card number and press Enter (Esc: stop).")
    if sale is None:
        fin = screen.last_finished
        if fin is not None and fin.sale.change:
            return tr("Give {change} change. Next customer: type a price and press "
                      "Enter.").format(change=money.show(fin.sale.change))
        return tr("Type a price and press Enter to start a sale — "
                  "or scan a gift card to check its balance.")
    if not sale.lines:
        return tr("Type a price and press Enter.")
    if sale.remaining_due == 0:
        return tr("Paid in full — press F12 to finish.")
    due = money.show(sale.remaining_due)
    if not cards_can_pay(sale, screen.controller.checkout.settings.gift_cards_pay_for_gift_cards):
        return tr("Take {due} in cash (F3) or another payment (F4): gift cards do not "
                  "pay for gift cards.").format(due=due)
    if sale.paid:
        return tr("{due} still due — scan another card, or cash (F3) / other payment "
                  "(F4).").format(due=due)
    return tr("Take {due}: scan a gift card, or type cash and press F3.").format(due=due)


def _card_mode(screen: StepScreen) -> str:
    if screen.mode_card:
        return tr("Card •••• {tail}: choose an amount, or type it and press Enter (Esc: "
                  "stop).").format(tail=screen.mode_card[-4:])
    if screen.mode_amount is None:
        return (tr("Scan or type the card to sell (Esc: stop).") if screen.mode == "sell"
                else tr("Scan or type the card to reload (Esc: stop)."))
    amount = screen.money.show(screen.mode_amount)
    if screen.mode == "sell":
        return tr("Scan or type the card to sell for {amount} (Esc: stop).").format(
            amount=amount)
    return tr("Scan or type the card to reload for {amount} (Esc: stop).").format(
        amount=amount)


def cards_can_pay(sale: SaleView, gift_cards_pay_for_gift_cards: bool) -> bool:
    """Whether a gift card can pay anything more of ``sale``: not when only
    gift cards (sold or reloaded) are left to pay and the till's rule keeps
    gift cards from paying for gift cards."""
    if gift_cards_pay_for_gift_cards:
        return True
    items = sum(ln.amount for ln in sale.lines if ln.kind == LineKind.ITEM)
    by_cards = sum(t.amount for t in sale.tenders
                   if t.counts and t.kind == TenderKind.GIFT_CARD)
    return items - by_cards > 0
