"""The "Card jobs" tab of the manager console: activate a printed serial
range, replace a lost or damaged card, pay a small balance out in cash. Each
goes through the console's approval flow (a manager signed in passes; a
cashier is asked for a manager's PIN; one audit entry) and runs on the
window's worker (app/shop/manager_ops.py, app/shop/cashout.py)."""

from __future__ import annotations

from typing import Any

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
from app.shop import cashout, manager_ops
from app.staff.models import Approval
from ui.manager.common import button

TAB = "card_jobs"


class CardJobsTab(QWidget):
    def __init__(self, *, cards: Any, staff: Any, session: Any, worker: Any, money: Any,
                 on_problem: Any) -> None:
        super().__init__()
        self.setObjectName("cardJobsTab")
        self.cards, self.staff, self.session = cards, staff, session
        self.worker, self.money, self.on_problem = worker, money, on_problem
        self.first, self.last, self.amount = QLineEdit(), QLineEdit(), QLineEdit()
        self.lost = QLineEdit()
        self.reason = QComboBox()
        self.reason.addItems(["lost", "damaged", "stolen"])
        self.payout = QLineEdit()
        self.result = QLabel("")
        self.result.setObjectName("cardJobsResult")
        self.result.setWordWrap(True)
        for w, name in ((self.first, "rangeFirst"), (self.last, "rangeLast"),
                        (self.amount, "rangeAmount"), (self.lost, "replaceNumber"),
                        (self.payout, "cashoutNumber")):
            w.setObjectName(name)
        self.activate_btn = button("Activate range…", self.activate_range, name="rangeGo")
        self.replace_btn = button("Replace card…", self.replace, name="replaceGo")
        self.cashout_btn = button("Pay out in cash…", self.cash_out, name="cashoutGo")
        # The forms keep their natural height and scroll on a small screen.
        body = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scroll)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(24, 12, 24, 12)
        rows: tuple[tuple[str, QWidget], ...]
        for title, rows, go in (
                ("Activate a printed range", (("First number", self.first),
                                              ("Last number", self.last),
                                              ("Amount on each", self.amount)),
                 self.activate_btn),
                ("Replace a lost or damaged card", (("Card number", self.lost),
                                                    ("Why", self.reason)), self.replace_btn),
                ("Cash-out of a small balance", (("Card number", self.payout),),
                 self.cashout_btn)):
            box = QGroupBox(title)
            form = QFormLayout(box)
            for label, field in rows:
                form.addRow(label, field)
            form.addRow("", go)
            outer.addWidget(box)
        outer.addWidget(self.result)
        outer.addStretch(1)

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
                lambda: manager_ops.activate_range(self.cards, self.staff, first=first,
                                                   last=last, amount=amount, manager=None,
                                                   pin=None, approved=approval),
                on_ok=lambda r: self._done(f"Activated {r.count} cards {r.first} .. {r.last}, "
                                           f"{self.money.show(r.amount_each)} each."),
                on_err=self._failed, label="activate range")

        self.session.request("bulk_activate", card=mask(first), amount=amount,
                             detail=f"range {mask(first)} to {mask(last)}", run=run)

    def replace(self) -> None:
        number, why = self.lost.text().strip(), self.reason.currentText()

        def run(approval: Approval) -> None:
            self.worker.submit(
                lambda: manager_ops.replace_card(self.cards, self.staff, number=number,
                                                 reason=why, manager=None, pin=None,
                                                 approved=approval),
                on_ok=lambda out: self._done(
                    f"{out['old_card']} cancelled ({why}); {self.money.show(out['moved'])} "
                    f"moved to the new card {(out['new_card'] or {}).get('number', '')}."),
                on_err=self._failed, label="replace card")

        self.session.request("replace_card", card=mask(number), detail=why, run=run)

    def cash_out(self) -> None:
        number = self.payout.text().strip()

        def run(approval: Approval) -> None:
            ctx = self._ctx(approval)
            self.worker.submit(
                lambda: self.cards.run(lambda s: cashout.cashout(
                    s, number=number, ctx=ctx, limits=self.cards.limits,
                    clock=self.cards.clock)),
                on_ok=lambda r: self._done(f"Pay out {self.money.show(r.amount)} in cash for "
                                           f"{r.card}; the card is now empty."),
                on_err=self._failed, label="cash-out")

        self.session.request("cashout", card=mask(number), run=run)


def attach(console: Any) -> CardJobsTab:
    """Add the tab (for managers) to the manager console."""
    window = console.window_
    terminal = window.terminal
    tab = CardJobsTab(cards=terminal.cards, staff=console.session.staff,
                      session=console.session, worker=window.worker, money=console.money,
                      on_problem=window.show_problem)
    console.tabs.addTab(tab, "Card jobs")
    console.card_jobs = tab
    session = getattr(console, "session", None)
    if session is not None and hasattr(console, "signed_in"):
        console.signed_in(session.person)
    return tab
