"""Who is at the till, and the gate every guarded action goes through.

:class:`StaffSession` holds the signed-in person, locks the till when it has
been idle, and answers :meth:`request`: may the person at the till do this
action now? A manager (or an action anyone may do) goes ahead; a cashier gets
the manager-approval PIN prompt for approvable actions; anything else is
refused. Every answer lands in the audit trail (StaffService does that), and
PIN checks run on the worker (argon2 is slow on purpose).

A till with no staff accounts at all (a one-person shop, a fresh demo) runs
unattended: actions go ahead and are audited as such.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.errors import Forbidden, GiftposError
from app.staff import Approval, StaffService, StaffView
from app.staff.permissions import allowed_alone, approvable, describe
from ui.i18n import tr
from ui.manager.idle import IdleLock
from ui.manager.pin_dialogs import ApprovalDialog, SignInDialog
from ui.manager.style import style_for
from ui.wording import Message, explain
from ui.worker import Worker

log = logging.getLogger(__name__)

Run = Callable[[Approval], object]


class StaffSession(QObject):
    """Signals (GUI thread): ``changed(StaffView | None)``, ``approved(Approval)``,
    ``refused(action, message)``, ``locked()``."""

    changed = Signal(object)
    approved = Signal(object)
    refused = Signal(str, str)
    locked = Signal()

    def __init__(self, window: Any, staff: StaffService, *, idle_ms: int) -> None:
        super().__init__(window)
        self.window = window
        self.staff = staff
        self.worker: Worker = window.worker
        self.person: StaffView | None = None
        self.staff_exist = False
        self.idle = IdleLock(idle_ms, self)
        self.idle.expired.connect(self.lock)
        self.sign_in_dialog: SignInDialog | None = None
        self.approval_dialog: ApprovalDialog | None = None

    # -- showing ---------------------------------------------------------------
    def problem(self, exc: BaseException) -> None:
        self.window.banner.error(explain(exc))

    # -- who is here -----------------------------------------------------------
    def refresh(self, *, lock_if_needed: bool = True) -> None:
        """Ask whether staff accounts exist; lock the till if they do and
        nobody is signed in."""
        def done(exist: bool) -> None:
            self.staff_exist = exist
            if exist and self.person is None and lock_if_needed:
                self.lock()
        self.worker.submit(self.staff.has_staff, on_ok=done, on_err=self.problem,
                           label="staff_exist")

    def lock(self) -> None:
        """Sign out and ask for a PIN before anything else happens."""
        was = self.person
        self.idle.stop()
        if was is not None:
            self.worker.submit(lambda: self.staff.record(action="lock", outcome="ok",
                                                         actor=was.name,
                                                         detail=tr("idle or locked by hand")),
                               on_err=self.problem, label="audit_lock")
        self._set_person(None)
        self.locked.emit()
        self.ask_sign_in(required=True)

    def sign_out(self) -> None:
        if self.person is None:
            return
        self.lock()

    def ask_sign_in(self, *, required: bool) -> None:
        def show(people: list[StaffView]) -> None:
            if not people:
                return
            if self.sign_in_dialog is not None:
                self.sign_in_dialog.raise_()
                return
            dialog = SignInDialog(people, required=required, parent=self.window)
            style_for(dialog, self.window)
            dialog.submitted.connect(lambda n, p: self._check_sign_in(dialog, n, p))
            dialog.finished.connect(lambda _r: self._forget_sign_in(dialog))
            self.sign_in_dialog = dialog
            dialog.open()
        self.worker.submit(self.staff.members, on_ok=show, on_err=self.problem,
                           label="staff_list")

    def _forget_sign_in(self, dialog: SignInDialog) -> None:
        if self.sign_in_dialog is dialog:
            self.sign_in_dialog = None

    def _check_sign_in(self, dialog: SignInDialog, name: str, pin: str) -> None:
        def ok(person: StaffView) -> None:
            dialog.required = False
            dialog.accept()
            self._set_person(person)
            self.window.banner.success(tr('Signed in: {name} ({role}).')
                                       .format(name=person.name,
                                               role=tr(str(person.role).capitalize())),
                                       tr("Ctrl+L locks the till; Ctrl+M opens the console."))

        def failed(exc: BaseException) -> None:
            dialog.refused(explain(exc).text)
            self.problem(exc)
        self.worker.submit(lambda: self.staff.sign_in(name=name, pin=pin), on_ok=ok,
                           on_err=failed, label="sign_in")

    def _set_person(self, person: StaffView | None) -> None:
        self.person = person
        if person is not None:
            self.staff_exist = True
            self.idle.start()
        controller = getattr(self.window, "controller", None)
        if controller is not None:
            controller.cashier = person.name if person is not None else None
        self.changed.emit(person)

    # -- the gate --------------------------------------------------------------
    def guard(self, action: str, run: Callable[[], object], **audit: Any) -> None:
        """For the cashier's screens: ``run()`` once ``action`` is allowed."""
        self.request(action, run=lambda _a: run(), **audit)

    def request(self, action: str, *, run: Run, card: str | None = None,
                amount: int | None = None, currency: str | None = None,
                detail: str | None = None) -> None:
        """Call ``run(approval)`` on the GUI thread once ``action`` is allowed
        (asking a manager's PIN if needed), or show why not."""
        person = self.person
        audit: dict[str, Any] = dict(card=card, amount=amount, currency=currency,
                                     detail=detail)

        def go(approval: Approval) -> None:
            self.approved.emit(approval)
            run(approval)

        def refuse(exc: BaseException) -> None:
            self.refused.emit(action, explain(exc).text)
            self.problem(exc)

        if person is None:
            if self.staff_exist:
                refuse(Forbidden(tr("Nobody is signed in. Sign in first (Ctrl+L)."),
                                 key="signed_out"))
                return
            # Unattended till: no accounts to ask. Audited as such.
            self.worker.submit(lambda: self._unattended(action, audit), on_ok=go,
                               on_err=refuse, label=f"allow_{action}")
            return
        if allowed_alone(person.role, action) or not approvable(action):
            self.worker.submit(lambda: self.staff.authorize(action=action, actor=person,
                                                            **audit),
                               on_ok=go, on_err=refuse, label=f"allow_{action}")
            return
        self._ask_manager(action, person, audit, go, refuse)

    def _unattended(self, action: str, audit: dict[str, Any]) -> Approval:
        if self.staff.has_staff():  # someone added accounts meanwhile
            raise Forbidden(tr("Nobody is signed in. Sign in first (Ctrl+L)."), key="signed_out")
        rec = self.staff.record(action=action, outcome="ok", detail=(audit.get("detail") or "")
                                + " (no staff accounts: unattended till)",
                                **{k: v for k, v in audit.items() if k != "detail"})
        return Approval(action=action, asked_by=None, approved_by="(unattended)",
                        audit_id=rec.id)

    def _ask_manager(self, action: str, person: StaffView, audit: dict[str, Any],
                     go: Run, refuse: Callable[[BaseException], None]) -> None:
        def show(managers: list[StaffView]) -> None:
            managers = [m for m in managers if m.is_manager]
            if not managers:
                refuse(Forbidden(tr("There is no manager account to approve this."),
                                 key="no_manager"))
                return
            dialog = ApprovalDialog(describe(action), person.name, managers, parent=self.window)
            style_for(dialog, self.window)
            self.approval_dialog = dialog

            def check(name: str, pin: str) -> None:
                def ok(approval: Approval) -> None:
                    dialog.accept()
                    go(approval)

                def failed(exc: BaseException) -> None:
                    dialog.refused(explain(exc).text)
                    if isinstance(exc, GiftposError) and exc.key in ("manager_only",):
                        dialog.reject()
                    self.problem(exc)
                self.worker.submit(lambda: self.staff.authorize(
                    action=action, actor=person, manager=name, pin=pin, **audit),
                    on_ok=ok, on_err=failed, label=f"approve_{action}")
            dialog.submitted.connect(check)
            dialog.rejected.connect(lambda: self.window.banner.show_message(
                Message(tr('Not approved: nobody may {describe} without a manager.')
                        .format(describe=describe(action)), "")))
            dialog.open()
        self.worker.submit(self.staff.members, on_ok=show, on_err=refuse,
                           label="managers")

    # -- the trail ---------------------------------------------------------------
    def record(self, **fields: Any) -> None:
        """Add to the audit trail off the GUI thread (a failure is shown)."""
        fields.setdefault("actor", self.person.name if self.person else None)
        self.worker.submit(lambda: self.staff.record(**fields), on_err=self.problem,
                           label="audit")
