"""The "Card jobs" tab of the manager console: activate a printed serial
range, replace a lost or damaged card, pay a small balance out in cash. Each
goes through the console's approval flow (a manager signed in passes; a
cashier is asked for a manager's PIN; one audit entry) and runs on the
window's worker (app/shop/manager_ops.py, app/shop/cashout.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain import OpContext, mask
from app.errors import GiftposError
from app.gateway import CardGateway, LocalGateway
from app.shop import cashout, manager_ops
from app.staff.models import Approval
from app.staff.repairs import CardRepairs
from ui.i18n import QT_TR_NOOP, tr
from ui.manager.common import button
from ui.manager.console import ConsoleTab


class CardJobsTab(QWidget):
    def __init__(self, *, cards: Any, staff: Any, session: Any, worker: Any, money: Any,
                 on_problem: Any, repairs: CardRepairs | None = None,
                 gateway: CardGateway | None = None) -> None:
        super().__init__()
        self.setObjectName("cardJobsTab")
        self.cards, self.staff, self.session = cards, staff, session
        # A till with a ledger does these jobs there, where the cards are.
        self.repairs, self.gateway = repairs, gateway
        self.worker, self.money, self.on_problem = worker, money, on_problem
        self.first, self.last, self.amount = QLineEdit(), QLineEdit(), QLineEdit()
        self.lost = QLineEdit()
        self.reason = QComboBox()
        for why in (QT_TR_NOOP("lost"), QT_TR_NOOP("damaged"), QT_TR_NOOP("stolen")):
            self.reason.addItem(tr(why), why)  # shown translated, kept in English
        self.payout = QLineEdit()
        # What the last job did, above the forms: below them it was under the
        # fold at 768 px, and the manager saw nothing happen. Two lines kept
        # for it, so a result appearing never moves the forms.
        self.result = QLabel("")
        self.result.setObjectName("cardJobsResult")
        self.result.setWordWrap(True)
        self._room_for_result()
        for w, name in ((self.first, "rangeFirst"), (self.last, "rangeLast"),
                        (self.amount, "rangeAmount"), (self.lost, "replaceNumber"),
                        (self.payout, "cashoutNumber")):
            w.setObjectName(name)
        self.activate_btn = button(tr("Activate range…"), self.activate_range, name="rangeGo")
        self.replace_btn = button(tr("Replace card…"), self.replace, name="replaceGo")
        self.cashout_btn = button(tr("Pay out in cash…"), self.cash_out, name="cashoutGo")
        # The forms keep their natural height and scroll on a small screen.
        body = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        page = QVBoxLayout(self)
        page.setContentsMargins(24, 8, 24, 0)
        page.addWidget(self.result)
        page.addWidget(scroll)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 4, 0, 12)
        rows: tuple[tuple[str, QWidget], ...]
        for title, rows, go in (
                (tr("Activate a printed range"), ((tr("First number"), self.first),
                                              (tr("Last number"), self.last),
                                              (tr("Amount on each"), self.amount)),
                 self.activate_btn),
                (tr("Replace a lost or damaged card"), ((tr("Card number"), self.lost),
                                                    (tr("Why"), self.reason)), self.replace_btn),
                (tr("Cash-out of a small balance"), ((tr("Card number"), self.payout),),
                 self.cashout_btn)):
            box = QGroupBox(title)
            form = QFormLayout(box)
            for label, field in rows:
                form.addRow(label, field)
            form.addRow("", go)
            outer.addWidget(box)
        outer.addStretch(1)

    def _room_for_result(self) -> None:
        self.result.ensurePolished()
        self.result.setFixedHeight(2 * self.result.fontMetrics().lineSpacing() + 4)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._room_for_result()  # a new font size (Settings)
        super().changeEvent(event)

    def _ctx(self, approval: Approval) -> OpContext:
        base = self.cards.context
        return OpContext(terminal=base.terminal, store=base.store,
                         cashier=approval.asked_by or approval.approved_by)

    def _done(self, text: str) -> None:
        self.result.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self.result.setText(exc.message if isinstance(exc, GiftposError) else str(exc))
        self.on_problem(exc)

    def activate_range(self) -> None:
        first, last = self.first.text().strip(), self.last.text().strip()
        try:
            amount = self.money.parse(self.amount.text()) if self.amount.text().strip() else 0
        except GiftposError as exc:
            self._failed(exc)
            return

        def run(approval: Approval) -> None:
            self.worker.submit(
                lambda: manager_ops.activate_range(
                    self.cards, self.staff, first=first, last=last, amount=amount,
                    manager=None, pin=None, approved=approval,
                    ledger=self.repairs.ledger if self.repairs is not None else None),
                on_ok=lambda r: self._done(tr("Activated {count} cards {first} .. {last}, "
                                              "{show} each.")
                                           .format(count=r.count, first=r.first, last=r.last,
                                                   show=self.money.show(r.amount_each))),
                on_err=self._failed, label="activate range")

        self.session.request("bulk_activate", card=mask(first), amount=amount,
                             detail=tr('range {mask} to {mask2}')
                                    .format(mask=mask(first), mask2=mask(last)), run=run)

    def replace(self) -> None:
        number, why = self.lost.text().strip(), str(self.reason.currentData())

        def run(approval: Approval) -> None:
            self.worker.submit(
                lambda: manager_ops.replace_card(self.cards, self.staff, number=number,
                                                 reason=why, manager=None, pin=None,
                                                 approved=approval, repairs=self.repairs),
                on_ok=lambda out: self._done(
                    tr('{out} cancelled ({why}); {show} moved to the new card {get}.')
                    .format(out=out['old_card'], why=why, show=self.money.show(out['moved']),
                            get=(out['new_card'] or {}).get('number', ''))),
                on_err=self._failed, label="replace card")

        self.session.request("replace_card", card=mask(number), detail=why, run=run)

    def cash_out(self) -> None:
        number = self.payout.text().strip()

        def run(approval: Approval) -> None:
            ctx, gateway = self._ctx(approval), self.gateway

            def pay() -> Any:
                if gateway is None or isinstance(gateway, LocalGateway):
                    return self.cards.run(lambda s: cashout.cashout(
                        s, number=number, ctx=ctx, limits=self.cards.limits,
                        clock=self.cards.clock))
                # With a ledger: the balance read and redeemed there, the cash
                # paid out of this drawer (as the till's F1 key does).
                return cashout.cashout_at_till(self.cards, gateway, number=number)

            self.worker.submit(
                pay,
                on_ok=lambda r: self._done(tr("Pay out {show} in cash for {card}; the card is "
                                              "now empty.")
                                           .format(show=self.money.show(r.amount), card=r.card)),
                on_err=self._failed, label="cash-out")

        self.session.request("cashout", card=mask(number), run=run)


def build(console: Any) -> CardJobsTab:
    """The tab, for the console being built (given by ui/composition.py)."""
    window = console.window_
    return CardJobsTab(cards=window.terminal.cards, staff=console.session.staff,
                       session=console.session, worker=window.worker, money=console.money,
                       on_problem=window.show_problem, repairs=console.cards.repairs,
                       gateway=window.terminal.gateway)


TAB = ConsoleTab("card_jobs", QT_TR_NOOP("Card jobs"), build)
