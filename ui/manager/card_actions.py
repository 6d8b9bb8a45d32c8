"""What the card lookup screen does: look cards up off the GUI thread, page
their history, and run each repair as confirm (balance before and after) ->
permission (manager, or a manager's PIN) -> the repair -> the audit trail."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.domain import CardStatus, CardView, OpContext, OpResult
from app.errors import Decline, GiftposError, ValidationError
from app.ids import new_id
from app.ops.service import CardService
from app.staff import Approval
from app.staff.repairs import CardRepairs
from ui.i18n import QT_TR_NOOP, tr
from ui.manager.action_dialog import ActionDialog, Preview
from ui.manager.lookup import PAGE, STATUS_WORDS, LookupScreen
from ui.manager.session import StaffSession
from ui.manager.style import style_for
from ui.money import MoneyFormat
from ui.wording import explain
from ui.worker import Worker

log = logging.getLogger(__name__)

PAST = {"freeze": QT_TR_NOOP("frozen"), "unfreeze": QT_TR_NOOP("unfrozen"),
        "cancel": QT_TR_NOOP("cancelled"), "adjust": QT_TR_NOOP("adjusted"),
        "transfer": QT_TR_NOOP("moved to a new card"), "combine": QT_TR_NOOP("combined"),
        "reactivate": QT_TR_NOOP("re-activated")}


class CardsController(QObject):
    """Signals (GUI thread): ``page_loaded(CardView, count)``,
    ``done(action, OpResult)``, ``failed(action, exc)``."""

    page_loaded = Signal(object, int)
    done = Signal(str, object)
    failed = Signal(str, object)

    def __init__(self, screen: LookupScreen, *, cards: CardService, repairs: CardRepairs,
                 session: StaffSession, worker: Worker, money: MoneyFormat, banner: Any,
                 terminal: str, store: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.screen = screen
        self.cards = cards
        self.repairs = repairs
        self.session = session
        self.worker = worker
        self.money = money
        self.banner = banner
        self.terminal = terminal
        self.store = store
        self.dialog: ActionDialog | None = None
        screen.lookup.connect(self.look_up)
        screen.page_wanted.connect(lambda number, cursor: self._page(number, cursor,
                                                                     first=False))
        screen.action.connect(self.start)

    def problem(self, exc: BaseException) -> None:
        self.banner.error(explain(exc))

    # -- reading -------------------------------------------------------------
    def look_up(self, mode: str, text: str) -> None:
        if mode == "key":
            def by_key() -> tuple[CardView, list[Any], int | None]:
                card = self.cards.balance(key=text)
                return self.cards.history(number=card.number, limit=PAGE)
            self.worker.submit(by_key, on_ok=lambda r: self._shown(r, first=True),
                               on_err=self.problem, label="lookup_key")
            self.session.record(action="lookup", outcome="ok", detail=tr("by key"))
            return
        self._page(text, None, first=True)

    def reload(self) -> None:
        if self.screen.card is not None:
            self._page(self.screen.card.number, None, first=True)

    def _page(self, number: str, cursor: int | None, *, first: bool) -> None:
        self.worker.submit(lambda: self.cards.history(number=number, limit=PAGE, after=cursor),
                           on_ok=lambda r: self._shown(r, first=first), on_err=self.problem,
                           label="history")

    def _shown(self, result: tuple[CardView, list[Any], int | None], *, first: bool) -> None:
        card, entries, cursor = result
        self.screen.show_page(card, entries, cursor, first=first)
        self.page_loaded.emit(card, len(entries))

    # -- repairs -------------------------------------------------------------
    def start(self, action: str) -> None:
        """Open the confirmation for ``action`` on the card on screen."""
        card = self.screen.card
        if card is None:
            self.problem(ValidationError(tr("Look a card up first."), key="no_card"))
            return
        dialog = self._dialog(action, card)
        style_for(dialog, self.screen.window())
        dialog.confirmed.connect(lambda values: self._permit(action, card, values))
        dialog.card_wanted.connect(self._other_card)
        self.dialog = dialog
        dialog.open()

    def take_card(self, number: str) -> bool:
        """A scan while a combine is being set up joins its list."""
        if self.dialog is not None and self.dialog.isVisible() \
                and self.dialog.other_entry is not None:
            self.dialog.take_card(number)
            return True
        return False

    def _other_card(self, number: str) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        self.worker.submit(lambda: self.cards.balance(number=number),
                           on_ok=dialog.add_other,
                           on_err=lambda exc: dialog.problem.setText(explain(exc).text),
                           label="other_card")

    def _dialog(self, action: str, card: CardView) -> ActionDialog:
        m, bal, masked = self.money, card.balance, card.masked
        parent = self.screen.window()

        def same(note: str) -> ActionDialog:
            return ActionDialog(
                {"freeze": tr("Freeze card {masked}"), "unfreeze": tr("Unfreeze card {masked}"),
                 "cancel": tr("Cancel card {masked}")}[action].format(masked=masked),
                note, card, m,
                lambda _v: [Preview(masked, bal, bal, tr(STATUS_WORDS[card.status]) + " → "
                                    + {"freeze": tr("Frozen"), "unfreeze": tr("Active"),
                                       "cancel": tr("Cancelled")}[action])],
                tone="danger" if action == "cancel" else "primary", reason=True,
                confirm={"freeze": tr("Freeze"), "unfreeze": tr("Unfreeze"),
                         "cancel": tr("Cancel card")}[action], parent=parent)

        if action == "freeze":
            return same(tr("A frozen card cannot pay or be reloaded until a manager unfreezes "
                           "it. Its balance stays on it."))
        if action == "unfreeze":
            return same(tr("The card can pay again. If it was frozen for an overspend, adjust "
                           "its balance first."))
        if action == "cancel":
            return same(tr("A cancelled card can never be used again. Move its balance to a "
                           "new card first if the customer keeps it."))
        if action == "adjust":
            def adjust(v: dict[str, object]) -> list[Preview]:
                amount = v.get("amount")
                if not isinstance(amount, int) or amount == 0:
                    raise ValidationError(tr("Type the amount to add (or -amount to take off)."),
                                          key="invalid_amount")
                if not v.get("reason"):
                    raise ValidationError(tr("Say why: the reason stays in the journal."),
                                          key="reason_required")
                if bal + amount < 0:
                    raise Decline(tr("An adjustment cannot take the card below zero."),
                                  key="adjustment_below_zero")
                return [Preview(masked, bal, bal + amount)]
            return ActionDialog(tr('Adjust card {masked}').format(masked=masked),
                                tr("Add value, or take it off with a "
                                "minus sign. The reason is kept in the card's journal."),
                                card, m, adjust, amount=tr("e.g. 5.00 or -5.00"), reason=True,
                                confirm=tr("Adjust"), parent=parent)
        if action == "transfer":
            def transfer(v: dict[str, object]) -> list[Preview]:
                amount = v.get("amount")
                take = bal if amount is None else int(amount)  # type: ignore[call-overload]
                if take <= 0 or take > bal:
                    raise Decline(tr('Move between {show} and {show2}.')
                                  .format(show=m.show(1), show2=m.show(bal)),
                                  key="invalid_amount")
                note = tr("cancelled") if take == bal else ""
                return [Preview(masked, bal, bal - take, note),
                        Preview(tr("New card"), 0, take, tr("printed on the receipt"))]
            return ActionDialog(tr('Move card {masked} to a new card').format(masked=masked),
                                tr("A new card is issued with the amount (all of it when left "
                                "empty); an emptied card is cancelled."), card, m, transfer,
                                amount=tr("all of it ({amount})").format(amount=m.show(bal)),
                                confirm=tr("Move"),
                                parent=parent)
        if action == "combine":
            def combine(v: dict[str, object]) -> list[Preview]:
                others = v.get("others") or []
                assert isinstance(others, list)
                if not others:
                    raise ValidationError(tr("Scan or type the cards to combine into this one."),
                                          key="no_cards")
                total = sum(c.balance for c in others)
                return [Preview(masked, bal, bal + total, tr("keeps the balance")),
                        *(Preview(c.masked, c.balance, 0, "combined") for c in others)]
            return ActionDialog(tr('Combine into card {masked}').format(masked=masked),
                                tr("The balances of the other cards move onto this one; they "
                                "can no longer be used."), card, m, combine, other_cards=True,
                                confirm=tr("Combine"), parent=parent)
        if action == "reactivate":
            back = self.screen.expired_amount

            def reactivate(_v: dict[str, object]) -> list[Preview]:
                if card.status != CardStatus.EXPIRED:
                    raise Decline(tr("Only an expired card can be re-activated."),
                                  key="card_not_expired")
                return [Preview(masked, bal, None if back is None else bal + back,
                                tr("what expired comes back"))]
            return ActionDialog(tr('Re-activate card {masked}').format(masked=masked),
                                tr("Where the program allows it, "
                                "the card comes back with what expired on it."), card, m,
                                reactivate, confirm=tr("Re-activate"), parent=parent)
        raise ValidationError(tr('Unknown action {action}.').format(action=action),
                              key="invalid_action")

    def _permit(self, action: str, card: CardView, values: dict[str, object]) -> None:
        amount = values.get("amount")
        detail = str(values.get("reason") or "") or None
        others = _others(values)
        if others:
            detail = "from " + ", ".join(c.masked for c in others)
        self.session.request(action, card=card.masked,
                             amount=amount if isinstance(amount, int) else None,
                             currency=card.currency, detail=detail,
                             run=lambda appr: self._run(action, card, values, appr))

    def _run(self, action: str, card: CardView, values: dict[str, object],
             approval: Approval) -> None:
        eid = new_id()
        who = approval.asked_by or approval.approved_by
        ctx = OpContext(terminal=self.terminal, store=self.store, cashier=who)
        why = f"{action} by {who}" + (f", approved by {approval.approved_by}"
                                      if approval.approved_by != who else "")
        reason = str(values.get("reason") or why)
        r = self.repairs
        amount = values.get("amount")
        others = _others(values)

        def job() -> OpResult:
            if action in ("freeze", "unfreeze", "cancel"):
                return r.change_status(number=card.number, action=action, reason=reason,
                                       entry_id=eid, ctx=ctx)
            if action == "adjust":
                assert isinstance(amount, int)
                return r.adjust(number=card.number, amount=amount, reason=reason,
                                entry_id=eid, ctx=ctx)
            if action == "transfer":
                return r.transfer(number=card.number,
                                  amount=amount if isinstance(amount, int) else None,
                                  entry_id=eid, ctx=ctx)
            if action == "combine":
                return r.combine(sources=[c.number for c in others],
                                 target=card.number, entry_id=eid, ctx=ctx)
            return r.reactivate(number=card.number, entry_id=eid, ctx=ctx)

        def ok(res: OpResult) -> None:
            self.session.record(action=action, outcome="ok", actor=approval.asked_by,
                                approver=approval.approved_by, card=card.masked,
                                amount=res.amount or None, currency=res.currency,
                                entry_id=res.id,
                                detail=tr('balance {show} → {show2}; {reason}')
                                       .format(show=self.money.show(res.previous_balance),
                                               show2=self.money.show(res.new_balance),
                                               reason=reason))
            text = tr("Card {masked} {what}: {before} → {after}.").format(
                masked=card.masked, what=tr(PAST[action]),
                before=self.money.show(res.previous_balance),
                after=self.money.show(res.new_balance))
            step = ""
            new = res.related.get("new_card") if res.related else None
            if isinstance(new, dict) and new.get("number"):
                step = (f"New card {new['number']} holds {self.money.show(int(new['balance']))}"
                        ": write it down or print its label for the customer.")
            self.banner.success(text, step, timeout_ms=0 if step else 6000)
            self.reload()
            self.done.emit(action, res)

        def bad(exc: BaseException) -> None:
            self.session.record(action=action, outcome="declined" if isinstance(
                exc, GiftposError) else "failed", actor=approval.asked_by,
                approver=approval.approved_by, card=card.masked, entry_id=eid,
                detail=explain(exc).text)
            self.problem(exc)
            self.failed.emit(action, exc)
        self.worker.submit(job, on_ok=ok, on_err=bad, label=f"repair_{action}")


def _others(values: dict[str, object]) -> list[CardView]:
    found = values.get("others")
    return [c for c in found if isinstance(c, CardView)] if isinstance(found, list) else []
